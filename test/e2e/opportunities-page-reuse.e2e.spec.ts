import { OpportunityKind } from '../../src/core/domain/enums';
import { OpportunityPageChangeNotifications1795960000000 } from '../../src/database/migrations/1795960000000-OpportunityPageChangeNotifications';
import { OpportunityPageAnswers } from '../../src/opportunities/page-answers';
import { aDraft, anOpenOpportunity, someCompetences } from '../factories/opportunities.factory';
import { countStatements, StatementCounter } from '../utils/statement-counter';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

/** Every opportunity of this file has the marker in its title; the demo seed's do not. */
const MARK = 'reuse-mark';

const PAGE = `query($first: Int!, $text: String) { opportunities(first: $first, filter: { text: $text }) {
  pageInfo { hasNextPage endCursor }
  edges { cursor node {
    id title status applicationDeadline confidentialDetails
    hostOrganisation { code name }
    leadSupervisor { displayName }
    requirements { minLevel essential competence { name } }
  } }
} }`;

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: {
    cursor: string;
    node: {
      id: string;
      title: string;
      status: string;
      applicationDeadline: string;
      confidentialDetails: string | null;
      leadSupervisor: { displayName: string };
      requirements: { competence: { name: string } }[];
    };
  }[];
}

async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A viewer's `opportunities` page is answered again while nothing it shows changed
 * (opportunities/page-answers.ts; the contract in docs/api.md): the same answer as a fresh read,
 * never another viewer's, and every change seen by the next request on the instance that made it
 * and within milliseconds on every other one.
 */
describe('opportunity pages answered again', () => {
  let a: TestApp;
  let b: TestApp;
  let counter: StatementCounter;
  let candidate: string;
  let otherCandidate: string;
  let supervisor: string;
  let hr: string;
  let competenceId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    a = await createTestApp({ seed: true });
    // A second instance on the same database.
    b = await createTestApp({ sharedDatabase: a.db });
    [candidate, otherCandidate, supervisor, hr] = await Promise.all(
      ['candidate@lumc.test', 'candidate@leiden.test', 'supervisor@lumc.test', 'hr@lumc.test'].map((e) =>
        a.login(e),
      ),
    );
    const [competence] = await someCompetences(a, 1);
    competenceId = competence.id;
    for (let i = 0; i < 3; i++) {
      const o = await anOpenOpportunity(a, supervisor, hr, OpportunityKind.INTERNSHIP, {
        title: `Internship ${MARK} ${i}`,
        confidentialDetails: `Secret ${i}`,
        requirements: [{ competenceId, minLevel: 2, essential: true }],
      });
      ids.push(o.id);
    }
    counter = countStatements(a);
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const page = (t: TestApp, token: string, first = 10): Promise<GqlResponse<{ opportunities: Page }>> =>
    t.gql<{ opportunities: Page }>(PAGE, { first, text: MARK }, token);

  async function titles(t: TestApp, token: string): Promise<string[]> {
    const res = await page(t, token);
    expect(res.errors).toBeUndefined();
    return res.data!.opportunities.edges.map((e) => e.node.title);
  }

  it('answers the same page again without reading it, with the same answer', async () => {
    const first = await page(a, candidate);
    expect(first.errors).toBeUndefined();
    expect(first.data!.opportunities.edges).toHaveLength(3);
    let again: GqlResponse<{ opportunities: Page }> | undefined;
    // The viewer's account is still looked up (its cache); the page is not read.
    const statements = await counter.during(async () => {
      again = await page(a, candidate);
    });
    expect(again).toEqual(first);
    const bare = await counter.during(() => a.gql('{ me { id } }', {}, candidate));
    expect(statements).toBeLessThanOrEqual(bare);
    expect(a.app.get(OpportunityPageAnswers).size).toBeGreaterThan(0);
  });

  it('never answers one viewer with the page kept for another', async () => {
    const draft = await aDraft(a, supervisor, OpportunityKind.INTERNSHIP, {
      title: `Internship ${MARK} draft`,
      confidentialDetails: 'Draft secret',
    });
    try {
      // HR of the host sees the draft and every confidential detail; the same operation and
      // variables for a candidate right after must not.
      const forHr = await page(a, hr);
      expect(forHr.data!.opportunities.edges.map((e) => e.node.title)).toContain(`Internship ${MARK} draft`);
      expect(forHr.data!.opportunities.edges.every((e) => e.node.confidentialDetails !== null)).toBe(true);
      for (const token of [candidate, otherCandidate, candidate]) {
        const res = await page(a, token);
        expect(res.data!.opportunities.edges.map((e) => e.node.title)).not.toContain(
          `Internship ${MARK} draft`,
        );
        expect(res.data!.opportunities.edges.every((e) => e.node.confidentialDetails === null)).toBe(true);
      }
      expect((await page(a, hr)).data).toEqual(forHr.data);
    } finally {
      await a.dataSource.query('DELETE FROM opportunities WHERE id = $1', [draft.id]);
    }
  });

  it('shows an edit through the API to the next request', async () => {
    await titles(a, candidate);
    await titles(a, candidate);
    const res = await a.gql(
      'mutation($id: ID!, $i: UpdateOpportunityInput!) { updateOpportunity(id: $id, input: $i) { id } }',
      { id: ids[0], i: { title: `Internship ${MARK} 0 renamed` } },
      supervisor,
    );
    expect(res.errors).toBeUndefined();
    expect(await titles(a, candidate)).toContain(`Internship ${MARK} 0 renamed`);
  });

  it('shows a change made elsewhere (another instance, by hand in SQL) within moments on every instance', async () => {
    const namesOn = async (t: TestApp) =>
      (await page(t, candidate)).data!.opportunities.edges.flatMap((e) =>
        e.node.requirements.map((r) => r.competence.name),
      );
    // Both instances keep the page.
    for (const t of [a, b, a, b]) expect(await namesOn(t)).not.toContain('Renamed competence');
    await b.dataSource.query('UPDATE competences SET name = $2 WHERE id = $1', [
      competenceId,
      'Renamed competence',
    ]);
    for (const t of [a, b]) await eventually(async () => (await namesOn(t)).includes('Renamed competence'));
    // A supervisor's new display name too (users' names are shown as leadSupervisor).
    await a.dataSource.query(
      `UPDATE users SET display_name = 'Dr. Renamed' WHERE email = 'supervisor@lumc.test'`,
    );
    for (const t of [b, a]) {
      await eventually(async () =>
        (await page(t, candidate)).data!.opportunities.edges.every(
          (e) => e.node.leadSupervisor.displayName === 'Dr. Renamed',
        ),
      );
    }
  });

  it('stops showing an opportunity once its deadline passes, although nothing was written', async () => {
    const soon = new Date(Date.now() + 2_500).toISOString();
    await a.dataSource.query('UPDATE opportunities SET application_deadline = $2 WHERE id = $1', [
      ids[2],
      soon,
    ]);
    await eventually(async () =>
      (await page(a, candidate)).data!.opportunities.edges.some(
        (e) => e.node.id === ids[2] && new Date(e.node.applicationDeadline).getTime() === Date.parse(soon),
      ),
    );
    // Kept now (no statement), until the deadline.
    expect(await counter.during(() => page(a, candidate))).toBeLessThanOrEqual(
      await counter.during(() => a.gql('{ me { id } }', {}, candidate)),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon) - Date.now() + 50)));
    const ids2 = (await page(a, candidate)).data!.opportunities.edges.map((e) => e.node.id);
    expect(ids2).not.toContain(ids[2]);
  });

  it('keeps no page that counts rows or shares its request with other fields', async () => {
    const answers = a.app.get(OpportunityPageAnswers);
    const before = answers.size;
    const counted = `query($text: String) { opportunities(first: 5, filter: { text: $text }) { totalCount edges { node { id } } } }`;
    const withMe = `query($text: String) { me { id } opportunities(first: 5, filter: { text: $text }) { edges { node { id } } } }`;
    for (const query of [counted, withMe]) {
      for (let i = 0; i < 2; i++) {
        const statements = await counter.during(async () =>
          expect((await a.gql(query, { text: MARK }, candidate)).errors).toBeUndefined(),
        );
        expect(statements).toBeGreaterThan(0);
      }
    }
    // None added (one may have gone: a late notification of an earlier test's change).
    expect(answers.size).toBeLessThanOrEqual(before);
  });

  it('has its triggers removed by the migration going down and put back going up', async () => {
    const triggers = async () =>
      (
        await a.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE '%\\_pages\\_changed'`,
        )
      )[0].n;
    expect(await triggers()).toBe(10);
    const migration = new OpportunityPageChangeNotifications1795960000000();
    const runner = a.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await triggers()).toBe(0);
      await migration.up(runner);
      expect(await triggers()).toBe(10);
    } finally {
      await runner.release();
    }
  });
});
