import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuthSessionEntity, RefreshTokenEntity, SessionEndReason } from './entities/auth-session.entity';

/** A session that was live when read: whose, and until when at the latest. */
export interface LiveSessionRow {
  id: string;
  userId: string;
  expiresAt: Date;
}

/** A refresh token with the session it belongs to, as one locked read sees them. */
export interface PresentedToken {
  sessionId: string;
  userId: string;
  tokenExpiresAt: Date;
  rotatedAt: Date | null;
  sessionExpiresAt: Date;
  revokedAt: Date | null;
}

@Injectable()
export class AuthSessionsRepository {
  constructor(
    @InjectRepository(AuthSessionEntity) private readonly sessions: Repository<AuthSessionEntity>,
  ) {}

  async insertSession(
    em: EntityManager,
    values: { userId: string; createdAt: Date; expiresAt: Date },
  ): Promise<string> {
    const { identifiers } = await em.getRepository(AuthSessionEntity).insert(values);
    return identifiers[0].id as string;
  }

  async insertToken(
    em: EntityManager,
    values: { tokenHash: Buffer; sessionId: string; issuedAt: Date; expiresAt: Date },
  ): Promise<void> {
    await em.getRepository(RefreshTokenEntity).insert({ ...values, rotatedAt: null });
  }

  /**
   * The token and its session, both rows locked until the transaction ends: two refreshes with the
   * same token run one after the other, and the second sees the first's rotation.
   */
  async findTokenForUpdate(em: EntityManager, tokenHash: Buffer): Promise<PresentedToken | null> {
    const rows: {
      session_id: string;
      user_id: string;
      token_expires_at: Date;
      rotated_at: Date | null;
      session_expires_at: Date;
      revoked_at: Date | null;
    }[] = await em.query(
      `SELECT t.session_id, s.user_id, t.expires_at AS token_expires_at, t.rotated_at,
              s.expires_at AS session_expires_at, s.revoked_at
         FROM auth_refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
        WHERE t.token_hash = $1
          FOR UPDATE`,
      [tokenHash],
    );
    const row = rows[0];
    return row
      ? {
          sessionId: row.session_id,
          userId: row.user_id,
          tokenExpiresAt: new Date(row.token_expires_at),
          rotatedAt: row.rotated_at ? new Date(row.rotated_at) : null,
          sessionExpiresAt: new Date(row.session_expires_at),
          revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
        }
      : null;
  }

  async markRotated(em: EntityManager, tokenHash: Buffer, now: Date): Promise<void> {
    await em.getRepository(RefreshTokenEntity).update({ tokenHash }, { rotatedAt: now });
  }

  /** Ends a live session (an ended one keeps its first reason); true when this call ended it. */
  async revoke(em: EntityManager, sessionId: string, reason: SessionEndReason, now: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: now, revokedReason: reason })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Ends every live session of the user but `keep`; returns the ids of those it ended. */
  async revokeAllOfUser(
    em: EntityManager,
    userId: string,
    keep: string | null,
    reason: SessionEndReason,
    now: Date,
  ): Promise<string[]> {
    const qb = em
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: now, revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL AND expires_at > :now', { userId, now })
      .returning(['id']);
    if (keep) qb.andWhere('id <> :keep', { keep });
    const result = await qb.execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  /** Of `ids`, the sessions neither revoked nor expired at `now`. */
  async findLive(ids: readonly string[], now: Date): Promise<LiveSessionRow[]> {
    const rows = await this.sessions
      .createQueryBuilder('s')
      .select(['s.id', 's.userId', 's.expiresAt'])
      .where('s.id IN (:...ids)', { ids })
      .andWhere('s.revoked_at IS NULL AND s.expires_at > :now', { now })
      .getMany();
    return rows.map((r) => ({ id: r.id, userId: r.userId, expiresAt: r.expiresAt }));
  }

  /** Deletes sessions (with their tokens) that ended before `cutoff`; returns how many. One statement. */
  async deleteEndedBefore(cutoff: Date): Promise<number> {
    const result = await this.sessions
      .createQueryBuilder()
      .delete()
      .from(AuthSessionEntity)
      .where('LEAST(COALESCE(revoked_at, expires_at), expires_at) < :cutoff', { cutoff })
      .execute();
    return result.affected ?? 0;
  }
}
