/**
 * npx ts-node --transpile-only bench/round-announcements.bench.ts [--candidates N] [--runs R]
 *
 * A round's announcements as a national publication writes them, without PostgreSQL: the outcome
 * notices (`roundOutcomeNotices`) and the status events' columns (`statusEventColumns`) of N
 * candidates (default 300,000) with 10 live applications each over N / 6 opportunities, 48% of
 * them placed (an offer and 9 rejections each: 1.44 million changes at 300,000). Titles of 20 to 60
 * characters, some not ASCII and some with quotes or a backslash. Inputs are seeded: the same every
 * run and every commit.
 *
 * Prints the median CPU time (user + system, GC threads included) and wall time of each function
 * over R runs (default 7) in this one process, and the SHA-256 of each output: a change meant to
 * keep the texts byte for byte prints the same hashes before and after it.
 */
import { createHash } from 'crypto';

import type { DecidedApplications } from '../src/applications/applications.repository';
import {
  OpportunityTitles,
  roundOutcomeNotices,
  statusEventColumns,
} from '../src/applications/round-announcements';
import { ApplicationStatus } from '../src/core/domain/enums';
import { createSeededRandom } from '../src/core/matching';
import { decidePlacements, PackedDecisions } from '../src/core/rounds/round-decisions';
import { argument, cpuMs, median } from './timing';

const SEED = 20_261_207;
const CHOICES = 10;
const PLACED = 0.48;

const random = createSeededRandom(SEED);

/** 32 random bits. */
const word = (): number => Math.floor(random() * 0x1_0000_0000);

/** A flat string (as the pg driver gives; a template literal or `+` makes a cons string). */
const flat = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

function uuid(): string {
  const hex = [word(), word(), word(), word()].map((w) => w.toString(16).padStart(8, '0')).join('');
  return flat(
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`,
  );
}

const WORDS = [
  'Research', 'assistant', 'Bioinformatics', 'internship', 'Data', 'engineer', 'Clinical', 'trial',
  'coordinator', 'Postdoc', 'immunology', 'Lab', 'technician', 'Software', 'developer', 'Zürich',
  'Ångström', 'naïve', 'café', 'R&D', '“Quantum”', 'cell', 'biology', 'PhD', 'position', 'Leiden',
  'LUMC', 'Janssen', 'protein', 'modelling', '—', 'São', 'Paulo', '"Organoids"', 'team', 'lead',
  'vaccine', 'statistics', 'Ünïcödé', '中文', 'summer', 'school', 'back\\slash', 'genomics',
]; // prettier-ignore

function title(): string {
  const length = 20 + Math.floor(random() * 41);
  let text = WORDS[Math.floor(random() * WORDS.length)];
  while (text.length < length) text += ' ' + WORDS[Math.floor(random() * WORDS.length)];
  return flat(text.slice(0, length).trimEnd());
}

/** The decided publication: candidates' choices skewed towards popular opportunities, as bench:match's. */
function publication(candidates: number): {
  applications: DecidedApplications;
  decided: PackedDecisions;
  titles: OpportunityTitles;
} {
  const opportunities = Math.max(CHOICES, Math.round(candidates / 6));
  const candidateIds = Array.from({ length: candidates }, uuid);
  const opportunityIds = Array.from({ length: opportunities }, uuid);
  const n = candidates * CHOICES;
  const start = new Int32Array(candidates + 1);
  const code = new Int32Array(n);
  const placements = new Map<string, string>();
  for (let c = 0, p = 0; c < candidates; c++) {
    start[c] = p;
    const picked = new Set<number>();
    while (picked.size < CHOICES) picked.add(Math.floor(opportunities * random() ** 1.6));
    const choices = [...picked];
    // Status 1 (SHORTLISTED) for one choice in ten: a second kind of offer and of rejection.
    for (const o of choices) code[p++] = 4 * o + (random() < 0.1 ? 1 : 0);
    if (random() < PLACED) {
      placements.set(candidateIds[c], opportunityIds[choices[Math.floor(random() * CHOICES)]]);
    }
  }
  start[candidates] = n;
  const ids = new Uint8Array(16 * n);
  const words = new Uint32Array(ids.buffer);
  for (let w = 0; w < words.length; w++) words[w] = word();
  const statuses = [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED];
  const applications: DecidedApplications = { candidateIds, opportunityIds, start, code, statuses, ids };
  const decision = decidePlacements(placements, applications, {
    now: new Date('2026-12-07T10:00:00Z'),
    responseDeadline: new Date('2026-12-21T23:59:59Z'),
    rejectReason: 'not matched in round National 2026',
  });
  if (!decision.ok) throw new Error(decision.error.message);
  const titles = Array.from({ length: opportunities }, title);
  // By title, then id (code unit order here; the database's collation in a real round).
  const order = titles.map((_, o) => o);
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  order.sort((a, b) => compare(titles[a], titles[b]) || compare(opportunityIds[a], opportunityIds[b]));
  const rank = new Int32Array(opportunities);
  order.forEach((o, k) => (rank[o] = k));
  return { applications, decided: decision.decided, titles: { titles, rank } };
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

async function main(): Promise<void> {
  const candidates = argument('--candidates', 300_000);
  const runs = argument('--runs', 7);
  const { applications, decided, titles } = publication(candidates);
  process.stdout.write(
    `${candidates} candidates, ${applications.opportunityIds.length} opportunities, ` +
      `${decided.position.length} changes (${decided.offers} offers), median of ${runs} runs\n`,
  );
  const timings = {
    notices: { cpu: [] as number[], wall: [] as number[] },
    events: { cpu: [] as number[], wall: [] as number[] },
  };
  let hashes = '';
  for (let r = 0; r < runs; r++) {
    // The two in turn, as a publication writes them (its garbage collected in either's time).
    let wall = performance.now();
    let cpu = cpuMs();
    const notices = await roundOutcomeNotices(applications, decided, titles, 'National "2026"');
    timings.notices.cpu.push(cpuMs() - cpu);
    timings.notices.wall.push(performance.now() - wall);
    wall = performance.now();
    cpu = cpuMs();
    const events = await statusEventColumns(applications, decided);
    timings.events.cpu.push(cpuMs() - cpu);
    timings.events.wall.push(performance.now() - wall);
    if (r === 0) {
      const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
      hashes =
        `notices: userIds ${sha256(notices.userIds)}, messages ${sha256(notices.messages)} ` +
        `(${mb(notices.messages.length)} MB), data ${sha256(notices.data)} (${mb(notices.data.length)} MB)\n` +
        `events: columns ${sha256(events.columns)} (${mb(events.columns.length)} MB), ` +
        `${events.opportunityIds.length} opportunities\n`;
    }
  }
  process.stdout.write(hashes);
  for (const [name, t] of Object.entries(timings)) {
    const range = (v: number[]): string => `${Math.min(...v).toFixed(0)}-${Math.max(...v).toFixed(0)}`;
    process.stdout.write(
      `${name.padEnd(8)} ${median(t.cpu).toFixed(0).padStart(6)} ms CPU (${range(t.cpu)}) ` +
        `${median(t.wall).toFixed(0).padStart(6)} ms wall (${range(t.wall)})\n`,
    );
  }
}

void main();
