import request from 'supertest';
import { AnalyticsRepository } from '../../src/analytics/analytics.repository';
import {
  ApplicationStatus,
  AssessmentSource,
  CareerStage,
  OpportunityKind,
  UserRole,
  Visibility,
} from '../../src/core/domain/enums';
import { ProfilesService } from '../../src/profiles/profiles.service';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, aCompetence, anApplication, anOpportunityRow } from '../factories/applications.factory';
import { withConsent } from '../factories/privacy-rights.factory';
import { withAssessments, withProfile } from '../factories/profiles.factory';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { aUser, CreatedUser, organisationId } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

/**
 * HR analytics, against a test organisation of its own (ANX) so that every count is known:
 *
 *   12 people with a profile, all in department "Lab":
 *     3 findable, level 2 on C (READY for the role), targeting the role   ("=Cmd Ready", Ada, Bob)
 *     4 findable, level 1 on C (readiness 50%)                           (Dan, Eve, Fay, Gus)
 *     5 PRIVATE, never assessed on C (readiness 0%)
 *   On C2: 10 of them at level 3 and 2 at level 4.
 *   The role requires C at level 2 (essential).
 */
const COUNT = `{ count suppressed }`;
const READINESS = `query($r: ID!, $s: AnalyticsScope, $o: ID) {
  roleReadinessDistribution(roleId: $r, scope: $s, organisationId: $o) {
    roleId scope organisationId population ${COUNT} buckets { bucket fromPercent toPercent people ${COUNT} }
    targeting ${COUNT} notTargeting ${COUNT} } }`;
const MOST_READY = `query($r: ID!, $s: AnalyticsScope, $f: Int) {
  mostReadyCandidates(roleId: $r, scope: $s, first: $f) {
    userId displayName readinessScore readinessShare essentialGapCount } }`;
const COVERAGE = `query($s: AnalyticsScope, $o: ID) { competenceCoverage(scope: $s, organisationId: $o) {
  scope organisationId rows { groupId groupName competenceId competenceCode people ${COUNT}
    levels { level people ${COUNT} } notAssessed ${COUNT} } } }`;
const FLOWS = `query($s: AnalyticsScope, $o: ID, $from: DateTime, $to: DateTime) {
  placementFlows(scope: $s, organisationId: $o, from: $from, to: $to) {
    flows { fromOrganisationId toOrganisationId toOrganisationName placements ${COUNT}
      byKind { kind placements ${COUNT} } } } }`;
const ROUNDS = `query($s: AnalyticsScope) { roundStatistics(scope: $s) {
  roundId roundName organisationId appliedRuns seatsOffered ${COUNT} seatsFilled ${COUNT} seatsUnfilled ${COUNT}
  fillRate candidates ${COUNT} candidatesMatched ${COUNT} candidatesUnmatched ${COUNT}
  choiceRanks { rank placements ${COUNT} } meanRank } }`;

const shown = (count: number) => ({ count, suppressed: false });
const hidden = { count: null, suppressed: true };

interface Cell {
  count: number | null;
  suppressed: boolean;
}
interface Readiness {
  population: Cell;
  buckets: { bucket: string; people: Cell }[];
  targeting: Cell;
  notTargeting: Cell;
  organisationId: string | null;
}

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

function codeOf(res: GqlResponse): { code: string; reason?: string } {
  expect(res.errors).toHaveLength(1);
  return res.errors![0].extensions as { code: string; reason?: string };
}

function bucketsOf(r: Readiness): Record<string, Cell> {
  return Object.fromEntries(r.buckets.map((b) => [b.bucket, b.people]));
}

/** The CSV body without the byte order mark, as rows of cells (the fixtures have no quoted commas). */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));
}

describe('HR analytics', () => {
  let t: TestApp;
  let admin: string;
  let anxHr: CreatedUser;
  let anxId: string;
  let lumcId: string;
  let janssenHr: string;
  let lumcHr: string;
  let roleId: string;
  let roundId: string;
  let competence: string;
  let competence2: string;
  const ready: CreatedUser[] = [];
  const partial: CreatedUser[] = [];
  const unknown: CreatedUser[] = [];

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    janssenHr = await t.login('hr@janssen.test');
    lumcHr = await t.login('hr@lumc.test');
    lumcId = await organisationId(t.dataSource, 'LUMC');
    const org = dataOf(
      await t.gql<{ createOrganisation: { id: string } }>(
        'mutation { createOrganisation(input: { code: "ANX", name: "Analytics Test Institute" }) { id } }',
        {},
        admin,
      ),
    );
    anxId = org.createOrganisation.id;
    const dept = dataOf(
      await t.gql<{ createDepartment: { id: string } }>(
        'mutation($o: ID!) { createDepartment(input: { organisationId: $o, name: "Lab" }) { id } }',
        { o: anxId },
        admin,
      ),
    );
    anxHr = await aUser(t, { roles: [UserRole.HR], organisation: anxId, displayName: 'ANX HR' });
    competence = (await aCompetence(t, 'Assay design')).id;
    competence2 = (await aCompetence(t, 'Lab automation')).id;
    const role = dataOf(
      await t.gql<{ createRoleProfile: { id: string } }>(
        `mutation($c: ID!) { createRoleProfile(input: { title: "Assay scientist", careerStage: POSTDOC,
          researchLevel: R2, requirements: [{ competenceId: $c, requiredLevel: 2, essential: true }] }) { id } }`,
        { c: competence },
        admin,
      ),
    );
    roleId = role.createRoleProfile.id;

    const person = async (
      displayName: string,
      visibility: Visibility,
      levelC: number | null,
      levelC2: number,
    ): Promise<CreatedUser> => {
      const p = await aUser(t, { organisation: anxId, displayName });
      await t.dataSource.query('UPDATE users SET department_id = $1 WHERE id = $2', [
        dept.createDepartment.id,
        p.user.id,
      ]);
      await withProfile(t, p.token, { visibility, careerStage: CareerStage.POSTDOC });
      // The findable ones also agree to be counted consortium-wide (CONSORTIUM_ANALYTICS).
      if (visibility === Visibility.CONSORTIUM) await withConsent(t, p.token, 'CONSORTIUM_ANALYTICS');
      await withAssessments(t, p, [
        ...(levelC === null ? [] : [{ competence: competence, level: levelC }]),
        { competence: competence2, level: levelC2 },
      ]);
      return p;
    };
    for (const name of ['Ada Ready', 'Bob Ready', '=Cmd Ready']) {
      ready.push(await person(name, Visibility.CONSORTIUM, 2, 3));
    }
    for (const name of ['Dan Part', 'Eve Part', 'Fay Part', 'Gus Part']) {
      partial.push(await person(name, Visibility.CONSORTIUM, 1, 3));
    }
    for (let i = 0; i < 5; i++) {
      unknown.push(await person(`Private ${i}`, Visibility.PRIVATE, null, i < 2 ? 4 : 3));
    }
    for (const p of ready) {
      dataOf(
        await t.gql('mutation($r: ID!) { setTargetRoles(roleIds: [$r]) { id } }', { r: roleId }, p.token),
      );
    }
  });
  afterAll(() => t.close());

  describe('roleReadinessDistribution', () => {
    it('shows 5 people as 5 and suppresses 4 and 3, in the organisation scope', async () => {
      const r = dataOf(
        await t.gql<{ roleReadinessDistribution: Readiness }>(READINESS, { r: roleId }, anxHr.token),
      ).roleReadinessDistribution;
      expect(r.organisationId).toBe(anxId);
      expect(r.population).toEqual(shown(12));
      expect(bucketsOf(r)).toEqual({
        FROM_0_TO_25: shown(5), // the five private, never assessed: unknown counts 0, not ready
        FROM_25_TO_50: shown(0),
        FROM_50_TO_75: hidden, // 4
        FROM_75_TO_100: shown(0),
        READY: hidden, // 3
      });
    });

    it('hides a second cell when one alone would be recoverable from the total (secondary suppression)', async () => {
      const r = dataOf(
        await t.gql<{ roleReadinessDistribution: Readiness }>(READINESS, { r: roleId }, anxHr.token),
      ).roleReadinessDistribution;
      // 3 target the role, 9 do not: 9 would give away the 3 (12 - 9).
      expect(r.targeting).toEqual(hidden);
      expect(r.notTargeting).toEqual(hidden);
    });

    it('counts a PRIVATE profile in its own organisation only, not consortium-wide', async () => {
      const r = dataOf(
        await t.gql<{ roleReadinessDistribution: Readiness }>(
          READINESS,
          { r: roleId, s: 'CONSORTIUM' },
          anxHr.token,
        ),
      ).roleReadinessDistribution;
      expect(r.organisationId).toBeNull();
      expect(r.population).toEqual(shown(7)); // the 7 who consented; the 5 private are left out
      expect(bucketsOf(r).FROM_0_TO_25).toEqual(shown(0));
    });

    it('counts consortium-wide only people who consented to CONSORTIUM_ANALYTICS: withdrawing takes effect at once, findable or not', async () => {
      const consortium = async () =>
        dataOf(
          await t.gql<{ roleReadinessDistribution: Readiness }>(
            READINESS,
            { r: roleId, s: 'CONSORTIUM' },
            anxHr.token,
          ),
        ).roleReadinessDistribution.population;
      const organisation = async () =>
        dataOf(await t.gql<{ roleReadinessDistribution: Readiness }>(READINESS, { r: roleId }, anxHr.token))
          .roleReadinessDistribution.population;
      const withdraw = await t.gql(
        'mutation { withdrawConsent(purpose: "CONSORTIUM_ANALYTICS") { withdrawnAt } }',
        {},
        ready[0].token,
      );
      expect(withdraw.errors).toBeUndefined();
      // Still findable, but no longer counted consortium-wide; their own organisation still counts them.
      expect(await consortium()).toEqual(shown(6));
      expect(await organisation()).toEqual(shown(12));
      // A private profile that consents is counted consortium-wide (aggregates only).
      await withConsent(t, unknown[0].token, 'CONSORTIUM_ANALYTICS');
      expect(await consortium()).toEqual(shown(7));
      await t.gql(
        'mutation { withdrawConsent(purpose: "CONSORTIUM_ANALYTICS") { withdrawnAt } }',
        {},
        unknown[0].token,
      );
      await withConsent(t, ready[0].token, 'CONSORTIUM_ANALYTICS');
      expect(await consortium()).toEqual(shown(7));
    });

    it('refuses Janssen HR the LUMC report but gives them consortium aggregates', async () => {
      const other = await t.gql(READINESS, { r: roleId, o: lumcId }, janssenHr);
      expect(codeOf(other).code).toBe('FORBIDDEN');
      expect(other.data ?? null).toBeNull();
      const anx = await t.gql(READINESS, { r: roleId, o: anxId }, janssenHr);
      expect(codeOf(anx).code).toBe('FORBIDDEN');
      const consortium = await t.gql<{ roleReadinessDistribution: Readiness }>(
        READINESS,
        { r: roleId, s: 'CONSORTIUM' },
        janssenHr,
      );
      expect(dataOf(consortium).roleReadinessDistribution.population).toEqual(shown(7));
    });

    it('lets an admin read any organisation, and refuses candidates and supervisors', async () => {
      const r = dataOf(
        await t.gql<{ roleReadinessDistribution: Readiness }>(READINESS, { r: roleId, o: anxId }, admin),
      ).roleReadinessDistribution;
      expect(r.population).toEqual(shown(12));
      expect(codeOf(await t.gql(READINESS, { r: roleId, s: 'CONSORTIUM' }, ready[0].token)).code).toBe(
        'FORBIDDEN',
      );
      const supervisor = await t.login('supervisor@lumc.test');
      expect(codeOf(await t.gql(READINESS, { r: roleId, s: 'CONSORTIUM' }, supervisor)).code).toBe(
        'FORBIDDEN',
      );
      expect(
        codeOf(await t.gql(READINESS, { r: roleId, o: '00000000-0000-4000-8000-000000000000' }, admin)).code,
      ).toBe('NOT_FOUND');
      expect(codeOf(await t.gql(READINESS, { r: roleId, s: 'CONSORTIUM', o: anxId }, admin)).code).toBe(
        'BAD_USER_INPUT',
      );
    });
  });

  describe('mostReadyCandidates', () => {
    it('ranks the findable people of the organisation by score, then share, then name', async () => {
      const list = dataOf(
        await t.gql<{
          mostReadyCandidates: { displayName: string; readinessScore: number; essentialGapCount: number }[];
        }>(MOST_READY, { r: roleId, f: 5 }, anxHr.token),
      ).mostReadyCandidates;
      expect(list.map((c) => c.displayName)).toEqual([
        '=Cmd Ready',
        'Ada Ready',
        'Bob Ready',
        'Dan Part',
        'Eve Part',
      ]);
      expect(list.map((c) => c.readinessScore)).toEqual([1, 1, 1, 0.5, 0.5]);
      expect(list.map((c) => c.essentialGapCount)).toEqual([0, 0, 0, 1, 1]);
      // The private ones are never listed, however many are asked for.
      const all = dataOf(
        await t.gql<{ mostReadyCandidates: { userId: string }[] }>(
          MOST_READY,
          { r: roleId, f: 50 },
          anxHr.token,
        ),
      ).mostReadyCandidates;
      expect(all).toHaveLength(7);
      expect(all.map((c) => c.userId)).not.toContain(unknown[0].user.id);
    });

    it('refuses the consortium scope: it lists individuals', async () => {
      const res = await t.gql(MOST_READY, { r: roleId, s: 'CONSORTIUM' }, anxHr.token);
      expect(codeOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AGGREGATES_ONLY' });
      expect(codeOf(await t.gql(MOST_READY, { r: roleId, f: 51 }, anxHr.token)).code).toBe('BAD_USER_INPUT');
    });
  });

  describe('competenceCoverage', () => {
    interface Row {
      groupName: string;
      competenceId: string;
      people: Cell;
      levels: { level: number; people: Cell }[];
      notAssessed: Cell;
    }
    const rowOf = (rows: Row[], c: string) => rows.find((r) => r.competenceId === c);

    it('counts people per department and effective level, with secondary suppression', async () => {
      const rows = dataOf(await t.gql<{ competenceCoverage: { rows: Row[] } }>(COVERAGE, {}, anxHr.token))
        .competenceCoverage.rows;
      const c2 = rowOf(rows, competence2)!;
      expect(c2.groupName).toBe('Lab');
      expect(c2.people).toEqual(shown(12));
      // 10 at level 3, 2 at level 4: the 2 is suppressed and so is the 10 (12 - 10 would give it away).
      expect(c2.levels.map((l) => l.people)).toEqual([shown(0), shown(0), hidden, hidden]);
      expect(c2.notAssessed).toEqual(shown(0));
      const c = rowOf(rows, competence)!;
      expect(c.levels.map((l) => l.people)).toEqual([hidden, hidden, shown(0), shown(0)]);
      expect(c.notAssessed).toEqual(shown(5)); // unknown is counted apart, never as a level
    });

    it('groups findable profiles by organisation consortium-wide', async () => {
      const rows = dataOf(
        await t.gql<{ competenceCoverage: { rows: (Row & { groupId: string })[] } }>(
          COVERAGE,
          { s: 'CONSORTIUM' },
          janssenHr,
        ),
      ).competenceCoverage.rows;
      const c2 = rows.find((r) => r.competenceId === competence2 && r.groupId === anxId)!;
      expect(c2.groupName).toBe('Analytics Test Institute');
      expect(c2.people).toEqual(shown(7));
      expect(c2.levels[2].people).toEqual(shown(7));
    });

    it('computes effective levels in SQL exactly as the core rule does', async () => {
      // Tricky histories on a competence of its own: an older supervisor rating beats a newer self
      // rating; evidence beats self; within a source the latest wins; same instant: the higher level.
      const c3 = (await aCompetence(t, 'Rule check')).id;
      const assessor = ready[0].user.id;
      const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
      const rows: [CreatedUser, AssessmentSource, number, Date][] = [
        [ready[0], AssessmentSource.SUPERVISOR, 2, at(0)],
        [ready[0], AssessmentSource.SELF, 4, at(30)],
        [ready[1], AssessmentSource.SELF, 1, at(10)],
        [ready[1], AssessmentSource.SELF, 3, at(10)],
        [ready[2], AssessmentSource.EVIDENCE, 3, at(0)],
        [ready[2], AssessmentSource.SELF, 1, at(50)],
        [ready[2], AssessmentSource.EVIDENCE, 2, at(20)],
        [partial[0], AssessmentSource.SELF, 4, at(0)],
        [partial[0], AssessmentSource.SELF, 2, at(5)],
        [partial[1], AssessmentSource.EVIDENCE, 1, at(40)],
        [partial[1], AssessmentSource.SUPERVISOR, 3, at(1)],
        [partial[1], AssessmentSource.SUPERVISOR, 4, at(1)],
      ];
      for (const [p, source, level, when] of rows) {
        await t.dataSource.query(
          `INSERT INTO assessments (person_id, competence_id, level, source, assessor_id, assessed_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [p.user.id, c3, level, source, source === AssessmentSource.SELF ? null : assessor, when],
        );
      }
      const people = [...ready, ...partial, ...unknown].map((p) => p.user.id);
      const sql = await t.app
        .get(AnalyticsRepository)
        .effectiveLevels({ kind: 'ORGANISATION', organisationId: anxId }, [c3]);
      const core = await t.app.get(ProfilesService).effectiveLevelsOf(people, [c3]);
      const fromCore = Object.fromEntries(
        [...core].flatMap(([id, levels]) => (levels.has(c3) ? [[id, levels.get(c3)]] : [])),
      );
      expect(Object.fromEntries(sql.map((r) => [r.personId, r.level]))).toEqual(fromCore);
      expect(fromCore).toEqual({
        [ready[0].user.id]: 2,
        [ready[1].user.id]: 3,
        [ready[2].user.id]: 2,
        [partial[0].user.id]: 2,
        [partial[1].user.id]: 4,
      });
    });
  });

  describe('placementFlows', () => {
    interface Flow {
      fromOrganisationId: string;
      toOrganisationId: string;
      placements: Cell;
      byKind: { kind: OpportunityKind; placements: Cell }[];
    }
    let janssenId: string;

    beforeAll(async () => {
      janssenId = await organisationId(t.dataSource, 'JANSSEN');
      const lumcHost = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
      const janssenHost = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'JANSSEN' });
      const internship = await anOpportunityRow(t, { leadSupervisorId: lumcHost.user.id, capacity: 10 });
      const exchange = await anOpportunityRow(t, { leadSupervisorId: lumcHost.user.id });
      await t.dataSource.query('UPDATE opportunities SET kind = $1 WHERE id = $2', [
        OpportunityKind.EXCHANGE_SLOT,
        exchange.id,
      ]);
      const atJanssen = await anOpportunityRow(t, {
        leadSupervisorId: janssenHost.user.id,
        hostOrg: 'JANSSEN',
      });
      const findable = [...ready, ...partial];
      for (const p of findable.slice(0, 5)) {
        await anApplication(t, {
          opportunityId: internship.id,
          candidateId: p.user.id,
          status: ApplicationStatus.COMPLETED,
        });
      }
      await anApplication(t, {
        opportunityId: exchange.id,
        candidateId: findable[5].user.id,
        status: ApplicationStatus.COMPLETED,
      });
      // Not completed: not a flow.
      await anApplication(t, {
        opportunityId: exchange.id,
        candidateId: findable[6].user.id,
        status: ApplicationStatus.ACCEPTED,
      });
      for (const p of unknown.slice(0, 2)) {
        await anApplication(t, {
          opportunityId: atJanssen.id,
          candidateId: p.user.id,
          status: ApplicationStatus.COMPLETED,
        });
      }
    });

    it('counts completed placements from and to the organisation, suppressing small ones', async () => {
      const flows = dataOf(await t.gql<{ placementFlows: { flows: Flow[] } }>(FLOWS, {}, anxHr.token))
        .placementFlows.flows;
      const toLumc = flows.find((f) => f.toOrganisationId === lumcId)!;
      expect(toLumc.fromOrganisationId).toBe(anxId);
      expect(toLumc.placements).toEqual(shown(6));
      const byKind = Object.fromEntries(toLumc.byKind.map((k) => [k.kind, k.placements]));
      // 1 exchange slot, 5 internships: the 5 goes too, or 6 - 5 would reveal the 1.
      expect(byKind).toEqual({
        [OpportunityKind.EXCHANGE_SLOT]: hidden,
        [OpportunityKind.INTERNSHIP]: hidden,
        [OpportunityKind.WORKPLACE_VISIT]: shown(0),
        [OpportunityKind.CO_SUPERVISED_PROJECT]: shown(0),
      });
      const toJanssen = flows.find((f) => f.toOrganisationId === janssenId)!;
      expect(toJanssen.placements).toEqual(hidden);
      expect(flows).toHaveLength(2);
    });

    it('consortium-wide counts only candidates who consented to CONSORTIUM_ANALYTICS', async () => {
      const flows = dataOf(
        await t.gql<{ placementFlows: { flows: Flow[] } }>(FLOWS, { s: 'CONSORTIUM' }, janssenHr),
      ).placementFlows.flows;
      expect(flows.map((f) => [f.fromOrganisationId, f.toOrganisationId, f.placements])).toEqual([
        [anxId, lumcId, shown(6)],
      ]);
    });

    it('filters by completion time', async () => {
      const past = dataOf(
        await t.gql<{ placementFlows: { flows: Flow[] } }>(
          FLOWS,
          { to: '2020-01-01T00:00:00Z' },
          anxHr.token,
        ),
      ).placementFlows.flows;
      expect(past).toEqual([]);
      const bad = await t.gql(
        FLOWS,
        { from: '2027-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
        anxHr.token,
      );
      expect(codeOf(bad).code).toBe('BAD_USER_INPUT');
    });
  });

  describe('roundStatistics', () => {
    beforeAll(async () => {
      const host = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
      const first = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 6 });
      const second = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 2 });
      const round = await aRound(t, lumcHr, { opportunityIds: [first.id, second.id], maxChoices: 2 });
      roundId = round.id;
      for (let i = 0; i < 8; i++) {
        const c = await aCandidate(t, { organisation: 'LEIDEN_UNIV', stage: CareerStage.MASTER_STUDENT });
        dataOf(
          await t.gql(
            'mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }',
            { r: roundId, o: [first.id, second.id] },
            c.token,
          ),
        );
      }
      await closeRankingOf(t, roundId);
      dataOf(
        await t.gql(
          'mutation($id: ID!) { runRound(id: $id, dryRun: false, seed: 7) { id } }',
          { id: roundId },
          lumcHr,
        ),
      );
      await t.app.get(RoundWorker).processPending();
    });

    it('reports seats, fill rate and choice ranks of a published round, suppressing small counts', async () => {
      const rounds = dataOf(
        await t.gql<{ roundStatistics: Record<string, unknown>[] }>(ROUNDS, {}, lumcHr),
      ).roundStatistics;
      const r = rounds.find((x) => x.roundId === roundId);
      expect(r).toMatchObject({
        organisationId: lumcId,
        appliedRuns: 1,
        seatsOffered: shown(8),
        seatsFilled: shown(8),
        seatsUnfilled: shown(0),
        fillRate: 1,
        candidates: shown(8),
        candidatesMatched: shown(8),
        candidatesUnmatched: shown(0),
        // 6 got their first choice, 2 their second: the 2 is suppressed, and so the 6; the mean rank
        // would reveal them, so it is withheld.
        choiceRanks: [
          { rank: 1, placements: hidden },
          { rank: 2, placements: hidden },
        ],
        meanRank: null,
      });
    });

    it('shows other organisations’ rounds only consortium-wide', async () => {
      const own = dataOf(
        await t.gql<{ roundStatistics: { roundId: string }[] }>(ROUNDS, {}, janssenHr),
      ).roundStatistics;
      expect(own.map((r) => r.roundId)).not.toContain(roundId);
      const all = dataOf(
        await t.gql<{ roundStatistics: { roundId: string; seatsFilled: Cell }[] }>(
          ROUNDS,
          { s: 'CONSORTIUM' },
          janssenHr,
        ),
      ).roundStatistics;
      expect(all.find((r) => r.roundId === roundId)?.seatsFilled).toEqual(shown(8));
    });
  });

  it('runs a fixed number of SQL statements per report, however many people there are', async () => {
    // Every statement TypeORM sends, whichever server it goes to (reports read from a replica when
    // there are some).
    const spy = jest.spyOn(t.dataSource.logger, 'logQuery');
    // The spy also counts what the app's background jobs send meanwhile (the round worker polls every
    // 5 s, offers expire every minute), and an account read whose cache expired: on a busy machine a
    // request can take long enough to catch one. Those only ever add, so the fewest statements over
    // three requests, after a first one that warms the caches, is the report's own count.
    const statements = async (query: string, variables: Record<string, unknown>, token: string) => {
      dataOf(await t.gql(query, variables, token));
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        spy.mockClear();
        dataOf(await t.gql(query, variables, token));
        counts.push(spy.mock.calls.length);
      }
      return Math.min(...counts);
    };
    try {
      for (const [query, variables, audit] of [
        [READINESS, { r: roleId }, 0],
        // A list of people: one more statement, the audit of the read (audit.e2e), when it is not empty.
        [MOST_READY, { r: roleId, f: 50 }, 1],
        [COVERAGE, {}, 0],
        [FLOWS, {}, 0],
        [ROUNDS, {}, 0],
      ] as const) {
        // ANX: 12 people with levels and placements; LUMC: none of them.
        const many = await statements(query, variables, anxHr.token);
        const none = await statements(query, variables, lumcHr);
        expect(many).toBe(none + audit);
        expect(none).toBeGreaterThan(0);
        expect(none).toBeLessThanOrEqual(4);
      }
    } finally {
      spy.mockRestore();
    }
  });

  describe('CSV', () => {
    const server = () => t.app.getHttpServer();

    it('downloads the coverage as CSV with `suppressed` for suppressed counts', async () => {
      const res = await request(server())
        .get('/analytics/competence-coverage.csv')
        .set('authorization', `Bearer ${anxHr.token}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="competence-coverage-organisation-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const rows = csvRows(res.text);
      expect(rows[0]).toEqual([
        'group_id',
        'group_name',
        'competence_id',
        'competence_code',
        'competence_name',
        'people',
        'level_1',
        'level_2',
        'level_3',
        'level_4',
        'not_assessed',
      ]);
      const c2 = rows.find((r) => r[2] === competence2)!;
      expect(c2.slice(5)).toEqual(['12', '0', '0', 'suppressed', 'suppressed', '0']);
    });

    it('writes the same figures as GraphQL for the readiness report', async () => {
      const res = await request(server())
        .get('/analytics/role-readiness.csv')
        .query({ roleId, scope: 'CONSORTIUM' })
        .set('authorization', `Bearer ${janssenHr}`);
      expect(res.status).toBe(200);
      const rows = csvRows(res.text);
      const byMeasure = Object.fromEntries(rows.slice(1).map((r) => [r[3], r[6]]));
      expect(byMeasure).toEqual({
        FROM_0_TO_25: '0',
        FROM_25_TO_50: '0',
        FROM_50_TO_75: 'suppressed',
        FROM_75_TO_100: '0',
        READY: 'suppressed',
        POPULATION: '7',
        TARGETING: 'suppressed',
        NOT_TARGETING: 'suppressed',
      });
    });

    it('neutralises a display name that a spreadsheet would run as a formula', async () => {
      const res = await request(server())
        .get('/analytics/most-ready-candidates.csv')
        .query({ roleId, first: '3' })
        .set('authorization', `Bearer ${anxHr.token}`);
      expect(res.status).toBe(200);
      const rows = csvRows(res.text);
      expect(rows[0]).toEqual([
        'rank',
        'user_id',
        'display_name',
        'department_id',
        'readiness_score',
        'readiness_share',
        'essential_gap_count',
      ]);
      expect(rows.slice(1).map((r) => r[2])).toEqual(["'=Cmd Ready", 'Ada Ready', 'Bob Ready']);
    });

    it('writes flows and round statistics', async () => {
      const flows = await request(server())
        .get('/analytics/placement-flows.csv')
        .set('authorization', `Bearer ${anxHr.token}`);
      expect(flows.status).toBe(200);
      const toLumc = csvRows(flows.text).find((r) => r[2] === lumcId)!;
      expect(toLumc.slice(4)).toEqual(['6', 'suppressed', 'suppressed', '0', '0']);
      const rounds = await request(server())
        .get('/analytics/round-statistics.csv')
        .query({ scope: 'CONSORTIUM' })
        .set('authorization', `Bearer ${anxHr.token}`);
      expect(rounds.status).toBe(200);
      const rows = csvRows(rounds.text);
      const header = rows[0];
      const round = rows.find((r) => r[0] === roundId)!;
      const col = (name: string) => round[header.indexOf(name)];
      expect([col('seats_offered'), col('seats_filled'), col('fill_rate'), col('mean_rank')]).toEqual([
        '8',
        '8',
        '1',
        '',
      ]);
      expect([col('choice_1'), col('choice_2')]).toEqual(['suppressed', 'suppressed']);
    });

    it('answers 401 without a token, 403 to a candidate or another organisation, 400 on bad input', async () => {
      const anon = await request(server()).get('/analytics/competence-coverage.csv');
      expect(anon.status).toBe(401);
      expect(anon.body.error.code).toBe('UNAUTHENTICATED');
      const candidate = await request(server())
        .get('/analytics/competence-coverage.csv')
        .query({ scope: 'CONSORTIUM' })
        .set('authorization', `Bearer ${ready[0].token}`);
      expect(candidate.status).toBe(403);
      const other = await request(server())
        .get('/analytics/competence-coverage.csv')
        .query({ organisationId: lumcId })
        .set('authorization', `Bearer ${janssenHr}`);
      expect(other.status).toBe(403);
      const badScope = await request(server())
        .get('/analytics/competence-coverage.csv')
        .query({ scope: 'EVERYONE' })
        .set('authorization', `Bearer ${anxHr.token}`);
      expect(badScope.status).toBe(400);
      expect(badScope.body.error.fields[0].field).toBe('scope');
      const tooMany = await request(server())
        .get('/analytics/most-ready-candidates.csv')
        .query({ roleId, first: '500' })
        .set('authorization', `Bearer ${anxHr.token}`);
      expect(tooMany.status).toBe(400);
      const aggregatesOnly = await request(server())
        .get('/analytics/most-ready-candidates.csv')
        .query({ roleId, scope: 'CONSORTIUM' })
        .set('authorization', `Bearer ${anxHr.token}`);
      expect(aggregatesOnly.status).toBe(400);
      expect(aggregatesOnly.body.error.reason).toBe('AGGREGATES_ONLY');
    });
  });
});
