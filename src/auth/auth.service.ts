import { Injectable } from '@nestjs/common';
import { AccessTokens, IssuedAccessToken } from '../common/auth/access-tokens';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { UserEntity } from '../users/entities/user.entity';
import { UsersDirectory } from '../users/users.directory';
import { AuthSessionsService, IssuedRefreshToken } from './auth-sessions.service';
import { sessionEnded } from './auth.errors';
import { SessionEndReason } from './entities/auth-session.entity';
import { LoginPayloadModel } from './models/login-payload.model';
import { PasswordChangedModel } from './models/password-changed.model';
import { PasswordHasher } from './password-hasher';
import { AccountActivityRepository } from './account-activity.repository';
import { FieldCode } from '../common/errors/field-codes';

/** What a cookie sign-in or refresh yields: an access token for the app, a refresh token for the cookie. */
export interface BrowserSession extends IssuedAccessToken {
  refresh: IssuedRefreshToken;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersDirectory,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly sessions: AuthSessionsService,
    private readonly tx: TransactionRunner,
    private readonly activity: AccountActivityRepository,
  ) {}

  /** The GraphQL `login`: a bearer token only, no session (API clients, scripts). */
  async login(email: string, password: string): Promise<LoginPayloadModel> {
    const user = await this.checkCredentials(email, password);
    await this.activity.recordSignIn(user.id, new Date());
    return { ...(await this.tokens.issue(user.id)), user };
  }

  /** Cookie sign-in (the web app): a new session, and an access token bound to it. */
  async signIn(email: string, password: string): Promise<BrowserSession> {
    const user = await this.checkCredentials(email, password);
    await this.activity.recordSignIn(user.id, new Date());
    const refresh = await this.sessions.start(user.id);
    return { ...(await this.tokens.issue(user.id, refresh.sessionId)), refresh };
  }

  /** A page load or an expiring access token: rotates the refresh token, issues a fresh access token. */
  async refresh(refreshToken: string | undefined): Promise<BrowserSession> {
    const refresh = await this.sessions.rotate(refreshToken);
    if (!refresh) throw sessionEnded();
    await this.activity.recordSignIn(refresh.userId, new Date());
    return { ...(await this.tokens.issue(refresh.userId, refresh.sessionId)), refresh };
  }

  signOut(refreshToken: string | undefined): Promise<void> {
    return this.sessions.end(refreshToken);
  }

  /**
   * Checks the current password, stores the new one and ends every other session of the person (the
   * one this request came from, if any, stays signed in). A wrong current password is a field error.
   */
  async changePassword(viewer: AuthUser, current: string, next: string): Promise<PasswordChangedModel> {
    const found = await this.users.findWithPasswordHashById(viewer.id);
    if (!found) throw AppError.unauthenticated();
    if (!(await this.hasher.verify(found.passwordHash, current))) {
      throw AppError.badInput(
        'The current password is wrong',
        [
          {
            field: 'currentPassword',
            message: 'currentPassword is not your current password',
            code: FieldCode.INCORRECT,
          },
        ],
        'WRONG_PASSWORD',
      );
    }
    if (current === next) {
      throw AppError.badInput('The new password is the current one', [
        {
          field: 'newPassword',
          message: 'newPassword must differ from the current password',
          code: FieldCode.UNCHANGED,
        },
      ]);
    }
    const passwordHash = await this.hasher.hash(next);
    const ended = await this.tx.run(async (em) => {
      await this.users.updatePasswordHash(viewer.id, passwordHash, em);
      return this.sessions.endAllOfUser(
        em,
        viewer.id,
        viewer.sessionId ?? null,
        SessionEndReason.PASSWORD_CHANGED,
      );
    });
    await this.sessions.announceEnded(ended);
    return { endedSessions: ended.length };
  }

  /** Unknown e-mail and wrong password give the same answer, in about the same time. */
  private async checkCredentials(email: string, password: string): Promise<Omit<UserEntity, 'passwordHash'>> {
    const found = await this.users.findWithPasswordHashByEmail(email);
    const ok = await this.hasher.verify(found?.passwordHash ?? null, password);
    if (!found || !ok) throw AppError.unauthenticated('Wrong e-mail or password');
    const { passwordHash: _hidden, ...user } = found;
    return user;
  }
}
