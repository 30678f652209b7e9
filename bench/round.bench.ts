/**
 * npm run bench:round -- --candidates N [--choices K] [--opportunities M] [--ranked 0.1] [--seed S] [--probe-me]
 *   [--keep] [--dump-round FILE] [--seed-only | --from-seeded NAME]
 *
 * One allocation round from the database, end to end, through the real worker path: the run is
 * claimed like the worker claims it and processed by `RoundRunsService` (load the round's data,
 * assemble the instance, parse, solve, verify, apply the offers and rejections, store the run,
 * commit, queue the notifications and live events).
 *
 * - Database: `te_bench_round_<pid>` on DATABASE_URL's server (an embedded PostgreSQL when unset),
 *   migrated without demo data, dropped at the end (`--keep` keeps it, with DATABASE_URL).
 * - `--seed-only` (with DATABASE_URL): seeds and keeps the database without running the round, and
 *   prints its name; `--from-seeded NAME` then runs the round on a copy of it (`CREATE DATABASE ...
 *   TEMPLATE NAME`, a file copy: seconds where seeding 300k x 10 takes minutes), leaving NAME as it
 *   was, so that runs to compare (two commits, back to back) start from the same files. The size
 *   printed is the copy's; the size flags are ignored. Drop NAME yourself when done.
 * - `--dump-round FILE`: the packed round handed to the solver written to FILE (`v8.serialize`), for
 *   `bench/round-solver-memory.ts` to solve it again offline.
 * - Data, bulk SQL (generate_series): the same flags give the same data, ids included (`--seed S`,
 *   default 1313, printed: PostgreSQL's setseed in the seeding's one session, and every id an md5 of
 *   the seed and a natural key, so that orders by id and the solver's ties repeat): 3 organisations,
 *   40 competences, M OPEN opportunities (defaults: 100) with 2 to 4 requirements each and free
 *   seats for about 80% of the candidates; N candidates (default 10,000) with a profile (career
 *   stage, languages) and 3 assessed competences; each chooses K (default 3) distinct opportunities,
 *   popular ones more often, with a SUBMITTED application per choice. A share `--ranked` (default
 *   0.1) of the hosts ranked their applicants; the others are ordered by fit score.
 * - The app: the Nest application as an API instance runs it, its interval worker stopped so that
 *   the benchmark claims the run itself.
 *
 * - `--probe-me`: while the run happens, a client in a worker thread of its own (its own event loop)
 *   sends `{ me { id displayName } }` to the app that runs the round, one request at a time, and
 *   prints the latencies (p50, p95, p99, max) beside those of the same probe for 3 s before the run:
 *   does the API keep serving while a round runs on the same instance?
 *
 * Prints the phases (wall clock and this process's CPU time per step), the peak RSS of this process
 * (app and solver thread together: the seeding runs in PostgreSQL) and the solver thread's largest heap,
 * the work the run took (this process's CPU time, PostgreSQL's processes' when they run on this
 * machine, and the machine's busy and idle CPU time over all its cores, from /proc) and, as its last
 * line:
 *   round of N candidates: T ms end-to-end (load L ms, solve S ms, persist P ms)
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../src/auth/password-hasher';
import { RoundRunsService } from '../src/rounds/round-runs.service';
import { RoundSolver } from '../src/rounds/round-solver.service';
import { NotificationJobs } from '../src/notifications/notification-jobs';
import { RoundsRepository } from '../src/rounds/rounds.repository';
import { startBenchApp } from './bench-app';
import { machineCpuMs, postgresCpuMs, withBenchDatabase } from './bench-support';

const COMPETENCES = 40;

interface Options {
  candidates: number;
  choices: number;
  opportunities: number;
  ranked: number;
  /** The seed of the generated data (an integer). */
  seed: number;
  probeMe: boolean;
  keep: boolean;
  dumpRound: string | null;
  /** Seed, keep, do not run (`--seed-only`). */
  seedOnly: boolean;
  /** Run on a copy of this seeded database instead of seeding (`--from-seeded NAME`). */
  fromSeeded: string | null;
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
  return value;
}

function options(): Options {
  const o: Options = {
    candidates: Math.floor(option('candidates', 10_000)),
    choices: Math.floor(option('choices', 3)),
    opportunities: Math.floor(option('opportunities', 100)),
    ranked: option('ranked', 0.1),
    seed: Math.floor(option('seed', 1313)),
    probeMe: process.argv.includes('--probe-me'),
    keep: process.argv.includes('--keep'),
    dumpRound: process.argv.includes('--dump-round')
      ? (process.argv[process.argv.indexOf('--dump-round') + 1] ?? null)
      : null,
    seedOnly: process.argv.includes('--seed-only'),
    fromSeeded: process.argv.includes('--from-seeded')
      ? (process.argv[process.argv.indexOf('--from-seeded') + 1] ?? null)
      : null,
  };
  if (process.argv.includes('--from-seeded') && !o.fromSeeded) throw new Error('--from-seeded needs a name');
  if (o.seedOnly && o.fromSeeded) throw new Error('--seed-only and --from-seeded exclude each other');
  if ((o.seedOnly || o.fromSeeded) && !process.env.DATABASE_URL) {
    throw new Error('--seed-only and --from-seeded need DATABASE_URL (a server that keeps the database)');
  }
  if (o.candidates < 1 || o.opportunities < 1 || o.choices < 1) throw new Error('sizes must be at least 1');
  if (o.choices > o.opportunities) throw new Error('--choices cannot exceed --opportunities');
  if (o.choices > 50) throw new Error('--choices is at most 50 (a round allows 1..50)');
  return o;
}

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

const PROBE_PASSWORD = 'bench-probe-password';
const PROBE_QUERY = '{ me { id displayName } }';

/**
 * The probe's client: plain JavaScript run in a worker thread, so that its timing does not wait for
 * the app's event loop. Sends one request at a time until told to stop, then posts the latencies.
 */
const PROBE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
let running = true;
const latencies = [];
let failed = 0;
parentPort.on('message', () => { running = false; });
(async () => {
  const body = JSON.stringify({ query: workerData.query });
  const headers = { 'content-type': 'application/json', authorization: 'Bearer ' + workerData.token };
  while (running) {
    const t0 = performance.now();
    try {
      const res = await fetch(workerData.url, { method: 'POST', headers, body });
      const text = await res.text();
      if (!res.ok || text.includes('"errors"')) failed += 1;
    } catch {
      failed += 1;
    }
    latencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, workerData.pauseMs));
  }
  parentPort.postMessage({ latencies, failed });
})();
`;

/**
 * The RSS sampler: plain JavaScript in a worker thread of its own (the app's event loop may be busy),
 * reads the process's resident memory every 20 ms until told to stop, then posts the samples
 * (ms since the epoch, MB).
 */
const RSS_SAMPLER = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
// The machine's idle CPU time so far and, of it, the time waiting for I/O (ms over all cores: idle
// and iowait of /proc/stat); -1 elsewhere.
const idle = () => {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\\n')[0].trim().split(/\\s+/);
    return [(Number(f[4]) + Number(f[5])) * 10, Number(f[5]) * 10];
  } catch {
    return [-1, -1];
  }
};
const samples = [];
const timer = setInterval(() => samples.push([Date.now(), Math.round(process.memoryUsage.rss() / 1048576), ...idle()]), 20);
parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(samples); });
`;

/**
 * A sample: when (epoch ms), this process's RSS (MB), the machine's idle CPU time so far and of it
 * waiting for I/O (ms, -1 unknown).
 */
type Sample = [number, number, number, number];

/** Starts sampling the RSS and the machine's idle time; `stop()` resolves with the samples. */
function startRssSampler(): { stop: () => Promise<Sample[]> } {
  const worker = new Worker(RSS_SAMPLER, { eval: true });
  const result = new Promise<Sample[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      worker.postMessage('stop');
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

/**
 * The work a run took on this machine: the machine's busy CPU time over all cores (every process:
 * this one, PostgreSQL's, the rest) and how much stayed idle, and the CPU time of PostgreSQL's
 * processes (those alive at the end; one that ended during the run is counted in the machine's
 * figure only). Wall clock depends on how the work overlaps and on what else runs; this does less.
 */
function describeWork(
  before: { machine: ReturnType<typeof machineCpuMs>; postgres: Map<number, number> },
  processMs: number,
  wallMs: number,
): string {
  const machine = machineCpuMs();
  const postgres = postgresCpuMs();
  let postgresMs = 0;
  for (const [pid, ms] of postgres) postgresMs += ms - (before.postgres.get(pid) ?? 0);
  const cores = os.cpus().length;
  const parts = [`this process ${Math.round(processMs)} ms of CPU`];
  parts.push(
    postgres.size > 0
      ? `PostgreSQL's processes ${Math.round(postgresMs)} ms (${postgres.size} on this machine)`
      : "PostgreSQL's not measured (none on this machine)",
  );
  if (machine && before.machine) {
    const total = machine.total - before.machine.total;
    const idle = machine.idle - before.machine.idle;
    parts.push(
      `the machine busy ${total - idle} ms of ${total} (${cores} cores x ${Math.round(wallMs)} ms: ` +
        `${Math.round((100 * (total - idle)) / Math.max(total, 1))}% busy, ${idle} ms idle)`,
    );
  }
  return `work during the run: ${parts.join('; ')}`;
}

/**
 * The sampled RSS per step: the steps laid end to end from the run's start (the solver thread's own
 * steps inside solve.handover, which is counted first), the largest sample in each.
 */
function describeRss(startedAt: number, steps: Record<string, number>, samples: Sample[]): string {
  const bounds: [string, number][] = [];
  let at = startedAt;
  for (const [step, ms] of Object.entries(steps)) bounds.push([step, (at += ms)]);
  const peakOf = new Map<string, number>();
  const idleOf = new Map<string, [number, number]>();
  let peak: [number, number] = [startedAt, 0];
  let before: [number, number] = [-1, -1];
  for (const [t, rss, idle, iowait] of samples) {
    if (rss > peak[1]) peak = [t, rss];
    const step = bounds.find(([, end]) => t <= end)?.[0] ?? 'after';
    peakOf.set(step, Math.max(peakOf.get(step) ?? 0, rss));
    if (idle >= 0 && before[0] >= 0) {
      const [i, w] = idleOf.get(step) ?? [0, 0];
      idleOf.set(step, [i + idle - before[0], w + iowait - before[1]]);
    }
    before = [idle, iowait];
  }
  const idle =
    idleOf.size === 0
      ? ''
      : "\nthe machine's idle CPU time per step (ms over all cores, from /proc/stat: idle / of it waiting " +
        "for I/O / the step's wall clock): " +
        [...idleOf]
          .map(([step, [ms, io]]) => `${step} ${ms}/${io}/${Math.round(steps[step] ?? 0)}`)
          .join(', ');
  return (
    `sampled RSS (every 20 ms): peak ${peak[1]} MB at ${Math.round(peak[0] - startedAt)} ms; largest per step (MB): ` +
    [...peakOf].map(([step, rss]) => `${step} ${rss}`).join(', ') +
    idle
  );
}

interface ProbeResult {
  latencies: number[];
  failed: number;
}

/** Starts probing; `stop()` resolves with what was measured. */
function startProbe(url: string, token: string): { stop: () => Promise<ProbeResult> } {
  const worker = new Worker(PROBE_WORKER, {
    eval: true,
    workerData: { url, token, query: PROBE_QUERY, pauseMs: 5 },
  });
  const result = new Promise<ProbeResult>((resolve, reject) => {
    worker.once('message', (r: ProbeResult) => resolve(r));
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      worker.postMessage('stop');
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

function describeProbe(label: string, r: ProbeResult): string {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const at = (q: number): string =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1) : '-';
  return (
    `${label}: n=${sorted.length}, failed ${r.failed}, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, ` +
    `p99 ${at(0.99)} ms, max ${sorted.length ? sorted[sorted.length - 1].toFixed(1) : '-'} ms`
  );
}

/** An access token of the benchmark's HR account (its password set for the probe). */
async function probeToken(app: INestApplication, ds: DataSource, baseUrl: string): Promise<string> {
  const hash = await app.get(PasswordHasher).hash(PROBE_PASSWORD);
  await ds.query(`UPDATE users SET password_hash = $1 WHERE email = 'bench-hr@bench.test'`, [hash]);
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      variables: { e: 'bench-hr@bench.test', p: PROBE_PASSWORD },
    }),
  });
  const body = (await res.json()) as { data?: { login?: { accessToken?: string } } };
  const token = body.data?.login?.accessToken;
  if (!token) throw new Error(`the probe could not sign in: ${JSON.stringify(body)}`);
  return token;
}

/** What a database seeded by `--seed-only` holds: its queued run and its size. */
async function seededIn(
  ds: DataSource,
): Promise<{ runId: string; pairs: number; seats: number; candidates: number; opportunities: number }> {
  const rows: { id: string; pairs: string; seats: string; candidates: string; opportunities: string }[] =
    await ds.query(
      `SELECT r.id,
              (SELECT count(*) FROM round_choices) AS pairs,
              (SELECT sum(capacity) FROM opportunities) AS seats,
              (SELECT count(DISTINCT candidate_id) FROM round_choices) AS candidates,
              (SELECT count(*) FROM opportunities) AS opportunities
         FROM round_runs r WHERE r.status = 'QUEUED' ORDER BY r.created_at`,
    );
  if (rows.length !== 1) throw new Error(`the seeded database has ${rows.length} queued runs, not one`);
  const [row] = rows;
  return {
    runId: row.id,
    pairs: Number(row.pairs),
    seats: Number(row.seats),
    candidates: Number(row.candidates),
    opportunities: Number(row.opportunities),
  };
}

/** Seeds the call and queues its publication; returns the run id. */
async function seed(ds: DataSource, o: Options): Promise<{ runId: string; pairs: number; seats: number }> {
  // One connection for the whole seeding: the settings below hold for its statements only.
  const runner = ds.createQueryRunner();
  await runner.connect();
  const timings: string[] = [];
  const q = async <T = unknown>(sql: string, params?: unknown[]): Promise<T> => {
    const t = performance.now();
    const r = (await runner.query(sql, params)) as T;
    timings.push(String(Math.round(performance.now() - t)));
    return r;
  };
  try {
    return await seedWith(q, o, timings);
  } finally {
    await runner.query('SET session_replication_role = DEFAULT').catch(() => undefined);
    await runner.release();
  }
}

/**
 * SQL for a uuid derived from the seed and `key` (an SQL text expression): the same flags give the
 * same ids, shaped as version 4 like gen_random_uuid's.
 */
const idOf = (seed: number, key: string): string =>
  `overlay(overlay(md5('${seed}:' || ${key}) placing '4' from 13) placing '8' from 17)::uuid`;

/** The secondary indexes (not backing a constraint) of the tables the seeding fills in bulk. */
const BULK_TABLES = ['applications', 'round_choices', 'assessments', 'applicant_rankings', 'profiles'];

async function seedWith(
  q: <T = unknown>(sql: string, params?: unknown[]) => Promise<T>,
  o: Options,
  timings: string[],
): Promise<{ runId: string; pairs: number; seats: number }> {
  // Generated consistent by construction: the foreign keys' per-row checks (triggers) are skipped
  // while seeding, and the plain secondary indexes are dropped and built again once at the end (a
  // sorted build instead of millions of random inserts). Constraints and their indexes stay.
  await q('SET session_replication_role = replica');
  // Room for the sorts of millions of rows and the index builds, in this session only.
  await q(`SET work_mem = '256MB'`);
  await q(`SET maintenance_work_mem = '512MB'`);
  // The same rows in the same order in every scan, so that random() draws the same value for the
  // same row: a sequential scan of a table larger than a quarter of shared_buffers (users at 300k
  // candidates) otherwise starts where another scan of it last was (synchronize_seqscans), and a
  // parallel scan hands rows over in the order its workers finish. Either gave a 300k x 10 seeding
  // other data on every run (143,809 to 144,162 offers) while 100k (smaller tables) repeated.
  await q(`SET synchronize_seqscans = off`);
  await q(`SET max_parallel_workers_per_gather = 0`);
  const indexes = await q<{ indexname: string; indexdef: string }[]>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [BULK_TABLES],
  );
  for (const index of indexes) await q(`DROP INDEX "${index.indexname}"`);
  const id = (key: string): string => idOf(o.seed, key);
  // setseed takes -1 to 1: the seed's place in 0 to 2^31 - 1.
  await q(`SELECT setseed($1)`, [(o.seed % 2_147_483_648) / 2_147_483_648]);
  const orgs: { id: string }[] = await q(
    `INSERT INTO organisations (id, code, name)
     SELECT ${id("'org:' || code")}, code, name
       FROM (VALUES (1, 'B_LUMC', 'Bench LUMC'), (2, 'B_LEIDEN', 'Bench Leiden'), (3, 'B_JANSSEN', 'Bench Janssen')) v(n, code, name)
      ORDER BY n
     RETURNING id`,
  );
  const orgIds = orgs.map((r) => r.id);
  const [hr]: { id: string }[] = await q(
    `INSERT INTO users (id, email, password_hash, display_name, organisation_id, roles)
     VALUES (${id("'user:bench-hr'")}, 'bench-hr@bench.test', 'x', 'Bench HR', $1, ARRAY['HR']) RETURNING id`,
    [orgIds[0]],
  );
  // One lead supervisor per 20 opportunities.
  const supervisors = Math.max(1, Math.ceil(o.opportunities / 20));
  await q(
    `INSERT INTO users (id, email, password_hash, display_name, organisation_id, roles)
     SELECT ${id("'user:bench-supervisor-' || g")}, 'bench-supervisor-' || g || '@bench.test', 'x', 'Bench supervisor ' || g, ($1::uuid[])[1 + g % 3],
            ARRAY['SUPERVISOR']
       FROM generate_series(1, $2) g`,
    [orgIds, supervisors],
  );
  const [area]: { id: string }[] = await q(
    `INSERT INTO competence_areas (id, code, name, description)
     VALUES (${id("'area:BENCH'")}, 'BENCH', 'Bench', 'Bench area') RETURNING id`,
  );
  await q(
    `INSERT INTO competences (id, code, name, description, area_id)
     SELECT ${id("'competence:' || g")}, 'BENCH_' || g, 'Bench competence ' || g, 'Generated', $1
       FROM generate_series(1, $2) g`,
    [area.id, COMPETENCES],
  );
  // Seats for about 80% of the candidates, spread from half to one and a half times the mean.
  const mean = Math.max(1, Math.floor((0.8 * o.candidates) / o.opportunities));
  await q(
    `INSERT INTO opportunities (id, kind, title, description, status, host_organisation_id, lead_supervisor_id,
        starts_on, ends_on, capacity, application_deadline, eligible_stages, language, work_mode, details)
     SELECT ${id("'opportunity:' || g")}, 'INTERNSHIP', 'Bench opportunity ' || g, 'Generated for the round benchmark', 'OPEN',
            ($1::uuid[])[1 + g % 3],
            (SELECT id FROM users WHERE email = 'bench-supervisor-' || (1 + g % $2) || '@bench.test'),
            current_date + 60, current_date + 150, greatest(1, $3 / 2 + (g * 7919) % ($3 + 1)),
            now() + interval '30 days',
            CASE WHEN g % 5 = 0 THEN ARRAY['MASTER_STUDENT','PHD_CANDIDATE'] ELSE '{}'::text[] END,
            'en', 'ON_SITE', '{}'::jsonb
       FROM generate_series(1, $4) g`,
    [orgIds, supervisors, mean, o.opportunities],
  );
  await q(
    `INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
     SELECT o.id, c.id, 1 + floor(random() * 3)::int, 1 + floor(random() * 3), random() < 0.2
       FROM opportunities o
       CROSS JOIN LATERAL (SELECT id FROM competences WHERE o.id IS NOT NULL
                            ORDER BY random() LIMIT 2 + floor(random() * 3)::int) c`,
  );
  await q(
    `INSERT INTO users (id, email, password_hash, display_name, organisation_id, roles)
     SELECT ${id("'user:bench-candidate-' || g")}, 'bench-candidate-' || g || '@bench.test', 'x', 'Bench candidate ' || g, ($1::uuid[])[1 + g % 3],
            ARRAY['CANDIDATE']
       FROM generate_series(1, $2) g`,
    [orgIds, o.candidates],
  );
  await q(
    `INSERT INTO profiles (user_id, career_stage, visibility, languages)
     SELECT id, (ARRAY['MASTER_STUDENT','PHD_CANDIDATE','POSTDOC','BACHELOR_STUDENT'])[1 + floor(random() * 4)::int],
            'CONSORTIUM', '[{"code":"en","level":"C1"}]'::jsonb
       FROM users WHERE 'CANDIDATE' = ANY(roles)`,
  );
  // 3 distinct competences per candidate: base + s * step (mod 40) for s = 0, 1, 2, step 1..13.
  await q(
    `INSERT INTO assessments (id, person_id, competence_id, level, source)
     SELECT * FROM (
       SELECT ${id("'assessment:' || u.id || ':' || s")} AS id, u.id AS person_id, (c.ids)[1 + (u.base + s * u.step) % $1::int],
              1 + floor(random() * 4)::int, 'SELF'
         FROM (SELECT id, floor(random() * $1::int)::int AS base, 1 + floor(random() * 13)::int AS step
                 FROM users WHERE 'CANDIDATE' = ANY(roles)) u
         CROSS JOIN (SELECT array_agg(id ORDER BY code) AS ids FROM competences) c
         CROSS JOIN generate_series(0, 2) s) a
      ORDER BY id`,
    [COMPETENCES],
  );
  const [round]: { id: string }[] = await q(
    `INSERT INTO allocation_rounds (id, organisation_id, name, ranking_deadline, max_choices, response_window_hours,
        algorithm, created_by)
     VALUES (${id("'round'")}, $1, 'Bench round', now() - interval '1 hour', $2, 168, 'SEATS_DA', $3) RETURNING id`,
    [orgIds[0], o.choices, hr.id],
  );
  await q(`INSERT INTO round_opportunities (round_id, opportunity_id) SELECT $1, id FROM opportunities`, [
    round.id,
  ]);
  // K distinct choices per candidate, skewed towards popular opportunities (random()^2).
  await q(
    `CREATE TEMP TABLE bench_choices AS
     WITH o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM opportunities),
          c AS (SELECT id FROM users WHERE 'CANDIDATE' = ANY(roles)),
          draw AS (SELECT c.id AS candidate_id, d.n, floor(power(random(), 2) * $2)::int AS k
                     FROM c CROSS JOIN generate_series(1, $1 * 3) AS d(n)),
          uniq AS (SELECT DISTINCT ON (candidate_id, k) candidate_id, k, n FROM draw ORDER BY candidate_id, k, n),
          ranked AS (SELECT candidate_id, k, row_number() OVER (PARTITION BY candidate_id ORDER BY n) AS rank FROM uniq)
     SELECT r.candidate_id, o.id AS opportunity_id, r.rank::int AS rank
       FROM ranked r JOIN o ON o.k = r.k WHERE r.rank <= $1`,
    [o.choices, o.opportunities],
  );
  await q(
    // Ids drawn first and inserted in their order: the primary key's index grows at its end.
    `INSERT INTO applications (id, opportunity_id, candidate_id, status, motivation)
     SELECT id, opportunity_id, candidate_id, 'SUBMITTED', 'bench'
       FROM (SELECT ${id("'application:' || candidate_id || ':' || opportunity_id")} AS id, opportunity_id, candidate_id
               FROM bench_choices) b
      ORDER BY id`,
  );
  await q(
    // In the order of the constraints' indexes (round, candidate, ...): appended, not scattered.
    `INSERT INTO round_choices (round_id, candidate_id, opportunity_id, rank)
     SELECT $1, candidate_id, opportunity_id, rank FROM bench_choices ORDER BY candidate_id, rank`,
    [round.id],
  );
  // Some hosts ranked all their applicants (in a random order).
  await q(
    `WITH ranked_opportunities AS (SELECT id FROM opportunities WHERE random() < $1)
     INSERT INTO applicant_rankings (opportunity_id, application_id, rank)
     SELECT a.opportunity_id, a.id, row_number() OVER (PARTITION BY a.opportunity_id ORDER BY random())
       FROM applications a JOIN ranked_opportunities r ON r.id = a.opportunity_id`,
    [o.ranked],
  );
  await q('DROP TABLE bench_choices');
  const [run]: { id: string }[] = await q(
    `INSERT INTO round_runs (id, round_id, kind, scope, seed, created_by)
     VALUES (${id("'run'")}, $1, 'PUBLISH', 'INITIAL', 1, $2)
     RETURNING id`,
    [round.id, hr.id],
  );
  for (const index of indexes) await q(index.indexdef);
  await q('SET session_replication_role = DEFAULT');
  await q('ANALYZE');
  const [{ pairs, seats }]: { pairs: string; seats: string }[] = await q(
    `SELECT (SELECT count(*) FROM round_choices) AS pairs, (SELECT sum(capacity) FROM opportunities) AS seats`,
  );
  console.log(`seeding statements (ms, in order): ${timings.join(' ')}`);
  return { runId: run.id, pairs: Number(pairs), seats: Number(seats) };
}

async function main(): Promise<void> {
  const o = options();
  let app: INestApplication | undefined;
  const copyFrom = performance.now();
  await withBenchDatabase(
    'te_bench_round',
    { keep: o.keep || o.seedOnly, template: o.fromSeeded },
    async ({ name, url }) => {
      const copiedMs = performance.now() - copyFrom;
      try {
        app = await startBenchApp(url, { PASSWORD_HASH_PROFILE: 'FAST' });
        // The benchmark claims the run itself: the interval worker must not take it first.
        app.get(SchedulerRegistry).deleteInterval('round-runs');
        const ds = app.get(DataSource);

        let t0 = performance.now();
        let seeded: { runId: string; pairs: number; seats: number };
        if (o.fromSeeded) {
          const found = await seededIn(ds);
          seeded = found;
          o.candidates = found.candidates;
          console.log(
            `a copy of ${o.fromSeeded} (made in ${(copiedMs / 1000).toFixed(1)} s): ${found.candidates} candidates, ` +
              `${found.pairs} choices, ${found.opportunities} opportunities with ${found.seats} seats`,
          );
        } else {
          seeded = await seed(ds, o);
          console.log(
            `seeded (seed ${o.seed}) ${o.candidates} candidates, ${seeded.pairs} choices (${o.choices} each), ` +
              `${o.opportunities} opportunities with ${seeded.seats} seats in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
          );
        }
        if (o.seedOnly) {
          console.log(`seeded database kept: ${name} (run it with --from-seeded ${name}; drop it when done)`);
          return;
        }

        let probe: { stop: () => Promise<ProbeResult> } | null = null;
        if (o.probeMe) {
          const baseUrl = await app.getUrl();
          const token = await probeToken(app, ds, baseUrl);
          const idle = startProbe(`${baseUrl}/graphql`, token);
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          console.log(describeProbe(`probe ${PROBE_QUERY} before the run`, await idle.stop()));
          probe = startProbe(`${baseUrl}/graphql`, token);
        }

        const runs = app.get(RoundRunsService);
        if (o.dumpRound) {
          const solver = app.get(RoundSolver);
          const solve = solver.solve.bind(solver);
          const file = o.dumpRound;
          solver.solve = (request) => {
            writeFileSync(file, v8.serialize(request));
            return solve(request);
          };
        }
        // The solver thread started (and, from TypeScript sources, compiled) before the clock runs.
        await app.get(RoundSolver).warm();
        const loadBefore = os.loadavg()[0];
        const rssBefore = process.memoryUsage().rss;
        const cpuBefore = process.cpuUsage();
        const workBefore = { machine: machineCpuMs(), postgres: postgresCpuMs() };
        const sampler = startRssSampler();
        const startedAt = Date.now();
        t0 = performance.now();
        const claimed = await runs.claim();
        if (!claimed || claimed.id !== seeded.runId) throw new Error('the benchmark run was not claimed');
        const { run, phases } = await runs.processTimed(claimed);
        const total = performance.now() - t0;
        const cpu = process.cpuUsage(cpuBefore);
        const work = describeWork(workBefore, (cpu.user + cpu.system) / 1000, total);
        const probed = probe ? await probe.stop() : null;
        const rssSamples = await sampler.stop();
        const steps =
          'steps (ms of wall clock / ms of CPU / MB of RSS after it / MB of V8 heap in use after it, the ' +
          "solver thread's for its solve.* steps / MB of the main thread's external memory after it): " +
          Object.entries(phases.steps)
            .map(
              ([step, ms]) =>
                `${step} ${Math.round(ms)}/${Math.round(phases.cpu[step] ?? 0)}` +
                (phases.rss[step] !== undefined ? `/${phases.rss[step]}` : '') +
                (phases.heap[step] !== undefined ? `/${phases.heap[step]}` : '') +
                (phases.external[step] !== undefined ? `/${phases.external[step]}` : ''),
            )
            .join(', ');
        if (run.status !== 'DONE' || run.stable !== true) {
          console.log(steps);
          console.log(describeRss(startedAt, phases.steps, rssSamples));
          if (probed) console.log(describeProbe(`probe ${PROBE_QUERY} during the run`, probed));
          console.log(`peak RSS of the process ${mb(process.resourceUsage().maxRSS * 1024)}`);
          throw new Error(`the run ended ${run.status} (stable: ${run.stable}): ${run.error ?? ''}`);
        }
        // The notices the run queued (its kick after the commit started writing them): written
        // after the run was published, so not in its end-to-end time; how long after, here.
        const [{ jobs }]: { jobs: number }[] = await ds.query(
          'SELECT count(*)::int AS jobs FROM notification_jobs',
        );
        await app.get(NotificationJobs).processPending();
        const noticesMs = performance.now() - t0 - total;
        const [{ left }]: { left: number }[] = await ds.query(
          'SELECT count(*)::int AS left FROM notification_jobs',
        );
        if (left > 0) throw new Error(`${left} notification job(s) not written`);
        const [{ offered, rejected, notifications }]: {
          offered: string;
          rejected: string;
          notifications: string;
        }[] = await ds.query(
          `SELECT count(*) FILTER (WHERE status = 'OFFERED') AS offered,
                count(*) FILTER (WHERE status = 'REJECTED') AS rejected,
                (SELECT count(*) FROM notifications) AS notifications
           FROM application_states`,
        );
        console.log(
          `run ${run.status}, stable; ${offered} offers, ${rejected} rejections, ${notifications} notifications stored`,
        );
        console.log(
          `notices queued by the run: ${jobs} job(s), all written ${Math.round(noticesMs)} ms after the run's end`,
        );
        // What the run read and decided, to compare runs of the same seed: the input's hash and a
        // digest of its stored assignment (in the rows since 5 December: the same jsonb, so the same md5).
        const [digest]: { input_hash: string; assignment: string }[] = await ds.query(
          `SELECT input_hash, md5(COALESCE(assignment, (SELECT jsonb_object_agg(c.candidate_id::text, c.placed_on::text)
                  FROM round_run_candidates c WHERE c.run_id = r.id AND c.assigned))::text) AS assignment
           FROM round_runs r WHERE id = $1`,
          [run.id],
        );
        console.log(`input hash ${digest.input_hash}, assignment md5 ${digest.assignment}`);
        // The input read back is the document as hashed (after the timing): since wave 16 the stored
        // text lacks the candidates' lists, which `readRunInputTexts` (what `inputJson` returns)
        // writes back in from the run's rows, so the whole text is hashed here, not the stored one.
        const readFrom = performance.now();
        const [read] = await app.get(RoundsRepository).runInputJsons([run.id]);
        const readMs = Math.round(performance.now() - readFrom);
        const readHash =
          read?.inputJson == null ? null : createHash('sha256').update(read.inputJson, 'utf8').digest('hex');
        console.log(
          `input read back (inputJson, ${readMs} ms) hashes to the input hash: ${readHash === digest.input_hash ? 'yes' : 'NO'}`,
        );
        if (Object.keys(phases.beside ?? {}).length > 0)
          console.log(
            'beside the steps (ms of wall clock, overlapping them): ' +
              Object.entries(phases.beside)
                .map(([step, ms]) => `${step} ${Math.round(ms)}`)
                .join(', '),
          );
        console.log(steps);
        console.log(describeRss(startedAt, phases.steps, rssSamples));
        if (probed) console.log(describeProbe(`probe ${PROBE_QUERY} during the run`, probed));
        console.log(
          `peak RSS of the process ${mb(process.resourceUsage().maxRSS * 1024)} (${mb(rssBefore)} before the run; ` +
            `the solver's heap at most ${mb(runs.solverHeapPeakBytes)}); ` +
            `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, ${os.cpus().length} cores`,
        );
        console.log(
          `CPU time of this process during the run: ${Math.round((cpu.user + cpu.system) / 1000)} ms ` +
            '(on a busy machine the wall clock also counts waiting for a core and for PostgreSQL)',
        );
        console.log(work);
        console.log(
          `round of ${o.candidates} candidates: ${Math.round(total)} ms end-to-end ` +
            `(load ${Math.round(phases.loadMs)} ms, solve ${Math.round(phases.solveMs)} ms, persist ${Math.round(phases.persistMs)} ms)`,
        );
      } finally {
        await app?.close();
      }
    },
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
