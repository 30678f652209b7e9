/**
 * npm run bench:round-load -- --database NAME [--repeat 3]
 *
 * A run's loading alone (`RoundLoader.load`), repeated on a database kept by `bench:round --keep`
 * (on DATABASE_URL's server): the round's latest run is loaded the way `RoundRunsService` loads it
 * (round and opportunities locked, then the loader), in a transaction rolled back afterwards, so the
 * same data can be loaded again by another version of the code. A kept database holds the round after
 * its publication: put its applications back first (`UPDATE applications SET status = 'SUBMITTED'
 * WHERE status IN ('OFFERED', 'REJECTED')` and `DELETE FROM application_transition_groups WHERE
 * closes`: a publication records its rejections as closures, migration 1795980000000; then `VACUUM
 * FULL ANALYZE applications`).
 *
 * Prints per step the wall clock, this process's CPU time and the CPU time of the PostgreSQL
 * backend that served the transaction (from /proc: PostgreSQL on this machine), and a digest of what
 * was loaded (two versions of the loader must print the same digest).
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { PlacementContext } from '../src/applications/placement-context';
import { RoundLoader, LoadedRound } from '../src/rounds/round-loader';
import { PhaseClock } from '../src/rounds/phase-clock';
import { RoundsRepository } from '../src/rounds/rounds.repository';

const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

/** CPU time (ms) of a local process, from /proc (USER_HZ = 100). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The PostgreSQL backends connected to this database (their process titles name it). */
function backendsOf(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** A PhaseClock that also records a PostgreSQL backend's CPU time per step. */
class BackendClock extends PhaseClock {
  readonly backend: Record<string, number> = {};
  private lastBackend: number;

  constructor(private readonly pids: () => number[]) {
    super();
    this.lastBackend = this.backendCpu();
  }

  private backendCpu(): number {
    let sum = 0;
    for (const pid of this.pids()) {
      try {
        sum += processCpuMs(pid);
      } catch {
        // gone meanwhile
      }
    }
    return sum;
  }

  override mark(step: string): void {
    super.mark(step);
    const now = this.backendCpu();
    this.backend[step] = (this.backend[step] ?? 0) + now - this.lastBackend;
    this.lastBackend = now;
  }
}

/** Each candidate's assessments (groups of four numbers) in one order: PostgreSQL aggregates them unordered. */
function canonicalAssessments(text: string): string {
  return text
    .split(';')
    .map((group) => {
      // A value is what stands between commas: a group may start with one (`fitFactsRowsOfChoosers`).
      const values = group.split(',').filter((v) => v !== '');
      const tuples: string[] = [];
      for (let k = 0; k < values.length; k += 4) tuples.push(values.slice(k, k + 4).join(','));
      return tuples.sort().join(',');
    })
    .join(';');
}

function digestOf(loaded: LoadedRound): string {
  const hash = createHash('sha256');
  const { read } = loaded;
  const round = loaded.round.readFitFacts
    ? {
        ...loaded.round,
        readFitFacts: {
          ...loaded.round.readFitFacts,
          assessments: canonicalAssessments(loaded.round.readFitFacts.assessments),
          profilesJson: JSON.stringify(JSON.parse(loaded.round.readFitFacts.profilesJson)),
        },
      }
    : loaded.round;
  hash.update(JSON.stringify(read.candidateIds));
  for (const a of [read.start, read.code]) hash.update(new Uint8Array(a.buffer));
  hash.update(read.ids);
  hash.update(
    JSON.stringify(round, (_key, value: unknown) =>
      ArrayBuffer.isView(value) ? Array.from(value as Int32Array) : value instanceof Map ? [...value] : value,
    ),
  );
  return hash.digest('hex').slice(0, 16);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--database');
  if (at < 0 || !process.env.DATABASE_URL) throw new Error('usage: --database NAME, with DATABASE_URL');
  const database = process.argv[at + 1];
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${database}`;
  const r = process.argv.indexOf('--repeat');
  const repeat = r < 0 ? 3 : Number(process.argv[r + 1]);
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(
      AppModule.forRoot({
        NODE_ENV: 'test',
        DATABASE_URL: url.toString(),
        JWT_SECRET,
        LOG_LEVEL: 'silent',
        RATE_LIMIT_PER_MINUTE: '1000000',
        PASSWORD_HASH_PROFILE: 'FAST',
      }),
      { logger: false },
    );
    await app.init();
    app.get(SchedulerRegistry).deleteInterval('round-runs');
    const ds = app.get(DataSource);
    const repo = app.get(RoundsRepository);
    const context = app.get(PlacementContext);
    const loader = app.get(RoundLoader);
    const [{ id: runId }]: { id: string }[] = await ds.query(
      `SELECT id FROM round_runs ORDER BY created_at DESC LIMIT 1`,
    );
    for (let k = 0; k < repeat; k++) {
      const load = os.loadavg()[0];
      const rolledBack = new Error('rolled back');
      let line = '';
      await ds
        .transaction(async (em) => {
          const run = await repo.findRun(runId, em);
          const round = run && (await repo.findRound(run.roundId, em, 'pessimistic_write'));
          if (!run || !round) throw new Error('no run to load');
          const ids = (await repo.findRoundOpportunities([round.id], em)).map((o) => o.opportunityId);
          const opportunities = await context.roundOpportunities(ids, true, em);
          const clock = new BackendClock(() => backendsOf(database));
          const t0 = performance.now();
          const loaded = await loader.load(round, run, opportunities, em, clock);
          const total = performance.now() - t0;
          const steps = Object.keys(clock.steps)
            .map(
              (s) =>
                `${s} ${Math.round(clock.steps[s])}/${Math.round(clock.cpu[s])}/${Math.round(clock.backend[s])}`,
            )
            .join(', ');
          line =
            `load ${Math.round(total)} ms (${loaded.read.candidateIds.length} candidates, digest ${digestOf(loaded)}; ` +
            `load average ${load.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}): ${steps}`;
          throw rolledBack;
        })
        .catch((err: unknown) => {
          if (err !== rolledBack) throw err;
        });
      console.log(line);
    }
    console.log('steps: wall ms / this process CPU ms / PostgreSQL backends CPU ms');
  } finally {
    await app?.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
