import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RowCache } from '../common/cache/row-cache';
import { LiveEvents } from '../common/events/live-events';
import { Env } from '../config/env.schema';
import { UserEntity } from './entities/user.entity';
import { UsersRepository } from './users.repository';

/** Published by the database (migration UserChangeNotifications) when accounts change or go. */
export const USERS_CHANGED = 'users.changed';

export type UsersChanged = { userIds: string[] } | { all: true };

/** Accounts kept at most per instance; the least recently used go first. */
const MAX_ENTRIES = 10_000;

/**
 * The accounts of recent requests, per instance: the auth guard reads the signed-in user on every
 * request, `me` answers from the same row, and relation fields (a lead supervisor's name) read
 * through it too. An entry lives AUTH_USER_CACHE_SECONDS (default 10); a change to an account
 * (roles, organisation, name, deletion; by the API or by hand in SQL) removes it from every instance
 * as soon as the database's `users.changed` notification arrives (milliseconds after commit).
 * Without the notification (LIVE_EVENTS=memory, or the listening connection down) the lifetime is
 * the bound.
 */
@Injectable()
export class UsersCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UsersCache.name);
  private readonly rows: RowCache<UserEntity>;
  private stopFollowing: () => Promise<void> = () => Promise.resolve();

  constructor(
    private readonly repo: UsersRepository,
    private readonly events: LiveEvents,
    config: ConfigService<Env, true>,
  ) {
    const seconds = config.get('AUTH_USER_CACHE_SECONDS', { infer: true });
    this.rows = new RowCache({ ttlMs: seconds * 1000, max: MAX_ENTRIES });
  }

  onModuleInit(): void {
    this.stopFollowing = this.rows.forgetOn<UsersChanged>(
      this.events,
      USERS_CHANGED,
      (change) => ('all' in change ? 'all' : change.userIds),
      (err) =>
        this.logger.error({ err }, 'stopped following account changes; entries now live their full lifetime'),
    );
  }

  onModuleDestroy(): Promise<void> {
    return this.stopFollowing();
  }

  /** The account, from this instance's cache while it is fresh; null when there is none. */
  async findById(id: string): Promise<UserEntity | null> {
    const [user] = await this.findByIds([id]);
    return user ?? null;
  }

  /** The account when this instance holds it fresh (no read, no promise); else undefined. */
  peek(id: string): UserEntity | undefined {
    return this.rows.peek(id);
  }

  /** The accounts that exist among `ids` (any order). */
  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.rows.getMany(
      ids,
      (missing) => this.repo.findByIds(missing),
      (u) => u.id,
    );
  }
}
