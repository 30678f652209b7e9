/**
 * npm run bench:recommend [-- --opportunities N] [--pool N] [--seed S] [--pool-only | --no-pool] [--cpu-prof FILE]
 *   [--keep]
 *
 * National scale (issue 13): times recommendedOpportunities(first: 20) against 50,000 OPEN
 * opportunities (target: p95 under 50 ms for one candidate's top 20) and HR's matchingCandidates
 * over a pool of 300,000 more candidates (target: p95 under 100 ms). `--opportunities` and `--pool`
 * set other sizes (e.g. 20000 and 30000 for a quick run).
 *
 * - Database: a fresh database `te_bench_recommend_<pid>` on DATABASE_URL's server when it is set,
 *   else an embedded PostgreSQL in a temporary folder; migrated without demo data; dropped (and the
 *   embedded server stopped and removed) at the end.
 * - Data (seeded with bulk SQL; the same flags give the same data: `--seed S`, default 20261125,
 *   printed; PostgreSQL's setseed in the one session that seeds, ids of the generated rows an md5 of
 *   the seed and a natural key, only the 21 candidates made through UsersService get fresh ids):
 *   3 organisations, 60 competences, N OPEN opportunities with
 *   2 to 6 requirements each (about 30% essential, minimum levels 1 to 3), 1 to 2 developed
 *   competences, 40% of them restricted to some career stages, 15% Dutch-taught; 20 candidates with
 *   8 to 30 rated competences, a career stage (one without), languages and some availability, a few
 *   NOT_INTERESTED marks and live applications.
 * - Service: RecommendationsService.recommendedOpportunities through the Nest application (what the
 *   resolver calls), 3 warm-up runs per candidate, then 10 rounds over the 20 candidates.
 * - GraphQL: the same through POST /graphql with the opportunities' fields (loaders included).
 * - The shared SQL read of the candidate-independent rows (all OPEN opportunities with their
 *   requirements), which each instance reads once per filter; and the snapshot's refresh every 30 s
 *   (per instance and filter): a full read and index against an update by what changed (nothing,
 *   50 opportunities), with its Node and PostgreSQL CPU, the updated rows checked against a full
 *   read, and the service's requests timed while refreshes of each kind run back to back.
 * - Worst case (reported, not the target): a candidate rated Expert in all 60 competences, for whom
 *   no opportunity is ruled out by an essential requirement.
 * - CPU per request (Node, and PostgreSQL from /proc when the server is local): what a request costs
 *   without waiting for a core, since this machine may be busy with other work.
 * - matchingCandidates(first: 20) for HR of a host organisation after the pool's candidates joined
 *   (half of them findable, 8 to 30 rated competences each): the pool read ranks the best-reaching
 *   500 findable people by the instance's reach index (its first load timed apart) and reads them
 *   plus applicants; beside it the SQL pool query alone (candidatePoolQuery, the order the index must
 *   give: the two compared per opportunity) and a read right after 1,000 people's levels changed.
 *
 * `npm run bench:recommend -- --keep` keeps the database (with DATABASE_URL) for inspection.
 * `--cpu-prof FILE` writes a V8 CPU profile of the timed service loop of recommendedOpportunities
 * only (not the seeding, the warm-ups or the rest), for `bench/cpu-profile-summary.ts`; with
 * `--pool-only`, of matchingCandidates' timed loop instead.
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource, QueryRunner } from 'typeorm';
import { AuthUser } from '../src/common/auth/auth-user';
import { UserRole } from '../src/core/domain/enums';
import {
  candidatePoolQuery,
  MatchingCandidatesRepository,
} from '../src/recommendations/matching-candidates.repository';
import {
  FINDABLE_POOL_LIMIT,
  MatchingCandidatesService,
} from '../src/recommendations/matching-candidates.service';
import { UserEntity } from '../src/users/entities/user.entity';
import { RecommendationsRepository } from '../src/recommendations/recommendations.repository';
import { OpenRows, RecommendationsService } from '../src/recommendations/recommendations.service';
import { UsersService } from '../src/users/users.service';
import { startBenchApp } from './bench-app';
import { cpuTimeMs, withBenchDatabase } from './bench-support';

/** `--name N` of the command line, else `fallback`. */
function sizeArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

const OPPORTUNITIES = sizeArg('opportunities', 50_000);
/** The seed of the generated data. */
const SEED = sizeArg('seed', 20_261_125);
const COMPETENCES = 60;
const CANDIDATES = 20;
const WARMUP_RUNS = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const FIRST = 20;
const TARGET_P95_MS = 50;
const PASSWORD = 'bench-password-123';
const POOL_CANDIDATES = sizeArg('pool', Number(process.env.BENCH_POOL ?? 300_000));
const POOL_TARGET_P95_MS = 100;
const POOL_OPPORTUNITIES = 20;
/** `--pool-only`: skip the recommendedOpportunities part (opportunities are still seeded). */
const POOL_ONLY = process.argv.includes('--pool-only');
/** `--no-pool`: skip the matchingCandidates part (no pool is seeded). */
const NO_POOL = process.argv.includes('--no-pool');

/** `--cpu-prof FILE`: where the profile of the timed service loop goes; null: not profiled. */
function cpuProfArg(): string | null {
  const i = process.argv.indexOf('--cpu-prof');
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

/** Runs `work` under the V8 profiler when `file` is given and writes the profile there. */
async function profiled<T>(file: string | null, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`  CPU profile of the timed loop: ${file}`);
  }
}

const RECOMMENDED = `query($first: Int) { recommendedOpportunities(first: $first) {
  score eligible reasons mark
  parts { key weight value detail }
  missing { competenceId requiredLevel currentLevel essential }
  opportunity { id title kind status applicationDeadline startsOn endsOn language eligibleStages hostOrganisation { code } }
} }`;

interface Stats {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1],
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
  };
}

function line(label: string, s: Stats, n: number): string {
  const f = (x: number) => x.toFixed(1).padStart(7);
  return `${label.padEnd(34)} n=${String(n).padEnd(5)} p50 ${f(s.p50)}  p95 ${f(s.p95)}  p99 ${f(s.p99)}  max ${f(s.max)}  mean ${f(s.mean)} ms`;
}

/**
 * SQL for a uuid derived from SEED and `key` (an SQL text expression): the same flags give the same
 * ids, shaped as version 4 like gen_random_uuid's.
 */
const idOf = (key: string): string =>
  `overlay(overlay(md5('${SEED}:' || ${key}) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * One connection for a seeding step, its random() seeded from SEED and `part` (setseed holds for
 * that session only: statements on the pool's other connections would draw unseeded numbers).
 */
async function seedingSession(ds: DataSource, part: number): Promise<QueryRunner> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  // setseed takes -1 to 1: the seed's place in 0 to 2^31 - 1.
  await runner.query('SELECT setseed($1)', [((SEED + part) % 2_147_483_648) / 2_147_483_648]);
  return runner;
}

/** Organisations, supervisors, competences, opportunities with requirements: set-based SQL, seeded. */
async function seedOpportunities(ds: QueryRunner, users: UsersService): Promise<string[]> {
  const orgs: { id: string }[] = await ds.query(
    `INSERT INTO organisations (id, code, name)
     SELECT ${idOf("'org:' || code")}, code, name
       FROM (VALUES (1, 'B_LUMC', 'Bench LUMC'), (2, 'B_LEIDEN', 'Bench Leiden'), (3, 'B_JANSSEN', 'Bench Janssen')) v(n, code, name)
      ORDER BY n
     RETURNING id`,
  );
  const orgIds = orgs.map((o) => o.id);
  const supervisors: string[] = [];
  for (const [i, org] of orgIds.entries()) {
    const s = await users.create({
      email: `bench-supervisor-${i}@bench.test`,
      displayName: `Bench supervisor ${i}`,
      password: PASSWORD,
      organisationId: org,
      roles: [UserRole.SUPERVISOR],
    });
    supervisors.push(s.id);
  }
  const [area]: { id: string }[] = await ds.query(
    `INSERT INTO competence_areas (id, code, name, description)
     VALUES (${idOf("'area:BENCH'")}, 'BENCH', 'Bench', 'Bench area') RETURNING id`,
  );
  await ds.query(
    `INSERT INTO competences (id, code, name, description, area_id)
     SELECT ${idOf("'competence:' || g")}, 'BENCH_' || g, 'Bench competence ' || g, 'Generated', $1
       FROM generate_series(1, $2) g`,
    [area.id, COMPETENCES],
  );
  await ds.query(
    `INSERT INTO opportunities (id, kind, title, description, status, host_organisation_id, lead_supervisor_id,
        starts_on, ends_on, capacity, application_deadline, eligible_stages, language, work_mode, details)
     SELECT ${idOf("'opportunity:' || g")}, (ARRAY['EXCHANGE_SLOT','INTERNSHIP','WORKPLACE_VISIT','CO_SUPERVISED_PROJECT'])[1 + g % 4],
            'Bench opportunity ' || g, 'Generated for the recommendation benchmark', 'OPEN',
            ($1::uuid[])[1 + g % 3], ($2::uuid[])[1 + g % 3],
            current_date + 60 + g % 90, current_date + 150 + g % 120, 1 + g % 5,
            now() + make_interval(days => 10 + g % 50),
            CASE WHEN random() < 0.6 THEN '{}'::text[]
                 ELSE ARRAY(SELECT s FROM unnest(ARRAY['BACHELOR_STUDENT','MASTER_STUDENT','PHD_CANDIDATE',
                       'POSTDOC','LECTURER','RESEARCHER','INDUSTRY_SCIENTIST']) s WHERE random() < 0.35 + 0 * g) END,
            CASE WHEN random() < 0.85 THEN 'en' ELSE 'nl' END, 'ON_SITE', '{}'::jsonb
       FROM generate_series(1, $3) g`,
    [orgIds, supervisors, OPPORTUNITIES],
  );
  await ds.query(
    `INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
     SELECT o.id, c.id, 1 + floor(random() * 3)::int, 1 + floor(random() * 3), random() < 0.3
       FROM opportunities o
       CROSS JOIN LATERAL (SELECT id FROM competences WHERE o.id IS NOT NULL
                            ORDER BY random() LIMIT 2 + floor(random() * 5)::int) c`,
  );
  await ds.query(
    `INSERT INTO opportunity_developed_competences (opportunity_id, competence_id)
     SELECT o.id, c.id FROM opportunities o
       CROSS JOIN LATERAL (SELECT id FROM competences WHERE o.id IS NOT NULL
                            ORDER BY random() LIMIT 1 + floor(random() * 2)::int) c`,
  );
  return orgIds;
}

/** Candidates through the real UsersService (login works), profiles and assessments in SQL. */
async function seedCandidates(
  ds: QueryRunner,
  users: UsersService,
  orgIds: string[],
  count: number,
  opts: { expert?: boolean } = {},
): Promise<AuthUser[]> {
  const stages = ['MASTER_STUDENT', 'PHD_CANDIDATE', 'POSTDOC', 'RESEARCHER', 'BACHELOR_STUDENT', null];
  const result: AuthUser[] = [];
  for (let i = 0; i < count; i++) {
    const tag = opts.expert ? `expert-${i}` : `${i}`;
    const user = await users.create({
      email: `bench-candidate-${tag}@bench.test`,
      displayName: `Bench candidate ${tag}`,
      password: PASSWORD,
      organisationId: orgIds[i % orgIds.length],
      roles: [UserRole.CANDIDATE],
    });
    const stage = opts.expert ? 'POSTDOC' : stages[i % stages.length];
    await ds.query(
      `INSERT INTO profiles (user_id, career_stage, visibility, languages, availability)
       VALUES ($1, $2, 'CONSORTIUM', $3::jsonb, $4::jsonb)`,
      [
        user.id,
        stage,
        JSON.stringify(
          i % 4 === 0
            ? [
                { code: 'en', level: 'C1' },
                { code: 'nl', level: 'NATIVE' },
              ]
            : [{ code: 'en', level: 'B2' }],
        ),
        JSON.stringify(
          i % 3 === 0
            ? []
            : [
                {
                  start: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
                  end: '2099-12-31',
                },
              ],
        ),
      ],
    );
    if (opts.expert) {
      await ds.query(
        `INSERT INTO assessments (person_id, competence_id, level, source)
         SELECT $1, id, 4, 'SELF' FROM competences`,
        [user.id],
      );
    } else {
      await ds.query(
        `INSERT INTO assessments (person_id, competence_id, level, source)
         SELECT $1, c.id, 1 + floor(random() * 4)::int, CASE WHEN random() < 0.2 THEN 'SUPERVISOR' ELSE 'SELF' END
           FROM (SELECT id FROM competences ORDER BY random() LIMIT $2) c`,
        [user.id, 8 + ((i * 7) % 23)],
      );
      // A few marks and live applications, so those exclusions run on real rows.
      await ds.query(
        `INSERT INTO opportunity_marks (user_id, opportunity_id, mark)
         SELECT $1, id, CASE WHEN random() < 0.5 THEN 'NOT_INTERESTED' ELSE 'BOOKMARK' END
           FROM opportunities ORDER BY random() LIMIT 30`,
        [user.id],
      );
      await ds.query(
        `INSERT INTO applications (opportunity_id, candidate_id, status)
         SELECT id, $1, 'SUBMITTED' FROM opportunities ORDER BY random() LIMIT 3`,
        [user.id],
      );
    }
    result.push({
      id: user.id,
      email: user.email,
      organisationId: user.organisationId,
      departmentId: user.departmentId,
      roles: user.roles,
    });
  }
  return result;
}

/**
 * Many more candidates, set-based (no login): half findable, about 8 to 30 rated competences each. One
 * transaction without triggers (session_replication_role = replica: no foreign-key checks of rows
 * generated consistent, no per-statement maintenance), then the candidate pool's pre-selection is
 * rebuilt set-based (candidate_pool_rebuild, the migration's own backfill). Prints each step's time.
 */
async function seedPool(ds: DataSource, orgIds: string[], count: number): Promise<void> {
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    await ds.query(sql, params);
    console.log(`  seed ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const em = await seedingSession(ds, 1);
  try {
    await em.startTransaction();
    await em.query(`SET LOCAL session_replication_role = replica`);
    const run = async (label: string, sql: string, params: unknown[] = []) => {
      const t = performance.now();
      await em.query(sql, params);
      console.log(`  seed ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    };
    await run(
      'users',
      `INSERT INTO users (id, email, display_name, password_hash, organisation_id, roles)
       SELECT ${idOf("'user:bench-pool-' || g")}, 'bench-pool-' || g || '@bench.test', 'Pool candidate ' || g, 'no-login',
              ($1::uuid[])[1 + g % 3], ARRAY['CANDIDATE']
         FROM generate_series(1, $2) g`,
      [orgIds, count],
    );
    await run(
      'profiles',
      `INSERT INTO profiles (user_id, career_stage, visibility, languages, availability)
       SELECT id, (ARRAY['MASTER_STUDENT','PHD_CANDIDATE','POSTDOC','RESEARCHER'])[1 + floor(random() * 4)::int],
              CASE WHEN random() < 0.5 THEN 'CONSORTIUM' ELSE 'PRIVATE' END,
              '[{"code":"en","level":"C1"}]'::jsonb, '[]'::jsonb
         FROM users WHERE email LIKE 'bench-pool-%'`,
    );
    // About 8 to 30 competences per person: each with the chance that gives that many on average.
    // Rows in (person, competence) order with ids in the same order, so that the indexes grow at
    // their ends instead of at random places (random uuids made this insert several times slower).
    await run(
      'assessments',
      `INSERT INTO assessments (id, person_id, competence_id, level, source)
       SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(row_number() OVER (ORDER BY u.id, c.id)), 12, '0'))::uuid,
              u.id, c.id, 1 + floor(random() * 4)::int, 'SELF'
         FROM (SELECT id, (8 + floor(random() * 23)) / (SELECT count(*) FROM competences)::float AS share
                 FROM users WHERE email LIKE 'bench-pool-%') u
         CROSS JOIN competences c
        -- Per pair (a condition on u alone would be decided once per person: all or nothing).
        WHERE (hashtext(u.id::text || c.id::text) & 65535) / 65536.0 < u.share
        ORDER BY u.id, c.id`,
    );
    await em.commitTransaction();
  } catch (e) {
    if (em.isTransactionActive) await em.rollbackTransaction();
    throw e;
  } finally {
    await em.release();
  }
  await step('candidate pool pre-selection', `SELECT candidate_pool_rebuild()`);
}

/**
 * CPU time (ms) the database's server processes have used so far, from /proc (a local server only;
 * null elsewhere). Wall-clock latency on a busy machine includes waiting for a core; CPU time does not.
 */
async function serverCpuMs(ds: DataSource): Promise<number | null> {
  const rows: { pid: number }[] = await ds.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  return cpuTimeMs(rows.map((r) => r.pid));
}

async function timeService(
  service: RecommendationsService,
  ds: DataSource,
  candidates: AuthUser[],
  rounds: number,
  cpuProf: string | null = null,
): Promise<{ samples: number[]; sizes: number[]; cpu: { node: number; server: number | null } }> {
  const samples: number[] = [];
  const sizes: number[] = [];
  for (const candidate of candidates) {
    for (let i = 0; i < WARMUP_RUNS; i++) {
      await service.recommendedOpportunities(candidate, { first: FIRST, includeIneligible: false });
    }
  }
  const serverBefore = await serverCpuMs(ds);
  const nodeBefore = process.cpuUsage();
  await profiled(cpuProf, async () => {
    for (let round = 0; round < rounds; round++) {
      for (const candidate of candidates) {
        const start = performance.now();
        const list = await service.recommendedOpportunities(candidate, {
          first: FIRST,
          includeIneligible: false,
        });
        samples.push(performance.now() - start);
        sizes.push(list.length);
      }
    }
  });
  const node = process.cpuUsage(nodeBefore);
  const serverAfter = await serverCpuMs(ds);
  return {
    samples,
    sizes,
    cpu: {
      node: (node.user + node.system) / 1000 / samples.length,
      server:
        serverBefore !== null && serverAfter !== null ? (serverAfter - serverBefore) / samples.length : null,
    },
  };
}

/**
 * The snapshot's refresh (each instance, per filter, every 30 s): a full read (the first one, and what
 * every refresh was before) against an update that reads only what changed since the last read; the
 * updated rows are checked against a full read. Then the service's requests timed while refreshes
 * run back to back beside them, each way.
 */
async function benchRefresh(
  service: RecommendationsService,
  ds: DataSource,
  candidates: AuthUser[],
): Promise<void> {
  const changeSome = (n: number) =>
    ds.query(
      `UPDATE opportunity_requirements SET weight = weight + 1
        WHERE opportunity_id IN (SELECT id FROM opportunities WHERE status = 'OPEN' ORDER BY random() LIMIT $1)`,
      [n],
    );
  const measure = async (
    label: string,
    runs: number,
    refresh: () => Promise<unknown>,
    before?: () => Promise<unknown>,
  ) => {
    const samples: number[] = [];
    let node = 0;
    let server = 0;
    for (let i = 0; i < runs; i++) {
      if (before) await before();
      const serverBefore = await serverCpuMs(ds);
      const nodeBefore = process.cpuUsage();
      const start = performance.now();
      await refresh();
      samples.push(performance.now() - start);
      const used = process.cpuUsage(nodeBefore);
      node += (used.user + used.system) / 1000;
      const serverAfter = await serverCpuMs(ds);
      if (serverBefore !== null && serverAfter !== null) server += serverAfter - serverBefore;
    }
    console.log(line(label, stats(samples), runs));
    console.log(
      `  CPU per refresh (mean): Node ${(node / runs).toFixed(1)} ms + PostgreSQL ${(server / runs).toFixed(1)} ms`,
    );
  };
  const rowsText = (open: OpenRows, now: Date) => JSON.stringify(open.index.rowsAt(now));
  let open = await service.readOpen({}, new Date());
  console.log('\nthe snapshot refresh (all OPEN opportunities, no filter)');
  await measure('full read and index (every refresh before)', 3, async () => {
    open = await service.readOpen({}, new Date());
  });
  await measure('update, nothing changed', 10, async () => {
    open = await service.readOpen({}, new Date(), open);
  });
  await measure(
    'update after 50 opportunities changed',
    5,
    async () => {
      open = await service.readOpen({}, new Date(), open);
    },
    () => changeSome(50),
  );
  await measure(
    'update after 50 changed, all indexed as one again',
    3,
    async () => {
      open = await service.readOpen({}, new Date(), open, 0);
    },
    () => changeSome(50),
  );
  const now = new Date();
  const same =
    rowsText(await service.readOpen({}, now, open), now) === rowsText(await service.readOpen({}, now), now);
  console.log(`  updated rows equal to a full read: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;

  const beside = async (refresh: () => Promise<unknown>) => {
    let stop = false;
    let refreshes = 0;
    const loop = (async () => {
      while (!stop) {
        await refresh();
        refreshes++;
      }
    })();
    const timed = await timeService(service, ds, candidates, 3);
    stop = true;
    await loop;
    return { ...timed, refreshes };
  };
  const full = await beside(() => service.readOpen({}, new Date()));
  console.log(
    line(`requests beside full reads (${full.refreshes} reads)`, stats(full.samples), full.samples.length),
  );
  const updates = await beside(async () => {
    await changeSome(50);
    open = await service.readOpen({}, new Date(), open);
  });
  console.log(
    line(
      `requests beside updates of 50 changed (${updates.refreshes})`,
      stats(updates.samples),
      updates.samples.length,
    ),
  );
}

async function timeGraphql(baseUrl: string, tokens: string[], rounds: number): Promise<number[]> {
  const call = async (token: string) => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: RECOMMENDED, variables: { first: FIRST } }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  };
  for (const token of tokens) for (let i = 0; i < WARMUP_RUNS; i++) await call(token);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const token of tokens) {
      const start = performance.now();
      await call(token);
      samples.push(performance.now() - start);
    }
  }
  return samples;
}

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      variables: { e: email, p: PASSWORD },
    }),
  });
  const body = (await res.json()) as { data?: { login: { accessToken: string } }; errors?: unknown };
  if (!body.data) throw new Error(`login failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.accessToken;
}

/**
 * The pool part: seeds POOL_CANDIDATES more candidates, then times HR's matchingCandidates(first: 20)
 * over POOL_OPPORTUNITIES opportunities of HR's organisation (warm-up, then 5 rounds), its pool query
 * alone, explains the pool query once, and compares the pool with the exhaustive one the pool query
 * replaced (every findable person ordered by reach, on 5 opportunities: its time, and how many of the
 * people who reach every requirement each finds). Returns whether the target is met.
 */
async function benchPool(
  app: INestApplication,
  ds: DataSource,
  orgIds: string[],
  hr: UserEntity,
): Promise<boolean> {
  let t0 = performance.now();
  await seedPool(ds, orgIds, POOL_CANDIDATES);
  // Steady state: autovacuum would have set the visibility map that index-only scans rely on.
  await ds.query('VACUUM ANALYZE');
  const [{ findable, levels, size }]: { findable: string; levels: string; size: string }[] = await ds.query(
    `SELECT (SELECT count(*) FROM profiles p JOIN users u ON u.id = p.user_id
              WHERE p.visibility = 'CONSORTIUM' OR u.organisation_id = $1) AS findable,
            (SELECT count(*) FROM candidate_pool_levels) AS levels,
            pg_size_pretty(pg_total_relation_size('candidate_pool_levels')) AS size`,
    [orgIds[0]],
  );
  console.log(
    `\nseeded ${POOL_CANDIDATES} more candidates (${findable} findable by HR of one organisation; ` +
      `${levels} rows of candidate_pool_levels, ${size}) in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
      `(with VACUUM ANALYZE)`,
  );
  const hosted: { id: string }[] = await ds.query(
    `SELECT id FROM opportunities WHERE host_organisation_id = $1 ORDER BY id LIMIT $2`,
    [orgIds[0], POOL_OPPORTUNITIES],
  );
  const hrViewer: AuthUser = {
    id: hr.id,
    email: hr.email,
    organisationId: hr.organisationId,
    departmentId: hr.departmentId,
    roles: hr.roles,
  };
  const service = app.get(MatchingCandidatesService);
  const repo = app.get(MatchingCandidatesRepository);
  const ask = (opportunityId: string) =>
    service.matchingCandidates(hrViewer, { opportunityId, first: FIRST, applicantsOnly: false });
  // The first call loads this instance's reach index (the whole pre-selection, once).
  let t1 = performance.now();
  const cpu1 = process.cpuUsage();
  await ask(hosted[0].id);
  const loadCpu = process.cpuUsage(cpu1);
  console.log(
    `\nfirst call, loading the reach index: ${(performance.now() - t1).toFixed(0)} ms ` +
      `(Node CPU ${((loadCpu.user + loadCpu.system) / 1000).toFixed(0)} ms; ` +
      `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, ` +
      `array buffers ${(process.memoryUsage().arrayBuffers / 1e6).toFixed(0)} MB after)`,
  );
  for (const o of hosted) await ask(o.id);
  const loadBefore = os.loadavg()[0];
  t0 = performance.now();
  const samples: number[] = [];
  // The same client backends before and after (autovacuum workers come and go).
  const backends: { pid: number }[] = await ds.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  // Per backend, so that one the pool closes meanwhile (idle) leaves the others counted.
  const perBackend = () => Promise.all(backends.map((b) => cpuTimeMs([b.pid])));
  const serverBefore = await perBackend();
  const nodeBefore = process.cpuUsage();
  // With --pool-only, --cpu-prof profiles this loop.
  await profiled(POOL_ONLY ? cpuProfArg() : null, async () => {
    for (let round = 0; round < 5; round++) {
      for (const o of hosted) {
        const start = performance.now();
        await ask(o.id);
        samples.push(performance.now() - start);
      }
    }
  });
  const node = process.cpuUsage(nodeBefore);
  const serverAfterEach = await perBackend();
  let serverMs: number | null = null;
  serverAfterEach.forEach((after, i) => {
    const before = serverBefore[i];
    if (after !== null && before !== null) serverMs = (serverMs ?? 0) + after - before;
  });
  console.log(
    `\nmatchingCandidates(first: ${FIRST}), HR, ${hosted.length} opportunities x 5 runs after a warm-up`,
  );
  console.log(line('matchingCandidates, HR (service)', stats(samples), samples.length));
  console.log(
    `  CPU per request (mean): Node ${((node.user + node.system) / 1000 / samples.length).toFixed(1)} ms + PostgreSQL ${
      serverMs === null ? 'n/a' : `${((serverMs as number) / samples.length).toFixed(1)} ms`
    }`,
  );
  const poolQuery = (opportunityId: string, findableLimit = FINDABLE_POOL_LIMIT) => ({
    opportunityId,
    viewerId: hr.id,
    all: false,
    hrOrganisationId: orgIds[0],
    findableLimit,
  });
  const reads: number[] = [];
  for (const o of hosted) {
    const start = performance.now();
    await repo.findCandidatePool(poolQuery(o.id));
    reads.push(performance.now() - start);
  }
  console.log(line('  of which the pool read (index + SQL)', stats(reads), reads.length));
  // The same pool by the SQL query alone (candidatePoolQuery, reach counted in PostgreSQL): the
  // previous path, and the order the index must give.
  const sqlReads: number[] = [];
  let sameOrder = 0;
  for (const o of hosted) {
    const { text, params } = candidatePoolQuery(poolQuery(o.id));
    const start = performance.now();
    const rows: { user_id: string; applied: boolean }[] = await ds.query(text, params);
    sqlReads.push(performance.now() - start);
    const indexed = (await repo.findCandidatePool(poolQuery(o.id)))
      .filter((m) => !m.applied)
      .map((m) => m.userId);
    const bySql = rows.filter((r) => !r.applied).map((r) => r.user_id);
    if (JSON.stringify(indexed.slice(0, bySql.length)) === JSON.stringify(bySql)) sameOrder += 1;
  }
  console.log(line('  the pool query in SQL alone (before)', stats(sqlReads), sqlReads.length));
  console.log(
    `  the same people in the same order from the index and the SQL: ${sameOrder} of ${hosted.length}`,
  );
  // Changes while the index is live: 1,000 people's levels raised, then the next call (it reads them).
  await ds.query(
    `INSERT INTO assessments (person_id, competence_id, level, source)
     SELECT u.id, (SELECT id FROM competences ORDER BY id LIMIT 1), 4, 'SELF'
       FROM users u WHERE u.email LIKE 'bench-pool-%' ORDER BY u.id LIMIT 1000`,
  );
  t1 = performance.now();
  await repo.findCandidatePool(poolQuery(hosted[0].id));
  console.log(
    `  the next pool read after 1,000 people's levels changed: ${(performance.now() - t1).toFixed(0)} ms`,
  );
  console.log(
    `  (timing took ${((performance.now() - t0) / 1000).toFixed(1)} s on ${os.cpus().length} cores; ` +
      `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after)`,
  );

  const { text, params } = candidatePoolQuery(poolQuery(hosted[0].id));
  const plan: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
  console.log(`\nEXPLAIN ANALYZE of the pool query (opportunity ${hosted[0].id}):`);
  for (const row of plan) console.log(`  ${row['QUERY PLAN']}`);

  // The pool query this replaced: every findable person, ordered by how many requirements they reach.
  const exhaustive = `WITH req AS (
       SELECT competence_id, min_level FROM opportunity_requirements WHERE opportunity_id = $1
     ), reach AS (
       SELECT s.person_id, count(DISTINCT s.competence_id) AS reached
         FROM assessments s JOIN req r ON r.competence_id = s.competence_id AND s.level >= r.min_level
        GROUP BY s.person_id
     )
     SELECT u.id AS user_id, COALESCE(reach.reached, 0)::int AS reached FROM users u
       LEFT JOIN profiles p ON p.user_id = u.id
       LEFT JOIN reach ON reach.person_id = u.id
      WHERE u.id <> $2 AND 'CANDIDATE' = ANY(u.roles) AND (p.visibility = 'CONSORTIUM' OR u.organisation_id = $3)
        AND NOT EXISTS (SELECT 1 FROM processing_restrictions pr WHERE pr.person_id = u.id AND pr.lifted_at IS NULL)
      ORDER BY COALESCE(reach.reached, 0) DESC, u.id
      LIMIT $4`;
  const reachOf = async (opportunityId: string, ids: string[]): Promise<number[]> => {
    const rows: { reached: number }[] = await ds.query(
      `SELECT count(DISTINCT s.competence_id)::int AS reached FROM unnest($2::uuid[]) x(id)
         LEFT JOIN (assessments s JOIN opportunity_requirements r
                    ON r.opportunity_id = $1 AND r.competence_id = s.competence_id AND s.level >= r.min_level)
           ON s.person_id = x.id
        GROUP BY x.id`,
      [opportunityId, ids],
    );
    return rows.map((r) => r.reached);
  };
  console.log('\nthe pool against the exhaustive query it replaced (first 5 opportunities):');
  for (const o of hosted.slice(0, 5)) {
    const [{ k }]: { k: number }[] = await ds.query(
      `SELECT count(*)::int AS k FROM opportunity_requirements WHERE opportunity_id = $1`,
      [o.id],
    );
    let start = performance.now();
    const all: { user_id: string; reached: number }[] = await ds.query(exhaustive, [
      o.id,
      hr.id,
      orgIds[0],
      FINDABLE_POOL_LIMIT,
    ]);
    const exhaustiveMs = performance.now() - start;
    start = performance.now();
    const pool = await repo.findCandidatePool(poolQuery(o.id));
    const poolMs = performance.now() - start;
    const chosen = await reachOf(
      o.id,
      pool.filter((m) => !m.applied).map((m) => m.userId),
    );
    const [{ everyRequirement }]: { everyRequirement: number }[] = await ds.query(
      `SELECT count(*)::int AS "everyRequirement" FROM (${exhaustive.replace('LIMIT $4', '')}) x WHERE x.reached = $4`,
      [o.id, hr.id, orgIds[0], k],
    );
    const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toFixed(2);
    console.log(
      `  ${k} requirements: exhaustive ${exhaustiveMs.toFixed(0)} ms, mean reach ${mean(all.map((r) => r.reached))}; ` +
        `pre-selected ${poolMs.toFixed(0)} ms, mean reach ${mean(chosen)}; ` +
        `reaching all ${k}: ${chosen.filter((r) => r === k).length} in the pool of ${everyRequirement} findable`,
    );
  }

  const p95 = stats(samples).p95;
  const met = p95 < POOL_TARGET_P95_MS;
  console.log(
    `\ntarget: p95 < ${POOL_TARGET_P95_MS} ms for matchingCandidates over ${POOL_CANDIDATES} more candidates: ` +
      `${met ? 'MET' : 'NOT MET'} (service p95 ${p95.toFixed(1)} ms)`,
  );
  return met;
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  let app: INestApplication | undefined;
  await withBenchDatabase('te_bench_recommend', { keep }, async ({ url }) => {
    try {
      app = await startBenchApp(url, { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
      const address = app.getHttpServer().address() as { port: number };
      const baseUrl = `http://127.0.0.1:${address.port}`;
      const ds = app.get(DataSource);
      const users = app.get(UsersService);

      let t0 = performance.now();
      console.log(`seed ${SEED}`);
      const seeding = await seedingSession(ds, 0);
      const { orgIds, candidates, experts } = await (async () => {
        try {
          const orgIds = await seedOpportunities(seeding, users);
          const candidates = await seedCandidates(seeding, users, orgIds, CANDIDATES);
          const experts = await seedCandidates(seeding, users, orgIds, 1, { expert: true });
          return { orgIds, candidates, experts };
        } finally {
          await seeding.release();
        }
      })();
      await ds.query('ANALYZE');
      const [{ opportunities, requirements }]: { opportunities: string; requirements: string }[] =
        await ds.query(
          `SELECT (SELECT count(*) FROM opportunities WHERE status = 'OPEN') AS opportunities,
              (SELECT count(*) FROM opportunity_requirements) AS requirements`,
        );
      console.log(
        `seeded ${opportunities} OPEN opportunities, ${requirements} requirements, ${COMPETENCES} competences, ` +
          `${CANDIDATES} candidates in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );

      let met = true;
      if (!POOL_ONLY) {
        const service = app.get(RecommendationsService);
        t0 = performance.now();
        const loadBefore = os.loadavg()[0];
        const { samples, sizes, cpu } = await timeService(service, ds, candidates, ROUNDS, cpuProfArg());
        const serviceStats = stats(samples);
        const empty = sizes.filter((n) => n < FIRST).length;
        console.log(
          `\nrecommendedOpportunities(first: ${FIRST}), ${CANDIDATES} candidates x ${ROUNDS} runs after ${WARMUP_RUNS} warm-ups each`,
        );
        console.log(line('service', serviceStats, samples.length));
        console.log(
          `  CPU per request (mean): Node ${cpu.node.toFixed(1)} ms + PostgreSQL ${
            cpu.server === null ? 'n/a' : `${cpu.server.toFixed(1)} ms`
          } (what a request costs without waiting for a core)`,
        );
        if (empty) console.log(`  (${empty} answers had fewer than ${FIRST} recommendations)`);

        const tokens = await Promise.all(candidates.map((c) => login(baseUrl, c.email)));
        const gqlStats = stats(await timeGraphql(baseUrl, tokens, ROUNDS));
        console.log(line('GraphQL POST /graphql (HTTP)', gqlStats, tokens.length * ROUNDS));

        const repo = app.get(RecommendationsRepository);
        const reads: number[] = [];
        for (let i = 0; i < 5; i++) {
          const start = performance.now();
          await repo.findOpenScoringRows({}, new Date());
          reads.push(performance.now() - start);
        }
        console.log(line('shared read of the open rows (SQL)', stats(reads), reads.length));
        console.log('  (once per filter and instance every 30 s, in the background, shared by all requests)');

        await benchRefresh(service, ds, candidates);

        const expert = await timeService(service, ds, experts, 10);
        console.log(
          line('worst case: Expert in all 60 (service)', stats(expert.samples), expert.samples.length),
        );
        console.log(
          `  (timing took ${((performance.now() - t0) / 1000).toFixed(1)} s on ${os.cpus().length} cores; ` +
            `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after: ` +
            `other work on the machine inflates these figures)`,
        );

        met = serviceStats.p95 < TARGET_P95_MS;
        console.log(
          `\ntarget: p95 < ${TARGET_P95_MS} ms for the top ${FIRST} of ${OPPORTUNITIES} OPEN opportunities: ` +
            `${met ? 'MET' : 'NOT MET'} (service p95 ${serviceStats.p95.toFixed(1)} ms, GraphQL p95 ${gqlStats.p95.toFixed(1)} ms)`,
        );
      }

      if (NO_POOL) {
        process.exitCode = met ? 0 : 1;
        return;
      }
      const hr = await users.create({
        email: 'bench-hr@bench.test',
        displayName: 'Bench HR',
        password: PASSWORD,
        organisationId: orgIds[0],
        roles: [UserRole.HR],
      });
      const poolMet = await benchPool(app, ds, orgIds, hr);
      process.exitCode = met && poolMet ? 0 : 1;
    } finally {
      if (app) await app.close();
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
