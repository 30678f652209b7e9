import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { CompetenceEntity } from '../competences/entities/competence.entity';
import { ApplicationStatus, OpportunityStatus } from '../core/domain/enums';
import {
  PersonTargetRoleEntity,
  RoleProfileEntity,
  RoleRequirementEntity,
} from './entities/role-profile.entity';

export interface NewRoleVersion {
  lineageId: string | null;
  version: number;
  title: string;
  organisationId: string | null;
  careerStage: RoleProfileEntity['careerStage'];
  researchLevel: RoleProfileEntity['researchLevel'];
  description: string;
  createdById: string | null;
}

export interface NewRequirement {
  competenceId: string;
  requiredLevel: number;
  essential: boolean;
  weight: number;
}

export interface DevelopingOpportunityRow {
  opportunityId: string;
  closedLevels: number;
  competenceIds: string[];
  /** Its essential requirements (minimum levels). */
  essentials: { competenceId: string; minLevel: number }[];
}

@Injectable()
export class RolesRepository {
  constructor(
    @InjectRepository(RoleProfileEntity) private readonly roles: Repository<RoleProfileEntity>,
    @InjectRepository(RoleRequirementEntity) private readonly requirements: Repository<RoleRequirementEntity>,
    @InjectRepository(PersonTargetRoleEntity) private readonly targets: Repository<PersonTargetRoleEntity>,
  ) {}

  private rolesOf(em?: EntityManager): Repository<RoleProfileEntity> {
    return em ? em.getRepository(RoleProfileEntity) : this.roles;
  }

  findById(id: string, em?: EntityManager): Promise<RoleProfileEntity | null> {
    return this.rolesOf(em).findOneBy({ id });
  }

  findByIds(ids: readonly string[], em?: EntityManager): Promise<RoleProfileEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rolesOf(em).findBy({ id: In([...ids]) });
  }

  /** Locks one version row (an edit must not race another edit of the same version). */
  lockById(id: string, em: EntityManager): Promise<RoleProfileEntity | null> {
    return em
      .getRepository(RoleProfileEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Current versions (or all), by title then version. */
  findListed(filter: { organisationId?: string; includeSuperseded: boolean }): Promise<RoleProfileEntity[]> {
    const qb = this.roles.createQueryBuilder('r');
    if (!filter.includeSuperseded) qb.andWhere('r.superseded_at IS NULL');
    if (filter.organisationId) qb.andWhere('r.organisation_id = :org', { org: filter.organisationId });
    return qb.orderBy('r.title', 'ASC').addOrderBy('r.version', 'DESC').addOrderBy('r.id', 'ASC').getMany();
  }

  /** Inserts a version with its requirements; a version 1 gets its own id as lineage id. */
  async insertVersion(
    em: EntityManager,
    fields: NewRoleVersion,
    requirements: readonly NewRequirement[],
  ): Promise<RoleProfileEntity> {
    const repo = em.getRepository(RoleProfileEntity);
    let saved: RoleProfileEntity;
    if (fields.lineageId) {
      saved = await repo.save(repo.create({ ...fields, lineageId: fields.lineageId, supersededAt: null }));
    } else {
      const id = (await em.query('SELECT gen_random_uuid() AS id'))[0].id as string;
      saved = await repo.save(repo.create({ ...fields, id, lineageId: id, supersededAt: null }));
    }
    if (requirements.length > 0) {
      await em
        .getRepository(RoleRequirementEntity)
        .insert(requirements.map((r) => ({ ...r, roleProfileId: saved.id })));
    }
    return saved;
  }

  async markSuperseded(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.getRepository(RoleProfileEntity).update({ id, supersededAt: IsNull() }, { supersededAt: at });
  }

  /** Target roles pointing at a superseded version follow the new one. */
  async moveTargets(em: EntityManager, fromRoleId: string, toRoleId: string): Promise<void> {
    await em
      .getRepository(PersonTargetRoleEntity)
      .update({ roleProfileId: fromRoleId }, { roleProfileId: toRoleId });
  }

  requirementsOfMany(roleIds: readonly string[], em?: EntityManager): Promise<RoleRequirementEntity[]> {
    if (roleIds.length === 0) return Promise.resolve([]);
    const repo = em ? em.getRepository(RoleRequirementEntity) : this.requirements;
    return repo.find({
      where: { roleProfileId: In([...roleIds]) },
      order: { roleProfileId: 'ASC', competenceId: 'ASC' },
    });
  }

  /** id and retirement of the given competences (missing ones are absent). */
  findCompetenceStates(
    ids: readonly string[],
    em?: EntityManager,
  ): Promise<Pick<CompetenceEntity, 'id' | 'retiredAt'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const repo = (em ?? this.roles.manager).getRepository(CompetenceEntity);
    return repo.find({ select: { id: true, retiredAt: true }, where: { id: In([...ids]) } });
  }

  async replaceTargets(em: EntityManager, personId: string, roleIds: readonly string[]): Promise<void> {
    const repo = em.getRepository(PersonTargetRoleEntity);
    await repo.delete({ personId });
    if (roleIds.length > 0) {
      await repo.insert(roleIds.map((roleProfileId, i) => ({ personId, roleProfileId, position: i + 1 })));
    }
  }

  /** The person's target roles, in their order. */
  async findTargetRolesOf(personId: string, em?: EntityManager): Promise<RoleProfileEntity[]> {
    const rows = await (em ? em.getRepository(PersonTargetRoleEntity) : this.targets).find({
      where: { personId },
      relations: { roleProfile: true },
      order: { position: 'ASC' },
    });
    return rows.flatMap((r) => (r.roleProfile ? [r.roleProfile] : []));
  }

  /**
   * Those of these people who hold a target role (one statement; the ids joined as an array rather than
   * filtered by `= ANY`, whose planning costs 0.2 to 0.3 s for a round's 100,000 applicants).
   */
  async peopleWithTargetRoles(personIds: readonly string[]): Promise<string[]> {
    if (personIds.length === 0) return [];
    const rows = await this.roles.manager.query<{ person_id: string }[]>(
      `SELECT DISTINCT t.person_id FROM unnest($1::uuid[]) AS p(id) JOIN person_target_roles t ON t.person_id = p.id`,
      [[...personIds]],
    );
    return rows.map((r) => r.person_id);
  }

  /** The requirements of the people's target roles, with the retirement of each competence (one query). */
  findTargetRequirementsOf(personIds: readonly string[]): Promise<TargetRequirementRow[]> {
    return queryTargetRequirements(this.roles.manager, personIds);
  }

  /**
   * OPEN opportunities before their deadline that develop any of the gap competences, ranked by the
   * gap levels they develop (one set-based query), then earliest deadline, then id.
   */
  async findDevelopingOpportunities(
    gaps: ReadonlyMap<string, number>,
    personId: string,
    now: Date,
    limit: number,
    offset = 0,
  ): Promise<DevelopingOpportunityRow[]> {
    if (gaps.size === 0) return [];
    // Left out, as the fit score's eligibility does: opportunities the person already applied to (any
    // status but WITHDRAWN), and those restricted to other career stages (unknown stage: every restricted one).
    // Each row carries its essential requirements: the service leaves out those the person does not meet.
    const rows: { id: string; closed: number; competences: string[]; essentials: [string, number][] }[] =
      await this.roles.manager.query(
        `WITH gaps AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS g(competence_id, gap)),
            stage AS (SELECT (SELECT career_stage FROM profiles WHERE user_id = $6) AS career_stage)
       SELECT o.id, SUM(g.gap)::int AS closed, array_agg(odc.competence_id::text) AS competences,
              (SELECT coalesce(json_agg(json_build_array(r.competence_id, r.min_level)), '[]'::json)
                 FROM opportunity_requirements r
                WHERE r.opportunity_id = o.id AND r.essential) AS essentials
         FROM opportunity_developed_competences odc
         JOIN gaps g ON g.competence_id = odc.competence_id
         JOIN opportunities o ON o.id = odc.opportunity_id
        CROSS JOIN stage
        WHERE o.status = $3 AND o.application_deadline > $4
          AND (cardinality(o.eligible_stages) = 0 OR stage.career_stage = ANY(o.eligible_stages))
          AND NOT EXISTS (SELECT 1 FROM applications a
                           WHERE a.opportunity_id = o.id AND a.candidate_id = $6 AND a.status <> $7)
        GROUP BY o.id, o.application_deadline
        ORDER BY closed DESC, o.application_deadline ASC, o.id ASC
        LIMIT $5 OFFSET $8`,
        [
          [...gaps.keys()],
          [...gaps.values()],
          OpportunityStatus.OPEN,
          now,
          limit,
          personId,
          ApplicationStatus.WITHDRAWN,
          offset,
        ],
      );
    return rows.map((r) => ({
      opportunityId: r.id,
      closedLevels: r.closed,
      competenceIds: r.competences,
      essentials: r.essentials.map(([competenceId, minLevel]) => ({ competenceId, minLevel })),
    }));
  }
}

export interface TargetRequirementRow {
  personId: string;
  roleProfileId: string;
  competenceId: string;
  requiredLevel: number;
  essential: boolean;
  weight: number;
  retired: boolean;
}

/** The requirements of a person's target roles with the retirement of each competence, in one query. */
async function queryTargetRequirements(
  manager: EntityManager,
  personIds: readonly string[],
): Promise<TargetRequirementRow[]> {
  if (personIds.length === 0) return [];
  const rows: {
    person_id: string;
    role_profile_id: string;
    competence_id: string;
    required_level: number;
    essential: boolean;
    weight: number;
    retired: boolean;
  }[] = await manager.query(
    `SELECT t.person_id, rr.role_profile_id, rr.competence_id, rr.required_level, rr.essential, rr.weight,
            (c.retired_at IS NOT NULL) AS retired
       FROM person_target_roles t
       JOIN role_requirements rr ON rr.role_profile_id = t.role_profile_id
       JOIN competences c ON c.id = rr.competence_id
      WHERE t.person_id = ANY($1::uuid[])`,
    [[...personIds]],
  );
  return rows.map((r) => ({
    personId: r.person_id,
    roleProfileId: r.role_profile_id,
    competenceId: r.competence_id,
    requiredLevel: r.required_level,
    essential: r.essential,
    weight: r.weight,
    retired: r.retired,
  }));
}
