import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { TalentProfileShareEntity } from './entities/talent-profile-share.entity';

/** What opening a share link yields: whose profile, and until when the link works. */
export interface OpenedShare {
  personId: string;
  expiresAt: Date;
}

@Injectable()
export class TalentProfilesRepository {
  constructor(
    @InjectRepository(TalentProfileShareEntity)
    private readonly shares: Repository<TalentProfileShareEntity>,
  ) {}

  countActive(em: EntityManager, personId: string, now: Date): Promise<number> {
    return em
      .getRepository(TalentProfileShareEntity)
      .createQueryBuilder('s')
      .where('s.person_id = :personId', { personId })
      .andWhere('s.revoked_at IS NULL')
      .andWhere('s.expires_at > :now', { now })
      .getCount();
  }

  async insert(
    em: EntityManager,
    values: { personId: string; tokenHash: Buffer; createdAt: Date; expiresAt: Date },
  ): Promise<TalentProfileShareEntity> {
    const repo = em.getRepository(TalentProfileShareEntity);
    const { identifiers } = await repo.insert(values);
    return repo.findOneByOrFail({ id: identifiers[0].id as string });
  }

  /** The person's shares, newest first (revoked and expired ones too). */
  listOf(personId: string): Promise<TalentProfileShareEntity[]> {
    return this.shares.find({ where: { personId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /**
   * Revokes the person's share `id` (a revoked one keeps its first revocation time); null when the
   * person has no such share. One statement.
   */
  async revoke(id: string, personId: string, now: Date): Promise<TalentProfileShareEntity | null> {
    const result = await this.shares
      .createQueryBuilder()
      .update(TalentProfileShareEntity)
      .set({ revokedAt: () => 'COALESCE(revoked_at, :now)' })
      .where('id = :id AND person_id = :personId', { id, personId, now })
      .returning(['id'])
      .execute();
    if (!result.affected) return null;
    return this.shares.findOneBy({ id });
  }

  /**
   * Opens a link: when a share with this token hash is neither revoked nor expired at `now`, counts
   * the view and returns whose it is; otherwise null. Lookup and count are one statement.
   */
  async open(tokenHash: Buffer, now: Date): Promise<OpenedShare | null> {
    const rows: { person_id: string; expires_at: Date }[] = await this.shares.manager.query(
      `UPDATE talent_profile_shares
          SET view_count = view_count + 1, last_viewed_at = $2
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2
        RETURNING person_id, expires_at`,
      [tokenHash, now],
    );
    // TypeORM's raw UPDATE answers [rows, count] on PostgreSQL.
    const returned = (Array.isArray(rows[0]) ? rows[0] : rows) as { person_id: string; expires_at: Date }[];
    const row = returned[0];
    return row ? { personId: row.person_id, expiresAt: new Date(row.expires_at) } : null;
  }
}
