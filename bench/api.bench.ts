/**
 * npm run bench:api [-- --duration S] [--rounds N] [--connections C] [--only a,b] [--port P]
 *                     [--cpu-prof DIR] [--keep]
 *
 * Requests per second of GraphQL operations against the real, built app, side by side with
 * `{ __typename }` (the cost of HTTP, Express, Nest and Apollo with no resolver at all), and each
 * operation's ratio to it. The issue's targets: the 25-row opportunities page with its relations at
 * 50% or more of `{ __typename }`, `me` at 80% or more.
 *
 * - Database: a fresh database `te_bench_api_<pid>` on DATABASE_URL's server when it is set, else an
 *   embedded PostgreSQL in a temporary folder; migrated and loaded with the demo data (fixed seed) plus
 *   EXTRA_OPEN_OPPORTUNITIES copies of the demo's OPEN opportunities (with their requirements), so a
 *   candidate's first page has 25 rows; dropped at the end (`--keep` keeps it, with DATABASE_URL).
 * - App: `node dist/main.js` (npm run bench:api builds it first) in a child process, with production
 *   settings: NODE_ENV=production, the production log level (info: one access log line per request,
 *   written to a file in the temporary folder). The rate limiter runs, with its limit raised so that
 *   the benchmark measures serving rather than refusing.
 * - Load: autocannon as a library, C connections (default 10) over keep-alive, one operation at a
 *   time for S seconds (default 5) after a 1 s warm-up; the list of operations is run N times
 *   (default 3), interleaved, so a change of load on the machine touches every operation alike. Each
 *   round's ratios are taken against that round's `{ __typename }`; the table shows medians and the
 *   spread (min..max) over the rounds. Every answer is checked: a non-2xx status or a body with
 *   `"errors"` counts as a failure and is reported.
 * - CPU per request of the app and of its PostgreSQL backends (from /proc, user + system time), and
 *   `cpu-ratio`: `{ __typename }`'s app CPU per request over the operation's, steadier than the req/s
 *   ratio when other work shares the cores. docs/performance.md has the figures and what they mean.
 * - `--node PATH` runs the app on another Node binary (e.g. Node 24, which production images use);
 *   `--node-flags "--max-semi-space-size=32"` gives the app's Node flags.
 * - `--cpu-prof DIR` starts the app with `node --cpu-prof --cpu-prof-dir DIR`: the profile covers the
 *   whole run and is written when the app stops; with `--only`, only the chosen operations run (no
 *   baseline, so no ratios). `bench/cpu-profile-summary.ts` summarises a profile.
 */
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { prepareDatabase } from '../src/database/prepare-database';
import { DEMO_PASSWORD } from '../src/database/seeds/demo-accounts';
import { cpuTimeMs, withBenchDatabase } from './bench-support';

/** Copies of the demo's OPEN opportunities added on top of the demo data (so pages are full). */
const EXTRA_OPEN_OPPORTUNITIES = 200;
const WARMUP_SECONDS = 1;
const PAGE_SIZE = 25;

/** `webCandidate`: the candidate signed in like the web app (POST /auth/sign-in), a session-bound token. */
type Viewer = 'candidate' | 'supervisor' | 'hr' | 'webCandidate';

/** Candidates created for the line of several viewers taking turns (no application: they share pages). */
const CANDIDATES_TAKING_TURNS = 20;

const LOGINS: Record<Exclude<Viewer, 'webCandidate'>, string> = {
  candidate: 'candidate@lumc.test',
  supervisor: 'supervisor@lumc.test',
  hr: 'hr@lumc.test',
};

interface Operation {
  name: string;
  viewer: Viewer;
  query: string;
  variables?: Record<string, unknown>;
  /** Asked in turn by CANDIDATES_TAKING_TURNS candidates (each connection cycles through them). */
  inTurns?: boolean;
  /** Checks the one answer read before the load starts (beyond "no errors"). */
  check?: (data: Record<string, unknown>) => string | null;
}

interface Ids {
  roleId: string;
  supervisedOpportunityId: string;
}

const pageOf = (data: Record<string, unknown>) =>
  (data.opportunities as { edges: unknown[] } | undefined)?.edges.length ?? 0;
const fullPage = (data: Record<string, unknown>) =>
  pageOf(data) === PAGE_SIZE ? null : `expected ${PAGE_SIZE} rows, got ${pageOf(data)}`;

/** The operations measured: the issue's four, then the README's main queries per role. */
function operations(ids: Ids): Operation[] {
  return [
    { name: '{ __typename }', viewer: 'candidate', query: '{ __typename }' },
    { name: 'me { id displayName }', viewer: 'candidate', query: '{ me { id displayName } }' },
    {
      name: 'me (web app session token)',
      viewer: 'webCandidate',
      query: '{ me { id displayName } }',
    },
    {
      name: 'opportunities(25) + relations',
      viewer: 'candidate',
      query: `{ opportunities(first: ${PAGE_SIZE}) { edges { node { id title
        hostOrganisation { name } leadSupervisor { displayName }
        requirements { minLevel essential competence { name } } } } } }`,
      check: fullPage,
    },
    {
      // The same page asked by 20 candidates in turn (none has applied: they share its answer).
      name: 'opportunities(25) + relations, 20 candidates taking turns',
      viewer: 'candidate',
      inTurns: true,
      query: `{ opportunities(first: ${PAGE_SIZE}) { edges { node { id title
        hostOrganisation { name } leadSupervisor { displayName }
        requirements { minLevel essential competence { name } } } } } }`,
      check: fullPage,
    },
    {
      // The same page under a directive: never answered again (reused-answers.ts), so read and
      // executed on every request, as the first page after a change is.
      name: 'opportunities(25) + relations, read every time',
      viewer: 'candidate',
      query: `{ opportunities(first: ${PAGE_SIZE}) @include(if: true) { edges { node { id title
        hostOrganisation { name } leadSupervisor { displayName }
        requirements { minLevel essential competence { name } } } } } }`,
      check: fullPage,
    },
    {
      // The web app's own query, as web/src/features/opportunities/api/opportunities.operations.ts has it.
      name: 'web app OpportunitySearch (20 + totalCount + organisations)',
      viewer: 'candidate',
      query: `query OpportunitySearch($filter: OpportunityFilterInput, $after: String) {
        opportunities(first: 20, filter: $filter, after: $after, orderBy: DEADLINE) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node { id title kind applicationDeadline startsOn endsOn seatsAvailable hostOrganisation { id name } } }
        }
        organisations { id name }
      }`,
      variables: { filter: {} },
    },
    {
      name: 'web app OpportunitySearch, 20 candidates taking turns',
      viewer: 'candidate',
      inTurns: true,
      query: `query OpportunitySearch($filter: OpportunityFilterInput, $after: String) {
        opportunities(first: 20, filter: $filter, after: $after, orderBy: DEADLINE) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node { id title kind applicationDeadline startsOn endsOn seatsAvailable hostOrganisation { id name } } }
        }
        organisations { id name }
      }`,
      variables: { filter: {} },
    },
    {
      name: 'opportunities(25) { id title }',
      viewer: 'candidate',
      query: `{ opportunities(first: ${PAGE_SIZE}) { edges { node { id title } } } }`,
      check: fullPage,
    },
    {
      // The page's statement and its resolver without row fields: beside `me` (the same guards, no
      // statement) and the `id title` page, it splits the page's cost into its parts.
      name: 'opportunities(25) { pageInfo } only',
      viewer: 'candidate',
      query: `{ opportunities(first: ${PAGE_SIZE}) { pageInfo { hasNextPage } } }`,
    },
    {
      name: 'README: me with organisation',
      viewer: 'hr',
      query: '{ me { displayName email roles organisation { code name departments { name } } } }',
    },
    {
      name: 'README: recommendedOpportunities(5)',
      viewer: 'candidate',
      query: `{ recommendedOpportunities(first: 5) { score opportunity { id title hostOrganisation { name } }
        parts { key weight value detail } missing { competence { name } requiredLevel currentLevel essential } } }`,
    },
    {
      name: 'README: opportunities search',
      viewer: 'candidate',
      query: `{ opportunities(first: 10, filter: { kind: INTERNSHIP, text: "vaccine" }, orderBy: DEADLINE) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id title applicationDeadline seatsAvailable
          requirements { competence { name } minLevel essential } } } } }`,
    },
    {
      name: 'README: myApplications + notifications',
      viewer: 'candidate',
      query: `{ myApplications { opportunityTitle status responseDeadline history { from to at reason } }
        notifications(unreadOnly: true) { id message createdAt } }`,
    },
    {
      name: 'README: myOpportunities',
      viewer: 'supervisor',
      query: '{ myOpportunities { id title status seatsAvailable } }',
    },
    {
      name: 'README: applicationsForOpportunity',
      viewer: 'supervisor',
      query: `query($id: ID!) { applicationsForOpportunity(opportunityId: $id) { id status
        applicant { displayName careerStage organisation { code } motivation competences { name requiredLevel level } } } }`,
      variables: { id: ids.supervisedOpportunityId },
    },
    {
      name: 'README: matchingCandidates(10)',
      viewer: 'supervisor',
      query: `query($id: ID!) { matchingCandidates(opportunityId: $id, first: 10) {
        displayName organisation { code } applied score eligible } }`,
      variables: { id: ids.supervisedOpportunityId },
    },
    {
      name: 'README: pending opportunities (HR)',
      viewer: 'hr',
      query: `{ opportunities(filter: { status: [PENDING_APPROVAL] }) { edges { node { id title kind
        leadSupervisor { displayName } } } } }`,
    },
    { name: 'README: users (HR)', viewer: 'hr', query: '{ users { displayName email roles } }' },
    {
      name: 'README: findableProfiles(20) (HR)',
      viewer: 'hr',
      query: `{ findableProfiles(first: 20) { edges { node { displayName organisation { code }
        competences { competence { name } level source } } } } }`,
    },
    {
      name: 'README: gapAnalysis',
      viewer: 'candidate',
      query: `query($role: ID!) { gapAnalysis(roleId: $role) { readinessShare readinessScore essentialGaps
        items { competence { name } currentLevel requiredLevel gap essential met retired }
        unknowns { competence { name } requiredLevel essential } } }`,
      variables: { role: ids.roleId },
    },
    {
      name: 'README: developmentPath(5)',
      viewer: 'candidate',
      query: `query($role: ID!) { developmentPath(roleId: $role, first: 5) { closedLevels share
        opportunity { title applicationDeadline } } }`,
      variables: { role: ids.roleId },
    },
    {
      name: 'README: roleReadinessDistribution',
      viewer: 'hr',
      query: `query($role: ID!) { roleReadinessDistribution(roleId: $role, scope: CONSORTIUM) {
        population { count suppressed } buckets { bucket people { count suppressed } } } }`,
      variables: { role: ids.roleId },
    },
  ];
}

interface Args {
  duration: number;
  rounds: number;
  connections: number;
  only: string[] | null;
  /** `--node-flags "..."`: flags for the app's Node (e.g. V8's heap settings). */
  nodeFlags: string[];
  port: number;
  cpuProf: string | null;
  node: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (flag: string, fallback: number): number => {
    const raw = value(flag);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, got ${raw}`);
    return n;
  };
  const only = value('--only');
  return {
    duration: int('--duration', 5),
    rounds: int('--rounds', 3),
    connections: int('--connections', 10),
    only: only ? only.split(',').map((s) => s.trim().toLowerCase()) : null,
    port: int('--port', 0),
    cpuProf: value('--cpu-prof') ?? null,
    node: value('--node') ?? process.execPath,
    nodeFlags: (value('--node-flags') ?? '').split(' ').filter((f) => f !== ''),
    keep: argv.includes('--keep'),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** More OPEN opportunities: copies of the demo's OPEN ones, with their requirements and developed competences. */
async function addOpenOpportunities(url: string, count: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE bench_copies ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, o.id AS source_id, g AS n
        FROM generate_series(1, $1) g
        CROSS JOIN LATERAL (SELECT id FROM opportunities WHERE status = 'OPEN' AND application_deadline > now()
                              ORDER BY id OFFSET (g % (SELECT count(*) FROM opportunities
                                WHERE status = 'OPEN' AND application_deadline > now())) LIMIT 1) o`,
      [count],
    );
    await client.query(`INSERT INTO opportunities (id, kind, title, description, status, host_organisation_id,
        host_department_id, lead_supervisor_id, starts_on, ends_on, capacity, application_deadline,
        eligible_stages, language, work_mode, details, created_at)
      SELECT c.id, o.kind, o.title || ' (' || c.n || ')', o.description, o.status, o.host_organisation_id,
             o.host_department_id, o.lead_supervisor_id, o.starts_on, o.ends_on, o.capacity,
             o.application_deadline, o.eligible_stages, o.language, o.work_mode, o.details,
             o.created_at - make_interval(mins => c.n)
        FROM bench_copies c JOIN opportunities o ON o.id = c.source_id`);
    await client.query(`INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
      SELECT c.id, r.competence_id, r.min_level, r.weight, r.essential
        FROM bench_copies c JOIN opportunity_requirements r ON r.opportunity_id = c.source_id`);
    await client.query(`INSERT INTO opportunity_developed_competences (opportunity_id, competence_id)
      SELECT c.id, d.competence_id
        FROM bench_copies c JOIN opportunity_developed_competences d ON d.opportunity_id = c.source_id`);
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

async function graphql(
  baseUrl: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (!res.ok || body.errors || !body.data) {
    throw new Error(`GraphQL ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  }
  return body.data;
}

async function waitForHealth(baseUrl: string, app: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) break;
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  throw new Error(`the app did not become healthy; its output ends with:\n${log.slice(-3000)}`);
}

async function stopApp(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => app.once('exit', () => resolve()));
  app.kill('SIGTERM');
  const timer = setTimeout(() => app.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  /** CPU time per request of the app's process and of its PostgreSQL backends (null: not local). */
  nodeMs: number;
  pgMs: number | null;
}

/** The processes whose CPU a measurement counts: the app, and its database's backends when local. */
interface Processes {
  app: number;
  backends: () => Promise<number[]>;
}

async function load(
  baseUrl: string,
  op: Operation,
  token: string | readonly string[],
  connections: number,
  duration: number,
  processes: Processes,
): Promise<Sample> {
  const backends = await processes.backends();
  const [appBefore, pgBefore] = [await cpuTimeMs([processes.app]), await cpuTimeMs(backends)];
  const result = await autocannon({
    url: `${baseUrl}/graphql`,
    method: 'POST',
    connections,
    duration,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${typeof token === 'string' ? token : token[0]}`,
    },
    body: JSON.stringify({ query: op.query, variables: op.variables }),
    // Several viewers in turn: each connection cycles through one request per viewer.
    ...(typeof token === 'string'
      ? {}
      : {
          requests: token.map((t) => ({
            method: 'POST' as const,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
            body: JSON.stringify({ query: op.query, variables: op.variables }),
          })),
        }),
    // A cheap check on every answer: an error anywhere in a GraphQL body names "errors".
    verifyBody: (body) => typeof body === 'string' && !body.includes('"errors"'),
  });
  const [appAfter, pgAfter] = [await cpuTimeMs([processes.app]), await cpuTimeMs(backends)];
  const n = Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts + result.mismatches,
    nodeMs: appBefore !== null && appAfter !== null ? (appAfter - appBefore) / n : 0,
    pgMs: pgBefore !== null && pgAfter !== null && backends.length ? (pgAfter - pgBefore) / n : null,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'te-bench-api-'));
  let app: ChildProcess | undefined;
  await withBenchDatabase('te_bench_api', { keep: args.keep }, async ({ name: dbName, url }) => {
    try {
      let t0 = performance.now();
      await prepareDatabase(url, { seed: true });
      await addOpenOpportunities(url, EXTRA_OPEN_OPPORTUNITIES);
      console.log(
        `database ${dbName}: demo data + ${EXTRA_OPEN_OPPORTUNITIES} more OPEN opportunities in ${(
          (performance.now() - t0) /
          1000
        ).toFixed(1)} s`,
      );

      const port = args.port || (await freePort());
      const baseUrl = `http://127.0.0.1:${port}`;
      const logFile = path.join(tempDir, 'app.log');
      const out = openSync(logFile, 'a');
      const nodeFlags = [
        ...args.nodeFlags,
        ...(args.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args.cpuProf)] : []),
      ];
      app = spawn(args.node, [...nodeFlags, 'dist/main.js'], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          PORT: String(port),
          DATABASE_URL: url,
          JWT_SECRET: randomBytes(48).toString('base64url'),
          SEED_DEMO_DATA: 'false',
          // The limiter still runs on every request; only its limit is out of the benchmark's way.
          RATE_LIMIT_PER_MINUTE: '100000000',
          // The candidates taking turns sign in one after another.
          LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        },
        stdio: ['ignore', out, out],
      });
      closeSync(out);
      t0 = performance.now();
      await waitForHealth(baseUrl, app, logFile);
      console.log(
        `app (NODE_ENV=production, pid ${app.pid}) healthy after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );

      const tokens = {} as Record<Viewer, string>;
      tokens.webCandidate = await webSignIn(baseUrl, LOGINS.candidate);
      for (const [viewer, email] of Object.entries(LOGINS) as [Exclude<Viewer, 'webCandidate'>, string][]) {
        const data = await graphql(
          baseUrl,
          null,
          'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
          { e: email, p: DEMO_PASSWORD },
        );
        tokens[viewer] = (data.login as { accessToken: string }).accessToken;
      }
      const inTurns = await candidatesTakingTurns(baseUrl, tokens.candidate);
      const tokenOf = (op: Operation) => (op.inTurns ? inTurns : tokens[op.viewer]);
      const roles = await graphql(baseUrl, tokens.candidate, '{ roleProfiles { id title } }');
      const [role] = roles.roleProfiles as { id: string }[];
      const mine = await graphql(baseUrl, tokens.supervisor, '{ myOpportunities { id status } }');
      const supervised = (mine.myOpportunities as { id: string; status: string }[]).find(
        (o) => o.status === 'OPEN',
      );
      if (!role || !supervised)
        throw new Error('the demo data lacks a role profile or an OPEN supervised opportunity');

      const selected = operations({ roleId: role.id, supervisedOpportunityId: supervised.id }).filter(
        (op, i) =>
          // The baseline runs too, except in a profile of chosen operations (it would dominate it).
          (i === 0 && !(args.cpuProf && args.only)) ||
          !args.only ||
          args.only.some((s) => op.name.toLowerCase().includes(s)),
      );
      for (const op of selected) {
        for (const token of op.inTurns ? inTurns : [tokens[op.viewer]]) {
          const data = await graphql(baseUrl, token, op.query, op.variables);
          const problem = op.check?.(data);
          if (problem) throw new Error(`${op.name}: ${problem}`);
        }
      }

      const cores = os.cpus();
      console.log(
        `\n${selected.length} operations, ${args.connections} connections, ${args.duration} s each (after ${WARMUP_SECONDS} s warm-up), ` +
          `${args.rounds} rounds; ${cores.length} x ${cores[0]?.model ?? 'CPU'}, app on Node ${execFileSync(args.node, ['--version'], { encoding: 'utf8' }).trim()}`,
      );
      const watcher = new Client({ connectionString: url });
      await watcher.connect();
      const appPid = app.pid ?? 0;
      const processes: Processes = {
        app: appPid,
        backends: async () =>
          (
            await watcher.query<{ pid: number }>(
              'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
            )
          ).rows.map((r) => r.pid),
      };
      const samples = new Map<string, Sample[]>(selected.map((op) => [op.name, []]));
      const ratios = new Map<string, number[]>(selected.map((op) => [op.name, []]));
      const loads: number[] = [os.loadavg()[0]];
      for (let round = 1; round <= args.rounds; round++) {
        let base = 0;
        for (const op of selected) {
          await load(baseUrl, op, tokenOf(op), args.connections, WARMUP_SECONDS, processes);
          const s = await load(baseUrl, op, tokenOf(op), args.connections, args.duration, processes);
          if (op.query === '{ __typename }') base = s.rps;
          samples.get(op.name)?.push(s);
          ratios.get(op.name)?.push(base ? s.rps / base : 0);
        }
        loads.push(os.loadavg()[0]);
        console.log(`round ${round}/${args.rounds} done (load average ${os.loadavg()[0].toFixed(2)})`);
      }
      await watcher.end();

      const f = (x: number, d = 0) => x.toFixed(d);
      const baseline = samples.get(selected[0].name) ?? [];
      const baseNodeMs = selected[0].query === '{ __typename }' ? median(baseline.map((x) => x.nodeMs)) : 0;
      console.log(
        `\n${'operation'.padEnd(58)} ${'req/s'.padStart(6)} ${'(min..max)'.padEnd(12)} ${'ratio'.padStart(5)} ` +
          `${'(min..max)'.padEnd(11)} ${'p50'.padStart(4)} ${'p99'.padStart(4)} ${'node'.padStart(5)} ${'pg'.padStart(5)} ` +
          `${'cpu-ratio'.padStart(9)} failed`,
      );
      for (const op of selected) {
        const s = samples.get(op.name) ?? [];
        const r = ratios.get(op.name) ?? [];
        const rps = s.map((x) => x.rps);
        const pct = (x: number) => `${f(x * 100)}%`;
        const nodeMs = median(s.map((x) => x.nodeMs));
        const pg = s.map((x) => x.pgMs).filter((x): x is number => x !== null);
        console.log(
          `${op.name.padEnd(58)} ${f(median(rps)).padStart(6)} ${`(${f(Math.min(...rps))}..${f(Math.max(...rps))})`.padEnd(12)} ` +
            `${pct(median(r)).padStart(5)} ${`(${pct(Math.min(...r))}..${pct(Math.max(...r))})`.padEnd(11)} ` +
            `${f(median(s.map((x) => x.p50))).padStart(4)} ${f(median(s.map((x) => x.p99))).padStart(4)} ` +
            `${f(nodeMs, 2).padStart(5)} ${(pg.length ? f(median(pg), 2) : 'n/a').padStart(5)} ` +
            `${(baseNodeMs && nodeMs ? pct(baseNodeMs / nodeMs) : 'n/a').padStart(9)} ` +
            `${s.reduce((n, x) => n + x.failures, 0)}`,
        );
      }
      console.log(
        `(medians over ${args.rounds} rounds: req/s; ratio to { __typename } of the same round; latency p50/p99 in ms; ` +
          `CPU ms per request of the app (node) and of its PostgreSQL backends (pg); cpu-ratio: { __typename }'s node ` +
          `CPU per request over this one's, an estimate of the ratio on an idle machine. ` +
          `Load average ${loads.map((l) => l.toFixed(2)).join(' -> ')})`,
      );
      const failed = [...samples.values()].flat().reduce((n, x) => n + x.failures, 0);
      if (failed) {
        console.log(
          `\n${failed} answers failed (non-2xx or GraphQL errors): the figures above are not valid`,
        );
        process.exitCode = 1;
      }
    } finally {
      if (app) await stopApp(app);
    }
  });
  if (args.cpuProf) console.log(`CPU profile written to ${path.resolve(args.cpuProf)}`);
  await rm(tempDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * CANDIDATES_TAKING_TURNS new candidates of the demo candidate's organisation (created by the demo
 * admin through `createUser`), logged in: their tokens.
 */
async function candidatesTakingTurns(baseUrl: string, candidateToken: string): Promise<string[]> {
  const admin = await graphql(
    baseUrl,
    null,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
    { e: 'admin@talent-exchange.test', p: DEMO_PASSWORD },
  );
  const adminToken = (admin.login as { accessToken: string }).accessToken;
  const me = await graphql(baseUrl, candidateToken, '{ me { organisation { id } } }');
  const organisationId = (me.me as { organisation: { id: string } }).organisation.id;
  const tokens: string[] = [];
  for (let i = 0; i < CANDIDATES_TAKING_TURNS; i++) {
    const email = `bench-candidate-${i}@lumc.test`;
    await graphql(baseUrl, adminToken, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: {
        email,
        displayName: `Bench candidate ${i}`,
        password: DEMO_PASSWORD,
        organisationId,
        roles: ['CANDIDATE'],
      },
    });
    const data = await graphql(
      baseUrl,
      null,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: email, p: DEMO_PASSWORD },
    );
    tokens.push((data.login as { accessToken: string }).accessToken);
  }
  return tokens;
}

/** Signs in as the web app does: the access token of a cookie session (its token names the session). */
async function webSignIn(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`POST /auth/sign-in answered ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
