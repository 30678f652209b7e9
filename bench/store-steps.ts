/**
 * A run's storing (persist.store: `RoundsRepository.finishRun` with `storeRunInput`) and announcing
 * (persist.announce: `RoundPlacements.announce`, the hosts' notices and the unmatched candidates'
 * queued as jobs since wave 18), replayed through the application's own code on a copy of a kept run, each step in a
 * transaction rolled back. Per step: wall clock, this process's CPU and the backend's CPU (from
 * /proc: it tells on a loaded machine where the wall clock does not). No EXPLAIN: the statements
 * run as the code sends them.
 *
 * On a copy of a `bench:round --keep` database after its run (the same server, as postgres):
 *   CREATE DATABASE store_base TEMPLATE te_bench_round_NNN;
 * then `npx ts-node --transpile-only bench/store-steps.ts store_base [--rounds 5]`. Run it from two
 * checkouts alternately to compare code (the database is left as it was: every step rolls back).
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { backendCpuOf, storedCandidateParts } from './bench-support';
import { LIVE_EVENT_BATCH } from '../src/common/events/live-events';
import { OutboxRepository } from '../src/common/events/outbox.repository';
import type { SqlSource } from '../src/common/database/sql-source';
import { RunInputParts } from '../src/core/rounds/round-input-parts';
import { RoundRunEntity } from '../src/rounds/entities/round.entity';
import { NotificationsPublisher } from '../src/notifications/notifications.publisher';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { NotificationDraft, NotificationsService } from '../src/notifications/notifications.service';
import { NotificationJobs } from '../src/notifications/notification-jobs';
import { NotificationJobsRepository } from '../src/notifications/notification-jobs.repository';
import { RoundPlacements } from '../src/rounds/round-placements';
import { RoundsRepository } from '../src/rounds/rounds.repository';

async function main(): Promise<void> {
  const db = process.argv[2];
  const roundsAt = process.argv.indexOf('--rounds');
  const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 5;
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
  await client.connect();
  const backendCpu = await backendCpuOf(client);

  // The kept run: its text, its rows as the parts the solver thread hands over, its assignment.
  const [run] = (
    await client.query<{
      id: string;
      round_id: string;
      input_json: string;
      input: RunInputParts['rest'];
      assignment: Record<string, string | null>;
      stats: RoundRunEntity['stats'];
      violations: RoundRunEntity['violations'];
    }>(
      `SELECT r.id, r.round_id, (SELECT i.input_json FROM round_run_inputs i WHERE i.run_id = r.id) AS input_json, r.input, r.stats, r.violations,
              COALESCE(r.assignment, (SELECT jsonb_object_agg(c.candidate_id::text, c.placed_on::text)
                                        FROM round_run_candidates c WHERE c.run_id = r.id AND c.assigned)) AS assignment
         FROM round_runs r WHERE EXISTS (SELECT 1 FROM round_run_inputs i WHERE i.run_id = r.id)
        ORDER BY r.created_at DESC LIMIT 1`,
    )
  ).rows;
  const candidates = await storedCandidateParts(client, run.id);
  const opportunities = (
    await client.query<{ id: string; title: string; leadSupervisorId: string }>(
      `SELECT o.id, o.title, o.lead_supervisor_id AS "leadSupervisorId"
         FROM round_opportunities r JOIN opportunities o ON o.id = r.opportunity_id WHERE r.round_id = $1`,
      [run.round_id],
    )
  ).rows;
  const columns = (
    await client.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_name = 'round_runs' AND column_name NOT IN ('id', 'input_json', 'input', 'assignment', 'stats')`,
    )
  ).rows.map((r) => `"${r.name}"`);
  const text = new Uint8Array(Buffer.from(run.input_json));
  const placed = Object.keys(run.assignment).filter((c) => run.assignment[c] !== null);
  const unmatched = (run.stats as { unmatched: string[] }).unmatched;
  console.log(
    `run ${run.id}: ${candidates.candidateIds.length} candidates, text ${text.byteLength} bytes, ${placed.length} placed, ${unmatched.length} unmatched`,
  );

  const totals = new Map<string, { ms: number[]; node: number[]; pg: number[] }>();
  const statements = new Map<string, { ms: number; pg: number; n: number }>();
  let step = '';
  const em = {
    // The COPYs of `storeRunInput` run on the client itself (not counted per statement below).
    queryRunner: { isTransactionActive: true, connect: async () => client },
    query: async (sql: string, params?: unknown[]): Promise<unknown> => {
      const c0 = backendCpu();
      const t0 = performance.now();
      const res = await client.query(sql, params);
      const key = `${step}: ${sql.replace(/\s+/g, ' ').trim().slice(0, 70)}`;
      const s = statements.get(key) ?? { ms: 0, pg: 0, n: 0 };
      statements.set(key, { ms: s.ms + performance.now() - t0, pg: s.pg + backendCpu() - c0, n: s.n + 1 });
      return Array.isArray(res) ? res.map((r) => r.rows) : res.rows;
    },
  };
  const measure = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
    step = name;
    const c0 = backendCpu();
    const n0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    const n = process.cpuUsage(n0);
    const t = totals.get(name) ?? { ms: [], node: [], pg: [] };
    t.ms.push(ms);
    t.node.push((n.user + n.system) / 1000);
    t.pg.push(backendCpu() - c0);
    totals.set(name, t);
  };

  const outboxRepo = new OutboxRepository();
  const outbox = {
    stage: async () => undefined,
    stageBatch: async (e: never, topic: string, items: { key: string; payload: object }[]) => {
      await outboxRepo.insertMany(e, [{ topic, payload: JSON.stringify({ $batch: items }) }]);
    },
    stageBatchFrom: async (e: never, topic: string, source: SqlSource, addressing: 'key' | 'keys') => {
      await outboxRepo.insertBatchesFrom(e, topic, source, addressing, LIVE_EVENT_BATCH);
    },
  };
  const notifications = new NotificationsService(
    new NotificationsRepository(null as never),
    new NotificationsPublisher(null as never, outbox as never),
  );
  const repo = new RoundsRepository(null as never);
  // The round's own notices queued as a run queues them (no kick: nothing writes them here).
  const noticeJobs = new NotificationJobs(
    new NotificationJobsRepository(null as never),
    notifications,
    { afterCommit: () => false } as never,
    { get: () => 'off' } as never,
  );
  const placements = new RoundPlacements(repo, null as never, noticeJobs, null as never, null as never);

  for (let round = 0; round < rounds; round++) {
    await client.query('BEGIN');
    const [copy] = (
      await client.query<{ id: string }>(
        `INSERT INTO round_runs (id, ${columns.join(', ')}) SELECT gen_random_uuid(), ${columns.join(', ')}
           FROM round_runs WHERE id = $1 RETURNING id`,
        [run.id],
      )
    ).rows;
    const parts: RunInputParts = {
      rest: run.input,
      candidates,
    };
    const assignment = { ...run.assignment };
    const stats = structuredClone(run.stats);
    if (!only || only === 'store')
      await measure('store', () =>
        repo.finishRun(
          Object.assign(new RoundRunEntity(), { id: copy.id }),
          {
            status: 'DONE' as never,
            algorithm: 'bench',
            algorithmVersion: '1',
            inputHash: 'x',
            input: { json: text, parts },
            assignment,
            stats,
            stable: true,
            violations: run.violations,
            error: null,
            finishedAt: new Date(),
          },
          em as never,
        ),
      );
    if (!only || only === 'announce') {
      const drafts: NotificationDraft[] = opportunities.map((o) => ({
        userId: o.leadSupervisorId,
        type: 'ROUND_OFFERS_SENT',
        message: `Round "Bench": 1 offer(s) went out for "${o.title}".`,
        params: { round: 'Bench', count: 1, title: o.title },
        opportunityId: o.id,
      }));
      await measure('announce', () =>
        placements.announce(em as never, {
          drafts,
          notMatched: { round: 'Bench round', candidateIds: unmatched },
        }),
      );
    }
    await client.query('ROLLBACK');
  }
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  for (const [name, t] of totals) {
    console.log(
      `${name}: wall ${median(t.ms).toFixed(0)} ms, node CPU ${median(t.node).toFixed(0)} ms, backend CPU ${median(t.pg).toFixed(0)} ms (medians of ${t.ms.length}; wall ${t.ms.map((x) => x.toFixed(0)).join(' ')})`,
    );
  }
  for (const [key, s] of statements) {
    console.log(
      `  ${key}: ${(s.ms / rounds).toFixed(0)} ms, backend ${(s.pg / rounds).toFixed(0)} ms (x${s.n / rounds})`,
    );
  }
  await client.end();
}

void main();
