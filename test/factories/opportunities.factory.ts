import { randomBytes } from 'node:crypto';
import { CompetenceAreaEntity, CompetenceEntity } from '../../src/competences/entities/competence.entity';
import { OpportunityKind } from '../../src/core/domain/enums';
import { TestApp } from '../utils/test-app';

export const OPPORTUNITY_FIELDS = `
  id kind title description status hostOrganisationId hostDepartmentId startsOn endsOn capacity seatsTaken
  applicationDeadline eligibleStages language workMode confidentialDetails reviewComment cancelReason
  details { subject teachingHours courseLevel weeks credits days groupSize projectLevel load }
  requirements { competenceId minLevel weight essential competence { id code } }
  developedCompetences { id code }
  leadSupervisor { id displayName organisation { code } }
  coSupervision { coSupervisorId status declineReason }
`;

export interface OpportunityView {
  id: string;
  kind: OpportunityKind;
  title: string;
  description: string;
  status: string;
  hostOrganisationId: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  applicationDeadline: string;
  confidentialDetails: string | null;
  reviewComment: string | null;
  cancelReason: string | null;
  details: Record<string, unknown>;
  requirements: { competenceId: string; minLevel: number; weight: number; essential: boolean }[];
  developedCompetences: { id: string; code: string }[];
  leadSupervisor: { id: string; displayName: string; organisation: { code: string } };
  coSupervision: { coSupervisorId: string; status: string; declineReason: string | null } | null;
}

/** Valid kind-specific fields for each kind. */
export const DETAILS: Record<OpportunityKind, Record<string, unknown>> = {
  EXCHANGE_SLOT: { subject: 'Vaccine immunology', teachingHours: 12, courseLevel: 'MASTER' },
  INTERNSHIP: { weeks: 20, credits: 30 },
  WORKPLACE_VISIT: { days: 3, groupSize: 8 },
  CO_SUPERVISED_PROJECT: { projectLevel: 'MASTER', load: 4 },
};

/** A date `days` from today (YYYY-MM-DD). */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid CreateOpportunityInput of `kind`; `overrides` win. */
export function opportunityInput(
  kind: OpportunityKind = OpportunityKind.INTERNSHIP,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kind,
    title: `Internship: formulation of lipid nanoparticles ${randomBytes(3).toString('hex')}`,
    description: 'Work with the formulation team on lipid nanoparticles for mRNA vaccines.',
    startsOn: dayFromNow(60),
    // A workplace visit's period is its `days` (3), both dates included.
    endsOn: kind === OpportunityKind.WORKPLACE_VISIT ? dayFromNow(62) : dayFromNow(200),
    capacity: 2,
    applicationDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    eligibleStages: ['MASTER_STUDENT'],
    language: 'en',
    workMode: 'ON_SITE',
    details: DETAILS[kind],
    ...overrides,
  };
}

/** Creates a draft through the API as `supervisorToken`; throws on errors. */
export async function aDraft(
  t: TestApp,
  supervisorToken: string,
  kind: OpportunityKind = OpportunityKind.INTERNSHIP,
  overrides: Record<string, unknown> = {},
): Promise<OpportunityView> {
  const res = await t.gql<{ createOpportunity: OpportunityView }>(
    `mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { ${OPPORTUNITY_FIELDS} } }`,
    { i: opportunityInput(kind, overrides) },
    supervisorToken,
  );
  if (!res.data?.createOpportunity)
    throw new Error(`createOpportunity failed: ${JSON.stringify(res.errors)}`);
  return res.data.createOpportunity;
}

/** Runs a lifecycle mutation (`submitOpportunity`, ...) and returns the raw response. */
export function lifecycle(
  t: TestApp,
  mutation: string,
  id: string,
  token: string,
  extra: Record<string, string> = {},
) {
  const argDefs = Object.keys(extra)
    .map((k) => `, $${k}: String!`)
    .join('');
  const args = Object.keys(extra)
    .map((k) => `, ${k}: $${k}`)
    .join('');
  return t.gql<Record<string, { id: string; status: string }>>(
    `mutation($id: ID!${argDefs}) { ${mutation}(id: $id${args}) { id status reviewComment cancelReason } }`,
    { id, ...extra },
    token,
  );
}

/** A draft of a non-co-supervised kind, submitted by its supervisor and approved by `hrToken`: OPEN. */
export async function anOpenOpportunity(
  t: TestApp,
  supervisorToken: string,
  hrToken: string,
  kind: OpportunityKind = OpportunityKind.INTERNSHIP,
  overrides: Record<string, unknown> = {},
): Promise<OpportunityView> {
  const draft = await aDraft(t, supervisorToken, kind, overrides);
  for (const [m, token] of [
    ['submitOpportunity', supervisorToken],
    ['approveOpportunity', hrToken],
  ] as const) {
    const res = await lifecycle(t, m, draft.id, token);
    if (res.errors) throw new Error(`${m} failed: ${JSON.stringify(res.errors)}`);
  }
  return { ...draft, status: 'OPEN' };
}

/**
 * Competences of a test area, inserted directly (the competence framework is another feature's).
 * `retired` marks them retired.
 */
export async function someCompetences(
  t: TestApp,
  count: number,
  opts: { retired?: boolean } = {},
): Promise<CompetenceEntity[]> {
  const tag = randomBytes(4).toString('hex').toUpperCase();
  const areas = t.dataSource.getRepository(CompetenceAreaEntity);
  const area = await areas.save(
    areas.create({ code: `TEST_AREA_${tag}`, name: `Test area ${tag}`, description: 'Test competences' }),
  );
  const repo = t.dataSource.getRepository(CompetenceEntity);
  return repo.save(
    Array.from({ length: count }, (_, i) =>
      repo.create({
        code: `TEST_${tag}_${i}`,
        name: `Test competence ${tag} ${i}`,
        description: 'A competence for tests',
        areaId: area.id,
        retiredAt: opts.retired ? new Date() : null,
      }),
    ),
  );
}
