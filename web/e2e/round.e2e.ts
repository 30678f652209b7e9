import { OpportunityKind } from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import { anOpenOpportunity } from '../../test/factories/opportunities.factory';
import { aRound, closeRankingOf } from '../../test/factories/rounds.factory';
import { seriousViolations, shows, signIn, startWorld, type BrowserWorld } from './harness';
import type { Page } from 'playwright-core';

/**
 * A round: two candidates (two browsers) rank their choices, one of them with the keyboard alone;
 * the host prefers the other candidate; HR runs and publishes (GraphQL); each candidate sees the
 * outcome, and the one who missed their first choice sees why, with opportunity titles.
 */
describe('round (browser, two people)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  async function addChoices(page: Page, roundName: string, titles: string[]): Promise<void> {
    await page.getByRole('link', { name: 'Rounds' }).click();
    await page.getByRole('link', { name: roundName }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: roundName }));
    for (const title of titles)
      await page.getByRole('button', { name: `Add ${title} to your choices` }).click();
  }

  async function choices(page: Page): Promise<string[]> {
    const items = page.getByRole('list', { name: 'Your choices, most wanted first' }).getByRole('button', {
      name: /^\d+\. /,
    });
    return (await items.allTextContents()).map((text) => text.replace(/^\d+\.\s*/, '').trim());
  }

  it('ranks with the keyboard, publishes, and explains the outcome with titles', async () => {
    const tag = Date.now().toString(36);
    const supervisor = await world.t.login('supervisor@lumc.test');
    const hr = await world.t.login('hr@lumc.test');
    const assays = `Assay internship ${tag}`;
    const writing = `Regulatory writing internship ${tag}`;
    const a = await anOpenOpportunity(world.t, supervisor, hr, OpportunityKind.INTERNSHIP, {
      title: assays,
      capacity: 1,
      eligibleStages: [],
    });
    const b = await anOpenOpportunity(world.t, supervisor, hr, OpportunityKind.INTERNSHIP, {
      title: writing,
      capacity: 1,
      eligibleStages: [],
    });
    const round = await aRound(world.t, hr, {
      name: `Spring internships ${tag}`,
      opportunityIds: [a.id, b.id],
      maxChoices: 2,
    });

    // Lotte adds the two in the wrong order, then moves the assay internship up with the keyboard only.
    const lotte = await world.person();
    await signIn(lotte.page, 'candidate@lumc.test');
    await addChoices(lotte.page, round.name, [writing, assays]);
    expect(await choices(lotte.page)).toEqual([writing, assays]);
    await lotte.page.getByRole('button', { name: `2. ${assays}` }).focus();
    // Key by key, as a person presses them: dnd-kit measures the list between the key presses.
    for (const key of ['Space', 'ArrowUp', 'Space']) {
      await lotte.page.keyboard.press(key);
      await lotte.page.waitForTimeout(250);
    }
    await shows(lotte.page, lotte.page.getByText(`${assays} dropped at position 1 of 2.`));
    expect(await choices(lotte.page)).toEqual([assays, writing]);
    expect(await seriousViolations(lotte.page)).toEqual([]);
    await lotte.page.getByRole('button', { name: 'Save my choices' }).click();
    await shows(lotte.page, lotte.page.getByRole('status').filter({ hasText: 'Your choices are saved.' }));

    // Daan, in another browser, wants the assay internship first too.
    const daan = await world.person();
    await signIn(daan.page, 'candidate@leiden.test');
    await addChoices(daan.page, round.name, [assays, writing]);
    await daan.page.getByRole('button', { name: 'Save my choices' }).click();
    await shows(daan.page, daan.page.getByRole('status').filter({ hasText: 'Your choices are saved.' }));

    // After a reload Lotte's order is still hers.
    await lotte.page.reload();
    await shows(lotte.page, lotte.page.getByRole('list', { name: 'Your choices, most wanted first' }));
    expect(await choices(lotte.page)).toEqual([assays, writing]);

    // The host prefers Daan for the assays; HR closes the ranking and publishes (GraphQL clients).
    const applicants = await world.t.gql<{
      applicationsForOpportunity: { id: string; applicant: { displayName: string } }[];
    }>(
      'query($o: ID!) { applicationsForOpportunity(opportunityId: $o) { id applicant { displayName } } }',
      { o: a.id },
      supervisor,
    );
    const order = [...(applicants.data?.applicationsForOpportunity ?? [])].sort((x) =>
      x.applicant.displayName === 'Daan Smit' ? -1 : 1,
    );
    const ranked = await world.t.gql(
      'mutation($o: ID!, $ids: [ID!]!) { rankApplicants(opportunityId: $o, applicationIds: $ids) { rank } }',
      { o: a.id, ids: order.map((x) => x.id) },
      supervisor,
    );
    expect(ranked.errors).toBeUndefined();
    await closeRankingOf(world.t, round.id);
    const run = await world.t.gql<{ runRound: { id: string } }>(
      'mutation($id: ID!) { runRound(id: $id, dryRun: false) { id status } }',
      { id: round.id },
      hr,
    );
    expect(run.errors).toBeUndefined();
    await world.t.app.get(RoundWorker).processPending();

    // Each candidate sees the outcome; Lotte also why not her first choice.
    await lotte.page.reload();
    const outcome = lotte.page.getByTestId('round-outcome');
    await shows(lotte.page, outcome);
    await shows(lotte.page, outcome.getByText(`You got ${writing} (your choice 2).`));
    await shows(
      lotte.page,
      outcome.getByText(`Choice 1, ${assays}: it was full with candidates its host ranked above you`),
    );
    expect(await seriousViolations(lotte.page)).toEqual([]);

    // Lotte contests the outcome with a reason; HR of the round's organisation answers; she reads it.
    await outcome.getByRole('button', { name: 'Contest this outcome' }).click();
    await outcome.getByRole('button', { name: 'Send' }).click();
    await shows(lotte.page, outcome.getByText('Please give a reason.'));
    await outcome
      .getByRole('textbox', { name: /Why you contest it/ })
      .fill('My assay experience was not counted');
    await outcome.getByRole('button', { name: 'Send' }).click();
    await shows(lotte.page, outcome.getByText(/You contested this on .+; HR will answer\./));
    const contests = await world.t.gql<{ contestsToAnswer: { id: string }[] }>(
      '{ contestsToAnswer(status: OPEN) { id } }',
      {},
      hr,
    );
    expect(contests.errors).toBeUndefined();
    const answered = await world.t.gql(
      'mutation($id: ID!) { answerContest(contestId: $id, outcome: DISMISSED, reason: "The host ranked by interview") { id } }',
      { id: contests.data!.contestsToAnswer[0]!.id },
      hr,
    );
    expect(answered.errors).toBeUndefined();
    await lotte.page.reload();
    await shows(lotte.page, outcome.getByText(/HR did not agree on/));
    await shows(lotte.page, outcome.getByText('The host ranked by interview'));
    expect(await seriousViolations(lotte.page)).toEqual([]);
    await daan.page.reload();
    await shows(
      daan.page,
      daan.page.getByTestId('round-outcome').getByText(`You got ${assays} (your choice 1).`),
    );
    expect([...lotte.problems, ...daan.problems]).toEqual([]);
  });
});
