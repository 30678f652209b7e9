import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { hashOpaqueToken, newOpaqueToken, OPAQUE_TOKEN_PATTERN } from '../common/auth/opaque-token';
import { TransactionRunner } from '../common/database/transaction';
import { Env } from '../config/env.schema';
import { AuthSessionsRepository } from './auth-sessions.repository';
import { SessionEndReason } from './entities/auth-session.entity';
import { LiveSessions } from './live-sessions';

const DAY_MS = 24 * 60 * 60 * 1000;
/** An ended session (with its token hashes) is kept this long for investigating a theft, then deleted. */
export const ENDED_SESSION_RETENTION_DAYS = 30;

/** A refresh token handed to the browser (in the cookie), with when it stops working. */
export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/**
 * Browser sessions: refresh token families. A refresh token works once: using it rotates it to a
 * successor. A token that was already rotated and comes back means two parties hold the family (the
 * browser and a thief, in some order): the whole session ends (OAuth 2.0 Security BCP, RFC 9700
 * §4.14.2). Strict on purpose, with no grace period: the web app serialises its refreshes.
 */
@Injectable()
export class AuthSessionsService {
  private readonly logger = new Logger(AuthSessionsService.name);

  constructor(
    private readonly repo: AuthSessionsRepository,
    private readonly live: LiveSessions,
    private readonly tx: TransactionRunner,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** Starts a session for a user who just proved who they are. */
  start(userId: string): Promise<IssuedRefreshToken> {
    const now = new Date();
    const sessionEnds = new Date(
      now.getTime() + this.config.get('SESSION_MAX_DAYS', { infer: true }) * DAY_MS,
    );
    return this.tx.run(async (em) => {
      const sessionId = await this.repo.insertSession(em, { userId, createdAt: now, expiresAt: sessionEnds });
      return this.issueToken(em, { sessionId, userId, sessionEnds, now });
    });
  }

  /**
   * Exchanges a live refresh token for its successor; null for anything else (missing, unknown,
   * expired, of an ended session, or already rotated: then the session ends here too).
   */
  async rotate(token: string | undefined): Promise<IssuedRefreshToken | null> {
    if (!token || !OPAQUE_TOKEN_PATTERN.test(token)) return null;
    const tokenHash = hashOpaqueToken(token);
    const now = new Date();
    const outcome = await this.tx.run(async (em) => {
      const found = await this.repo.findTokenForUpdate(em, tokenHash);
      if (!found || found.revokedAt) return null;
      if (found.rotatedAt) {
        await this.repo.revoke(em, found.sessionId, SessionEndReason.TOKEN_REUSED, now);
        return { reused: found.sessionId };
      }
      if (found.tokenExpiresAt <= now || found.sessionExpiresAt <= now) return null;
      await this.repo.markRotated(em, tokenHash, now);
      return this.issueToken(em, {
        sessionId: found.sessionId,
        userId: found.userId,
        sessionEnds: found.sessionExpiresAt,
        now,
      });
    });
    if (outcome && 'reused' in outcome) {
      this.logger.warn('a rotated refresh token was presented again: its session is revoked');
      await this.live.ended([outcome.reused]);
      return null;
    }
    return outcome;
  }

  /** Sign-out: ends the session of this refresh token (rotated or not); nothing for an unknown one. */
  async end(token: string | undefined): Promise<void> {
    if (!token || !OPAQUE_TOKEN_PATTERN.test(token)) return;
    const ended = await this.tx.run(async (em) => {
      const found = await this.repo.findTokenForUpdate(em, hashOpaqueToken(token));
      if (!found) return null;
      await this.repo.revoke(em, found.sessionId, SessionEndReason.SIGNED_OUT, new Date());
      return found.sessionId;
    });
    if (ended) await this.live.ended([ended]);
  }

  /**
   * Ends every session of the user except `keep`, in the caller's transaction; returns their ids,
   * which the caller passes to `announceEnded` once the transaction committed.
   */
  endAllOfUser(
    em: EntityManager,
    userId: string,
    keep: string | null,
    reason: SessionEndReason,
  ): Promise<string[]> {
    return this.repo.revokeAllOfUser(em, userId, keep, reason, new Date());
  }

  /** Their access tokens stop working on every instance (after the ending transaction committed). */
  announceEnded(sessionIds: readonly string[]): Promise<void> {
    return this.live.ended(sessionIds);
  }

  /** Deletes sessions that ended more than ENDED_SESSION_RETENTION_DAYS before `now`. */
  purgeEnded(now: Date): Promise<number> {
    return this.repo.deleteEndedBefore(new Date(now.getTime() - ENDED_SESSION_RETENTION_DAYS * DAY_MS));
  }

  private async issueToken(
    em: EntityManager,
    s: { sessionId: string; userId: string; sessionEnds: Date; now: Date },
  ): Promise<IssuedRefreshToken> {
    const idle = this.config.get('REFRESH_TOKEN_TTL_DAYS', { infer: true }) * DAY_MS;
    const refreshExpiresAt = new Date(Math.min(s.now.getTime() + idle, s.sessionEnds.getTime()));
    const refreshToken = newOpaqueToken();
    await this.repo.insertToken(em, {
      tokenHash: hashOpaqueToken(refreshToken),
      sessionId: s.sessionId,
      issuedAt: s.now,
      expiresAt: refreshExpiresAt,
    });
    return { sessionId: s.sessionId, userId: s.userId, refreshToken, refreshExpiresAt };
  }
}
