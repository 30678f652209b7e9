import { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { TransactionRunner } from '../../src/common/database/transaction';
import { Outbox } from '../../src/common/events/outbox';
import { RoundRunKind, RoundRunScope } from '../../src/rounds/entities/round.entity';
import { RoundRunsService } from '../../src/rounds/round-runs.service';
import { RoundsRepository } from '../../src/rounds/rounds.repository';
import { anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, RUN_FIELDS } from '../factories/rounds.factory';
import { collect, settle, wsClient } from '../utils/graphql-ws';
import { createTestApp, TestApp } from '../utils/test-app';

/** How allocation runs end when their process dies, or when the rows they need stay locked. */

const RUN_BY_ID = `query($id: ID!) { roundRun(id: $id) { ${RUN_FIELDS} } }`;
const MINUTE = 60_000;

interface Run {
  id: string;
  status: string;
  error: string | null;
}

/** A round of LUMC's HR with one queued dry run, inserted without the worker's kick. */
async function aQueuedRun(t: TestApp, hrToken: string): Promise<{ roundId: string; runId: string }> {
  const host = await aSupervisor(t, 'LUMC');
  const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
  const round = await aRound(t, hrToken, { opportunityIds: [o.id] });
  const [hr] = await t.dataSource.query<{ id: string }[]>(
    `SELECT id FROM users WHERE email = 'hr@lumc.test'`,
  );
  const run = await t.app.get(RoundsRepository).insertRun({
    roundId: round.id,
    kind: RoundRunKind.DRY_RUN,
    scope: RoundRunScope.INITIAL,
    seed: 7,
    createdBy: hr.id,
  });
  return { roundId: round.id, runId: run.id };
}

async function runOf(t: TestApp, token: string, id: string): Promise<Run> {
  const res = await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id }, token);
  if (!res.data?.roundRun) throw new Error(JSON.stringify(res.errors));
  return res.data.roundRun;
}

/** Holds the round's row lock (as a long change of the round would) until `release()`. */
async function holdRoundLock(t: TestApp, roundId: string): Promise<{ release(): Promise<void> }> {
  const client = new PgClient({ connectionString: t.db.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM allocation_rounds WHERE id = $1 FOR UPDATE', [roundId]);
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe('a run whose process keeps dying (ROUND_RUN_MAX_ATTEMPTS=2)', () => {
  let t: TestApp;
  let hr: string;
  beforeAll(async () => {
    t = await createTestApp({ seed: true, env: { ROUND_RUN_MAX_ATTEMPTS: '2' } });
    await t.app.listen(0, '127.0.0.1');
    hr = await t.login('hr@lumc.test');
  });
  afterAll(() => t.close());

  it('is claimed again after 10 minutes, then failed with a reason HR sees, live', async () => {
    const { roundId, runId } = await aQueuedRun(t, hr);
    const runs = t.app.get(RoundRunsService);
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const client = wsClient(url, hr);
    const live = collect<{ roundRunUpdated: Run }>(
      client,
      'subscription($r: ID!) { roundRunUpdated(roundId: $r) { id status error } }',
      { r: roundId },
    );
    await settle();
    // What an attempt's transaction beside it commits before the process dies: status events held
    // for the run (RoundRunsService), never released.
    const holdEvents = (): Promise<void> =>
      t.app
        .get(TransactionRunner)
        .run((em) =>
          t.app
            .get(Outbox)
            .stageBatchFrom(
              em,
              'applicationStatusChanged',
              { sql: `SELECT 'k' AS key, json_build_object('n', 1) AS payload`, params: [] },
              'key',
              { heldBy: runId },
            ),
        );
    const held = async (): Promise<number> =>
      (
        await t.dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM outbox_events WHERE held_by = $1',
          [runId],
        )
      )[0].n;
    try {
      const start = Date.now();
      // First attempt: claimed, then its process dies (it is never processed).
      expect((await runs.claim(new Date(start)))?.id).toBe(runId);
      await holdEvents();
      expect(await held()).toBe(1);
      // Not reclaimed while it may still be running elsewhere.
      expect(await runs.claim(new Date(start + 5 * MINUTE))).toBeNull();
      expect(await held()).toBe(1);
      // Second attempt after the stale period (the first one's events dropped); its process dies too.
      expect((await runs.claim(new Date(start + 11 * MINUTE)))?.id).toBe(runId);
      expect(await held()).toBe(0);
      await holdEvents();
      // Out of attempts: failed instead of claimed a third time, its events dropped.
      expect(await runs.claim(new Date(start + 22 * MINUTE))).toBeNull();
      expect(await held()).toBe(0);

      const run = await runOf(t, hr, runId);
      expect(run.status).toBe('FAILED');
      expect(run.error).toMatch(/started 2 times and its process stopped each time/);
      expect(run.error).toMatch(/nothing was applied/);
      await live.waitFor(3);
      expect(live.events.map((e) => e.roundRunUpdated.status)).toEqual(['RUNNING', 'RUNNING', 'FAILED']);
      expect(live.events[2].roundRunUpdated.error).toBe(run.error);
      // A later pass leaves it failed.
      expect(await runs.claim(new Date(start + 60 * MINUTE))).toBeNull();
      expect((await runOf(t, hr, runId)).status).toBe('FAILED');
    } finally {
      live.dispose();
      await client.dispose();
    }
  });
});

describe('the transaction of a run: lock and statement timeouts', () => {
  async function runWhileRoundLocked(env: Record<string, string>): Promise<Run> {
    // The test claims and processes the run itself: no interval worker to claim it first.
    const t = await createTestApp({ seed: true, env: { ...env, BACKGROUND_WORK: 'off' } });
    try {
      const hr = await t.login('hr@lumc.test');
      const { roundId, runId } = await aQueuedRun(t, hr);
      const lock = await holdRoundLock(t, roundId);
      // Without a timeout the run would wait for the lock as long as it is held: release it late,
      // so that such a run ends (DONE) instead of hanging the test.
      const late = setTimeout(() => void lock.release(), 8000);
      try {
        const runs = t.app.get(RoundRunsService);
        const claimed = await runs.claim();
        expect(claimed?.id).toBe(runId);
        await runs.process(claimed!);
      } finally {
        clearTimeout(late);
        await lock.release().catch(() => undefined);
      }
      return await runOf(t, hr, runId);
    } finally {
      await t.close();
    }
  }

  it('fails the run when the round stays locked longer than ROUND_RUN_LOCK_TIMEOUT_MS', async () => {
    const run = await runWhileRoundLocked({ ROUND_RUN_LOCK_TIMEOUT_MS: '300' });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/waited more than 300 ms for the round or its opportunities/);
  });

  it('fails the run when one statement takes longer than ROUND_RUN_STATEMENT_TIMEOUT_MS', async () => {
    const run = await runWhileRoundLocked({
      ROUND_RUN_LOCK_TIMEOUT_MS: '60000',
      ROUND_RUN_STATEMENT_TIMEOUT_MS: '300',
    });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/took longer than 300 ms/);
  });
});

describe('the input stored beside the run (a transaction of its own)', () => {
  it('fails the publication when its input cannot be stored: the round stays OPEN, nothing of the run is left', async () => {
    // The test claims and processes its runs itself: the interval worker (every 5 s) claimed the
    // second one first once, and the test's claim found none.
    const t = await createTestApp({ seed: true, env: { BACKGROUND_WORK: 'off' } });
    try {
      const hr = await t.login('hr@lumc.test');
      const host = await aSupervisor(t, 'LUMC');
      const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const round = await aRound(t, hr, { opportunityIds: [o.id] });
      const [hrUser] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM users WHERE email = 'hr@lumc.test'`,
      );
      const run = await t.app.get(RoundsRepository).insertRun({
        roundId: round.id,
        kind: RoundRunKind.PUBLISH,
        scope: RoundRunScope.INITIAL,
        seed: 7,
        createdBy: hrUser.id,
      });
      // The second transaction's text refused (as a full disk or a timeout there would).
      await t.dataSource.query(`
        CREATE FUNCTION refuse_run_input() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'no room for the input'; END $$;
        CREATE TRIGGER tr_refuse_run_input BEFORE INSERT ON round_run_inputs
        FOR EACH ROW EXECUTE FUNCTION refuse_run_input()`);
      const runs = t.app.get(RoundRunsService);
      const claimed = await runs.claim();
      expect(claimed?.id).toBe(run.id);
      await runs.process(claimed!);
      const failed = await runOf(t, hr, run.id);
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toMatch(/no room for the input/);
      const [left] = await t.dataSource.query<
        { status: string; texts: number; rows: number; input: unknown }[]
      >(
        `SELECT a.status, r.input,
                (SELECT count(*) FROM round_run_inputs WHERE run_id = r.id)::int AS texts,
                (SELECT count(*) FROM round_run_candidates WHERE run_id = r.id)::int AS rows
           FROM round_runs r JOIN allocation_rounds a ON a.id = r.round_id WHERE r.id = $1`,
        [run.id],
      );
      expect(left).toEqual({ status: 'OPEN', input: null, texts: 0, rows: 0 });

      // Stored again once there is room: the same publication goes through, its input with it.
      await t.dataSource.query(`DROP TRIGGER tr_refuse_run_input ON round_run_inputs`);
      const again = await t.app.get(RoundsRepository).insertRun({
        roundId: round.id,
        kind: RoundRunKind.PUBLISH,
        scope: RoundRunScope.INITIAL,
        seed: 7,
        createdBy: hrUser.id,
      });
      await runs.process((await runs.claim())!);
      expect((await runOf(t, hr, again.id)).status).toBe('DONE');
      const [published] = await t.dataSource.query<{ status: string; texts: number }[]>(
        `SELECT a.status, (SELECT count(*) FROM round_run_inputs WHERE run_id = $2)::int AS texts
           FROM allocation_rounds a WHERE a.id = $1`,
        [round.id, again.id],
      );
      expect(published).toEqual({ status: 'PUBLISHED', texts: 1 });
    } finally {
      await t.close();
    }
  });
});
