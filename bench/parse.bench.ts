/**
 * npm run bench:parse [-- --candidates N] [--runs R] [--uuids]
 *
 * Parse and validate a matching instance file (docs/matching-instance-format.md) of N candidates
 * (default 100,000: HR, 10 choices each, 10,000 hospitals; about 17 MB of JSON), from its bytes to
 * the validated instance, as `npm run match` does. Two ways, each run R times (default 7) in this one
 * process (node --single-threaded: no background compiler or GC threads, so CPU time is the thread's):
 *
 *   general = UTF-8 decode + JSON.parse + parseInstance (the way it was done before)
 *   fast    = parseInstanceBytes (the one-pass reader; src/core/matching/instance-text.ts)
 *
 * Prints the median wall time and CPU time (user + system) of each, and as its last line
 * `parse 100000 candidates (17.4 MB): fast W ms wall, C ms CPU (median of R)`.
 * The file is written to the OS temp folder and removed afterwards. With --uuids every id is a
 * UUID (as in a round's stored input) instead of r123 / h12: the same instance, a larger file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { createSeededRandom, parseInstanceBytes, parseInstanceJson } from '../src/core/matching';
import { argument, cpuMs, median } from './timing';

const SEED = 20_240_601;
const CHOICES = 10;

/** A UUID-shaped id for `r123` / `h12`, the same every run (not random: a counter mixed). */
function uuidOf(id: string): string {
  const k = Number(id.slice(1)) * 2 + (id[0] === 'h' ? 1 : 0) + 1;
  const a = Math.imul(k, 0x9e3779b1) >>> 0;
  const b = Math.imul(k ^ 0x5bd1e995, 40503) >>> 0;
  const hex = (x: number, len: number): string => x.toString(16).padStart(len, '0').slice(-len);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 20, 3)}-a${hex(a, 3)}-${hex(k, 12)}`;
}

/** The HR instance of bench:match (same generator and seed): skewed choices, hosts order by merit. */
function generateHr(n: number, uuids: boolean): string {
  const name = uuids ? uuidOf : (id: string): string => id;
  const random = createSeededRandom(SEED);
  const nH = Math.max(1, Math.round(n / 10));
  const merit = Float64Array.from({ length: n }, () => random());
  const residents: Record<string, string[]> = {};
  const applicants: number[][] = Array.from({ length: nH }, () => []);
  for (let r = 0; r < n; r++) {
    const picked = new Set<number>();
    while (picked.size < Math.min(CHOICES, nH)) picked.add(Math.floor(nH * random() ** 1.6));
    residents[name(`r${r}`)] = [...picked].map((h) => name(`h${h}`));
    for (const h of picked) applicants[h].push(r);
  }
  const hospitals: Record<string, string[]> = {};
  const capacities: Record<string, number> = {};
  for (let h = 0; h < nH; h++) {
    hospitals[name(`h${h}`)] = applicants[h]
      .filter(() => random() >= 0.05)
      .map((a) => ({ a, score: merit[a] + 0.5 * random() }))
      .sort((x, y) => y.score - x.score)
      .map((x) => name(`r${x.a}`));
    capacities[name(`h${h}`)] = 8 + Math.floor(random() * 5);
  }
  return JSON.stringify({ problem: 'HR', instance: { residents, hospitals, capacities } });
}

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function measure(runs: number, action: () => unknown): Timing {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const wall = performance.now();
    const cpu = cpuMs();
    action();
    cpus.push(cpuMs() - cpu);
    walls.push(performance.now() - wall);
  }
  return { wallMs: median(walls), cpuMs: median(cpus) };
}

function main(): void {
  const n = argument('--candidates', 100_000);
  const runs = argument('--runs', 7);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-parse-')), `hr-${n}.json`);
  try {
    const uuids = process.argv.includes('--uuids');
    fs.writeFileSync(file, generateHr(n, uuids));
    const bytes = fs.readFileSync(file);
    const mb = (bytes.length / 1e6).toFixed(1);
    // Both must agree before either is timed.
    const fast = parseInstanceBytes(bytes);
    const general = parseInstanceJson(bytes.toString('utf8'));
    if (fast.problem !== 'HR' || general.problem !== 'HR' || fast.residents.size !== general.residents.size) {
      throw new Error('the two ways disagree');
    }
    const generalTiming = measure(runs, () => parseInstanceJson(bytes.toString('utf8')));
    const fastTiming = measure(runs, () => parseInstanceBytes(bytes));
    const line = (label: string, t: Timing): string =>
      `${label.padEnd(8)} ${t.wallMs.toFixed(0).padStart(6)} ms wall ${t.cpuMs.toFixed(0).padStart(6)} ms CPU`;
    process.stdout.write(
      `${n} candidates, ${uuids ? 'UUID' : 'short'} ids, ${mb} MB, median of ${runs} runs\n`,
    );
    process.stdout.write(`${line('general', generalTiming)}   (UTF-8 decode + JSON.parse + parseInstance)\n`);
    process.stdout.write(`${line('fast', fastTiming)}   (parseInstanceBytes)\n`);
    process.stdout.write(
      `parse ${n} candidates (${mb} MB): fast ${fastTiming.wallMs.toFixed(0)} ms wall, ${fastTiming.cpuMs.toFixed(0)} ms CPU (median of ${runs})\n`,
    );
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

main();
