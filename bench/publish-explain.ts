/**
 * EXPLAIN (ANALYZE, BUFFERS, WAL) of a round publication's statements, as
 * `ApplicationTransitions.recordDecided` runs them (statuses and history, the outcome notifications,
 * their pushes, the status events), each with its backend's CPU time (from /proc: comparable on a
 * loaded machine, unlike the wall clock), in a transaction rolled back.
 *
 * On a copy of a `bench:round --keep` database after its run, with the changes it published put back
 * (the same server, as postgres):
 *   CREATE DATABASE pub_base TEMPLATE te_bench_round_NNN;  -- then in pub_base:
 *   CREATE TABLE bench_moves AS SELECT t.application_id AS id, t.from_status, t.to_status,
 *          a.response_deadline, t.reason FROM application_history t JOIN applications a ON a.id = t.application_id
 *    WHERE t.to_status IN ('OFFERED', 'REJECTED');
 *   SET session_replication_role = replica;  -- else the live-pair trigger claims every pair again, row by row
 *   UPDATE applications a SET status = m.from_status, response_deadline = NULL FROM bench_moves m WHERE a.id = m.id;
 *   RESET session_replication_role;
 *   DELETE FROM application_transition_groups;  -- the offers' history and the closures (the rejections)
 *   DELETE FROM notifications WHERE type = 'ROUND_OUTCOME';
 *   VACUUM FULL applications; CLUSTER applications USING "PK_938c0a27255637bde919591888f"; ANALYZE;
 * then `npx ts-node --transpile-only bench/publish-explain.ts pub_base [--plans] [--decide]` (--plans: the
 * whole plans with timing; without, the lines that count; every statement also shows this process's
 * CPU since the previous one: the array literals before the UPDATE; --decide: first the core's
 * `decidePlacements` over the database's applications and the run's placements, three times). The
 * changes recorded are the core's decision over the applications (statuses put back) and the run's
 * placements, as the run made it.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { backendCpuOf } from './bench-support';
import { ApplicationTransitions } from '../src/applications/application-transitions';
import { ApplicationsRepository } from '../src/applications/applications.repository';
import { OutboxRepository } from '../src/common/events/outbox.repository';
import { LIVE_EVENT_BATCH } from '../src/common/events/live-events';
import { NotificationsPublisher } from '../src/notifications/notifications.publisher';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { NotificationsService } from '../src/notifications/notifications.service';
import type { SqlSource } from '../src/common/database/sql-source';
import { uuidBytes } from '../src/common/database/uuid-bytes';
import {
  decidePlacements,
  packApplications,
  RoundApplication,
  RoundDecision,
} from '../src/core/rounds/round-decisions';

async function main(): Promise<void> {
  const db = process.argv[2];
  const plans = process.argv.includes('--plans');
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
  await client.connect();
  const cpu = await backendCpuOf(client);
  let totalCpu = 0;
  // Every application of the database (the round's, statuses put back), by candidate as the loader
  // reads them, and the placements the run made (the moves to OFFERED): the run's decision again.
  const rows = (
    await client.query<RoundApplication>(
      `SELECT id::text, candidate_id::text AS "candidateId", opportunity_id::text AS "opportunityId", status
         FROM applications ORDER BY candidate_id, opportunity_id`,
    )
  ).rows;
  const { packed, order } = packApplications(rows);
  const applications = { ...packed, ids: uuidBytes(Array.from(order, (r) => rows[r].id)) };
  const placements = new Map(
    (
      await client.query<{ c: string; o: string }>(
        `SELECT a.candidate_id::text AS c, a.opportunity_id::text AS o FROM bench_moves m
           JOIN applications a ON a.id = m.id WHERE m.to_status = 'OFFERED' ORDER BY a.candidate_id`,
      )
    ).rows.map((r) => [r.c, r.o]),
  );
  const expected = Number(
    (await client.query<{ n: string }>(`SELECT count(*) AS n FROM bench_moves`)).rows[0].n,
  );
  const decide = () =>
    decidePlacements(placements, packed, {
      now: new Date(),
      responseDeadline: new Date(Date.now() + 72 * 3600_000),
      rejectReason: 'Not matched in round "Bench round"',
    });
  const first = decide();
  if (!first.ok) throw new Error(first.error.message);
  const changes = first.decided.position;
  if (changes.length !== expected)
    console.log(`decided ${changes.length} changes, NOT the ${expected} moved`);
  let total = 0;
  // The Node side between two statements (recordDecided's own work: the array literals before the
  // UPDATE), as this process's CPU since the last statement returned.
  let nodeMark = process.cpuUsage();
  const nodeCpuSince = (): number => {
    const d = process.cpuUsage(nodeMark);
    return (d.user + d.system) / 1000;
  };
  let nodeTotal = 0;
  const em = {
    queryRunner: { isTransactionActive: true },
    async query(sql: string, params: unknown[] = []): Promise<unknown[]> {
      const node = nodeCpuSince();
      nodeTotal += node;
      if (/CREATE TEMP|^\s*SET |^\s*RESET /.test(sql)) {
        await client.query(sql, params);
        nodeMark = process.cpuUsage();
        return [];
      }
      // Reads (the opportunities' titles, the settings withWorkMem saves) are answered for real:
      // the code goes on with their rows.
      if (/^\s*SELECT /.test(sql)) {
        const t0 = process.hrtime.bigint();
        const read = await client.query(sql, params);
        console.log(
          `--- ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms (read, not explained): ${sql.replace(/\s+/g, ' ').slice(0, 110)}`,
        );
        nodeMark = process.cpuUsage();
        return read.rows;
      }
      const c0 = cpu();
      const t0 = process.hrtime.bigint();
      const res = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS, WAL, TIMING ${plans ? 'on' : 'off'}) ${sql}`,
        params,
      );
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      total += ms;
      const c = cpu() - c0;
      totalCpu += c;
      const lines = res.rows.map((r) => r['QUERY PLAN']);
      console.log(
        `--- ${ms.toFixed(0)} ms (backend CPU ${c.toFixed(0)} ms; Node CPU before it ${node.toFixed(0)} ms): ${sql.replace(/\s+/g, ' ').slice(0, 110)}`,
      );
      console.log(
        (plans
          ? lines
          : lines.filter(
              (l) =>
                /Trigger|Execution|WAL|Buffers: shared|Sort Method|Insert on|Update on/.test(l) &&
                !/^\s{12,}/.test(l),
            )
        ).join('\n'),
      );
      if (process.argv.includes('--update-only') && sql.includes('UPDATE applications')) {
        await client.query('ROLLBACK');
        console.log(
          `total ${total.toFixed(0)} ms (backend CPU ${totalCpu.toFixed(0)} ms) for ${changes.length} changes`,
        );
        process.exit(0);
      }
      nodeMark = process.cpuUsage();
      // The offers' UPDATE moves the offers; the closures are counted without a statement's answer.
      return [{ moved: first.decided.offers, stored: 1 }];
    },
  };
  const outboxRepo = new OutboxRepository();
  const outbox = {
    stageBatchFrom: async (e: never, topic: string, source: SqlSource, addressing: 'key' | 'keys') => {
      await outboxRepo.insertBatchesFrom(e, topic, source, addressing, LIVE_EVENT_BATCH);
    },
  };
  const publisher = new NotificationsPublisher(null as never, outbox as never);
  const service = new NotificationsService(new NotificationsRepository(null as never), publisher);
  const transitions = new ApplicationTransitions(
    new ApplicationsRepository(null as never, null as never),
    null as never,
    service,
    null as never, // NotificationJobs: the notices are written here, not queued
    publisher,
  );
  if (process.argv.includes('--decide')) timeDecide(decide, rows.length, placements.size);
  nodeMark = process.cpuUsage();
  await client.query('BEGIN');
  await transitions.recordDecided(em as never, applications, first.decided, {
    round: 'Bench round',
    now: new Date(),
  });
  await client.query('ROLLBACK');
  console.log(
    `total ${total.toFixed(0)} ms (backend CPU ${totalCpu.toFixed(0)} ms; Node CPU ${nodeTotal.toFixed(0)} ms) for ${changes.length} changes`,
  );
  await client.end();
}

/**
 * `--decide`: the core's `decidePlacements` (round-placements.ts, before `recordDecided`) over every
 * application of the database packed (as the loader's `LoadedRound.read` hands them) and the
 * placements the run made, three times: its wall clock and process CPU.
 */
function timeDecide(decide: () => RoundDecision, applications: number, placements: number): void {
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const decided = decide();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const d = process.cpuUsage(c0);
    if (!decided.ok) throw new Error(decided.error.message);
    console.log(
      `decidePlacements over ${applications} applications, ${placements} placements: ${decided.decided.position.length} changes, ` +
        `${ms.toFixed(0)} ms wall, ${((d.user + d.system) / 1000).toFixed(0)} ms CPU`,
    );
  }
}

void main();
