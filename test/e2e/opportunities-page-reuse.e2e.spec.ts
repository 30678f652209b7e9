import { Client } from 'pg';
import { ApplicationStatus, OpportunityKind } from '../../src/core/domain/enums';
import { OpportunityAnswersChangeNotifications1795970000000 } from '../../src/database/migrations/1795970000000-OpportunityAnswersChangeNotifications';
import { OpportunityPageAnswers } from '../../src/opportunities/page-answers';
import { aCandidate, anApplication } from '../factories/applications.factory';
import { aDraft, anOpenOpportunity, someCompetences } from '../factories/opportunities.factory';
import { countStatements, StatementCounter } from '../utils/statement-counter';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

/** Every opportunity of this file has the marker in its title; the demo seed's do not. */
const MARK = 'reuse-mark';

/** The page as the benchmark asks it (no viewer-dependent field): shared between viewers. */
const PAGE = `query($first: Int!, $text: String) { opportunities(first: $first, filter: { text: $text }) {
  pageInfo { hasNextPage endCursor }
  edges { cursor node {
    id title status applicationDeadline
    hostOrganisation { code name }
    leadSupervisor { displayName }
    requirements { minLevel essential competence { name } }
  } }
} }`;

/** The web app's own query (web/src/features/opportunities/api/opportunities.operations.ts), filtered to this file's rows. */
const WEB_SEARCH = `query OpportunitySearch($filter: OpportunityFilterInput, $after: String) {
  opportunities(first: 20, filter: $filter, after: $after, orderBy: DEADLINE) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id title kind applicationDeadline startsOn endsOn seatsAvailable hostOrganisation { id name } } }
  }
  organisations { id name }
}`;

/** A page with a viewer-dependent field: never kept. */
const CONFIDENTIAL = `query($text: String) { opportunities(first: 10, filter: { text: $text }) {
  edges { node { id title confidentialDetails } } } }`;

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: {
    cursor: string;
    node: {
      id: string;
      title: string;
      status: string;
      applicationDeadline: string;
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
 * `opportunities` pages answered again and shared between the viewers who would be given the same
 * answer (opportunities/page-answers.ts; the contract in docs/opportunity-page-answers.md): the same
 * answer as a fresh read, never what another viewer alone may see, and every change to the tables a
 * page shows seen by the next request on the instance that made it and within moments elsewhere.
 */
describe('opportunity pages answered again', () => {
  let a: TestApp;
  let b: TestApp;
  let counter: StatementCounter;
  let candidate: string;
  let otherCandidate: string;
  let thirdCandidate: string;
  let thirdCandidateId: string;
  let supervisor: string;
  let hr: string;
  let competenceId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    // Accounts kept for the whole file: statement counts compare the page alone, not an account's re-read.
    const env = { AUTH_USER_CACHE_SECONDS: '300' };
    a = await createTestApp({ seed: true, env });
    // A second instance on the same database.
    b = await createTestApp({ sharedDatabase: a.db, env });
    [supervisor, hr] = await Promise.all(['supervisor@lumc.test', 'hr@lumc.test'].map((e) => a.login(e)));
    // Candidates with no application yet: they share the OPEN opportunities' pages.
    const created = await Promise.all([aCandidate(a), aCandidate(a), aCandidate(a)]);
    [candidate, otherCandidate, thirdCandidate] = created.map((c) => c.token);
    thirdCandidateId = created[2].user.id;
    const [competence] = await someCompetences(a, 1);
    competenceId = competence.id;
    for (let i = 0; i < 4; i++) {
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

  /** Statements of `{ me { id } }` for the same viewer: what a request costs with no page read. */
  const bare = (token: string) => counter.during(() => a.gql('{ me { id } }', {}, token));

  it('answers the same page again without reading it, to the same and to another candidate', async () => {
    // The setup's writes notify every instance at commit: once their notices are in, the page is kept.
    await eventually(async () => (await counter.during(() => page(a, candidate))) <= (await bare(candidate)));
    const first = await page(a, candidate);
    expect(first.errors).toBeUndefined();
    expect(first.data!.opportunities.edges).toHaveLength(4);
    let again: GqlResponse<{ opportunities: Page }> | undefined;
    const statements = await counter.during(async () => {
      again = await page(a, candidate);
    });
    expect(again).toEqual(first);
    expect(statements).toBeLessThanOrEqual(await bare(candidate));
    // Another candidate: their reach is looked up once (one statement), the page is not read.
    await a.gql('{ me { id } }', {}, otherCandidate);
    let theirs: GqlResponse<{ opportunities: Page }> | undefined;
    const theirStatements = await counter.during(async () => {
      theirs = await page(a, otherCandidate);
    });
    expect(theirs).toEqual(first);
    expect(theirStatements).toBeLessThanOrEqual((await bare(otherCandidate)) + 1);
    expect(await counter.during(() => page(a, otherCandidate))).toBeLessThanOrEqual(
      await bare(otherCandidate),
    );
    expect(a.app.get(OpportunityPageAnswers).size).toBeGreaterThan(0);
  });

  it("answers the web app's own query (totalCount and organisations beside it) again, the same as a fresh read", async () => {
    const variables = { filter: { text: MARK } };
    const first = await a.gql<{ opportunities: { totalCount: number } }>(WEB_SEARCH, variables, candidate);
    expect(first.errors).toBeUndefined();
    expect(first.data!.opportunities.totalCount).toBe(4);
    let again: GqlResponse<unknown> | undefined;
    const statements = await counter.during(async () => {
      again = await a.gql(WEB_SEARCH, variables, otherCandidate);
    });
    expect(again).toEqual(first);
    expect(statements).toBeLessThanOrEqual(await bare(otherCandidate));
    // The same as a read on the other instance, whose first answer is read.
    expect(await b.gql(WEB_SEARCH, variables, candidate)).toEqual(first);
  });

  it("never answers HR's drafts or confidential details to candidates", async () => {
    const draft = await aDraft(a, supervisor, OpportunityKind.INTERNSHIP, {
      title: `Internship ${MARK} draft`,
      confidentialDetails: 'Draft secret',
    });
    try {
      // HR of the host sees the draft; the same operation and variables for candidates right after must not.
      for (let i = 0; i < 2; i++) expect(await titles(a, hr)).toContain(`Internship ${MARK} draft`);
      for (const token of [candidate, otherCandidate, candidate]) {
        expect(await titles(a, token)).not.toContain(`Internship ${MARK} draft`);
      }
      for (let i = 0; i < 2; i++) expect(await titles(a, hr)).toContain(`Internship ${MARK} draft`);
      // Confidential details: HR sees them, candidates never; such a page is read every time.
      const forHr = await a.gql<{
        opportunities: { edges: { node: { confidentialDetails: string | null } }[] };
      }>(CONFIDENTIAL, { text: MARK }, hr);
      expect(forHr.data!.opportunities.edges.every((e) => e.node.confidentialDetails !== null)).toBe(true);
      for (const token of [candidate, otherCandidate]) {
        let res: typeof forHr | undefined;
        const statements = await counter.during(async () => {
          res = await a.gql(CONFIDENTIAL, { text: MARK }, token);
        });
        expect(statements).toBeGreaterThan(await bare(token));
        expect(res!.data!.opportunities.edges.every((e) => e.node.confidentialDetails === null)).toBe(true);
      }
    } finally {
      await a.dataSource.query('DELETE FROM opportunities WHERE id = $1', [draft.id]);
    }
  });

  it("never answers one candidate's own-application-based visibility to another", async () => {
    // The candidate applied to ids[3], which then closes: only they still see it.
    await anApplication(a, {
      opportunityId: ids[3],
      candidateId: thirdCandidateId,
      status: ApplicationStatus.SUBMITTED,
    });
    await a.dataSource.query(`UPDATE opportunities SET status = 'CLOSED' WHERE id = $1`, [ids[3]]);
    const closed = `Internship ${MARK} 3`;
    await eventually(async () => !(await titles(a, candidate)).includes(closed));
    for (let i = 0; i < 2; i++) {
      expect(await titles(a, thirdCandidate)).toContain(closed);
      expect(await titles(a, candidate)).not.toContain(closed);
      expect(await titles(a, otherCandidate)).not.toContain(closed);
    }
    // An application written where no notification tells (by hand, to the closed one) while the
    // candidate's scope is remembered as shared: they may miss it for the documented bound, and
    // nobody else ever sees it.
    const late = await aCandidate(a);
    expect(await titles(a, late.token)).not.toContain(closed);
    await anApplication(a, {
      opportunityId: ids[3],
      candidateId: late.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
    for (let i = 0; i < 2; i++) {
      expect(await titles(a, late.token)).not.toContain(closed);
      expect(await titles(a, candidate)).not.toContain(closed);
    }
    // Any mutation answered by the instance forgets what it kept: now they see it, and still only they.
    await a.gql('mutation { markAllNotificationsRead }', {}, late.token);
    expect(await titles(a, late.token)).toContain(closed);
    expect(await titles(a, candidate)).not.toContain(closed);
    expect(await titles(a, thirdCandidate)).toContain(closed);
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
    expect(await titles(a, otherCandidate)).toContain(`Internship ${MARK} 0 renamed`);
  });

  it('shows a change made elsewhere (another instance, by hand in SQL) within moments on every instance', async () => {
    const namesOn = async (t: TestApp) =>
      (await page(t, candidate)).data!.opportunities.edges.flatMap((e) =>
        e.node.requirements.map((r) => r.competence.name),
      );
    for (const t of [a, b, a, b]) expect(await namesOn(t)).not.toContain('Renamed competence');
    await b.dataSource.query('UPDATE competences SET name = $2 WHERE id = $1', [
      competenceId,
      'Renamed competence',
    ]);
    for (const t of [a, b]) await eventually(async () => (await namesOn(t)).includes('Renamed competence'));
    await a.dataSource.query(
      `UPDATE users SET display_name = 'Dr. Renamed' WHERE email = 'supervisor@lumc.test'`,
    );
    for (const t of [b, a]) {
      await eventually(async () =>
        (await page(t, otherCandidate)).data!.opportunities.edges.every(
          (e) => e.node.leadSupervisor.displayName === 'Dr. Renamed',
        ),
      );
    }
  });

  it('stops counting an opportunity once its deadline passes, although nothing was written', async () => {
    // The oldest of the list: off a one-row page of the newest (and off the row read after it), but counted.
    const soon = new Date(Date.now() + 5_000).toISOString();
    await a.dataSource.query('UPDATE opportunities SET application_deadline = $2 WHERE id = $1', [
      ids[0],
      soon,
    ]);
    const query = WEB_SEARCH.replace('first: 20', 'first: 1').replace('orderBy: DEADLINE', 'orderBy: NEWEST');
    const count = async () =>
      (await a.gql<{ opportunities: { totalCount: number } }>(query, { filter: { text: MARK } }, candidate))
        .data!.opportunities.totalCount;
    await eventually(async () => (await count()) === 3);
    // Kept once the update's notice is in (a page read before it arrived is not kept).
    await eventually(async () => (await counter.during(count)) <= (await bare(candidate)));
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon) - Date.now() + 50)));
    expect(await count()).toBe(2);
  });

  it('keeps no page under a directive or beside a second same-named field, and application writes notify nobody', async () => {
    const answers = a.app.get(OpportunityPageAnswers);
    const before = answers.size;
    const directive = `query($text: String) { opportunities(first: 5, filter: { text: $text }) @include(if: true) { edges { node { id } } } }`;
    for (let i = 0; i < 2; i++) {
      const statements = await counter.during(async () =>
        expect((await a.gql(directive, { text: MARK }, candidate)).errors).toBeUndefined(),
      );
      expect(statements).toBeGreaterThan(await bare(candidate));
    }
    expect(answers.size).toBeLessThanOrEqual(before);
    const listener = new Client({ connectionString: a.db.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    try {
      await listener.query('LISTEN talent_exchange_live');
      await anApplication(a, {
        opportunityId: ids[1],
        candidateId: thirdCandidateId,
        status: ApplicationStatus.SUBMITTED,
      });
      await a.dataSource.query(`UPDATE applications SET status = status WHERE opportunity_id = $1`, [ids[1]]);
      await a.dataSource.query(`UPDATE organisations SET name = name WHERE false`);
      // Delivered in commit order: once the organisations' notice is heard, any earlier one was.
      const notices = () => heard.filter((p) => p.includes('opportunities.answers-changed'));
      await eventually(async () => {
        await listener.query('SELECT 1');
        return notices().length > 0;
      });
      expect(notices()).toHaveLength(1);
    } finally {
      await listener.end();
    }
  });

  it('has its triggers removed by the migration going down and put back going up', async () => {
    const triggers = async () =>
      (
        await a.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE '%\\_answers\\_changed'`,
        )
      )[0].n;
    expect(await triggers()).toBe(9);
    const migration = new OpportunityAnswersChangeNotifications1795970000000();
    const runner = a.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await triggers()).toBe(0);
      await migration.up(runner);
      expect(await triggers()).toBe(9);
      const pending = await a.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
