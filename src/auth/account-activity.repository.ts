import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * When accounts last signed in, and which have not for long (retention of inactive accounts). An
 * account that never signed in counts from its creation. Admin accounts and erased ones are never
 * inactive accounts: an admin is removed by another admin, deliberately.
 */
@Injectable()
export class AccountActivityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async recordSignIn(userId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO account_activity (user_id, last_signed_in_at) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET last_signed_in_at = greatest(account_activity.last_signed_in_at, EXCLUDED.last_signed_in_at)`,
      [userId, at],
    );
  }

  private static readonly INACTIVE = `FROM users u LEFT JOIN account_activity a ON a.user_id = u.id
     WHERE u.erased_at IS NULL AND NOT ('ADMIN' = ANY(u.roles))
       AND coalesce(a.last_signed_in_at, u.created_at) < $1`;

  async countInactiveBefore(cutoff: Date): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n ${AccountActivityRepository.INACTIVE}`,
      [cutoff],
    );
    return row.n;
  }

  /** Up to `limit` of them, longest inactive first. */
  async inactiveBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT u.id ${AccountActivityRepository.INACTIVE}
       ORDER BY coalesce(a.last_signed_in_at, u.created_at), u.id LIMIT $2`,
      [cutoff, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Erasure (src/privacy-rights decides). */
  async deleteOf(em: EntityManager, userId: string): Promise<void> {
    await em.query('DELETE FROM account_activity WHERE user_id = $1', [userId]);
  }
}
