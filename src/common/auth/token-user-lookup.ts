import { AuthUser } from './auth-user';

/** Implemented by the users feature; the guard only needs this one lookup. */
export abstract class TokenUserLookup {
  abstract findAuthUser(id: string): Promise<AuthUser | null>;

  /**
   * The same answer as findAuthUser when it is at hand without a read (the instance's account
   * cache holds the account): no promise; undefined when it is not.
   */
  peekAuthUser(_id: string): AuthUser | null | undefined {
    return undefined;
  }
}
