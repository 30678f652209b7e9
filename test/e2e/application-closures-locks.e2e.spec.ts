import { RoundLoader } from '../../src/rounds/round-loader';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf, RUN_FIELDS } from '../factories/rounds.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const SUBMIT_CHOICES = `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }`;
const RUN = `mutation($id: ID!, $dry: Boolean!) { runRound(id: $id, dryRun: $dry) { ${RUN_FIELDS} } }`;
const RUN_BY_ID = `query($id: ID!) { roundRun(id: $id) { ${RUN_FIELDS} } }`;
const MY_APPLICATIONS = `query { myApplications(first: 20) { id opportunityId status } }`;
const HISTORY = `query($id: ID!) { application(id: $id) { status history { from to reason actor { id } } } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String) { withdrawApplication(id: $id, reason: $reason) { id status } }`;
const REJECT = `mutation($id: ID!, $reason: String) { rejectApplication(id: $id, reason: $reason) { id status } }`;

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/**
 * Invariant L of the closures (docs/design/closed-choices.md, section 2.5): a round's run closes a
 * placed candidate's other choices without locking their rows, which is safe because every change
 * of a waiting application takes its opportunity's row lock first and the run holds all its
 * opportunities locked from before it reads until it commits. A host's rejection and the
 * candidate's withdrawal of a choice the run is closing wait for the run, then find the choice
 * REJECTED by the round and are refused as after any rejection; the history shows one rejection.
 */
describe('application closures: steps taken while a publication runs wait for it', () => {
  let t: TestApp;
  let hr: string;
  let host: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    hr = await t.login('hr@lumc.test');
    host = await aSupervisor(t, 'LUMC');
  }, 60_000);
  afterAll(() => t.close());

  it('refuses a host rejection and a withdrawal of closing choices after the run commits, with one rejection in the history', async () => {
    const [x, y, z] = await Promise.all(
      ['Held lab X', 'Held lab Y', 'Held lab Z'].map((title) =>
        anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1, title }),
      ),
    );
    const round = await aRound(t, hr, { name: 'Held round', opportunityIds: [x.id, y.id, z.id] });
    const candidate = await aCandidate(t);
    dataOf(await t.gql(SUBMIT_CHOICES, { r: round.id, o: [x.id, y.id, z.id] }, candidate.token));
    await closeRankingOf(t, round.id);
    const mine = dataOf(
      await t.gql<{ myApplications: { id: string; opportunityId: string }[] }>(
        MY_APPLICATIONS,
        {},
        candidate.token,
      ),
    ).myApplications;
    const idOf = (opportunityId: string) => mine.find((a) => a.opportunityId === opportunityId)!.id;

    // The run stops after it read the round (its opportunities locked) until released.
    let loaded!: () => void;
    const isLoaded = new Promise<void>((resolve) => (loaded = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const loader = t.app.get(RoundLoader);
    const load = loader.load.bind(loader);
    const spy = jest.spyOn(loader, 'load').mockImplementation(async (...args) => {
      const result = await load(...args);
      loaded();
      await released;
      return result;
    });
    try {
      const queued = dataOf(
        await t.gql<{ runRound: { id: string } }>(RUN, { id: round.id, dry: false }, hr),
      ).runRound;
      const running = t.app.get(RoundWorker).processPending();
      await isLoaded;
      let settled = 0;
      const rejecting = t
        .gql(REJECT, { id: idOf(y.id), reason: 'Not a fit' }, host.token)
        .finally(() => settled++);
      const withdrawing = t
        .gql(WITHDRAW, { id: idOf(z.id), reason: 'Changed my mind' }, candidate.token)
        .finally(() => settled++);
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Both wait on the opportunities the run holds.
      expect(settled).toBe(0);
      release();
      await running;
      const run = dataOf(
        await t.gql<{ roundRun: { status: string } }>(RUN_BY_ID, { id: queued.id }, hr),
      ).roundRun;
      expect(run.status).toBe('DONE');
      for (const res of [await rejecting, await withdrawing]) {
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      }
    } finally {
      release();
      spy.mockRestore();
    }
    for (const [opportunityId, status] of [
      [x.id, 'OFFERED'],
      [y.id, 'REJECTED'],
      [z.id, 'REJECTED'],
    ] as const) {
      const application = dataOf(
        await t.gql<{
          application: {
            status: string;
            history: { from: string | null; to: string; reason: string | null; actor: unknown }[];
          };
        }>(HISTORY, { id: idOf(opportunityId) }, candidate.token),
      ).application;
      expect(application.status).toBe(status);
      expect(application.history.map((h) => h.to)).toEqual(['SUBMITTED', status]);
      expect(application.history.at(-1)).toMatchObject({ from: 'SUBMITTED', actor: null });
    }
  }, 60_000);
});
