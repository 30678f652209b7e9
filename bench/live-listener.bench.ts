/**
 * DATABASE_URL=postgres://... npm run bench:listener -- [--keys N] [--shape events|groups|columns] [--rows N]
 *
 * What a listening instance pays for a round's status events: 127 stored batches of 1,000
 * `applicationStatusChanged` events (each with four keys: its candidate, a host, HR, admin; about
 * 80 MB of JSON, as a 100k round writes them), published by `PgLiveEvents.publishStored` in one
 * transaction, while this instance follows N candidates' keys (default 0; spread over the batch).
 * `--shape groups` or `columns`: a national round's instead, 50 stored batches of 1,000 opportunities'
 * items of 29 changes each (1,450,000 events), as `LiveEventGroup`s (an object per change) or as
 * `LiveEventColumns` (a list per field); the comparison then hands every item of each body, read
 * whole, to `LocalSubscribers`. `--rows`: another number of stored batches.
 * Prints the wall clock until every event reached its subscribers, the Node CPU of the process and
 * the event loop's longest delay; then, for comparison, the same rows handled the way the listener
 * did before (each body read whole, decoded, every event handed over). A database of its own on
 * DATABASE_URL's server, dropped at the end. Nothing else of the app runs.
 */
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as os from 'node:os';
import { Client } from 'pg';
import { decodeLiveEvent } from '../src/common/events/live-event-codec';
import { LocalSubscribers, StoredBatch } from '../src/common/events/live-events';
import { PgLiveEvents } from '../src/common/events/pg-live-events';

const TOPIC = 'applicationStatusChanged';
type Shape = 'events' | 'groups' | 'columns';
/** Changes per opportunity in the grouped shapes (1,439,840 changes over 50,000 opportunities). */
const PER_GROUP = 29;

/** The SQL of one grouped item (row b, opportunity j): the shared part, then the changes as `shape` says. */
function groupedItemSql(shape: 'groups' | 'columns'): string {
  const e = `((b * 1000 + j) * ${PER_GROUP} + k)`;
  const shared = `'keys', ARRAY['user:h' || (j % 100), 'hr:o' || (j % 10), 'admin'],
      'payload', json_build_object(
        'audience', json_build_object('hostUserIds', ARRAY['h' || (j % 100)], 'hostOrganisationId', 'o' || (j % 10)),
        'change', json_build_object('opportunityId', md5(j::text),
          'at', json_build_object('$date', '2026-12-04T10:00:00.123Z')))`;
  const members =
    shape === 'groups'
      ? `'each', json_agg(json_build_object('keys', ARRAY['user:' || md5(${e}::text)],
           'payload', json_build_object('audience', json_build_object('candidateId', md5(${e}::text)),
             'change', json_build_object('applicationId', md5('a' || ${e}), 'from', 'SUBMITTED', 'to', 'REJECTED')))
           ORDER BY k)`
      : `'columns', json_build_object(
           'audience', json_build_object('candidateId', json_agg(md5(${e}::text) ORDER BY k)),
           'change', json_build_object('applicationId', json_agg(md5('a' || ${e}) ORDER BY k),
             'from', json_agg('SUBMITTED'::text ORDER BY k), 'to', json_agg('REJECTED'::text ORDER BY k))),
         'memberKey', json_build_object('prefix', 'user:', 'of', ARRAY['audience', 'candidateId'])`;
  return `(SELECT json_build_object(${shared}, ${members}) FROM generate_series(0, ${PER_GROUP - 1}) AS k)`;
}

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
  const s = process.argv.indexOf('--shape');
  const shape = (s > 0 ? process.argv[s + 1] : 'events') as Shape;
  const r = process.argv.indexOf('--rows');
  const ROWS = r > 0 ? Number(process.argv[r + 1]) : shape === 'events' ? 127 : 50;
  const events = shape === 'events' ? ROWS * 1000 : ROWS * 1000 * PER_GROUP;
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
    if (shape === 'events') {
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
    } else {
      await db.query(
        `CREATE TABLE src AS SELECT b AS n, $1::text AS topic, (
           SELECT json_build_object('$batch', json_agg(${groupedItemSql(shape)} ORDER BY j))::text
             FROM generate_series(0, 999) AS j) AS body
           FROM generate_series(0, $2::int - 1) AS b`,
        [TOPIC, ROWS],
      );
    }
    const live = new PgLiveEvents({ get: () => url.toString() } as never);
    await live.onModuleInit();
    const keys = Array.from({ length: keyCount }, (_, k) => {
      const e = Math.floor((k * events) / Math.max(keyCount, 1));
      return shape === 'events' ? `user:c${e}` : `user:${createHash('md5').update(String(e)).digest('hex')}`;
    });
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
      `${shape}: ${events} events, ${keyCount} keys followed here; publish and commit ${Math.round(committed)} ms; every event ` +
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
      const batch = decodeLiveEvent<StoredBatch>(rows[0].body).$batch;
      if (shape !== 'events') {
        local.deliverBatch(TOPIC, batch);
        continue;
      }
      for (const item of batch) {
        if (!('keys' in item)) continue;
        for (const key of item.keys) local.publish(`${TOPIC}/${key}`, { ...item.payload, via: key });
      }
    }
    await new Promise((r) => setImmediate(r));
    delay2.disable();
    console.log(
      `${shape === 'events' ? 'before (read, decode, hand over every event)' : 'read whole, decoded, handed to LocalSubscribers'}: ${Math.round(performance.now() - start2)} ms ` +
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
