import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { RunInputParts } from '../src/core/rounds/round-input-parts';
import { EmbeddedDatabase, ensureDatabase, startEmbeddedDatabase } from '../src/database/embedded-postgres';

/**
 * Runs `work` with a fresh database `<prefix>_<pid>` on DATABASE_URL's server, or on an embedded
 * PostgreSQL in a temporary folder when DATABASE_URL is unset; drops it afterwards (and stops and
 * removes the embedded server), unless `keep` (with DATABASE_URL only). With `template` (DATABASE_URL
 * only) the database is a copy of that one (`CREATE DATABASE ... TEMPLATE`: a file copy, which needs
 * nobody connected to the template), which is left as it was.
 */
export async function withBenchDatabase<T>(
  prefix: string,
  opts: { keep: boolean; template?: string | null },
  work: (db: { name: string; url: string }) => Promise<T>,
): Promise<T> {
  if (opts.template && !process.env.DATABASE_URL) throw new Error('a template database needs DATABASE_URL');
  let embedded: EmbeddedDatabase | undefined;
  let tempDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'te-bench-pg-'));
    await chmod(tempDir, 0o755);
    console.log(`DATABASE_URL is unset: starting an embedded PostgreSQL in ${tempDir}`);
    embedded = await startEmbeddedDatabase({ dataDir: path.join(tempDir, 'pg'), port: 0 });
    serverUrl = embedded.url;
  }
  const name = `${prefix}_${process.pid}`;
  /** Runs `sql` on the server's default database; the first row's column `v`, if any. */
  const admin = async (sql: string): Promise<unknown> => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    try {
      return ((await c.query(sql)).rows[0] as { v?: unknown } | undefined)?.v;
    } finally {
      await c.end();
    }
  };
  try {
    await admin(`DROP DATABASE IF EXISTS "${name}"`);
    if (opts.template) {
      // FILE_COPY (PostgreSQL 15+): a checkpoint and a copy of the files, not every block of a seeded
      // national call (several GB) through the WAL, which is the default since 15.
      const version = Number((await admin(`SELECT current_setting('server_version_num') AS v`)) ?? 0);
      const strategy = version >= 150000 ? ' STRATEGY FILE_COPY' : '';
      await admin(`CREATE DATABASE "${name}" TEMPLATE "${opts.template.replace(/"/g, '""')}"${strategy}`);
    }
    return await work({ name, url: await ensureDatabase(serverUrl, name) });
  } finally {
    if (opts.keep && !embedded) {
      console.log(`kept database ${name} (--keep)`);
    } else {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((err: Error) =>
        console.error(`could not drop ${name}: ${err.message}`),
      );
    }
    if (embedded) await embedded.stop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

/** USER_HZ of Linux /proc/<pid>/stat times. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (ms, user + system) the processes have used so far, from /proc (Linux, local processes
 * only; null when one cannot be read). Wall-clock latency on a busy machine includes waiting for a
 * core; CPU time does not.
 */
export async function cpuTimeMs(pids: readonly number[]): Promise<number | null> {
  try {
    let ms = 0;
    for (const pid of pids) ms += cpuMsOfStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
    return ms;
  } catch {
    return null;
  }
}

/** The CPU time (ms, user + system) a /proc/<pid>/stat text gives. */
function cpuMsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * The CPU time (ms, user + system) of each PostgreSQL process on this machine so far, by pid, from
 * /proc (empty when the server runs elsewhere or /proc cannot be read).
 */
export function postgresCpuMs(): Map<number, number> {
  const cpu = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return cpu;
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres')
        cpu.set(Number(entry), cpuMsOfStat(stat));
    } catch {
      // gone meanwhile
    }
  }
  return cpu;
}

/**
 * The machine's CPU time so far over all its cores (ms), and of it idle (idle and waiting for I/O),
 * from /proc/stat; null where there is none.
 */
export function machineCpuMs(): { total: number; idle: number } | null {
  try {
    // cpu  user nice system idle iowait irq softirq steal ...: in USER_HZ.
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const ms = (ticks: number): number => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    return { total: ms(fields.reduce((a, b) => a + b, 0)), idle: ms(fields[3] + fields[4]) };
  } catch {
    return null;
  }
}

/**
 * The CPU time (ms, user + system) the connection's PostgreSQL backend has used so far, read from
 * /proc on each call (a local server only): comparable under load, unlike the wall clock.
 */
export async function backendCpuOf(client: Client): Promise<() => number> {
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  return () => cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** A stored run's rows per candidate read back as the parts the solver thread hands over. */
export async function storedCandidateParts(
  client: Client,
  runId: string,
): Promise<RunInputParts['candidates']> {
  const rows = (
    await client.query<{ c: string; ch: string; o: string; l: string; f: string; p: string }>(
      `SELECT candidate_id::text AS c, array_to_string(choices, ',') AS ch, array_to_string(own_choices, ',') AS o,
              array_to_string(listed_by, ',') AS l, array_to_string(full_choices, ',') AS f,
              COALESCE(pre_assigned_to::text, '') AS p
         FROM round_run_candidates WHERE run_id = $1 ORDER BY candidate_id`,
      [runId],
    )
  ).rows;
  return {
    candidateIds: rows.map((r) => r.c),
    choices: rows.map((r) => r.ch),
    own: rows.map((r) => r.o),
    listedBy: rows.map((r) => r.l),
    full: rows.map((r) => r.f),
    preAssigned: rows.map((r) => r.p),
  };
}
