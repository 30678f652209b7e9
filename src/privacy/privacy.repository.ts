import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { ConsentEntity } from './entities/consent.entity';
import { ProcessingPurposeEntity } from './entities/processing-purpose.entity';
import { ProcessingRestrictionEntity } from './entities/processing-restriction.entity';

/** The SQL of the privacy feature: the register, consents, restrictions. */
@Injectable()
export class PrivacyRepository {
  constructor(
    @InjectRepository(ProcessingPurposeEntity)
    private readonly purposes: Repository<ProcessingPurposeEntity>,
    @InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>,
    @InjectRepository(ProcessingRestrictionEntity)
    private readonly restrictions: Repository<ProcessingRestrictionEntity>,
  ) {}

  // ---- the register ----------------------------------------------------------------------------------

  listPurposes(): Promise<ProcessingPurposeEntity[]> {
    return this.purposes.find({ order: { lawfulBasis: 'ASC', code: 'ASC' } });
  }

  findPurposesByIds(ids: readonly string[]): Promise<ProcessingPurposeEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.purposes.createQueryBuilder('p').where('p.id = ANY(:ids)', { ids }).getMany();
  }

  findPurposeByCode(code: string, em?: EntityManager): Promise<ProcessingPurposeEntity | null> {
    return (em?.getRepository(ProcessingPurposeEntity) ?? this.purposes).findOne({ where: { code } });
  }

  lockPurpose(id: string, em: EntityManager): Promise<ProcessingPurposeEntity | null> {
    return em
      .getRepository(ProcessingPurposeEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** null when the code is taken. */
  async insertPurpose(
    purpose: Omit<ProcessingPurposeEntity, 'id' | 'createdAt' | 'updatedAt'>,
    em: EntityManager,
  ): Promise<ProcessingPurposeEntity | null> {
    const rows = await em
      .createQueryBuilder()
      .insert()
      .into(ProcessingPurposeEntity)
      .values(purpose)
      .orIgnore()
      .returning('id')
      .execute();
    if (rows.identifiers.length === 0 || !rows.identifiers[0]) return null;
    return em.getRepository(ProcessingPurposeEntity).findOneOrFail({ where: { code: purpose.code } });
  }

  savePurpose(purpose: ProcessingPurposeEntity, em: EntityManager): Promise<ProcessingPurposeEntity> {
    return em.getRepository(ProcessingPurposeEntity).save(purpose);
  }

  async purposeHasConsents(purposeId: string, em: EntityManager): Promise<boolean> {
    return (await em.getRepository(ConsentEntity).count({ where: { purposeId }, take: 1 })) > 0;
  }

  // ---- consents --------------------------------------------------------------------------------------

  /** The person's consents, newest first (withdrawn ones too: the history). */
  consentsOf(personId: string): Promise<ConsentEntity[]> {
    return this.consents.find({ where: { personId }, order: { givenAt: 'DESC', id: 'ASC' } });
  }

  /** The live consent, locked; null when there is none. */
  lockLiveConsent(personId: string, purposeId: string, em: EntityManager): Promise<ConsentEntity | null> {
    return em.getRepository(ConsentEntity).findOne({
      where: { personId, purposeId, withdrawnAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async insertConsent(
    consent: { personId: string; purposeId: string; textVersion: string; givenAt: Date },
    em: EntityManager,
  ): Promise<ConsentEntity> {
    const row = em.getRepository(ConsentEntity).create({ ...consent, withdrawnAt: null });
    return em.getRepository(ConsentEntity).save(row);
  }

  async withdrawConsent(consent: ConsentEntity, at: Date, em: EntityManager): Promise<ConsentEntity> {
    consent.withdrawnAt = at;
    return em.getRepository(ConsentEntity).save(consent);
  }

  /** Whether the person has a live consent to the purpose with this code. */
  async hasLiveConsent(personId: string, purposeCode: string): Promise<boolean> {
    const rows: unknown[] = await this.consents.query(
      `SELECT 1 FROM consents c JOIN processing_purposes p ON p.id = c.purpose_id
        WHERE c.person_id = $1 AND p.code = $2 AND c.withdrawn_at IS NULL LIMIT 1`,
      [personId, purposeCode],
    );
    return rows.length > 0;
  }

  // ---- restrictions ----------------------------------------------------------------------------------

  /** The restriction in force, if any. */
  restrictionInForce(personId: string, em?: EntityManager): Promise<ProcessingRestrictionEntity | null> {
    return (em?.getRepository(ProcessingRestrictionEntity) ?? this.restrictions).findOne({
      where: { personId, liftedAt: IsNull() },
    });
  }

  /**
   * The restriction in force, if any, locked. The caller locks the person's account first
   * (UsersDirectory.lockAccount), so that two requests cannot both start one.
   */
  lockRestrictionInForce(personId: string, em: EntityManager): Promise<ProcessingRestrictionEntity | null> {
    return em
      .getRepository(ProcessingRestrictionEntity)
      .findOne({ where: { personId, liftedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  insertRestriction(
    r: Pick<ProcessingRestrictionEntity, 'personId' | 'requestedBy' | 'reason' | 'startedAt'>,
    em: EntityManager,
  ): Promise<ProcessingRestrictionEntity> {
    const repo = em.getRepository(ProcessingRestrictionEntity);
    return repo.save(repo.create({ ...r, liftedAt: null, liftedBy: null, liftReason: null }));
  }

  liftRestriction(
    r: ProcessingRestrictionEntity,
    lift: { liftedBy: string; liftReason: string; liftedAt: Date },
    em: EntityManager,
  ): Promise<ProcessingRestrictionEntity> {
    Object.assign(r, lift);
    return em.getRepository(ProcessingRestrictionEntity).save(r);
  }

  /** The person's restrictions, newest first. */
  restrictionsOf(personId: string): Promise<ProcessingRestrictionEntity[]> {
    return this.restrictions.find({ where: { personId }, order: { startedAt: 'DESC', id: 'ASC' } });
  }

  /**
   * Erasure (src/privacy-rights decides): the free text of the person's restrictions goes (theirs and
   * HR's reasons may describe them); the rows stay as the record that the right was used.
   */
  async eraseRestrictionReasonsOf(em: EntityManager, personId: string): Promise<void> {
    await em.query(
      `UPDATE processing_restrictions
          SET reason = '(erased)', lift_reason = CASE WHEN lift_reason IS NULL THEN NULL ELSE '(erased)' END
        WHERE person_id = $1`,
      [personId],
    );
  }
}
