import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SessionCheck } from '../common/auth/session-check';
import { RowCache } from '../common/cache/row-cache';
import { LiveEvents } from '../common/events/live-events';
import { Env } from '../config/env.schema';
import { AuthSessionsRepository, LiveSessionRow } from './auth-sessions.repository';

/** Published when sessions end early (sign-out, reuse, password change), for every instance. */
export const SESSIONS_ENDED = 'auth.sessions.ended';

interface SessionsEnded {
  sessionIds: string[];
}

const MAX_ENTRIES = 10_000;

/**
 * Whether the session of a session-bound access token is still live, asked on every request of the
 * web app. Live sessions are kept per instance for AUTH_USER_CACHE_SECONDS, like accounts (users.cache):
 * an instance that ends a session forgets it at once and tells the others through LiveEvents
 * (milliseconds later); without that (LIVE_EVENTS=memory, or the listening connection down) the
 * lifetime is the bound. A session's own end (expiresAt) is checked on every read.
 */
@Injectable()
export class LiveSessions implements SessionCheck, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveSessions.name);
  private readonly rows: RowCache<LiveSessionRow>;
  private stopFollowing: () => Promise<void> = () => Promise.resolve();

  constructor(
    private readonly repo: AuthSessionsRepository,
    private readonly events: LiveEvents,
    config: ConfigService<Env, true>,
  ) {
    const seconds = config.get('AUTH_USER_CACHE_SECONDS', { infer: true });
    this.rows = new RowCache({ ttlMs: seconds * 1000, max: MAX_ENTRIES });
  }

  onModuleInit(): void {
    this.stopFollowing = this.rows.forgetOn<SessionsEnded>(
      this.events,
      SESSIONS_ENDED,
      (ended) => ended.sessionIds,
      (err) =>
        this.logger.error({ err }, 'stopped following ended sessions; entries now live their full lifetime'),
    );
  }

  onModuleDestroy(): Promise<void> {
    return this.stopFollowing();
  }

  async isLive(sessionId: string, userId: string): Promise<boolean> {
    const [row] = await this.rows.getMany(
      [sessionId],
      (missing) => this.repo.findLive(missing, new Date()),
      (r) => r.id,
    );
    return !!row && row.userId === userId && row.expiresAt.getTime() > Date.now();
  }

  /** Call after the transaction that ended them committed: forgotten here at once, elsewhere soon. */
  async ended(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    this.rows.forget(sessionIds);
    try {
      await this.events.publish(SESSIONS_ENDED, { sessionIds: [...sessionIds] });
    } catch (err) {
      this.logger.error({ err }, 'could not tell other instances that sessions ended');
    }
  }
}
