/**
 * DATABASE_URL=postgres://... npm run bench:listener -- [--keys N]
 *
 * What a listening instance pays for a round's status events: 127 stored batches of 1,000
 * `applicationStatusChanged` events (each with four keys: its candidate, a host, HR, admin; about
 * 80 MB of JSON, as a 100k round writes them), published by `PgLiveEvents.publishStored` in one
 * transaction, while this instance follows N candidates' keys (default 0; spread over the batch).
 * Prints the wall clock until every event reached its subscribers, the Node CPU of the process and
 * the event loop's longest delay; then, for comparison, the same rows handled the way the listener
 * did before (each body read whole, decoded, every event handed over). A database of its own on
 * DATABASE_URL's server, dropped at the end. Nothing else of the app runs.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as os from 'node:os';
import { Client } from 'pg';
import { decodeLiveEvent } from '../src/common/events/live-event-codec';
import { LocalSubscribers, StoredBatch } from '../src/common/events/live-events';
import { PgLiveEvents } from '../src/common/events/pg-live-events';

const TOPIC = 'applicationStatusChanged';
const ROWS = 127;

function cpuMs(since: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(since);
  return Math.round((cpu.user + cpu.system) / 1000);
}

/** Counts what a subscription receives. */
function counter(iterator: AsyncIterableIterator<unknown>): { count: () => number } {
  let n = 0;
  const pump = (): void => {
    void iterator.next().then((r) => {
      if (r.done) return;
      n += 1;
      pump();
    });
  };
  pump();
  return { count: () => n };
}

async function main(): Promise<void> {
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const i = process.argv.indexOf('--keys');
  const keyCount = i > 0 ? Number(process.argv[i + 1]) : 0;
  const dbName = `te_bench_listener_${process.pid}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(server.toString());
  url.pathname = `/${dbName}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query(`CREATE TABLE live_event_payloads (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), topic text NOT NULL)`);
    await db.query(
      `CREATE TABLE src AS SELECT b AS n, $1::text AS topic, (
         SELECT json_build_object('$batch', json_agg(json_build_object(
                  'keys', ARRAY['user:c' || (b * 1000 + j), 'user:h' || (j % 100), 'hr:o' || (j % 10), 'admin'],
                  'payload', json_build_object(
                    'audience', json_build_object('candidateId', 'c' || (b * 1000 + j),
                      'hostUserIds', ARRAY['h' || (j % 100)], 'hostOrganisationId', 'o' || (j % 10)),
                    'change', json_build_object('applicationId', md5((b * 1000 + j)::text),
                      'opportunityId', md5(j::text), 'from', 'SUBMITTED', 'to', 'REJECTED',
                      'at', json_build_object('$date', '2026-12-04T10:00:00.123Z'))))
                ORDER BY j))::text
           FROM generate_series(0, 999) AS j) AS body
         FROM generate_series(0, $2::int - 1) AS b`,
      [TOPIC, ROWS],
    );
    const live = new PgLiveEvents({ get: () => url.toString() } as never);
    await live.onModuleInit();
    const keys = Array.from(
      { length: keyCount },
      (_, k) => `user:c${Math.floor((k * ROWS * 1000) / Math.max(keyCount, 1))}`,
    );
    const followers = keys.map((key) => counter(live.subscribeKeys(TOPIC, [key])));
    const done = live.subscribe('bench.done').next();
    await new Promise((r) => setTimeout(r, 200));

    const loadBefore = os.loadavg()[0];
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await db.query('BEGIN');
    const em = { query: (sql: string, params: unknown[]) => db.query(sql, params).then((r) => r.rows) };
    await live.publishStored(em as never, { sql: 'SELECT topic, body FROM src ORDER BY n', params: [] });
    await db.query(`SELECT pg_notify('talent_exchange_live', '{"topic":"bench.done","body":{}}')`);
    await db.query('COMMIT');
    const committed = performance.now() - start;
    await done;
    delay.disable();
    const received = followers.reduce((sum, f) => sum + f.count(), 0);
    console.log(
      `now: ${keyCount} keys followed here; publish and commit ${Math.round(committed)} ms; every event ` +
        `delivered after ${Math.round(performance.now() - start)} ms (${received} events); Node CPU ` +
        `${cpuMs(cpu)} ms; event loop delay max ${(delay.max / 1e6).toFixed(1)} ms`,
    );
    await live.onModuleDestroy();

    // Before: each stored batch read whole, decoded, every event handed to LocalSubscribers.
    const local = new LocalSubscribers();
    const oldFollowers = keys.map((key) => counter(local.iterator([`${TOPIC}/${key}`])));
    await new Promise((r) => setTimeout(r, 200));
    const delay2 = monitorEventLoopDelay({ resolution: 5 });
    delay2.enable();
    const cpu2 = process.cpuUsage();
    const start2 = performance.now();
    for (let n = 0; n < ROWS; n++) {
      const { rows } = await db.query<{ body: string }>('SELECT body FROM src WHERE n = $1', [n]);
      for (const item of decodeLiveEvent<StoredBatch>(rows[0].body).$batch) {
        if (!('keys' in item)) continue;
        for (const key of item.keys) local.publish(`${TOPIC}/${key}`, { ...item.payload, via: key });
      }
    }
    await new Promise((r) => setImmediate(r));
    delay2.disable();
    console.log(
      `before (read, decode, hand over every event): ${Math.round(performance.now() - start2)} ms ` +
        `(${oldFollowers.reduce((sum, f) => sum + f.count(), 0)} events); Node CPU ${cpuMs(cpu2)} ms; ` +
        `event loop delay max ${(delay2.max / 1e6).toFixed(1)} ms`,
    );
    console.log(`load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`);
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
  }
}

void main();
