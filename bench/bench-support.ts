import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase, ensureDatabase, startEmbeddedDatabase } from '../src/database/embedded-postgres';

/**
 * Runs `work` with a fresh database `<prefix>_<pid>` on DATABASE_URL's server, or on an embedded
 * PostgreSQL in a temporary folder when DATABASE_URL is unset; drops it afterwards (and stops and
 * removes the embedded server), unless `keep` (with DATABASE_URL only).
 */
export async function withBenchDatabase<T>(
  prefix: string,
  opts: { keep: boolean },
  work: (db: { name: string; url: string }) => Promise<T>,
): Promise<T> {
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
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  try {
    await admin(`DROP DATABASE IF EXISTS "${name}"`);
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
    let ticks = 0;
    for (const pid of pids) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
