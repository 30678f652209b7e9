/**
 * npm run bench:match
 *
 * Times the four solvers on seeded random instances of 1k, 10k and 100k candidates with 10 choices
 * each and total capacity about the number of candidates, and checks the targets at 100k candidates:
 * each solver under 1 s on one core, peak memory under 300 MB. Building the instance (parse and
 * compile) is timed apart and reported with the end-to-end figure.
 *
 * `npm run bench:match -- --sizes 100000` runs only the given sizes.
 *
 * Then SPA-lecturer on an adversarial "re-open chain" (d = 2k, 8k, 32k), where a student climbs one
 * project at a time as projects re-open: a rescanning solver is quadratic there (the earlier one took
 * 17, 112 and 1,090 ms), the linear one stays flat.
 *
 * Each (size, solver) case runs in its own child process (node --single-threaded, so V8 uses no
 * background threads; --expose-gc), which reports its timings and its peak RSS
 * (process.resourceUsage().maxRSS) against its RSS once the random instance had been generated.
 *
 *   parse  = parseInstance (validation, string-keyed instance), median of the runs
 *   build  = parse + compile (dense arrays, rank tables), median of the runs
 *   solve  = the solver on the compiled instance, including the string-keyed assignment, median
 *   total  = build + solve (wall); cpu = the process's CPU time over build + solve, median
 *   first  = build + solve of the first (cold) run
 *   verify = the independent verifier on the result, one run
 */
import { execFileSync } from 'child_process';

import {
  MatchingInstance,
  Optimal,
  Problem,
  compileInstance,
  createSeededRandom,
  parseInstance,
  solveCompiled,
  verify,
} from '../src/core/matching';
import { median } from './timing';

const DEFAULT_SIZES = [1_000, 10_000, 100_000];
const CHOICES = 10;
const RUNS = 5;
const SEED = 20_240_601;
const TARGET_SIZE = 100_000;
const TARGET_MS = 1_000;
const TARGET_MB = 300;

interface Case {
  readonly problem: Problem;
  readonly optimal: Optimal;
  readonly label: string;
}

const CASES: readonly Case[] = [
  { problem: 'HR', optimal: 'candidate', label: 'HR resident-optimal' },
  { problem: 'HR', optimal: 'host', label: 'HR hospital-optimal' },
  { problem: 'SPA-S', optimal: 'candidate', label: 'SPA-student' },
  { problem: 'SPA-S', optimal: 'host', label: 'SPA-lecturer' },
];

interface Measurement {
  /** parseInstance (validation), median. */
  readonly parseMs: number;
  /** parse + compile, median of the runs' sums. */
  readonly buildMs: number;
  readonly solveMs: number;
  /** CPU time (user + system) of the process during build + solve, median. */
  readonly totalCpuMs: number;
  readonly firstMs: number;
  readonly verifyMs: number;
  readonly matched: number;
  readonly pairs: number;
  readonly baselineMb: number;
  readonly peakMb: number;
  readonly heapAfterMb: number;
}

// ---------------------------------------------------------------- instance generation

type Random = () => number;

/** k distinct indices in [0, n), skewed towards low indices (popular hosts), as a ranked list. */
function pickDistinct(random: Random, n: number, k: number): number[] {
  const picked = new Set<number>();
  const wanted = Math.min(k, n);
  while (picked.size < wanted) picked.add(Math.floor(n * random() ** 1.6));
  return [...picked];
}

/** Orders applicants by a global merit plus per-host noise; drops about 5 % (unacceptable to the host). */
function hostOrder(random: Random, applicants: readonly number[], merit: Float64Array): number[] {
  return applicants
    .filter(() => random() >= 0.05)
    .map((a) => ({ a, score: merit[a] + 0.5 * random() }))
    .sort((x, y) => y.score - x.score)
    .map((x) => x.a);
}

function generateHr(n: number, seed: number): unknown {
  const random = createSeededRandom(seed);
  const nH = Math.max(1, Math.round(n / 10));
  const merit = Float64Array.from({ length: n }, () => random());
  const residents: Record<string, string[]> = {};
  const applicants: number[][] = Array.from({ length: nH }, () => []);
  for (let r = 0; r < n; r++) {
    const choices = pickDistinct(random, nH, CHOICES);
    residents[`r${r}`] = choices.map((h) => `h${h}`);
    for (const h of choices) applicants[h].push(r);
  }
  const hospitals: Record<string, string[]> = {};
  const capacities: Record<string, number> = {};
  for (let h = 0; h < nH; h++) {
    hospitals[`h${h}`] = hostOrder(random, applicants[h], merit).map((r) => `r${r}`);
    capacities[`h${h}`] = 8 + Math.floor(random() * 5); // 8..12, about 10
  }
  return { problem: 'HR', instance: { residents, hospitals, capacities } };
}

function generateSpa(n: number, seed: number): unknown {
  const random = createSeededRandom(seed);
  const nP = Math.max(1, Math.round(n / 5));
  const nL = Math.max(1, Math.round(n / 25));
  const merit = Float64Array.from({ length: n }, () => random());
  const owner = Int32Array.from({ length: nP }, () => Math.floor(random() * nL));
  const projectCapacity = Int32Array.from({ length: nP }, () => 3 + Math.floor(random() * 5)); // 3..7, about 5
  const students: Record<string, string[]> = {};
  const applicants: number[][] = Array.from({ length: nL }, () => []);
  const lastSeen = new Int32Array(nL).fill(-1);
  for (let s = 0; s < n; s++) {
    const choices = pickDistinct(random, nP, CHOICES);
    students[`s${s}`] = choices.map((p) => `p${p}`);
    for (const p of choices) {
      const l = owner[p];
      if (lastSeen[l] !== s) {
        lastSeen[l] = s;
        applicants[l].push(s);
      }
    }
  }
  const projectSupervisors: Record<string, string> = {};
  const projectCapacities: Record<string, number> = {};
  const offered = new Int32Array(nL);
  for (let p = 0; p < nP; p++) {
    projectSupervisors[`p${p}`] = `l${owner[p]}`;
    projectCapacities[`p${p}`] = projectCapacity[p];
    offered[owner[p]] += projectCapacity[p];
  }
  const supervisors: Record<string, string[]> = {};
  const supervisorCapacities: Record<string, number> = {};
  for (let l = 0; l < nL; l++) {
    supervisors[`l${l}`] = hostOrder(random, applicants[l], merit).map((s) => `s${s}`);
    // The load cap binds: about 80 % of the seats the supervisor's projects offer.
    supervisorCapacities[`l${l}`] = Math.max(1, Math.round(0.8 * offered[l]));
  }
  return spaDocument({ students, supervisors, projectSupervisors, projectCapacities, supervisorCapacities });
}

/** An SPA-S instance document (docs/matching-instance-format.md). */
function spaDocument(p: {
  students: Record<string, string[]>;
  supervisors: Record<string, string[]>;
  projectSupervisors: Record<string, string>;
  projectCapacities: Record<string, number>;
  supervisorCapacities: Record<string, number>;
}): unknown {
  return {
    problem: 'SPA-S',
    instance: {
      students: p.students,
      supervisors: p.supervisors,
      project_supervisors: p.projectSupervisors,
      project_capacities: p.projectCapacities,
      supervisor_capacities: p.supervisorCapacities,
    },
  };
}

/**
 * An adversarial SPA instance for SPA-lecturer: supervisor a0 offers projects p1..pd (one seat each)
 * and first fills them with t1..td; each ti then leaves for q_i of its own supervisor b_i, and every
 * project re-opens in turn while student s, who ranks them pd > ... > p1, climbs one project at a time.
 * A solver that rescans s's list on each step is quadratic in d; a linear one stays flat.
 */
function generateSpaReopenChain(d: number): unknown {
  const students: Record<string, string[]> = {};
  const supervisors: Record<string, string[]> = { a0: [] };
  const projectSupervisors: Record<string, string> = {};
  const projectCapacities: Record<string, number> = {};
  const supervisorCapacities: Record<string, number> = { a0: d };
  for (let i = 1; i <= d; i++) {
    students[`t${i}`] = [`q${i}`, `p${i}`];
    supervisors.a0.push(`t${i}`);
    projectSupervisors[`p${i}`] = 'a0';
    projectCapacities[`p${i}`] = 1;
    supervisors[`b${i}`] = [`t${i}`];
    projectSupervisors[`q${i}`] = `b${i}`;
    projectCapacities[`q${i}`] = 1;
    supervisorCapacities[`b${i}`] = 1;
  }
  students.s = Array.from({ length: d }, (_, k) => `p${d - k}`);
  supervisors.a0.push('s');
  return spaDocument({ students, supervisors, projectSupervisors, projectCapacities, supervisorCapacities });
}

/** SPA-lecturer on the re-open chain: solve time per d (median of the runs), checked stable. */
function reopenChain(): void {
  console.log('');
  console.log('SPA-lecturer, re-open chain (adversarial; linear time keeps it flat):');
  for (const d of [2_000, 8_000, 32_000]) {
    const instance = parseInstance(generateSpaReopenChain(d));
    const compiled = compileInstance(instance);
    const times: number[] = [];
    let assignment: Readonly<Record<string, string | null>> = {};
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      assignment = solveCompiled(compiled, { optimal: 'host' }).assignment;
      times.push(performance.now() - t0);
    }
    if (assignment.s !== `p${d}` || !verify(instance, assignment).stable) {
      throw new Error(`re-open chain d=${d}: wrong result`);
    }
    console.log(
      `  d=${pad(String(d), 6)}  pairs ${pad(String(3 * d), 6)}  solve ${pad(median(times).toFixed(1), 7)} ms`,
    );
  }
}

// ---------------------------------------------------------------- child: one case

const MB = 1024 * 1024;

function collectGarbage(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') gc();
}

function runCase(problem: Problem, optimal: Optimal, n: number): Measurement {
  const document = problem === 'HR' ? generateHr(n, SEED + n) : generateSpa(n, SEED + n);
  collectGarbage();
  const baseline = process.memoryUsage().rss;

  const parseTimes: number[] = [];
  const buildTimes: number[] = [];
  const solveTimes: number[] = [];
  const cpuTimes: number[] = [];
  let instance: MatchingInstance | undefined;
  let assignment: Readonly<Record<string, string | null>> = {};
  let pairs = 0;
  for (let run = 0; run < RUNS; run++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    instance = parseInstance(document);
    const tParsed = performance.now();
    const compiled = compileInstance(instance);
    const t1 = performance.now();
    assignment = solveCompiled(compiled, { optimal }).assignment;
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    parseTimes.push(tParsed - t0);
    buildTimes.push(t1 - t0);
    solveTimes.push(t2 - t1);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    pairs = compiled.problem === 'HR' ? compiled.edgeHospital.length : compiled.edgeProject.length;
    collectGarbage();
  }
  if (instance === undefined) throw new Error('no run');
  const heapAfter = process.memoryUsage().heapUsed;

  const t3 = performance.now();
  const verdict = verify(instance, assignment);
  const verifyMs = performance.now() - t3;
  if (!verdict.stable) throw new Error(`${problem} ${optimal} n=${n}: the verifier rejected the result`);

  return {
    parseMs: median(parseTimes),
    buildMs: median(buildTimes),
    solveMs: median(solveTimes),
    totalCpuMs: median(cpuTimes),
    firstMs: buildTimes[0] + solveTimes[0],
    verifyMs,
    matched: Object.values(assignment).filter((host) => host !== null).length,
    pairs,
    baselineMb: baseline / MB,
    // maxRSS is in kilobytes.
    peakMb: (process.resourceUsage().maxRSS * 1024) / MB,
    heapAfterMb: heapAfter / MB,
  };
}

// ---------------------------------------------------------------- parent: table and targets

function measureInChild(c: Case, n: number): Measurement {
  const output = execFileSync(
    process.execPath,
    [
      '--single-threaded',
      '--expose-gc',
      // Compiled (npm run bench:match) the children run plain JS: no TypeScript compiler in memory.
      ...(__filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : []),
      __filename,
      '--case',
      c.problem,
      c.optimal,
      String(n),
    ],
    { encoding: 'utf8', maxBuffer: 16 * MB },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '') as Measurement;
}

function pad(value: string, width: number): string {
  return value.length >= width ? value : ' '.repeat(width - value.length) + value;
}

/** `--sizes 1000,100000` limits the run to some sizes. */
function sizesFromArguments(): number[] {
  const at = process.argv.indexOf('--sizes');
  if (at < 0) return DEFAULT_SIZES;
  const sizes = (process.argv[at + 1] ?? '').split(',').map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw new Error('--sizes takes a comma-separated list of positive integers');
  }
  return sizes;
}

function main(): void {
  const sizes = sizesFromArguments();
  const header = [
    'solver'.padEnd(20),
    pad('n', 7),
    pad('pairs', 9),
    pad('matched', 8),
    pad('parse ms', 9),
    pad('build ms', 9),
    pad('solve ms', 9),
    pad('total ms', 9),
    pad('cpu ms', 8),
    pad('first ms', 9),
    pad('verify ms', 10),
    pad('peak RSS MB', 12),
    pad('peak-base MB', 13),
  ].join(' ');
  console.log(`match benchmark: ${CHOICES} choices per candidate, median of ${RUNS} runs, seed ${SEED}`);
  console.log(header);
  console.log('-'.repeat(header.length));

  const failures: string[] = [];
  const endToEnd: string[] = [];
  let slowestSolve = 0;
  let largestPeak = 0;
  for (const n of sizes) {
    for (const c of CASES) {
      const m = measureInChild(c, n);
      const total = m.buildMs + m.solveMs;
      const delta = m.peakMb - m.baselineMb;
      console.log(
        [
          c.label.padEnd(20),
          pad(String(n), 7),
          pad(String(m.pairs), 9),
          pad(String(m.matched), 8),
          pad(m.parseMs.toFixed(1), 9),
          pad(m.buildMs.toFixed(1), 9),
          pad(m.solveMs.toFixed(1), 9),
          pad(total.toFixed(1), 9),
          pad(m.totalCpuMs.toFixed(1), 8),
          pad(m.firstMs.toFixed(1), 9),
          pad(m.verifyMs.toFixed(1), 10),
          pad(m.peakMb.toFixed(0), 12),
          pad(delta.toFixed(0), 13),
        ].join(' '),
      );
      if (n === TARGET_SIZE) {
        slowestSolve = Math.max(slowestSolve, m.solveMs);
        largestPeak = Math.max(largestPeak, delta);
        if (m.solveMs >= TARGET_MS) failures.push(`${c.label}: solve ${m.solveMs.toFixed(0)} ms`);
        if (delta >= TARGET_MB) failures.push(`${c.label}: peak memory ${delta.toFixed(0)} MB`);
        endToEnd.push(`${c.label} ${total.toFixed(0)} ms (${m.totalCpuMs.toFixed(0)} ms CPU)`);
      }
    }
  }
  reopenChain();
  console.log('');
  if (!sizes.includes(TARGET_SIZE)) {
    console.log(`targets are checked at n=${TARGET_SIZE}, which this run skipped`);
    return;
  }
  console.log(`targets at n=${TARGET_SIZE} (medians, one core):`);
  console.log(
    `  solve < ${TARGET_MS} ms: ${slowestSolve < TARGET_MS ? 'met' : 'NOT met'} (slowest ${slowestSolve.toFixed(0)} ms)`,
  );
  console.log(
    `  peak memory above the generated instance < ${TARGET_MB} MB: ` +
      `${largestPeak < TARGET_MB ? 'met' : 'NOT met'} (largest ${largestPeak.toFixed(0)} MB)`,
  );
  console.log(`  for information, parse + compile + solve: ${endToEnd.join('; ')}`);
  if (failures.length > 0) {
    console.log(`targets NOT met: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

const caseIndex = process.argv.indexOf('--case');
if (caseIndex >= 0) {
  const [problem, optimal, n] = process.argv.slice(caseIndex + 1);
  if ((problem !== 'HR' && problem !== 'SPA-S') || (optimal !== 'candidate' && optimal !== 'host')) {
    throw new Error(`bad case: ${process.argv.slice(caseIndex + 1).join(' ')}`);
  }
  console.log(JSON.stringify(runCase(problem, optimal, Number(n))));
} else {
  main();
}
