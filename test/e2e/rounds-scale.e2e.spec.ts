import { RoundWorker } from '../../src/rounds/round.worker';
import { anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { expectStoredInputConsistent } from '../utils/stored-run-input';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * A round far larger than the others (ROUND_SCALE_CANDIDATES candidates, default 3000, three
 * choices each over 100 opportunities), set up in bulk SQL: the run is solved, verified and
 * published in the background within the time limit, and every query stays within PostgreSQL's
 * bind-parameter limit (set ROUND_SCALE_CANDIDATES=70000 to go past 65535).
 */
const CANDIDATES = Number(process.env.ROUND_SCALE_CANDIDATES ?? 3000);
const OPPORTUNITIES = 100;

describe('allocation rounds at scale', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it(`solves, verifies and publishes a round of ${CANDIDATES} candidates`, async () => {
    const hr = await t.login('hr@lumc.test');
    const host = await aSupervisor(t, 'LUMC');
    const opportunities: string[] = [];
    for (let i = 0; i < OPPORTUNITIES; i++) {
      opportunities.push((await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 10 })).id);
    }
    const round = await aRound(t, hr, { name: 'Scale', opportunityIds: opportunities, maxChoices: 3 });
    // Bulk setup: candidates, one SUBMITTED application per choice, the choices; hosts rank nobody.
    await t.dataSource.query(
      `INSERT INTO users (email, password_hash, display_name, organisation_id, roles)
       SELECT 'scale-' || g || '@example.test', 'x', 'Scale ' || g,
              (SELECT id FROM organisations WHERE code = 'LEIDEN_UNIV'), ARRAY['CANDIDATE']
         FROM generate_series(1, $1) g`,
      [CANDIDATES],
    );
    await t.dataSource.query(
      `WITH c AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE email LIKE 'scale-%'),
            o AS (SELECT opportunity_id AS id, row_number() OVER (ORDER BY opportunity_id) - 1 AS k
                    FROM round_opportunities WHERE round_id = $1),
            pick AS (SELECT c.id AS candidate_id, r.rank, o.id AS opportunity_id
                       FROM c CROSS JOIN generate_series(1, 3) AS r(rank)
                       JOIN o ON o.k = (c.n * 7 + r.rank * 31 + (c.n % 13) * r.rank) % $2),
            uniq AS (SELECT DISTINCT ON (candidate_id, opportunity_id) * FROM pick ORDER BY candidate_id, opportunity_id, rank),
            ranked AS (SELECT candidate_id, opportunity_id, row_number() OVER (PARTITION BY candidate_id ORDER BY rank) AS rank FROM uniq),
            apps AS (INSERT INTO applications (opportunity_id, candidate_id, status, motivation)
                     SELECT opportunity_id, candidate_id, 'SUBMITTED', 'scale' FROM ranked RETURNING id)
       INSERT INTO round_choices (round_id, candidate_id, opportunity_id, rank)
       SELECT $1, candidate_id, opportunity_id, rank FROM ranked`,
      [round.id, OPPORTUNITIES],
    );
    await closeRankingOf(t, round.id);

    const started = Date.now();
    const queued = await t.gql<{ runRound: { id: string } }>(
      'mutation($id: ID!) { runRound(id: $id, dryRun: false, seed: 1) { id } }',
      { id: round.id },
      hr,
    );
    expect(queued.errors).toBeUndefined();
    await t.app.get(RoundWorker).processPending();
    const elapsed = Date.now() - started;
    const run = await t.gql<{
      roundRun: {
        status: string;
        stable: boolean;
        error: string | null;
        stats: { candidates: number; seatsFilled: number };
      };
    }>(
      'query($id: ID!) { roundRun(id: $id) { status stable error stats { candidates seatsFilled } } }',
      { id: queued.data!.runRound.id },
      hr,
    );
    expect(run.data!.roundRun).toMatchObject({ status: 'DONE', stable: true, error: null });
    expect(run.data!.roundRun.stats.candidates).toBe(CANDIDATES);
    expect(run.data!.roundRun.stats.seatsFilled).toBe(Math.min(CANDIDATES, OPPORTUNITIES * 10));
    const [{ offered }] = await t.dataSource.query<{ offered: string }[]>(
      `SELECT count(*) AS offered FROM applications WHERE status = 'OFFERED' AND opportunity_id = ANY($1)`,
      [opportunities],
    );
    expect(Number(offered)).toBe(Math.min(CANDIDATES, OPPORTUNITIES * 10));
    // The run's input, stored as its text and a row per candidate, agrees with its hash.
    expect(await expectStoredInputConsistent(t.dataSource, queued.data!.runRound.id)).toBe(CANDIDATES);
    // Generous: the machine is shared; the point is that it finishes, not a benchmark.
    expect(elapsed).toBeLessThan(120_000);
  }, 300_000);
});
