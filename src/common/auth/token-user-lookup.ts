import { AuthUser } from './auth-user';

/** Implemented by the users feature; the guard only needs this one lookup. */
export abstract class TokenUserLookup {
  abstract findAuthUser(id: string): Promise<AuthUser | null>;
}
