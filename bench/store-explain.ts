/**
 * The statements a run's storing (persist.store) and announcing (persist.announce) send, as the
 * application code sends them (`storeRunInput`, `NotificationsService.recordFrom` of
 * a `notification_jobs` row queued and written as `NotificationJobs` writes it), each under EXPLAIN (ANALYZE, BUFFERS, WAL) with its
 * backend's CPU time (from /proc: comparable on a loaded machine, unlike the wall clock), in
 * transactions rolled back, under several settings interleaved round after round.
 *
 * On a copy of a `bench:round --keep` database after its run (the same server, as postgres):
 *   CREATE DATABASE store_base TEMPLATE te_bench_round_NNN;
 * then `npx ts-node --transpile-only bench/store-explain.ts store_base [--rounds 3] [--plans]`.
 * The run's input (text, rows) is read back and stored again for a copy of the run; the unmatched
 * candidates of its stats are announced again. (The placed candidates' applications are no longer
 * read back: a publication decides from the applications its load read, `applicationsAsRead`.)
 *
 * Settings compared: the foreign key of round_run_candidates to round_runs (checked per row) or
 * none; compressed (lz4) or not (STORAGE EXTERNAL); work_mem 4MB or 64MB. (The text as one
 * parameter or in 64 MB parts were compared here until wave 12; since then it goes by binary COPY.) Prints each statement's plan lines that count in the first round, then per setting
 * the mean wall clock / backend CPU (and this process's CPU for the store) per step.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { backendCpuOf, storedCandidateParts } from './bench-support';
import { LIVE_EVENT_BATCH } from '../src/common/events/live-events';
import { OutboxRepository } from '../src/common/events/outbox.repository';
import type { SqlSource } from '../src/common/database/sql-source';
import { RunInputParts } from '../src/core/rounds/round-input-parts';
import { NotificationsPublisher } from '../src/notifications/notifications.publisher';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { NotificationsService } from '../src/notifications/notifications.service';
import { NotificationJobsRepository } from '../src/notifications/notification-jobs.repository';
import { copyRowsIn } from '../src/common/database/copy-binary';
import { storeRunInput } from '../src/rounds/round-run-inputs';

interface Setting {
  name: string;
  fk: boolean;
  external: boolean;
  workMem: string;
}

const SETTINGS: Setting[] = [
  { name: 'fk (before)', fk: true, external: false, workMem: '4MB' },
  { name: 'no fk (after)', fk: false, external: false, workMem: '4MB' },
  { name: 'no fk, work_mem 64MB', fk: false, external: false, workMem: '64MB' },
  { name: 'no fk, external', fk: false, external: true, workMem: '4MB' },
];

async function main(): Promise<void> {
  const db = process.argv[2];
  const plans = process.argv.includes('--plans');
  const roundsAt = process.argv.indexOf('--rounds');
  const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 3;
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
  await client.connect();
  const cpu = await backendCpuOf(client);

  // The kept run: its text, its rows as the parts the solver thread hands over, its assignment.
  const [run] = (
    await client.query<{
      id: string;
      input_json: string;
      assignment: Record<string, string | null>;
      unmatched: string[];
      round_id: string;
    }>(
      `SELECT r.id, (SELECT i.input_json FROM round_run_inputs i WHERE i.run_id = r.id) AS input_json, r.stats -> 'unmatched' AS unmatched, r.round_id,
              COALESCE(r.assignment, (SELECT jsonb_object_agg(c.candidate_id::text, c.placed_on::text)
                                        FROM round_run_candidates c WHERE c.run_id = r.id AND c.assigned)) AS assignment
         FROM round_runs r WHERE EXISTS (SELECT 1 FROM round_run_inputs i WHERE i.run_id = r.id)
        ORDER BY r.created_at DESC LIMIT 1`,
    )
  ).rows;
  const candidates = await storedCandidateParts(client, run.id);
  const parts: RunInputParts = {
    rest: {} as RunInputParts['rest'],
    candidates,
  };
  const placed = Object.keys(run.assignment).filter((c) => run.assignment[c] !== null);
  const columns = (
    await client.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_name = 'round_runs' AND column_name NOT IN ('id', 'input_json', 'input', 'assignment', 'stats')`,
    )
  ).rows.map((r) => `"${r.name}"`);
  const text = Buffer.from(run.input_json);
  console.log(
    `run ${run.id}: ${candidates.candidateIds.length} candidates, text ${Buffer.byteLength(run.input_json)} bytes, ${placed.length} placed, ${run.unmatched.length} unmatched`,
  );

  const totals = new Map<string, Map<string, { ms: number; cpu: number; n: number }>>();
  const add = (setting: string, step: string, ms: number, c: number): void => {
    const bySetting = totals.get(setting) ?? new Map<string, { ms: number; cpu: number; n: number }>();
    totals.set(setting, bySetting);
    const t = bySetting.get(step) ?? { ms: 0, cpu: 0, n: 0 };
    bySetting.set(step, { ms: t.ms + ms, cpu: t.cpu + c, n: t.n + 1 });
  };

  for (let round = 0; round < rounds; round++) {
    for (const s of SETTINGS) {
      let step = '';
      const run1 = async (sql: string, params: unknown[] = []): Promise<unknown[]> => {
        if (
          /^\s*SET |^\s*RESET |set_config/.test(sql) ||
          /^\s*CREATE TEMP TABLE IF NOT EXISTS stored/.test(sql)
        )
          return (await client.query(sql, params)).rows;
        const explain = !/^\s*(INSERT INTO run_input_text_parts|TRUNCATE|CREATE TEMP)/.test(sql);
        const c0 = cpu();
        const t0 = process.hrtime.bigint();
        const res = await client.query<{ 'QUERY PLAN': string }>(
          explain ? `EXPLAIN (ANALYZE, BUFFERS, WAL, TIMING ${plans ? 'on' : 'off'}) ${sql}` : sql,
          params,
        );
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const c = cpu() - c0;
        add(s.name, step, ms, c);
        if (round === 0) {
          const lines = explain ? res.rows.map((r) => r['QUERY PLAN']) : [];
          console.log(
            `--- [${s.name}] ${step}: ${ms.toFixed(0)} ms (backend CPU ${c.toFixed(0)} ms): ${sql.replace(/\s+/g, ' ').slice(0, 90)}`,
          );
          console.log(
            (plans
              ? lines
              : lines.filter(
                  (l) =>
                    /Trigger|Execution|WAL|Buffers: shared|Sort Method|Insert on|Update on|Disk/.test(l) &&
                    !/^\s{16,}/.test(l),
                )
            ).join('\n'),
          );
        }
        return [{ stored: 1 }];
      };
      await client.query('BEGIN');
      await client.query(`SELECT set_config('work_mem', $1, true)`, [s.workMem]);
      await client.query(
        s.fk
          ? `DO $$ BEGIN
               IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk_round_run_candidates_run') THEN
                 ALTER TABLE round_run_candidates ADD CONSTRAINT fk_round_run_candidates_run
                   FOREIGN KEY (run_id) REFERENCES round_runs(id) ON DELETE CASCADE NOT VALID;
               END IF; END $$`
          : `ALTER TABLE round_run_candidates DROP CONSTRAINT IF EXISTS fk_round_run_candidates_run`,
      );
      await client.query(
        `ALTER TABLE round_run_inputs ALTER COLUMN input_json SET STORAGE ${s.external ? 'EXTERNAL' : 'EXTENDED'}`,
      );
      const [copy] = (
        await client.query<{ id: string }>(
          `INSERT INTO round_runs (id, ${columns.join(', ')}) SELECT gen_random_uuid(), ${columns.join(', ')}
             FROM round_runs WHERE id = $1 RETURNING id`,
          [run.id],
        )
      ).rows;
      step = 'store';
      const cpu0 = process.cpuUsage();
      await storeRunInput(
        {
          query: run1,
          copyIn: async (sql, chunks) => {
            const c0 = cpu();
            const t0 = process.hrtime.bigint();
            const rows = await copyRowsIn(client, sql, chunks);
            add(s.name, step, Number(process.hrtime.bigint() - t0) / 1e6, cpu() - c0);
            return rows;
          },
        },
        copy.id,
        { json: text, candidates: parts.candidates },
        run.assignment,
      );
      const node = process.cpuUsage(cpu0);
      add(s.name, 'store (node CPU)', 0, (node.user + node.system) / 1000);
      step = 'announce';
      const outboxRepo = new OutboxRepository();
      const outbox = {
        stageBatchFrom: async (e: never, topic: string, source: SqlSource, addressing: 'key' | 'keys') => {
          await outboxRepo.insertBatchesFrom(e, topic, source, addressing, LIVE_EVENT_BATCH);
        },
      };
      const notifications = new NotificationsService(
        new NotificationsRepository(null as never),
        new NotificationsPublisher(null as never, outbox as never),
      );
      const em = {
        queryRunner: { isTransactionActive: true, connect: async () => client },
        query: async (sql: string, params: unknown[] = []) => {
          if (/CREATE TEMP/.test(sql)) return (await client.query(sql, params)).rows;
          return run1(sql, params);
        },
      };
      // The unmatched candidates' notices as a run queues them, then written as their job writes them.
      const jobs = new NotificationJobsRepository(null as never);
      await jobs.insert(em as never, {
        type: 'ROUND_NOT_MATCHED',
        userIds: run.unmatched,
        texts: {
          shared: {
            message: 'You were not matched in round "Bench round".',
            data: '{"round":"Bench round"}',
          },
        },
      });
      const [job] = (
        await client.query<{ id: string }>(
          'SELECT id FROM notification_jobs ORDER BY created_at DESC LIMIT 1',
        )
      ).rows;
      await notifications.recordFrom(em as never, jobs.noticesOf(job.id));
      await client.query('ROLLBACK');
    }
  }
  for (const [setting, steps] of totals) {
    const line = [...steps]
      .map(([step, t]) => `${step} ${(t.ms / rounds).toFixed(0)}/${(t.cpu / rounds).toFixed(0)}`)
      .join(', ');
    console.log(`${setting}: ms of wall / backend CPU per round (mean of ${rounds}): ${line}`);
  }
  await client.end();
}

void main();
