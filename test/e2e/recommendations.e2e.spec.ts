import fc from 'fast-check';
import { ApplicationEntity } from '../../src/applications/entities/application.entity';
import { CompetenceEntity } from '../../src/competences/entities/competence.entity';
import { validateEnv } from '../../src/config/env.schema';
import { CareerStage } from '../../src/core/domain/enums';
import {
  computeFit,
  DEFAULT_FIT_WEIGHTS,
  FitCandidate,
  FitOpportunity,
  LANGUAGE_LEVELS,
  rankByFit,
} from '../../src/core/fit/fit-score';
import { OpenOpportunityIndex, PreparedRow } from '../../src/recommendations/fit-ranking';
import { ApplicationStatus, OpportunityKind, UserRole } from '../../src/core/domain/enums';
import { anOpenOpportunity, lifecycle, someCompetences } from '../factories/opportunities.factory';
import { withAssessments, withProfile } from '../factories/profiles.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

interface FitPart {
  key: string;
  weight: number;
  value: number;
  detail: string;
  code?: string;
  facts?: Record<string, unknown>;
}

interface Recommendation {
  opportunity: { id: string; title: string; status: string };
  score: number;
  eligible: boolean;
  reasons: string[];
  ineligibility: {
    code: string;
    careerStage: string | null;
    eligibleStages: string[] | null;
    competenceId: string | null;
    requiredLevel: number | null;
    currentLevel: number | null;
  }[];
  parts: FitPart[];
  missing: {
    competence: { id: string; name: string };
    requiredLevel: number;
    currentLevel: number | null;
    essential: boolean;
  }[];
  mark: string | null;
}

interface CandidateMatch {
  userId: string;
  displayName: string;
  organisation: { code: string };
  careerStage: string | null;
  applied: boolean;
  score: number;
  eligible: boolean;
  reasons: string[];
  parts: FitPart[];
  missing: { competence: { id: string }; requiredLevel: number; currentLevel: number | null }[];
  levels: { competenceId: string; level: number; competence: { id: string } }[];
}

const RECOMMENDED = `query($first: Int, $filter: RecommendationFilterInput, $all: Boolean) {
  recommendedOpportunities(first: $first, filter: $filter, includeIneligible: $all) {
    opportunity { id title status }
    score eligible reasons mark
    ineligibility { code careerStage eligibleStages competenceId requiredLevel currentLevel }
    parts { key weight value detail code facts { met total share language spokenLevel neededLevel } }
    missing { competence { id name } requiredLevel currentLevel essential }
  }
}`;

const MATCHING = `query($id: ID!, $first: Int) {
  matchingCandidates(opportunityId: $id, first: $first) {
    userId displayName organisation { code } careerStage applied score eligible reasons
    parts { key weight value detail }
    missing { competence { id } requiredLevel currentLevel }
    levels { competenceId level competence { id } }
  }
}`;

const MARK = `mutation($id: ID!, $mark: OpportunityMarkKind!) {
  markOpportunity(opportunityId: $id, mark: $mark) { opportunityId mark createdAt opportunity { id title } }
}`;

/** A live application, inserted directly as setup (applying is the applications feature's). */
async function anApplication(
  t: TestApp,
  spec: { opportunityId: string; candidateId: string; status: ApplicationStatus },
): Promise<void> {
  await t.dataSource
    .getRepository(ApplicationEntity)
    .insert({ ...spec, motivation: 'Recommendation test', responseDeadline: null });
}

/** Σ weight·value / Σ weight × 100, as the README documents it. */
function scoreOfParts(parts: FitPart[]): number {
  const weights = parts.reduce((s, p) => s + p.weight, 0);
  return (parts.reduce((s, p) => s + p.weight * p.value, 0) / weights) * 100;
}

describe('explained recommendations', () => {
  let t: TestApp;
  let supervisor: CreatedUser;
  let hrLumc: string;
  let candidate: CreatedUser;
  /** Marker: every opportunity of this file requires it (optional, level 1); the filter finds only ours. */
  let marker: CompetenceEntity;
  let a: CompetenceEntity;
  let b: CompetenceEntity;
  let d: CompetenceEntity;
  let unrelated: CompetenceEntity;
  const ids: Record<string, string> = {};

  const recommend = (token: string, vars: Record<string, unknown> = {}) =>
    t.gql<{ recommendedOpportunities: Recommendation[] }>(
      RECOMMENDED,
      { first: 20, filter: { competenceId: marker.id }, ...vars },
      token,
    );

  const open = async (name: string, overrides: Record<string, unknown>) => {
    const o = await anOpenOpportunity(t, supervisor.token, hrLumc, OpportunityKind.INTERNSHIP, {
      title: `Recommendation test ${name}`,
      eligibleStages: [],
      language: 'en',
      ...overrides,
      requirements: [
        { competenceId: marker.id, minLevel: 1, essential: false, weight: 1 },
        ...((overrides.requirements as unknown[]) ?? []),
      ],
    });
    ids[name] = o.id;
    return o;
  };

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    hrLumc = await t.login('hr@lumc.test');
    supervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
    [marker, a, b, d, unrelated] = await someCompetences(t, 5);

    candidate = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
    await withProfile(t, candidate.token, { languages: [{ code: 'en', level: 'C1' }] });
    await withAssessments(t, candidate, [
      { competence: marker.id, level: 2 },
      { competence: a.id, level: 3 },
      { competence: b.id, level: 1 },
    ]);

    // Eligible: ESSENTIAL 1, OPTIONAL 1, DEVELOPMENT 0, AVAILABILITY 0.5 (not stated), LANGUAGE 1 → 80.
    await open('perfect', {
      requirements: [
        { competenceId: a.id, minLevel: 2, essential: true },
        { competenceId: b.id, minLevel: 1, essential: false },
      ],
    });
    await open('perfectTwin', {
      requirements: [
        { competenceId: a.id, minLevel: 2, essential: true },
        { competenceId: b.id, minLevel: 1, essential: false },
      ],
    });
    // Optional B needs Advanced; Intermediate... the candidate has Foundational (1/3 credit) → 71.7.
    await open('partial', {
      requirements: [
        { competenceId: a.id, minLevel: 3, essential: true },
        { competenceId: b.id, minLevel: 3, essential: false },
      ],
    });
    // Dutch-taught: LANGUAGE 0 → 70.
    await open('dutch', {
      language: 'nl',
      requirements: [{ competenceId: a.id, minLevel: 1, essential: true }],
    });
    // Ineligible: an essential competence the candidate never rated; a stage they are not in.
    await open('unmetEssential', { requirements: [{ competenceId: d.id, minLevel: 1, essential: true }] });
    await open('wrongStage', { eligibleStages: ['PHD_CANDIDATE'] });
    // Not recommendable at all: closed, past its deadline, already applied to.
    await open('closed', {});
    const closed = await lifecycle(t, 'closeOpportunity', ids.closed, hrLumc);
    expect(closed.errors).toBeUndefined();
    await open('pastDeadline', {});
    // Setup only: the API refuses a deadline in the past, so move it after opening.
    await t.dataSource.query(
      `UPDATE opportunities SET application_deadline = now() - interval '1 minute' WHERE id = $1`,
      [ids.pastDeadline],
    );
    await open('applied', {});
    await anApplication(t, {
      opportunityId: ids.applied,
      candidateId: candidate.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
  });

  afterAll(() => t.close());

  describe('recommendedOpportunities', () => {
    it('ranks eligible open opportunities by fit score, ties by id, each explained by parts that add up to the score', async () => {
      const res = await recommend(candidate.token);
      expect(res.errors).toBeUndefined();
      const list = res.data!.recommendedOpportunities;
      const twins = [ids.perfect, ids.perfectTwin].sort();
      expect(list.map((r) => r.opportunity.id)).toEqual([...twins, ids.partial, ids.dutch]);
      expect(list.map((r) => r.score)).toEqual([80, 80, 71.7, 70]);
      for (const r of list) {
        expect(r.eligible).toBe(true);
        expect(r.reasons).toEqual([]);
        expect(r.opportunity.status).toBe('OPEN');
        expect(r.parts.map((p) => p.key)).toEqual([
          'ESSENTIAL',
          'OPTIONAL',
          'DEVELOPMENT',
          'AVAILABILITY',
          'LANGUAGE',
        ]);
        expect(r.parts.map((p) => p.weight)).toEqual([40, 25, 15, 10, 10]);
        expect(scoreOfParts(r.parts)).toBeCloseTo(r.score, 1);
        for (const p of r.parts) expect(p.detail.length).toBeGreaterThan(0);
      }
      const partial = list[2];
      expect(partial.parts.find((p) => p.key === 'OPTIONAL')!.value).toBeCloseTo(2 / 3, 5);
      expect(partial.parts.find((p) => p.key === 'DEVELOPMENT')!.value).toBe(0);
      expect(partial.parts.find((p) => p.key === 'AVAILABILITY')!.value).toBe(0.5);
      expect(partial.missing).toEqual([
        { competence: { id: b.id, name: b.name }, requiredLevel: 3, currentLevel: 1, essential: false },
      ]);
      expect(list[3].parts.find((p) => p.key === 'LANGUAGE')).toMatchObject({ value: 0 });
    });

    it('leaves out closed, past-deadline and applied-to opportunities even with includeIneligible', async () => {
      const res = await recommend(candidate.token, { all: true });
      expect(res.errors).toBeUndefined();
      const shown = res.data!.recommendedOpportunities.map((r) => r.opportunity.id);
      expect(shown).not.toContain(ids.closed);
      expect(shown).not.toContain(ids.pastDeadline);
      expect(shown).not.toContain(ids.applied);
    });

    it('leaves out opportunities with an unmet essential requirement or another career stage, and shows them with reasons on request', async () => {
      const eligibleOnly = await recommend(candidate.token);
      const shown = eligibleOnly.data!.recommendedOpportunities.map((r) => r.opportunity.id);
      expect(shown).not.toContain(ids.unmetEssential);
      expect(shown).not.toContain(ids.wrongStage);

      const all = (await recommend(candidate.token, { all: true })).data!.recommendedOpportunities;
      const unmet = all.find((r) => r.opportunity.id === ids.unmetEssential)!;
      expect(unmet.eligible).toBe(false);
      expect(unmet.reasons).toEqual([
        `essential requirement ${d.name} needs Foundational (1), you have no rating`,
      ]);
      expect(unmet.missing).toEqual([
        { competence: { id: d.id, name: d.name }, requiredLevel: 1, currentLevel: null, essential: true },
      ]);
      // The same reasons as codes with their facts, for a client to write in its own language.
      expect(unmet.ineligibility).toEqual([
        {
          code: 'ESSENTIAL_NOT_MET',
          competenceId: d.id,
          requiredLevel: 1,
          currentLevel: null,
          careerStage: null,
          eligibleStages: null,
        },
      ]);
      expect(unmet.parts.find((p) => p.key === 'ESSENTIAL')!.value).toBe(0);
      expect(unmet.parts.find((p) => p.key === 'ESSENTIAL')).toMatchObject({
        code: 'ESSENTIALS_MET',
        facts: { met: 0, total: 1, language: null },
      });
      const stage = all.find((r) => r.opportunity.id === ids.wrongStage)!;
      expect(stage.eligible).toBe(false);
      expect(stage.reasons).toEqual(['career stage MASTER_STUDENT is not eligible']);
      expect(stage.ineligibility).toEqual([
        expect.objectContaining({ code: 'CAREER_STAGE_NOT_ELIGIBLE', careerStage: 'MASTER_STUDENT' }),
      ]);
      // Still ranked by score among all of them.
      const scores = all.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
    });

    it('recommends to someone without a career stage only opportunities open to every stage', async () => {
      const newcomer = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'JANSSEN' });
      await withAssessments(t, newcomer, [{ competence: a.id, level: 4 }]);
      const res = await recommend(newcomer.token);
      expect(res.errors).toBeUndefined();
      const shown = res.data!.recommendedOpportunities.map((r) => r.opportunity.id);
      expect(shown).toContain(ids.perfect);
      expect(shown).not.toContain(ids.wrongStage);
      const all = (await recommend(newcomer.token, { all: true })).data!.recommendedOpportunities;
      expect(all.find((r) => r.opportunity.id === ids.wrongStage)!.reasons[0]).toMatch(
        /^career stage unknown: open to PHD_CANDIDATE only/,
      );
    });

    it('honours first and the kind and host organisation filters', async () => {
      const top = await recommend(candidate.token, { first: 1 });
      expect(top.data!.recommendedOpportunities).toHaveLength(1);
      const visits = await recommend(candidate.token, {
        filter: { competenceId: marker.id, kind: 'WORKPLACE_VISIT' },
      });
      expect(visits.data!.recommendedOpportunities).toEqual([]);
      const otherHost = await t.gql<{ organisations: { id: string; code: string }[] }>(
        '{ organisations { id code } }',
        {},
        candidate.token,
      );
      const janssen = otherHost.data!.organisations.find((o) => o.code === 'JANSSEN')!.id;
      const hosted = await recommend(candidate.token, {
        filter: { competenceId: marker.id, hostOrganisationId: janssen },
      });
      expect(hosted.data!.recommendedOpportunities).toEqual([]);
    });

    it('gives the same top entries with a small first (bound pruning) as with a large one (everything scored)', async () => {
      // 150 opportunities inserted in one statement as setup (the API would take 450 requests).
      const pool = await someCompetences(t, 6);
      const [tag] = pool;
      const [{ id: supervisorId }] = [supervisor.user];
      await t.dataSource.query(
        `WITH o AS (
           INSERT INTO opportunities (kind, title, description, status, host_organisation_id, lead_supervisor_id,
             starts_on, ends_on, capacity, application_deadline, eligible_stages, language, details)
           SELECT 'INTERNSHIP', 'Pruning test ' || g, 'Setup', 'OPEN', $1, $2, current_date + 60, current_date + 120,
                  1, now() + interval '30 days', '{}', CASE WHEN g % 5 = 0 THEN 'nl' ELSE 'en' END, '{}'
             FROM generate_series(1, 150) g RETURNING id, title)
         INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
         SELECT o.id, c.id, 1 + (abs(hashtext(o.title || c.id::text)) % 4), 1 + abs(hashtext(c.id::text || o.title)) % 3,
                c.id = $4 AND abs(hashtext(o.title)) % 4 = 0
           FROM o CROSS JOIN unnest($3::uuid[]) AS c(id)
          WHERE c.id = $4 OR abs(hashtext(o.title || c.id::text)) % 3 > 0`,
        [supervisor.user.organisationId, supervisorId, pool.map((c) => c.id), tag.id],
      );
      const reader = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
      await withProfile(t, reader.token, { languages: [{ code: 'en', level: 'B2' }] });
      await withAssessments(
        t,
        reader,
        pool.slice(0, 5).map((c, i) => ({ competence: c.id, level: 1 + (i % 4) })),
      );
      const ask = (first: number, all: boolean) =>
        t.gql<{ recommendedOpportunities: { score: number; opportunity: { id: string } }[] }>(
          `query($first: Int, $all: Boolean, $c: ID) {
             recommendedOpportunities(first: $first, includeIneligible: $all, filter: { competenceId: $c }) {
               score opportunity { id }
             } }`,
          { first, all, c: tag.id },
          reader.token,
        );
      for (const all of [false, true]) {
        const everything = (await ask(100, all)).data!.recommendedOpportunities;
        expect(everything.length).toBeGreaterThan(10);
        for (const first of [1, 3, 7]) {
          const top = (await ask(first, all)).data!.recommendedOpportunities;
          expect(top.map((r) => [r.opportunity.id, r.score])).toEqual(
            everything.slice(0, first).map((r) => [r.opportunity.id, r.score]),
          );
        }
      }
    });

    it('drops an opportunity closed a moment ago, although the open opportunities were just read', async () => {
      const [own] = await someCompetences(t, 1);
      const o = await anOpenOpportunity(t, supervisor.token, hrLumc, OpportunityKind.WORKPLACE_VISIT, {
        eligibleStages: [],
        requirements: [{ competenceId: own.id, minLevel: 1, essential: false }],
      });
      const before = await recommend(candidate.token, { filter: { competenceId: own.id } });
      expect(before.data!.recommendedOpportunities.map((r) => r.opportunity.id)).toEqual([o.id]);
      expect((await lifecycle(t, 'closeOpportunity', o.id, hrLumc)).errors).toBeUndefined();
      const after = await recommend(candidate.token, { filter: { competenceId: own.id } });
      expect(after.data!.recommendedOpportunities).toEqual([]);
    });

    it("treats an opportunity HR let the candidate apply to as eligible, with HR's reason, for that candidate only", async () => {
      const GRANT = `mutation($o: ID!, $c: ID!, $reason: String!) {
        grantEligibilityOverride(input: { opportunityId: $o, candidateId: $c, reason: $reason }) { id }
      }`;
      const WITH_OVERRIDE = `query($filter: RecommendationFilterInput, $all: Boolean) {
        recommendedOpportunities(first: 20, filter: $filter, includeIneligible: $all) {
          opportunity { id } score eligible reasons ineligibility { code } eligibilityOverride { reason opportunityId }
          missing { competence { id } essential }
        }
      }`;
      type Listed = {
        opportunity: { id: string };
        score: number;
        eligible: boolean;
        reasons: string[];
        ineligibility: { code: string }[];
        eligibilityOverride: { reason: string; opportunityId: string } | null;
        missing: { competence: { id: string }; essential: boolean }[];
      };
      const list = async (token: string, all = false) => {
        const res = await t.gql<{ recommendedOpportunities: Listed[] }>(
          WITH_OVERRIDE,
          { filter: { competenceId: marker.id }, all },
          token,
        );
        expect(res.errors).toBeUndefined();
        return res.data!.recommendedOpportunities;
      };
      // A candidate like `candidate` (a master student), whom HR lets apply to the PhD-only
      // opportunity and to the one whose essential competence they never rated.
      const allowed = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
      await withProfile(t, allowed.token, { languages: [{ code: 'en', level: 'C1' }] });
      await withAssessments(t, allowed, [
        { competence: marker.id, level: 2 },
        { competence: a.id, level: 3 },
        { competence: b.id, level: 1 },
      ]);
      const ineligibleBefore = await list(allowed.token, true);
      const stageBefore = ineligibleBefore.find((r) => r.opportunity.id === ids.wrongStage)!;
      expect(stageBefore).toMatchObject({ eligible: false, eligibilityOverride: null });
      const before = (await list(allowed.token)).map((r) => r.opportunity.id);
      expect(before).not.toContain(ids.wrongStage);
      expect(before).not.toContain(ids.unmetEssential);

      const stageReason = 'Exceptional master thesis; the PhD supervisor agreed';
      const essentialReason = 'Trained in this method at the summer school';
      for (const [o, reason] of [
        [ids.wrongStage, stageReason],
        [ids.unmetEssential, essentialReason],
      ]) {
        const granted = await t.gql(GRANT, { o, c: allowed.user.id, reason }, hrLumc);
        expect(granted.errors).toBeUndefined();
      }

      const after = await list(allowed.token);
      const stage = after.find((r) => r.opportunity.id === ids.wrongStage);
      expect(stage).toMatchObject({
        eligible: true,
        reasons: [],
        ineligibility: [],
        eligibilityOverride: { reason: stageReason, opportunityId: ids.wrongStage },
      });
      // The score and what is missing stay what they are; only eligibility changes.
      expect(stage!.score).toBe(stageBefore.score);
      const essential = after.find((r) => r.opportunity.id === ids.unmetEssential);
      expect(essential).toMatchObject({
        eligible: true,
        reasons: [],
        eligibilityOverride: { reason: essentialReason },
        missing: [{ competence: { id: d.id }, essential: true }],
      });
      // Ranked among the others by score, and the others carry no override.
      const scores = after.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
      for (const r of after.filter(
        (r) => r.opportunity.id !== ids.wrongStage && r.opportunity.id !== ids.unmetEssential,
      )) {
        expect(r.eligibilityOverride).toBeNull();
      }
      // The same as the detail page's fit says.
      const fit = await t.gql<{
        myFit: { eligible: boolean; score: number; eligibilityOverride: { reason: string } };
      }>(
        `query($o: ID!) { myFit(opportunityId: $o) { eligible score eligibilityOverride { reason } } }`,
        { o: ids.wrongStage },
        allowed.token,
      );
      expect(fit.data!.myFit).toEqual({
        eligible: true,
        score: stage!.score,
        eligibilityOverride: { reason: stageReason },
      });
      // Someone else in the same position still does not get them.
      const others = (await list(candidate.token)).map((r) => r.opportunity.id);
      expect(others).not.toContain(ids.wrongStage);
      expect(others).not.toContain(ids.unmetEssential);
    });

    it('refuses first outside 1..100 as bad input', async () => {
      const res = await recommend(candidate.token, { first: 0 });
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('marks', () => {
    it('drops an opportunity marked NOT_INTERESTED from recommendations, and brings it back when unmarked', async () => {
      const marked = await t.gql(MARK, { id: ids.perfectTwin, mark: 'NOT_INTERESTED' }, candidate.token);
      expect(marked.errors).toBeUndefined();
      const after = await recommend(candidate.token, { all: true });
      expect(after.data!.recommendedOpportunities.map((r) => r.opportunity.id)).not.toContain(
        ids.perfectTwin,
      );

      const unmarked = await t.gql<{ unmarkOpportunity: boolean }>(
        'mutation($id: ID!) { unmarkOpportunity(opportunityId: $id) }',
        { id: ids.perfectTwin },
        candidate.token,
      );
      expect(unmarked.data!.unmarkOpportunity).toBe(true);
      const back = await recommend(candidate.token);
      expect(back.data!.recommendedOpportunities.map((r) => r.opportunity.id)).toContain(ids.perfectTwin);
    });

    it('lists a bookmark in myBookmarks, keeps it recommended with its mark, and replaces it by a later mark', async () => {
      const res = await t.gql<{
        markOpportunity: { opportunityId: string; mark: string; opportunity: { id: string } };
      }>(MARK, { id: ids.partial, mark: 'BOOKMARK' }, candidate.token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.markOpportunity).toMatchObject({ opportunityId: ids.partial, mark: 'BOOKMARK' });
      const bookmarks = await t.gql<{
        myBookmarks: { opportunityId: string; mark: string; opportunity: { title: string } }[];
      }>('{ myBookmarks { opportunityId mark opportunity { title } } }', {}, candidate.token);
      expect(bookmarks.data!.myBookmarks).toEqual([
        {
          opportunityId: ids.partial,
          mark: 'BOOKMARK',
          opportunity: { title: 'Recommendation test partial' },
        },
      ]);
      const recs = (await recommend(candidate.token)).data!.recommendedOpportunities;
      expect(recs.find((r) => r.opportunity.id === ids.partial)!.mark).toBe('BOOKMARK');

      await t.gql(MARK, { id: ids.partial, mark: 'NOT_INTERESTED' }, candidate.token);
      const none = await t.gql<{ myBookmarks: unknown[] }>(
        '{ myBookmarks { opportunityId } }',
        {},
        candidate.token,
      );
      expect(none.data!.myBookmarks).toEqual([]);
      await t.gql(
        'mutation($id: ID!) { unmarkOpportunity(opportunityId: $id) }',
        { id: ids.partial },
        candidate.token,
      );
    });

    it('answers NOT_FOUND when marking an opportunity the candidate cannot see', async () => {
      const res = await t.gql(MARK, { id: ids.closed, mark: 'BOOKMARK' }, candidate.token);
      expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(res.errors?.[0].message).toBe('Opportunity not found');
      const missing = await t.gql(
        MARK,
        { id: '00000000-0000-4000-8000-000000000000', mark: 'BOOKMARK' },
        candidate.token,
      );
      expect(missing.errors?.[0].message).toBe('Opportunity not found');
    });
  });

  describe('matchingCandidates', () => {
    let applicant: CreatedUser;
    let findable: CreatedUser;
    let hidden: CreatedUser;
    let lumcPrivate: CreatedUser;

    beforeAll(async () => {
      applicant = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
      await withProfile(t, applicant.token, { visibility: 'PRIVATE' as never });
      await withAssessments(t, applicant, [{ competence: a.id, level: 2 }]);
      await anApplication(t, {
        opportunityId: ids.perfect,
        candidateId: applicant.user.id,
        status: ApplicationStatus.SUBMITTED,
      });

      findable = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'JANSSEN' });
      await withProfile(t, findable.token, {
        visibility: 'CONSORTIUM' as never,
        languages: [{ code: 'en', level: 'NATIVE' }],
      });
      await withAssessments(t, findable, [
        { competence: a.id, level: 4 },
        { competence: b.id, level: 2 },
        { competence: marker.id, level: 1 },
        { competence: unrelated.id, level: 3 },
      ]);

      hidden = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
      await withProfile(t, hidden.token, { visibility: 'PRIVATE' as never });
      await withAssessments(t, hidden, [{ competence: a.id, level: 4 }]);

      lumcPrivate = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LUMC' });
      await withProfile(t, lumcPrivate.token, { visibility: 'PRIVATE' as never });
      await withAssessments(t, lumcPrivate, [{ competence: a.id, level: 3 }]);
    });

    const matching = (token: string, id = ids.perfect) =>
      t.gql<{ matchingCandidates: CandidateMatch[] }>(MATCHING, { id, first: 20 }, token);

    it('ranks applicants and findable profiles by fit for the lead supervisor, with only the permitted fields', async () => {
      const res = await matching(supervisor.token);
      expect(res.errors).toBeUndefined();
      const mine = new Set([
        applicant.user.id,
        findable.user.id,
        hidden.user.id,
        lumcPrivate.user.id,
        candidate.user.id,
      ]);
      const list = res.data!.matchingCandidates.filter((m) => mine.has(m.userId));
      expect(list.map((m) => m.userId)).toEqual([findable.user.id, applicant.user.id]);
      const scores = res.data!.matchingCandidates.map((m) => m.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));

      const [top, second] = list;
      expect(top).toMatchObject({
        displayName: findable.user.displayName,
        organisation: { code: 'JANSSEN' },
        careerStage: 'MASTER_STUDENT',
        applied: false,
        eligible: true,
        reasons: [],
        missing: [],
      });
      expect(scoreOfParts(top.parts)).toBeCloseTo(top.score, 1);
      // Only the competences the opportunity asks for: never `unrelated`.
      expect(top.levels.map((l) => [l.competenceId, l.level]).sort()).toEqual(
        [
          [a.id, 4],
          [b.id, 2],
          [marker.id, 1],
        ].sort(),
      );
      expect(second).toMatchObject({ applied: true, eligible: true, organisation: { code: 'LEIDEN_UNIV' } });
      // Optional ones by competence id (the core's order).
      expect(second.missing.map((m) => [m.competence.id, m.currentLevel])).toEqual(
        [
          [b.id, null],
          [marker.id, null],
        ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
      );
    });

    it('lists eligible people before ineligible ones, whatever their scores', async () => {
      const [x1, x2, y] = await someCompetences(t, 3);
      const o = await open('eligibleFirst', {
        requirements: [
          { competenceId: x1.id, minLevel: 1, essential: true },
          { competenceId: x2.id, minLevel: 1, essential: true },
          { competenceId: y.id, minLevel: 4, essential: false, weight: 10 },
        ],
      });
      // Meets both essential requirements, nothing else: 40 + 0 + 0 + 5 + 0 = 45.
      const eligible = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
      await withProfile(t, eligible.token, {});
      await withAssessments(t, eligible, [
        { competence: x1.id, level: 1 },
        { competence: x2.id, level: 1 },
      ]);
      // Misses x2 (ineligible) but covers every optional requirement and speaks English: 20 + 25 + 5 + 10 = 60.
      const ineligible = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
      await withProfile(t, ineligible.token, { languages: [{ code: 'en', level: 'C1' }] });
      await withAssessments(t, ineligible, [
        { competence: x1.id, level: 1 },
        { competence: y.id, level: 4 },
        { competence: marker.id, level: 1 },
      ]);
      for (const person of [eligible, ineligible]) {
        await anApplication(t, {
          opportunityId: o.id,
          candidateId: person.user.id,
          status: ApplicationStatus.SUBMITTED,
        });
      }
      const res = await matching(supervisor.token, o.id);
      expect(res.errors).toBeUndefined();
      const list = res.data!.matchingCandidates.filter((m) =>
        [eligible.user.id, ineligible.user.id].includes(m.userId),
      );
      expect(list.map((m) => [m.userId, m.eligible, m.score])).toEqual([
        [eligible.user.id, true, 45],
        [ineligible.user.id, false, 60],
      ]);
      const flags = res.data!.matchingCandidates.map((m) => m.eligible);
      expect(flags).toEqual([...flags].sort((p, q) => Number(q) - Number(p)));
    });

    it('lists only the live applicants with applicantsOnly, even when findable profiles fit better', async () => {
      const res = await t.gql<{ matchingCandidates: CandidateMatch[] }>(
        `query($id: ID!) {
          matchingCandidates(opportunityId: $id, first: 1, applicantsOnly: true) { userId applied missing { competenceId } }
        }`,
        { id: ids.perfect },
        supervisor.token,
      );
      expect(res.errors).toBeUndefined();
      // Without it the better-fitting findable profile comes first and `first: 1` leaves the applicant out.
      expect(res.data!.matchingCandidates).toEqual([
        { userId: applicant.user.id, applied: true, missing: expect.any(Array) },
      ]);
      expect(res.data!.matchingCandidates[0].missing.length).toBe(2);
      const mixed = await t.gql<{ matchingCandidates: CandidateMatch[] }>(
        MATCHING,
        { id: ids.perfect, first: 1 },
        supervisor.token,
      );
      expect(mixed.data!.matchingCandidates.map((m) => m.userId)).not.toContain(applicant.user.id);
    });

    it('has no e-mail, assessment history or other competences in its type', async () => {
      const type = await t.gql<{ __type: { fields: { name: string }[] } }>(
        '{ __type(name: "CandidateMatch") { fields { name } } }',
        {},
        supervisor.token,
      );
      expect(type.data!.__type.fields.map((f) => f.name).sort()).toEqual(
        [
          'applied',
          'careerStage',
          'displayName',
          'eligible',
          'ineligibility',
          'levels',
          'missing',
          'organisation',
          'parts',
          'reasons',
          'score',
          'userId',
        ].sort(),
      );
      const email = await t.gql(
        'query($id: ID!) { matchingCandidates(opportunityId: $id) { email } }',
        { id: ids.perfect },
        supervisor.token,
      );
      expect(email.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('lets HR of the host organisation see its own candidates with private profiles too', async () => {
      const res = await matching(hrLumc);
      expect(res.errors).toBeUndefined();
      const shown = res.data!.matchingCandidates.map((m) => m.userId);
      expect(shown).toEqual(
        expect.arrayContaining([findable.user.id, applicant.user.id, lumcPrivate.user.id]),
      );
      expect(shown).not.toContain(hidden.user.id);
      const bySupervisor = (await matching(supervisor.token)).data!.matchingCandidates.map((m) => m.userId);
      expect(bySupervisor).not.toContain(lumcPrivate.user.id);
    });

    it('answers NOT_FOUND, as for a missing opportunity, to HR of another organisation and to a candidate', async () => {
      const missing = await matching(supervisor.token, '00000000-0000-4000-8000-000000000000');
      expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
      for (const token of [
        await t.login('hr@leiden.test'),
        candidate.token,
        await t.login('supervisor@janssen.test'),
      ]) {
        const res = await matching(token);
        expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
        expect(res.errors?.[0].message).toBe(missing.errors?.[0].message);
        expect(res.data).toBeNull();
      }
    });
  });
});

describe('ranking in memory (fit-ranking.ts)', () => {
  const COMPETENCES = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
  const STAGES = [CareerStage.MASTER_STUDENT, CareerStage.PHD_CANDIDATE, CareerStage.POSTDOC];
  const now = new Date('2027-01-01T00:00:00Z');

  const rowArb = fc.record({
    stages: fc.subarray(STAGES),
    language: fc.constantFrom('en', 'nl', 'de', null),
    requirements: fc.uniqueArray(
      fc.record({
        competenceId: fc.constantFrom(...COMPETENCES),
        minLevel: fc.integer({ min: 1, max: 4 }),
        // 0 now and then: a group whose weights are all 0 is averaged plainly by the core.
        weight: fc.constantFrom(0, 0.5, 1, 2, 3),
        essential: fc.boolean(),
      }),
      { selector: (r) => r.competenceId, maxLength: 5 },
    ),
    develops: fc.subarray(COMPETENCES, { maxLength: 3 }),
    startDay: fc.integer({ min: 0, max: 60 }),
    length: fc.integer({ min: 0, max: 90 }),
    open: fc.boolean(),
  });

  const candidateArb = fc.record({
    stage: fc.constantFrom(...STAGES, null),
    levels: fc.dictionary(fc.constantFrom(...COMPETENCES), fc.integer({ min: 1, max: 4 })),
    languages: fc.array(
      fc.record({ code: fc.constantFrom('en', 'nl'), level: fc.constantFrom(...LANGUAGE_LEVELS) }),
      { maxLength: 2 },
    ),
    // Overlapping and touching windows too: the bound merges them as the core does.
    windows: fc.array(
      fc.record({ from: fc.integer({ min: 0, max: 90 }), days: fc.integer({ min: 0, max: 60 }) }),
      { maxLength: 3 },
    ),
    targets: fc.dictionary(fc.constantFrom(...COMPETENCES), fc.integer({ min: 0, max: 3 })),
    weights: fc.option(
      fc.record({
        ESSENTIAL: fc.integer({ min: 0, max: 50 }),
        OPTIONAL: fc.integer({ min: 0, max: 50 }),
        DEVELOPMENT: fc.integer({ min: 0, max: 50 }),
        AVAILABILITY: fc.integer({ min: 0, max: 50 }),
        LANGUAGE: fc.integer({ min: 1, max: 50 }),
      }),
    ),
  });

  it('gives the same top entries as scoring every opportunity with the core, HR-exempt rows included', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 0, maxLength: 60 }),
        candidateArb,
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.array(fc.nat(59), { maxLength: 6 }),
        (specs, c, first, includeIneligible, exemptAt) => {
          const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
          const weights = c.weights ?? DEFAULT_FIT_WEIGHTS;
          const rows: PreparedRow[] = specs
            .map((spec, i) => {
              const fit: FitOpportunity = {
                eligibleStages: spec.stages,
                requirements: spec.requirements.map((r) => ({ ...r, minLevel: r.minLevel as 1 | 2 | 3 | 4 })),
                develops: spec.develops,
                language: spec.language,
                start: day(spec.startDay),
                end: day(spec.startDay + spec.length),
              };
              return {
                id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
                applicationDeadline: spec.open ? day(1) : day(-1),
                eligibleStages: spec.stages,
                language: spec.language,
                startsOn: '',
                endsOn: '',
                requirements: spec.requirements.map(
                  (r) =>
                    [r.competenceId, r.minLevel, r.weight, r.essential] as [string, number, number, boolean],
                ),
                fit,
              };
            })
            .sort((x, y) => (x.id < y.id ? -1 : 1));
          const exempt = new Set(exemptAt.filter((i) => i < rows.length).map((i) => rows[i].id));
          const candidate: FitCandidate = {
            careerStage: c.stage,
            levels: new Map(Object.entries(c.levels)),
            languages: c.languages,
            availability: c.windows.map((w) => ({ start: day(w.from), end: day(w.from + w.days) })),
            developmentTargets: new Map(Object.entries(c.targets)),
          };
          const score = (row: PreparedRow) => {
            const fit = computeFit(candidate, row.fit, { weights });
            const eligible = fit.eligible || exempt.has(row.id);
            return eligible || includeIneligible ? { ...fit, eligible } : null;
          };
          const expected = rankByFit(
            rows
              .filter((row) => row.applicationDeadline > now)
              .flatMap((row) => {
                const fit = score(row);
                return fit ? [{ id: row.id, score: fit.score }] : [];
              }),
          ).slice(0, first);
          const actual = new OpenOpportunityIndex(rows).top(
            {
              candidate,
              stage: c.stage,
              weights,
              now,
              onlyEligible: !includeIneligible,
              first,
              exempt,
            },
            () => false,
            score,
          );
          expect(actual.map((t) => [t.row.id, t.fit.score])).toEqual(expected.map((e) => [e.id, e.score]));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('scores little more than `first` of many opportunities (the bound is usually the score)', () => {
    const rows: PreparedRow[] = Array.from({ length: 2000 }, (_, i) => {
      const requirements = [0, 1, 2].map((k) => ({
        competenceId: COMPETENCES[(i + k * 7) % COMPETENCES.length],
        minLevel: (1 + ((i + k) % 3)) as 1 | 2 | 3,
        weight: 1 + (i % 3),
        essential: k === 0 && i % 4 === 0,
      }));
      const fit: FitOpportunity = {
        eligibleStages: [],
        requirements,
        develops: [COMPETENCES[i % COMPETENCES.length]],
        language: i % 7 === 0 ? 'nl' : 'en',
        start: new Date(now.getTime() + (10 + (i % 50)) * 86_400_000),
        end: new Date(now.getTime() + (40 + (i % 90)) * 86_400_000),
      };
      return {
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        applicationDeadline: new Date(now.getTime() + 86_400_000),
        eligibleStages: [],
        language: fit.language,
        startsOn: '',
        endsOn: '',
        requirements: requirements.map((r) => [r.competenceId, r.minLevel, r.weight, r.essential]),
        fit,
      };
    });
    const candidate: FitCandidate = {
      careerStage: CareerStage.POSTDOC,
      levels: new Map([
        ['c0', 2],
        ['c1', 3],
        ['c3', 1],
        ['c4', 4],
      ]),
      languages: [{ code: 'en', level: 'C1' }],
      availability: [{ start: new Date(now.getTime() + 20 * 86_400_000), end: day100() }],
      developmentTargets: new Map([['c2', 2]]),
    };
    function day100(): Date {
      return new Date(now.getTime() + 100 * 86_400_000);
    }
    let scored = 0;
    const top = new OpenOpportunityIndex(rows).top(
      {
        candidate,
        stage: CareerStage.POSTDOC,
        weights: DEFAULT_FIT_WEIGHTS,
        now,
        onlyEligible: true,
        first: 20,
      },
      () => false,
      (row) => {
        scored += 1;
        const fit = computeFit(candidate, row.fit);
        return fit.eligible ? fit : null;
      },
    );
    expect(top).toHaveLength(20);
    expect(scored).toBeLessThanOrEqual(25);
  });

  it('builds the same index in slices (OpenOpportunityIndex.build) as at once', async () => {
    const rows: PreparedRow[] = Array.from({ length: 300 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      applicationDeadline: new Date(now.getTime() + 86_400_000),
      fit: {
        eligibleStages: i % 3 === 0 ? [CareerStage.POSTDOC] : [],
        requirements: [
          { competenceId: COMPETENCES[i % 6], minLevel: 2, weight: 1, essential: i % 4 === 0 },
          { competenceId: COMPETENCES[(i + 1) % 6], minLevel: 1, weight: 2, essential: false },
        ],
        develops: [COMPETENCES[(i + 2) % 6]],
        language: i % 5 === 0 ? 'nl' : 'en',
        start: new Date(now.getTime() + (i % 40) * 86_400_000),
        end: new Date(now.getTime() + (50 + (i % 30)) * 86_400_000),
      },
    }));
    const candidate: FitCandidate = {
      careerStage: CareerStage.MASTER_STUDENT,
      levels: new Map([
        ['c0', 2],
        ['c1', 1],
        ['c4', 3],
      ]),
      languages: [{ code: 'en', level: 'B2' }],
      availability: [
        { start: new Date(now.getTime() + 10 * 86_400_000), end: new Date(now.getTime() + 60 * 86_400_000) },
      ],
      developmentTargets: new Map([['c3', 1]]),
    };
    let pauses = 0;
    const sliced = await OpenOpportunityIndex.build(
      rows,
      async () => {
        pauses += 1;
      },
      64,
    );
    expect(pauses).toBe(4);
    const query = {
      candidate,
      stage: candidate.careerStage,
      weights: DEFAULT_FIT_WEIGHTS,
      now,
      onlyEligible: true,
      first: 10,
    };
    const score = (row: PreparedRow) => {
      const fit = computeFit(candidate, row.fit);
      return fit.eligible ? fit : null;
    };
    const ids = (index: OpenOpportunityIndex) =>
      index.top(query, () => false, score).map((t) => [t.row.id, t.fit.score]);
    expect(ids(sliced)).toEqual(ids(new OpenOpportunityIndex(rows)));
    expect(ids(sliced)).toHaveLength(10);
  });
});

describe('configurable fit weights', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      seed: true,
      env: {
        FIT_WEIGHT_ESSENTIAL: '3',
        FIT_WEIGHT_OPTIONAL: '1',
        FIT_WEIGHT_DEVELOPMENT: '0',
        FIT_WEIGHT_AVAILABILITY: '0',
        FIT_WEIGHT_LANGUAGE: '0.5',
      },
    });
  });
  afterAll(() => t.close());

  it('scores with the FIT_WEIGHT_* settings and shows them on the parts', async () => {
    const supervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
    const hr = await t.login('hr@lumc.test');
    const [own, other] = await someCompetences(t, 2);
    const o = await anOpenOpportunity(t, supervisor.token, hr, OpportunityKind.INTERNSHIP, {
      eligibleStages: [],
      language: 'nl',
      requirements: [
        { competenceId: own.id, minLevel: 1, essential: true },
        { competenceId: other.id, minLevel: 2, essential: false },
      ],
    });
    const candidate = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
    await withAssessments(t, candidate, [
      { competence: own.id, level: 2 },
      { competence: other.id, level: 1 },
    ]);
    const res = await t.gql<{ recommendedOpportunities: Recommendation[] }>(
      RECOMMENDED,
      { first: 5, filter: { competenceId: own.id } },
      candidate.token,
    );
    expect(res.errors).toBeUndefined();
    const [r] = res.data!.recommendedOpportunities;
    expect(r.opportunity.id).toBe(o.id);
    expect(r.parts.map((p) => [p.key, p.weight])).toEqual([
      ['ESSENTIAL', 3],
      ['OPTIONAL', 1],
      ['DEVELOPMENT', 0],
      ['AVAILABILITY', 0],
      ['LANGUAGE', 0.5],
    ]);
    // (3·1 + 1·½ + 0.5·0) / 4.5 × 100 = 77.8: essential met, half the optional level, no Dutch.
    expect(r.score).toBe(77.8);
  });

  it('refuses a negative weight at boot', () => {
    expect(() => validateEnv({ FIT_WEIGHT_LANGUAGE: '-1' })).toThrow(/FIT_WEIGHT_LANGUAGE/);
    expect(() => validateEnv({ FIT_WEIGHT_OPTIONAL: 'heavy' })).toThrow(/FIT_WEIGHT_OPTIONAL/);
  });
});
