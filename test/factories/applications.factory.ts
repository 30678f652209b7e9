/**
 * Setup for the applications tests. Opportunities, requirements, profiles and assessments belong to
 * other features: these helpers insert their rows directly through TypeORM repositories, as setup
 * only, so the applications tests do not depend on how those features create them.
 */
import { randomBytes } from 'node:crypto';
import {
  ApplicationEntity,
  ApplicationTransitionEntity,
} from '../../src/applications/entities/application.entity';
import { CompetenceAreaEntity, CompetenceEntity } from '../../src/competences/entities/competence.entity';
import {
  ApplicationStatus,
  AssessmentSource,
  CareerStage,
  OpportunityKind,
  OpportunityStatus,
  UserRole,
} from '../../src/core/domain/enums';
import { CoSupervisionStatus } from '../../src/core/opportunities/co-supervision';
import {
  CoSupervisionEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from '../../src/opportunities/entities/opportunity.entity';
import { AssessmentEntity } from '../../src/profiles/entities/assessment.entity';
import { ProfileEntity } from '../../src/profiles/entities/profile.entity';
import { TestApp } from '../utils/test-app';
import { aUser, CreatedUser, organisationId } from './users.factory';

const HOUR = 3600_000;

export interface RequirementSpec {
  competenceId: string;
  minLevel: number;
  essential?: boolean;
  weight?: number;
}

export interface OpportunitySpec {
  capacity?: number;
  /** Organisation code of the demo seed (LUMC, LEIDEN_UNIV, JANSSEN) or an id. */
  hostOrg?: string;
  leadSupervisorId: string;
  deadline?: Date;
  eligibleStages?: CareerStage[];
  requirements?: RequirementSpec[];
  status?: OpportunityStatus;
  title?: string;
  /** An accepted co-supervisor (host staff too). */
  coSupervisorId?: string;
  /** The period (YYYY-MM-DD, both days included); 2027-02-01 to 2027-06-30 by default. */
  startsOn?: string;
  endsOn?: string;
  seatsTaken?: number;
}

/**
 * An opportunity row in state OPEN (or `status`), inserted directly as test setup; deadline a week ahead
 * by default. To go through the API (drafting, approval) use opportunities.factory `anOpenOpportunity`.
 */
export async function anOpportunityRow(t: TestApp, spec: OpportunitySpec): Promise<OpportunityEntity> {
  const ds = t.dataSource;
  const opportunity = await ds.getRepository(OpportunityEntity).save(
    ds.getRepository(OpportunityEntity).create({
      kind: OpportunityKind.INTERNSHIP,
      title: spec.title ?? `Internship ${randomBytes(3).toString('hex')}`,
      description: 'Test opportunity',
      status: spec.status ?? OpportunityStatus.OPEN,
      hostOrganisationId: await organisationId(ds, spec.hostOrg ?? 'LUMC'),
      hostDepartmentId: null,
      leadSupervisorId: spec.leadSupervisorId,
      startsOn: spec.startsOn ?? '2027-02-01',
      endsOn: spec.endsOn ?? '2027-06-30',
      capacity: spec.capacity ?? 2,
      seatsTaken: spec.seatsTaken ?? 0,
      applicationDeadline: spec.deadline ?? new Date(Date.now() + 7 * 24 * HOUR),
      eligibleStages: spec.eligibleStages ?? [],
      details: { weeks: 20, credits: 30 },
    }),
  );
  if (spec.requirements?.length) {
    await ds.getRepository(OpportunityRequirementEntity).insert(
      spec.requirements.map((r) => ({
        opportunityId: opportunity.id,
        competenceId: r.competenceId,
        minLevel: r.minLevel,
        essential: r.essential ?? false,
        weight: r.weight ?? 1,
      })),
    );
  }
  if (spec.coSupervisorId) {
    await ds.getRepository(CoSupervisionEntity).insert({
      opportunityId: opportunity.id,
      coSupervisorId: spec.coSupervisorId,
      status: CoSupervisionStatus.ACCEPTED,
      declineReason: null,
      respondedAt: new Date(),
    });
  }
  return opportunity;
}

/** A competence of its own (unique code) in a test area. */
export async function aCompetence(t: TestApp, name = 'Test competence'): Promise<CompetenceEntity> {
  const ds = t.dataSource;
  const suffix = randomBytes(4).toString('hex').toUpperCase();
  const area = await ds
    .getRepository(CompetenceAreaEntity)
    .save({ code: `TEST_AREA_${suffix}`, name: 'Test area', description: 'Test area', position: 99 });
  return ds.getRepository(CompetenceEntity).save(
    ds.getRepository(CompetenceEntity).create({
      code: `TEST_${suffix}`,
      name,
      description: name,
      areaId: area.id,
      externalUri: null,
      retiredAt: null,
    }),
  );
}

export interface CandidateSpec {
  organisation?: string;
  /** No profile at all when undefined. */
  stage?: CareerStage;
  levels?: { competenceId: string; level: number; source?: AssessmentSource }[];
  displayName?: string;
}

/** A CANDIDATE account (through the real UsersService), with a profile and assessments inserted directly. */
export async function aCandidate(t: TestApp, spec: CandidateSpec = {}): Promise<CreatedUser> {
  const created = await aUser(t, {
    roles: [UserRole.CANDIDATE],
    organisation: spec.organisation ?? 'LEIDEN_UNIV',
    displayName: spec.displayName,
  });
  const ds = t.dataSource;
  if (spec.stage) {
    await ds.getRepository(ProfileEntity).insert({ userId: created.user.id, careerStage: spec.stage });
  }
  if (spec.levels?.length) {
    await ds.getRepository(AssessmentEntity).insert(
      spec.levels.map((l) => ({
        personId: created.user.id,
        competenceId: l.competenceId,
        level: l.level,
        source: l.source ?? AssessmentSource.SELF,
        assessorId: null,
        applicationId: null,
        note: null,
      })),
    );
  }
  return created;
}

/** An application already in `status` (with its transition rows), inserted directly as setup. */
export async function anApplication(
  t: TestApp,
  spec: {
    opportunityId: string;
    candidateId: string;
    status: ApplicationStatus;
    responseDeadline?: Date | null;
  },
): Promise<ApplicationEntity> {
  const ds = t.dataSource;
  const application = await ds.getRepository(ApplicationEntity).save(
    ds.getRepository(ApplicationEntity).create({
      opportunityId: spec.opportunityId,
      candidateId: spec.candidateId,
      status: spec.status,
      motivation: 'Setup application',
      responseDeadline:
        spec.responseDeadline !== undefined
          ? spec.responseDeadline
          : spec.status === ApplicationStatus.OFFERED
            ? new Date(Date.now() + 48 * HOUR)
            : null,
    }),
  );
  await ds.getRepository(ApplicationTransitionEntity).insert({
    applicationId: application.id,
    fromStatus: null,
    toStatus: spec.status,
    actorId: null,
    reason: 'test setup',
  });
  return application;
}

/** The host side of a typical test: a lead supervisor of `hostOrg`. */
export function aSupervisor(t: TestApp, hostOrg = 'LUMC'): Promise<CreatedUser> {
  return aUser(t, { roles: [UserRole.SUPERVISOR], organisation: hostOrg });
}

/**
 * A round's closure of these applications of one candidate, inserted directly as setup (what a
 * publication writes: docs/design/closed-choices.md): they read REJECTED since `at` (the
 * database's now by default) through `application_states`, while their rows keep the status they
 * were closed from. Returns the closure's id.
 */
export async function aClosure(
  t: TestApp,
  spec: {
    candidateId: string;
    applicationIds: string[];
    roundId?: string | null;
    at?: Date;
    reason?: string;
  },
): Promise<string> {
  const [row]: { id: string }[] = await t.dataSource.query(
    `INSERT INTO application_transition_groups
            (candidate_id, application_ids, from_statuses, to_status, actor_id, reason, at, closes, round_id)
     SELECT $1, $2::uuid[], array_agg(a.status ORDER BY u.n), 'REJECTED', NULL, $3, coalesce($4, now()), true, $5
       FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n) JOIN applications a ON a.id = u.id
     RETURNING id::text`,
    [
      spec.candidateId,
      spec.applicationIds,
      spec.reason ?? 'not matched in round "Test round"',
      // The database's clock by default: the setup's history rows were stamped by it (microseconds).
      spec.at ?? null,
      spec.roundId ?? null,
    ],
  );
  return row.id;
}
