import { AssessmentEntity } from '../../src/profiles/entities/assessment.entity';
import { ApplicationStatus, AssessmentSource, CareerStage } from '../../src/core/domain/enums';
import { OpportunityDevelopedCompetenceEntity } from '../../src/opportunities/entities/opportunity.entity';
import {
  aCandidate,
  aCompetence,
  anApplication,
  anOpportunityRow,
  aSupervisor,
} from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const RECORD = `mutation($i: RecordPlacementEvidenceInput!) { recordPlacementEvidence(input: $i) {
  id personId competenceId level source assessorId applicationId note
} }`;
const COMPLETE = 'mutation($id: ID!) { completeApplication(id: $id) { status } }';
const MY_PROFILE = `{ myProfile {
  competences { competenceId level source }
  assessments { competenceId level source applicationId }
} }`;
const GAPS = `query($r: ID!) { gapAnalysis(roleId: $r) {
  readinessShare items { competenceId currentLevel gap met } unknowns { competenceId }
} }`;

interface Placement {
  candidate: CreatedUser;
  supervisor: CreatedUser;
  applicationId: string;
  developed: string[];
}

/** A placement under way: evidence needs its first day behind it. */
const STARTED = {
  startsOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
  endsOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
};

describe('Evidence from completed placements', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  /** An accepted placement developing two fresh competences, the candidate rating one of them SELF 1. */
  async function aPlacement(status = ApplicationStatus.ACCEPTED): Promise<Placement> {
    const [x, y] = await Promise.all([aCompetence(t, 'Assay validation'), aCompetence(t, 'GCP')]);
    const supervisor = await aSupervisor(t, 'JANSSEN');
    const candidate = await aCandidate(t, {
      stage: CareerStage.MASTER_STUDENT,
      levels: [{ competenceId: x.id, level: 1 }],
    });
    const opportunity = await anOpportunityRow(t, {
      leadSupervisorId: supervisor.user.id,
      hostOrg: 'JANSSEN',
      ...STARTED,
    });
    await t.dataSource.getRepository(OpportunityDevelopedCompetenceEntity).insert([
      { opportunityId: opportunity.id, competenceId: x.id },
      { opportunityId: opportunity.id, competenceId: y.id },
    ]);
    const application = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: candidate.user.id,
      status,
    });
    return { candidate, supervisor, applicationId: application.id, developed: [x.id, y.id] };
  }

  async function evidenceRows(applicationId: string): Promise<number> {
    return t.dataSource.getRepository(AssessmentEntity).countBy({ applicationId });
  }

  it('turns the supervisor’s assessment of a completed placement into evidence that changes the effective level and the gaps', async () => {
    const p = await aPlacement();
    const [x, y] = p.developed;
    const role = await t.gql<{ createRoleProfile: { id: string } }>(
      `mutation($i: CreateRoleProfileInput!) { createRoleProfile(input: $i) { id } }`,
      {
        i: {
          title: 'Assay scientist',
          careerStage: CareerStage.RESEARCHER,
          researchLevel: 'R2',
          description: 'Develops and validates assays',
          requirements: [
            { competenceId: x, requiredLevel: 3, essential: true, weight: 1 },
            { competenceId: y, requiredLevel: 2, essential: false, weight: 1 },
          ],
        },
      },
      await t.login('admin@talent-exchange.test'),
    );
    const roleId = role.data!.createRoleProfile.id;

    const before = await t.gql<{
      gapAnalysis: { readinessShare: number; items: { competenceId: string; currentLevel: number }[] };
    }>(GAPS, { r: roleId }, p.candidate.token);
    expect(before.data!.gapAnalysis).toMatchObject({
      readinessShare: 0,
      items: [{ competenceId: x, currentLevel: 1 }],
      unknowns: [{ competenceId: y }],
    });

    const done = await t.gql<{ completeApplication: { status: string } }>(
      COMPLETE,
      { id: p.applicationId },
      p.supervisor.token,
    );
    expect(done.data?.completeApplication.status).toBe('COMPLETED');

    const res = await t.gql<{ recordPlacementEvidence: Record<string, unknown>[] }>(
      RECORD,
      {
        i: {
          applicationId: p.applicationId,
          assessments: [
            { competenceId: x, level: 3 },
            { competenceId: y, level: 2 },
          ],
          note: ' Ran the validation study on her own ',
        },
      },
      p.supervisor.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordPlacementEvidence).toEqual([
      expect.objectContaining({
        personId: p.candidate.user.id,
        competenceId: x,
        level: 3,
        source: AssessmentSource.EVIDENCE,
        assessorId: p.supervisor.user.id,
        applicationId: p.applicationId,
        note: 'Ran the validation study on her own',
      }),
      expect.objectContaining({ competenceId: y, level: 2, source: AssessmentSource.EVIDENCE }),
    ]);

    const profile = await t.gql<{
      myProfile: {
        competences: { competenceId: string; level: number; source: string }[];
        assessments: { competenceId: string; source: string }[];
      };
    }>(MY_PROFILE, {}, p.candidate.token);
    const effective = new Map(profile.data!.myProfile.competences.map((c) => [c.competenceId, c]));
    expect(effective.get(x)).toEqual({ competenceId: x, level: 3, source: 'EVIDENCE' });
    expect(effective.get(y)).toEqual({ competenceId: y, level: 2, source: 'EVIDENCE' });
    // The history keeps the self-assessment the evidence now outranks.
    const history = profile.data!.myProfile.assessments.filter((a) => a.competenceId === x);
    expect(history.map((a) => a.source).sort()).toEqual(['EVIDENCE', 'SELF']);

    const after = await t.gql<{ gapAnalysis: { readinessShare: number; unknowns: unknown[] } }>(
      GAPS,
      { r: roleId },
      p.candidate.token,
    );
    expect(after.data!.gapAnalysis.readinessShare).toBe(1);
    expect(after.data!.gapAnalysis.unknowns).toEqual([]);

    const notes = await t.gql<{ notifications: { type: string }[] }>(
      '{ notifications(first: 5) { type } }',
      {},
      p.candidate.token,
    );
    expect(notes.data!.notifications.map((n) => n.type)).toContain('APPLICATION_EVIDENCE_RECORDED');
  });

  it('outranks a higher self-assessment: evidence of a lower level lowers the effective level', async () => {
    const p = await aPlacement(ApplicationStatus.COMPLETED);
    const [x] = p.developed;
    await t.gql(
      'mutation($c: ID!) { selfAssess(competenceId: $c, level: 4) { id } }',
      { c: x },
      p.candidate.token,
    );
    const res = await t.gql(
      RECORD,
      { i: { applicationId: p.applicationId, assessments: [{ competenceId: x, level: 2 }] } },
      p.supervisor.token,
    );
    expect(res.errors).toBeUndefined();
    const profile = await t.gql<{ myProfile: { competences: { competenceId: string; level: number }[] } }>(
      MY_PROFILE,
      {},
      p.candidate.token,
    );
    expect(profile.data!.myProfile.competences.find((c) => c.competenceId === x)?.level).toBe(2);
  });

  it('refuses evidence before the placement is completed, and writes nothing', async () => {
    const p = await aPlacement(ApplicationStatus.ACCEPTED);
    const res = await t.gql(
      RECORD,
      { i: { applicationId: p.applicationId, assessments: [{ competenceId: p.developed[0], level: 2 }] } },
      p.supervisor.token,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PLACEMENT_NOT_COMPLETED' });
    expect(await evidenceRows(p.applicationId)).toBe(0);
  });

  it('names every competence the opportunity does not develop or that is listed twice, and writes none of the valid ones', async () => {
    const p = await aPlacement(ApplicationStatus.COMPLETED);
    const other = await aCompetence(t, 'Unrelated');
    const res = await t.gql(
      RECORD,
      {
        i: {
          applicationId: p.applicationId,
          assessments: [
            { competenceId: p.developed[0], level: 2 },
            { competenceId: other.id, level: 3 },
            { competenceId: p.developed[0], level: 4 },
          ],
        },
      },
      p.supervisor.token,
    );
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'assessments.1.competenceId', message: 'not a competence this opportunity develops' },
        { field: 'assessments.2.competenceId', message: 'competence listed twice' },
      ],
    });
    expect(await evidenceRows(p.applicationId)).toBe(0);

    const badLevel = await t.gql(
      RECORD,
      { i: { applicationId: p.applicationId, assessments: [{ competenceId: p.developed[0], level: 5 }] } },
      p.supervisor.token,
    );
    expect(badLevel.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await evidenceRows(p.applicationId)).toBe(0);
  });

  it('answers a level out of range, an empty note and a competence the opportunity does not develop in one error', async () => {
    const p = await aPlacement(ApplicationStatus.COMPLETED);
    const other = await aCompetence(t, 'Unrelated too');
    const res = await t.gql(
      RECORD,
      {
        i: {
          applicationId: p.applicationId,
          assessments: [
            { competenceId: p.developed[0], level: 5 },
            { competenceId: other.id, level: 2 },
          ],
          note: '',
        },
      },
      p.supervisor.token,
    );
    expect(res.errors).toHaveLength(1);
    const fields = (res.errors![0].extensions.fields as { field: string }[]).map((f) => f.field);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(fields.sort()).toEqual(['assessments.0.level', 'assessments.1.competenceId', 'note']);
    expect(await evidenceRows(p.applicationId)).toBe(0);
  });

  it('lets only the placement’s supervisors record it: the candidate and host HR are refused, others see no such application', async () => {
    const p = await aPlacement(ApplicationStatus.COMPLETED);
    const input = {
      i: { applicationId: p.applicationId, assessments: [{ competenceId: p.developed[0], level: 3 }] },
    };
    const code = async (token: string) => (await t.gql(RECORD, input, token)).errors?.[0].extensions?.code;

    expect(await code(p.candidate.token)).toBe('FORBIDDEN');
    expect(await code(await t.login('hr@janssen.test'))).toBe('FORBIDDEN');
    expect(await code((await aSupervisor(t, 'JANSSEN')).token)).toBe('NOT_FOUND');
    expect(await code(await t.login('hr@lumc.test'))).toBe('NOT_FOUND');
    expect(await evidenceRows(p.applicationId)).toBe(0);

    const missing = await t.gql(
      RECORD,
      { i: { ...input.i, applicationId: '00000000-0000-4000-8000-000000000000' } },
      p.supervisor.token,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('accepts evidence from an accepted co-supervisor', async () => {
    const [x] = await Promise.all([aCompetence(t, 'Formulation')]);
    const lead = await aSupervisor(t, 'LUMC');
    const co = await aSupervisor(t, 'LEIDEN_UNIV');
    const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const opportunity = await anOpportunityRow(t, {
      leadSupervisorId: lead.user.id,
      coSupervisorId: co.user.id,
      ...STARTED,
    });
    await t.dataSource
      .getRepository(OpportunityDevelopedCompetenceEntity)
      .insert({ opportunityId: opportunity.id, competenceId: x.id });
    const application = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: candidate.user.id,
      status: ApplicationStatus.COMPLETED,
    });
    const res = await t.gql<{ recordPlacementEvidence: { assessorId: string }[] }>(
      RECORD,
      { i: { applicationId: application.id, assessments: [{ competenceId: x.id, level: 2 }] } },
      co.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordPlacementEvidence[0].assessorId).toBe(co.user.id);
  });
});
