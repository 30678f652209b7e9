/**
 * npx ts-node --transpile-only bench/snapshot-index.bench.ts
 *
 * The recommendations snapshot's index in memory (no database): 50,000 synthetic OPEN opportunities
 * (2 to 6 requirements over 60 competences, about 30% essential), indexed as one (what every update
 * with changes did before the second index), then 40 updates of 50 changed rows each
 * (OpenRowsIndex.update: the changed rows in a second index, their old rows masked), and the top 20
 * over one index against the two parts. Wall time and Node CPU (process.cpuUsage) per step.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CareerStage } from '../src/core/domain/enums';
import { computeFit, DEFAULT_FIT_WEIGHTS, FitCandidate } from '../src/core/fit/fit-score';
import { PreparedRow } from '../src/recommendations/fit-ranking';
import { OpenRowsIndex } from '../src/recommendations/open-rows-index';

const ROWS = 50_000;
const now = new Date();
const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
const competences = Array.from({ length: 60 }, () => randomUUID());
let seed = 1;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

function rowOf(id: string): PreparedRow {
  const count = 2 + Math.floor(random() * 5);
  const requirements = [...new Set(Array.from({ length: count }, () => pick(competences)))].map((c) => ({
    competenceId: c,
    minLevel: (1 + Math.floor(random() * 3)) as 1 | 2 | 3,
    weight: 1 + Math.floor(random() * 3),
    essential: random() < 0.3,
  }));
  return {
    id,
    applicationDeadline: day(30),
    fit: {
      eligibleStages: random() < 0.4 ? [CareerStage.PHD_CANDIDATE] : [],
      requirements,
      develops: [pick(competences)],
      language: random() < 0.15 ? 'nl' : 'en',
      start: day(40),
      end: day(100),
    },
  };
}

const byId = (x: PreparedRow, y: PreparedRow) => (x.id < y.id ? -1 : 1);
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

async function measure(label: string, runs: number, work: () => unknown): Promise<void> {
  const wall: number[] = [];
  let cpu = 0;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    const start = performance.now();
    await work();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(before);
    cpu += (used.user + used.system) / 1000;
  }
  wall.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} n=${String(runs).padEnd(3)} wall p50 ${wall[Math.floor(runs / 2)].toFixed(1)} ms, ` +
      `max ${wall[runs - 1].toFixed(1)} ms; Node CPU mean ${(cpu / runs).toFixed(1)} ms`,
  );
}

async function main(): Promise<void> {
  const rows = Array.from({ length: ROWS }, () => rowOf(randomUUID())).sort(byId);
  let index = await OpenRowsIndex.build(rows, pause);
  await measure(`index all ${ROWS} as one`, 5, async () => {
    index = await OpenRowsIndex.build(rows, pause);
  });
  await measure('update: 50 changed rows (second index)', 40, async () => {
    const changed = new Map(Array.from({ length: 50 }, () => rowOf(pick(rows).id)).map((r) => [r.id, r]));
    index = await index.update([...changed.values()].sort(byId), [], now, 3_125, pause);
  });
  console.log(`rows changed since the full index after 40 updates: ${index.changedCount}`);
  const candidate: FitCandidate = {
    careerStage: CareerStage.PHD_CANDIDATE,
    levels: new Map(competences.slice(0, 20).map((c, i) => [c, 1 + (i % 4)])),
    languages: [{ code: 'en', level: 'C1' }],
    availability: [],
    developmentTargets: new Map(),
  };
  const query = {
    candidate,
    stage: candidate.careerStage,
    weights: DEFAULT_FIT_WEIGHTS,
    now,
    onlyEligible: true,
    first: 20,
  };
  const one = await OpenRowsIndex.build(index.rowsAt(now), pause);
  const score = (row: PreparedRow) => computeFit(candidate, row.fit);
  for (let warm = 0; warm < 20; warm++) {
    one.top(query, () => false, score);
    index.top(query, () => false, score);
  }
  await measure('top 20, one index', 50, () => one.top(query, () => false, score));
  await measure('top 20, two parts', 50, () => index.top(query, () => false, score));
}

void main();
