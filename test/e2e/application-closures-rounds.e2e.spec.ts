import { PlacementContext } from '../../src/applications/placement-context';
import { ApplicationStatus, OpportunityKind, UserRole } from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import {
  aCandidate,
  aClosure,
  anApplication,
  anOpportunityRow,
  aSupervisor,
} from '../factories/applications.factory';
import { anOpenOpportunity, someCompetences } from '../factories/opportunities.factory';
import { withAssessments, withProfile } from '../factories/profiles.factory';
import { aRound, closeRankingOf, RUN_FIELDS } from '../factories/rounds.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const SUBMIT_CHOICES = `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }`;
const RUN = `mutation($id: ID!, $dry: Boolean!, $seed: Int) { runRound(id: $id, dryRun: $dry, seed: $seed) { ${RUN_FIELDS} } }`;
const RUN_BY_ID = `query($id: ID!) { roundRun(id: $id) { ${RUN_FIELDS} } }`;
const RANK = `mutation($o: ID!, $ids: [ID!]!) { rankApplicants(opportunityId: $o, applicationIds: $ids) { rank } }`;
const NOTIFICATIONS = `query { notifications(first: 50) { type opportunityId } }`;
const CONFIDENTIAL = `query($id: ID!) { opportunity(id: $id) { confidentialDetails } }`;
const RECOMMENDED = `query($filter: RecommendationFilterInput) {
  recommendedOpportunities(first: 20, filter: $filter, includeIneligible: true) { opportunity { id } }
}`;
const MATCHING = `query($id: ID!, $only: Boolean) {
  matchingCandidates(opportunityId: $id, first: 100, applicantsOnly: $only) { userId applied }
}`;

interface Run {
  id: string;
  status: string;
  error: string | null;
  assignment: { candidateId: string; opportunityId: string | null }[] | null;
  stats: { candidates: number } | null;
}

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/**
 * Step 2b of the closures (docs/design/closed-choices.md, places D1, D3, D4, D6, E4, I1 to I4): a
 * closure (`aClosure`, what a round's publication will write) makes the applications it lists
 * REJECTED while their rows stay SUBMITTED or SHORTLISTED. Every reader of a live, allocatable or
 * confidential set outside the applications workflow treats a closed application as it treats a
 * rejected one: rounds do not offer a seat on it, the host's ranking and the closing skip it, it
 * hears no more of the opportunity, grants no confidential details, and recommendations and
 * matching see no application.
 */
describe('application closures: rounds, opportunities, access, recommendations, matching', () => {
  let t: TestApp;
  let hrLumc: string;
  let host: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    hrLumc = await t.login('hr@lumc.test');
    host = await aSupervisor(t, 'LUMC');
  }, 60_000);
  afterAll(() => t.close());

  async function applicationId(candidateId: string, opportunityId: string): Promise<string> {
    const [row]: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM applications WHERE candidate_id = $1 AND opportunity_id = $2`,
      [candidateId, opportunityId],
    );
    return row.id;
  }

  async function runToEnd(roundId: string, dryRun: boolean): Promise<Run> {
    const queued = dataOf(
      await t.gql<{ runRound: Run }>(RUN, { id: roundId, dry: dryRun, seed: 7 }, hrLumc),
    ).runRound;
    await t.app.get(RoundWorker).processPending();
    return dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hrLumc)).roundRun;
  }

  const placements = (run: Run) =>
    Object.fromEntries((run.assignment ?? []).map((a) => [a.candidateId, a.opportunityId]));

  /** The application's history rows to REJECTED (a closure is one). */
  async function rejections(id: string): Promise<number> {
    const [row]: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM application_history WHERE application_id = $1 AND to_status = 'REJECTED'`,
      [id],
    );
    return row.n;
  }

  it('offers no seat on a closed choice, reads no closed ranking or live application, and closing skips it', async () => {
    const a = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1, title: 'Closures A' });
    const b = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1, title: 'Closures B' });
    const round = await aRound(t, hrLumc, { name: 'Closures round', opportunityIds: [a.id, b.id] });
    const x = await aCandidate(t);
    const y = await aCandidate(t);
    const z = await aCandidate(t);
    dataOf(await t.gql(SUBMIT_CHOICES, { r: round.id, o: [a.id, b.id] }, x.token));
    dataOf(await t.gql(SUBMIT_CHOICES, { r: round.id, o: [a.id] }, y.token));
    dataOf(await t.gql(SUBMIT_CHOICES, { r: round.id, o: [a.id] }, z.token));
    const xa = await applicationId(x.user.id, a.id);
    const ya = await applicationId(y.user.id, a.id);
    const za = await applicationId(z.user.id, a.id);
    // The host ranks x first on A: with x's choice of A open, x takes A's one seat.
    dataOf(await t.gql(RANK, { o: a.id, ids: [xa, za, ya] }, host.token));
    const before = await runToEnd(round.id, true);
    expect(before.status).toBe('DONE');
    expect(placements(before)).toEqual({ [x.user.id]: a.id, [y.user.id]: null, [z.user.id]: null });

    // x's choice of A and z's only choice close: x is placed on B, A goes to y, z takes no part.
    await aClosure(t, { candidateId: x.user.id, applicationIds: [xa] });
    await aClosure(t, { candidateId: z.user.id, applicationIds: [za] });
    const after = await runToEnd(round.id, true);
    expect(after.status).toBe('DONE');
    expect(placements(after)).toEqual({ [x.user.id]: b.id, [y.user.id]: a.id });
    expect(after.stats!.candidates).toBe(2);

    // The context's readers behind closing and reassignment, and the hosts' lists of a run.
    const context = t.app.get(PlacementContext);
    await t.dataSource.transaction(async (em) => {
      expect((await context.liveApplications([a.id, b.id], null, em)).map((r) => r.id).sort()).toEqual(
        [ya, await applicationId(x.user.id, b.id)].sort(),
      );
      expect(await context.rankings([a.id], em)).toEqual([
        { opportunityId: a.id, candidateId: y.user.id, rank: 3 },
      ]);
      expect(await context.rankingsByOpportunity([a.id], em)).toEqual(new Map([[a.id, [y.user.id]]]));
    });

    // The publication offers the seats it decided; the closed rows stay as the closure left them.
    await closeRankingOf(t, round.id);
    const published = await runToEnd(round.id, false);
    expect(published.status).toBe('DONE');
    expect(placements(published)).toEqual(placements(after));
    // Closing the round rejects what still waits: z's closed choice is not rejected a second time,
    // and z, with nothing left, is not told of the closing.
    dataOf(await t.gql(`mutation($id: ID!) { closeRound(id: $id) { status } }`, { id: round.id }, hrLumc));
    const stored: { id: string; status: string }[] = await t.dataSource.query(
      `SELECT id, status FROM applications WHERE id = ANY($1::uuid[])`,
      [[xa, za]],
    );
    expect(stored.map((r) => r.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    expect(await rejections(za)).toBe(1);
    expect(await rejections(xa)).toBe(1);
    const zNotes = dataOf(
      await t.gql<{ notifications: { type: string }[] }>(NOTIFICATIONS, {}, z.token),
    ).notifications.map((n) => n.type);
    expect(zNotes).not.toContain('ROUND_OUTCOME');
  }, 60_000);

  it('tells a closed applicant nothing of a cancelled opportunity, as after a rejection', async () => {
    const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id, title: 'Closures cancelled' });
    const open = await aCandidate(t);
    const closed = await aCandidate(t);
    await anApplication(t, {
      opportunityId: o.id,
      candidateId: open.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
    const c = await anApplication(t, {
      opportunityId: o.id,
      candidateId: closed.user.id,
      status: ApplicationStatus.SHORTLISTED,
    });
    await aClosure(t, { candidateId: closed.user.id, applicationIds: [c.id] });
    dataOf(
      await t.gql(
        `mutation($id: ID!, $r: String!) { cancelOpportunity(id: $id, reason: $r) { status } }`,
        { id: o.id, r: 'Funding withdrawn' },
        hrLumc,
      ),
    );
    const told = async (who: CreatedUser) =>
      dataOf(
        await t.gql<{ notifications: { type: string; opportunityId: string | null }[] }>(
          NOTIFICATIONS,
          {},
          who.token,
        ),
      )
        .notifications.filter((n) => n.opportunityId === o.id)
        .map((n) => n.type);
    // (The cancellation's own rejections are the applications workflow's: only the notice is read here.)
    expect(await told(open)).toContain('OPPORTUNITY_CANCELLED');
    expect(await told(closed)).not.toContain('OPPORTUNITY_CANCELLED');
  });

  it('shows confidential details to a shortlisted applicant no more once the application is closed', async () => {
    const supervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
    const o = await anOpenOpportunity(t, supervisor.token, hrLumc, OpportunityKind.INTERNSHIP, {
      confidentialDetails: 'Closures: room 7',
    });
    const shortlisted = await aCandidate(t);
    const app = await anApplication(t, {
      opportunityId: o.id,
      candidateId: shortlisted.user.id,
      status: ApplicationStatus.SHORTLISTED,
    });
    const read = async () =>
      dataOf(
        await t.gql<{ opportunity: { confidentialDetails: string | null } }>(
          CONFIDENTIAL,
          { id: o.id },
          shortlisted.token,
        ),
      ).opportunity.confidentialDetails;
    expect(await read()).toBe('Closures: room 7');
    await aClosure(t, { candidateId: shortlisted.user.id, applicationIds: [app.id] });
    expect(await read()).toBeNull();
  });

  describe('recommendations and matching', () => {
    let supervisor: CreatedUser;
    let opportunityId: string;
    let markerId: string;

    beforeAll(async () => {
      supervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
      const [marker] = await someCompetences(t, 1);
      markerId = marker.id;
      const o = await anOpenOpportunity(t, supervisor.token, hrLumc, OpportunityKind.INTERNSHIP, {
        title: 'Closures recommended',
        eligibleStages: [],
        language: 'en',
        requirements: [{ competenceId: marker.id, minLevel: 1, essential: false, weight: 1 }],
      });
      opportunityId = o.id;
    });

    async function aPerson(visibility: 'PRIVATE' | 'CONSORTIUM', reaches: boolean): Promise<CreatedUser> {
      const person = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
      await withProfile(t, person.token, {
        visibility: visibility as never,
        languages: [{ code: 'en', level: 'C1' }],
      });
      if (reaches) await withAssessments(t, person, [{ competence: markerId, level: 2 }]);
      return person;
    }

    async function applies(person: CreatedUser): Promise<string> {
      const app = await anApplication(t, {
        opportunityId,
        candidateId: person.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
      return app.id;
    }

    it('recommends a closed opportunity again, as after a rejection', async () => {
      const person = await aPerson('PRIVATE', true);
      const recommended = async () =>
        dataOf(
          await t.gql<{ recommendedOpportunities: { opportunity: { id: string } }[] }>(
            RECOMMENDED,
            { filter: { competenceId: markerId } },
            person.token,
          ),
        ).recommendedOpportunities.map((r) => r.opportunity.id);
      expect(await recommended()).toEqual([opportunityId]);
      const app = await applies(person);
      expect(await recommended()).toEqual([]);
      await aClosure(t, { candidateId: person.user.id, applicationIds: [app] });
      expect(await recommended()).toEqual([opportunityId]);
    });

    it('lists a closed applicant in matchingCandidates as after a rejection: findable if their profile is, not applied', async () => {
      const hidden = await aPerson('PRIVATE', true);
      const ranked = await aPerson('CONSORTIUM', true);
      const filler = await aPerson('CONSORTIUM', false);
      const apps = [await applies(hidden), await applies(ranked), await applies(filler)];
      const mine = [hidden.user.id, ranked.user.id, filler.user.id];
      const matching = async (only: boolean) =>
        dataOf(
          await t.gql<{ matchingCandidates: { userId: string; applied: boolean }[] }>(
            MATCHING,
            { id: opportunityId, only },
            supervisor.token,
          ),
        )
          .matchingCandidates.filter((m) => mine.includes(m.userId))
          .map((m) => [m.userId, m.applied])
          .sort();
      expect(await matching(true)).toEqual(mine.map((id) => [id, true]).sort());
      expect(await matching(false)).toEqual(mine.map((id) => [id, true]).sort());
      for (const [i, person] of [hidden, ranked, filler].entries()) {
        await aClosure(t, { candidateId: person.user.id, applicationIds: [apps[i]] });
      }
      expect(await matching(true)).toEqual([]);
      // The private profile is no longer in the pool; the findable ones are, ranked by the reach
      // index (`ranked` reaches a requirement) or found by id after it (`filler` reaches none).
      expect(await matching(false)).toEqual(
        [
          [ranked.user.id, false],
          [filler.user.id, false],
        ].sort(),
      );
    });
  });
});
