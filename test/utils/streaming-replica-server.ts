/**
 * A primary PostgreSQL and a hot standby streaming from it, both from the embedded binaries, with the
 * migrated database `te` on the primary. Run in a process of its own by test/utils/streaming-replica.ts
 * (Jest cannot load the ES-module binaries packages inside a test file); prints the URLs as one JSON
 * line, and stops both servers when its standard input closes.
 *
 * The replica is made the way an operator would without pg_basebackup: a copy of the stopped
 * primary's data folder, with `standby.signal` and `primary_conninfo`. Needs only initdb and postgres.
 */
import { execFileSync } from 'node:child_process';
import { appendFile, chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  EmbeddedDatabase,
  ensureDatabase,
  startEmbeddedDatabase,
} from '../../src/database/embedded-postgres';
import { prepareDatabase } from '../../src/database/prepare-database';

export interface StreamingPairUrls {
  /** Maintenance-database URLs of the two servers. */
  primaryUrl: string;
  replicaUrl: string;
  /** The migrated database `te`, on the primary and (read-only) on the replica. */
  primaryDbUrl: string;
  replicaDbUrl: string;
}

async function firstRow<T extends object>(url: string, text: string): Promise<T | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows[0];
  } finally {
    await client.end();
  }
}

const withDatabase = (server: EmbeddedDatabase, database: string): string => {
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return url.toString();
};

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'te-replica-'));
  await chmod(dir, 0o755); // the postgres user must reach the data folders when we run as root
  const servers: EmbeddedDatabase[] = [];
  const stop = async () => {
    for (const server of servers.reverse()) await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const first = await startEmbeddedDatabase({ dataDir: path.join(dir, 'primary'), port: 0 });
    servers.push(first);
    await prepareDatabase(await ensureDatabase(first.url, 'te'), { seed: false });
    await first.stop();
    servers.pop();

    execFileSync('cp', ['-a', path.join(dir, 'primary'), path.join(dir, 'replica')]);
    await copyFile(path.join(dir, 'primary.password'), path.join(dir, 'replica.password'));
    const primary = await startEmbeddedDatabase({ dataDir: path.join(dir, 'primary'), port: 0 });
    servers.push(primary);
    const password = (await readFile(path.join(dir, 'primary.password'), 'utf8')).trim();
    await writeFile(path.join(dir, 'replica', 'standby.signal'), '');
    await appendFile(
      path.join(dir, 'replica', 'postgresql.auto.conf'),
      `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres password=${password} application_name=te_replica'\n`,
    );
    const replica = await startEmbeddedDatabase({ dataDir: path.join(dir, 'replica'), port: 0 });
    servers.push(replica);

    const deadline = Date.now() + 30_000;
    while (
      (await firstRow<{ state: string }>(primary.url, 'SELECT state FROM pg_stat_replication'))?.state !==
      'streaming'
    ) {
      if (Date.now() > deadline) throw new Error('the replica did not start streaming within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const urls: StreamingPairUrls = {
      primaryUrl: primary.url,
      replicaUrl: replica.url,
      primaryDbUrl: withDatabase(primary, 'te'),
      replicaDbUrl: withDatabase(replica, 'te'),
    };
    process.stdout.write(`${JSON.stringify(urls)}\n`);
    process.stdin.resume();
    await new Promise((resolve) => process.stdin.once('end', resolve));
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
