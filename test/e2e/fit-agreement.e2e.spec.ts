import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { withProfile } from '../factories/profiles.factory';
import { aRound } from '../factories/rounds.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

/**
 * Hole 9 of issue 11: the fit a candidate is shown (myFit, recommendations) and the fit a round uses
 * for a host's default order come from one mapping in the core (core/fit/fit-inputs.ts) with the same
 * weights. The inputs below differ exactly where two mappings used to disagree: an end date read as
 * inclusive or exclusive, the configured weights, and an unknown career stage.
 */

const MY_FIT = `query($o: ID!) { myFit(opportunityId: $o) { score eligible reasons } }`;
const CHOOSE = `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }`;
const RUN = `mutation($id: ID!) { runRound(id: $id, dryRun: true, seed: 7) { id } }`;
const INPUT = `query($id: ID!) { roundRun(id: $id) { status inputJson } }`;

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

describe('one fit for candidates and rounds', () => {
  let t: TestApp;
  let hr: string;

  beforeAll(async () => {
    t = await createTestApp({
      seed: true,
      env: {
        FIT_WEIGHT_ESSENTIAL: '1',
        FIT_WEIGHT_OPTIONAL: '1',
        FIT_WEIGHT_DEVELOPMENT: '1',
        FIT_WEIGHT_AVAILABILITY: '10',
        FIT_WEIGHT_LANGUAGE: '1',
      },
    });
    hr = await t.login('hr@lumc.test');
  });
  afterAll(() => t.close());

  it('orders a host list by the very scores its candidates are shown', async () => {
    const host = await aSupervisor(t, 'LUMC');
    // A three-day workplace visit, taught in Dutch, open to every career stage.
    const visit = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 3 });
    await t.dataSource.query(
      `UPDATE opportunities SET starts_on = '2027-03-01', ends_on = '2027-03-03', language = 'nl' WHERE id = $1`,
      [visit.id],
    );
    const round = await aRound(t, hr, { opportunityIds: [visit.id], maxChoices: 1 });

    // Available on the last two of the three days (2/3 read inclusively, 1/2 read exclusively).
    const lastDays = await aCandidate(t);
    await withProfile(t, lastDays.token, { availability: [{ start: '2027-03-02', end: '2027-03-03' }] });
    // Availability unknown (0.5 either way), speaks Dutch.
    const dutch = await aCandidate(t);
    await withProfile(t, dutch.token, { languages: [{ code: 'nl', level: 'C1' }] });
    // No career stage saved (eligible: the visit is open to every stage), available on the first day.
    const noStage = await aCandidate(t);
    await withProfile(t, noStage.token, {
      careerStage: null,
      availability: [{ start: '2027-03-01', end: '2027-03-01' }],
    });

    const people: CreatedUser[] = [lastDays, dutch, noStage];
    const shown = new Map<string, number>();
    for (const person of people) {
      const fit = dataOf(
        await t.gql<{ myFit: { score: number; eligible: boolean } }>(MY_FIT, { o: visit.id }, person.token),
      ).myFit;
      expect(fit.eligible).toBe(true);
      shown.set(person.user.id, fit.score);
      dataOf(await t.gql(CHOOSE, { r: round.id, o: [visit.id] }, person.token));
    }
    // Distinct scores, so the order is the scores' order (no tie for the seed to break).
    expect(new Set(shown.values()).size).toBe(people.length);

    const run = dataOf(await t.gql<{ runRound: { id: string } }>(RUN, { id: round.id }, hr)).runRound;
    await t.app.get(RoundWorker).processPending();
    const stored = dataOf(
      await t.gql<{ roundRun: { status: string; inputJson: string } }>(INPUT, { id: run.id }, hr),
    ).roundRun;
    expect(stored.status).toBe('DONE');
    const input = JSON.parse(stored.inputJson) as {
      fitOrdered: string[];
      instance: { hospitals: Record<string, string[]> };
    };
    expect(input.fitOrdered).toEqual([visit.id]);
    const byShownFit = [...shown.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id);
    expect(input.instance.hospitals[visit.id]).toEqual(byShownFit);
    // The inclusive reading ranks the candidate available on the last days first.
    expect(byShownFit[0]).toBe(lastDays.user.id);
  });
});
