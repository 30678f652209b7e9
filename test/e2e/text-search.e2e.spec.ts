import { Logger as TypeOrmLogger } from 'typeorm';
import { aCompetence } from '../factories/applications.factory';
import { anOpenOpportunity } from '../factories/opportunities.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const SEARCH = `query($text: String!) { opportunities(first: 50, filter: { text: $text }) {
  totalCount edges { node { title } } } }`;

/** The plan PostgreSQL would choose for `sql` if it could not read whole tables (tiny test tables). */
async function planWithoutSeqScan(t: TestApp, sql: string, params: unknown[]): Promise<string> {
  return t.dataSource.transaction(async (em) => {
    await em.query('SET LOCAL enable_seqscan = off');
    const rows = await em.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/**
 * The plan PostgreSQL would choose for `sql` with `extra` more OPEN opportunities (copies of one,
 * titled apart) and statistics taken of them, in a transaction rolled back.
 */
async function planWithOpenOpportunities(
  t: TestApp,
  sql: string,
  params: unknown[],
  extra: number,
): Promise<string> {
  const runner = t.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query(
      `INSERT INTO opportunities
       SELECT (jsonb_populate_record(o, jsonb_build_object(
                 'id', gen_random_uuid(), 'title', 'Filler ' || g, 'description', 'Nothing to find here ' || g))).*
         FROM opportunities AS o, generate_series(1, $1::int) AS g
        WHERE o.id = (SELECT id FROM opportunities WHERE status = 'OPEN' ORDER BY id LIMIT 1)`,
      [extra],
    );
    await runner.query('ANALYZE opportunities');
    const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('text search (PostgreSQL full-text, English and Dutch)', () => {
  let t: TestApp;
  let candidate: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    candidate = await t.login('candidate@lumc.test');
    const supervisor = await t.login('supervisor@lumc.test');
    const hr = await t.login('hr@lumc.test');
    for (const [title, description, language] of [
      ['Designing clinical trials for rare diseases', 'Join the trial unit for six months.', 'en'],
      ['Stage bij de apotheek', 'Samenwerkingen met onderzoekers en subsidies aanvragen.', 'nl'],
      ['Microscopy of living cells', 'Imaging work in the cell biology lab.', 'en'],
    ]) {
      await anOpenOpportunity(t, supervisor, hr, undefined, { title, description, language });
    }
  }, 120_000);
  afterAll(() => t.close());

  const titlesFor = async (text: string) => {
    const res = await t.gql<{ opportunities: { edges: { node: { title: string } }[] } }>(
      SEARCH,
      { text },
      candidate,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.opportunities.edges.map((e) => e.node.title);
  };

  it('finds English words by their stems, in any order', async () => {
    expect(await titlesFor('trial design')).toEqual(['Designing clinical trials for rare diseases']);
    expect(await titlesFor('designs')).toEqual(['Designing clinical trials for rare diseases']);
    expect(await titlesFor('live cell imaging')).toEqual(['Microscopy of living cells']);
  });

  it('finds Dutch words by their stems', async () => {
    // samenwerking ~ samenwerkingen, aanvraag ~ aanvragen, onderzoeker ~ onderzoekers
    expect(await titlesFor('samenwerking aanvraag')).toEqual(['Stage bij de apotheek']);
    expect(await titlesFor('onderzoeker')).toEqual(['Stage bij de apotheek']);
  });

  it('needs every word: one that appears nowhere finds nothing', async () => {
    expect(await titlesFor('trial zebrafish')).toEqual([]);
  });

  it('reads a search through the full-text indexes, not every row', async () => {
    const statements: { sql: string; params: unknown[] }[] = [];
    const logger = t.dataSource.logger as TypeOrmLogger;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (sql, params, qr) => {
      statements.push({ sql, params: (params as unknown[] | undefined) ?? [] });
      return logQuery(sql, params, qr);
    };
    try {
      // A search not asked before in this file: an instance answers a page asked again without
      // reading it (docs/opportunity-page-answers.md).
      expect(await titlesFor('rare trial design')).toEqual(['Designing clinical trials for rare diseases']);
    } finally {
      logger.logQuery = logQuery;
    }
    const search = statements.find((s) => s.sql.includes('websearch_to_tsquery') && s.sql.includes('LIMIT'));
    expect(search).toBeDefined();
    // A candidate's page is read under the shared scope (OPEN before the deadline): on a few rows an
    // index on status and deadline is as cheap as any, so the plan is asked with 2,000 more open
    // opportunities and fresh statistics (in a transaction rolled back), as a call would have them.
    const plan = await planWithOpenOpportunities(t, search!.sql, search!.params, 2_000);
    expect(plan).toContain('ix_opportunities_text_en');
    expect(plan).toContain('ix_opportunities_text_nl');
  });

  it('finds competences by English and Dutch stems as well as by part of a code or name', async () => {
    const english = await aCompetence(t, 'Statistical modelling of trial data');
    const dutch = await aCompetence(t, 'Onderzoeksvoorstellen schrijven en subsidies aanvragen');
    const codes = async (search: string) => {
      const res = await t.gql<{ competences: { code: string }[] }>(
        'query($s: String) { competences(search: $s) { code } }',
        { s: search },
        candidate,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.competences.map((c) => c.code);
    };
    expect(await codes('models')).toContain(english.code);
    expect(await codes('aanvraag')).toContain(dutch.code);
    expect(await codes('modellin')).toContain(english.code);
  });
});

describe('indexes of the lists that grow (keyset pages)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  }, 120_000);
  afterAll(() => t.close());

  it.each([
    [
      'people by name',
      'SELECT id FROM users WHERE (display_name, id) > ($1, $2::uuid) ORDER BY display_name, id LIMIT 20',
      ['M', '00000000-0000-4000-8000-000000000000'],
      'ix_users_display_name',
    ],
    [
      "an organisation's people by name",
      `SELECT id FROM users WHERE organisation_id = $1::uuid AND (display_name, id) > ($2, $3::uuid)
        ORDER BY display_name, id LIMIT 20`,
      ['00000000-0000-4000-8000-000000000001', 'M', '00000000-0000-4000-8000-000000000000'],
      'ix_users_organisation',
    ],
    [
      'profiles by visibility',
      'SELECT user_id FROM profiles WHERE visibility = $1',
      ['CONSORTIUM'],
      'ix_profiles_visibility',
    ],
    [
      "an opportunity's applicants in arrival order",
      `SELECT id FROM applications WHERE opportunity_id = $1::uuid AND (created_at, id) > ($2::timestamptz, $3::uuid)
        ORDER BY created_at, id LIMIT 20`,
      [
        '00000000-0000-4000-8000-000000000001',
        '2026-01-01T00:00:00Z',
        '00000000-0000-4000-8000-000000000000',
      ],
      'ix_applications_opportunity',
    ],
  ])('reads %s through an index', async (_what, sql, params, index) => {
    expect(await planWithoutSeqScan(t, sql, params)).toContain(index);
  });
});
