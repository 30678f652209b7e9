import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import { LiveEvents } from '../common/events/live-events';
import { Env } from '../config/env.schema';
import { UserEntity } from './entities/user.entity';
import { UsersRepository } from './users.repository';

/** Published by the database (migration UserChangeNotifications) when accounts change or go. */
export const USERS_CHANGED = 'users.changed';

export type UsersChanged = { userIds: string[] } | { all: true };

/** Accounts kept at most; the least recently used go first. */
const MAX_ENTRIES = 10_000;

/**
 * The accounts of recent requests, per instance: the auth guard reads the signed-in user on every
 * request, and `me` answers from the same row. An entry lives AUTH_USER_CACHE_SECONDS (default 10);
 * a change to an account (roles, organisation, deletion, by the API or by hand) removes it from every
 * instance as soon as the database's `users.changed` notification arrives (milliseconds after commit).
 * Without the notification (LIVE_EVENTS=memory, or the listening connection down) the lifetime is
 * the bound. A read that was under way when a change arrived is not kept, so it cannot outlive it.
 */
@Injectable()
export class UsersCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UsersCache.name);
  private readonly cache: LRUCache<string, UserEntity> | null;
  /** Bumped by every change: a read started before it is not stored. */
  private generation = 0;
  private changes: AsyncIterableIterator<UsersChanged> | null = null;

  constructor(
    private readonly repo: UsersRepository,
    private readonly events: LiveEvents,
    config: ConfigService<Env, true>,
  ) {
    const seconds = config.get('AUTH_USER_CACHE_SECONDS', { infer: true });
    this.cache = seconds > 0 ? new LRUCache({ max: MAX_ENTRIES, ttl: seconds * 1000 }) : null;
  }

  onModuleInit(): void {
    if (!this.cache) return;
    const changes = this.events.subscribe<UsersChanged>(USERS_CHANGED);
    this.changes = changes;
    void (async () => {
      try {
        for await (const change of changes) this.forget(change);
      } catch (err) {
        this.logger.error({ err }, 'stopped following account changes; entries now live their full lifetime');
      }
    })();
  }

  async onModuleDestroy(): Promise<void> {
    await this.changes?.return?.();
  }

  /** The account, from this instance's cache when it is fresh; null when there is none. */
  async findById(id: string): Promise<UserEntity | null> {
    if (!this.cache) return this.repo.findById(id);
    const cached = this.cache.get(id);
    if (cached) return cached;
    const generation = this.generation;
    const user = await this.repo.findById(id);
    if (user && generation === this.generation) this.cache.set(id, user);
    return user;
  }

  forget(change: UsersChanged): void {
    this.generation++;
    if ('all' in change) this.cache?.clear();
    else for (const id of change.userIds) this.cache?.delete(id);
  }
}
