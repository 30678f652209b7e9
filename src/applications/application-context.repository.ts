import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CareerStage } from '../core/domain/enums';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from '../opportunities/entities/opportunity.entity';
import { AssessmentEntity } from '../profiles/entities/assessment.entity';
import { ProfileEntity } from '../profiles/entities/profile.entity';
import { UserEntity } from '../users/entities/user.entity';

export interface RequirementRow {
  opportunityId: string;
  competenceId: string;
  code: string;
  name: string;
  minLevel: number;
  essential: boolean;
}

export interface PersonRow {
  id: string;
  displayName: string;
  organisationId: string;
}

/**
 * This feature's own reads of the tables other features own (opportunities, co-supervisions,
 * profiles, assessments, competences, users), plus the one write it needs there: taking a seat.
 * `em` is the use case's transaction when given.
 */
@Injectable()
export class ApplicationContextRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  /** `pessimistic_read` keeps it from changing until commit; `pessimistic_write` serialises seat takers. */
  findOpportunity(
    id: string,
    em?: EntityManager,
    lock?: 'pessimistic_read' | 'pessimistic_write',
  ): Promise<OpportunityEntity | null> {
    return this.manager(em)
      .getRepository(OpportunityEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: lock } } : {}) });
  }

  findOpportunities(ids: readonly string[], em?: EntityManager): Promise<OpportunityEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.manager(em)
      .getRepository(OpportunityEntity)
      .findBy({ id: In([...ids]) });
  }

  /** Co-supervisors who accepted, per opportunity id: host staff alongside the lead supervisor. */
  async acceptedCoSupervisors(
    opportunityIds: readonly string[],
    em?: EntityManager,
  ): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(opportunityIds.map((id) => [id, []]));
    if (opportunityIds.length === 0) return result;
    const rows = await this.manager(em)
      .getRepository(CoSupervisionEntity)
      .findBy({ opportunityId: In([...opportunityIds]), status: CoSupervisionStatus.ACCEPTED });
    for (const row of rows) result.get(row.opportunityId)?.push(row.coSupervisorId);
    return result;
  }

  /** The competences the opportunity develops (what evidence after the placement may cover). */
  async developedCompetenceIds(opportunityId: string, em: EntityManager): Promise<string[]> {
    const rows = await em.getRepository(OpportunityDevelopedCompetenceEntity).findBy({ opportunityId });
    return rows.map((r) => r.competenceId);
  }

  /** `seats` more accepted seats. The CHECK ck_opportunities_seats refuses going over capacity. */
  async takeSeats(opportunityId: string, seats: number, em: EntityManager): Promise<void> {
    await em
      .createQueryBuilder()
      .update(OpportunityEntity)
      .set({ seatsTaken: () => `seats_taken + ${Math.trunc(seats)}` })
      .where('id = :id', { id: opportunityId })
      .execute();
  }

  async careerStageOf(userId: string, em?: EntityManager): Promise<CareerStage | null> {
    const profile = await this.manager(em)
      .getRepository(ProfileEntity)
      .findOne({ where: { userId }, select: { userId: true, careerStage: true } });
    return profile?.careerStage ?? null;
  }

  async careerStagesOf(userIds: readonly string[]): Promise<Map<string, CareerStage | null>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(ProfileEntity)
      .find({ where: { userId: In([...userIds]) }, select: { userId: true, careerStage: true } });
    return new Map(rows.map((r) => [r.userId, r.careerStage]));
  }

  /** The competences the opportunities ask for, with code and name, in code order. */
  async requirementsOf(
    opportunityIds: readonly string[],
    opts: { essentialOnly?: boolean } = {},
    em?: EntityManager,
  ): Promise<RequirementRow[]> {
    if (opportunityIds.length === 0) return [];
    const qb = this.manager(em)
      .getRepository(OpportunityRequirementEntity)
      .createQueryBuilder('r')
      .innerJoin('r.competence', 'c')
      .select([
        'r.opportunity_id AS "opportunityId"',
        'r.competence_id AS "competenceId"',
        'c.code AS "code"',
        'c.name AS "name"',
        'r.min_level AS "minLevel"',
        'r.essential AS "essential"',
      ])
      .where('r.opportunity_id IN (:...ids)', { ids: [...opportunityIds] })
      .orderBy('c.code', 'ASC');
    if (opts.essentialOnly) qb.andWhere('r.essential = true');
    const rows = await qb.getRawMany<RequirementRow>();
    return rows.map((r) => ({ ...r, minLevel: Number(r.minLevel) }));
  }

  /** The assessments of these people for these competences (all sources, all dates). */
  assessmentsOf(
    personIds: readonly string[],
    competenceIds: readonly string[],
    em?: EntityManager,
  ): Promise<AssessmentEntity[]> {
    if (personIds.length === 0 || competenceIds.length === 0) return Promise.resolve([]);
    return this.manager(em)
      .getRepository(AssessmentEntity)
      .findBy({ personId: In([...personIds]), competenceId: In([...competenceIds]) });
  }

  async peopleByIds(ids: readonly string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    const users = await this.dataSource.getRepository(UserEntity).find({
      where: { id: In([...ids]) },
      select: { id: true, displayName: true, organisationId: true },
    });
    return users.map((u) => ({ id: u.id, displayName: u.displayName, organisationId: u.organisationId }));
  }
}
