import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { StreamingPairUrls } from './streaming-replica-server';

/** A primary PostgreSQL and a hot standby streaming from it (see streaming-replica-server.ts). */
export interface StreamingPair extends StreamingPairUrls {
  /** Stops applying WAL on the replica: it keeps streaming, but its data stand still. */
  pauseReplay(): Promise<void>;
  /** Applies WAL again and waits until the replica has everything the primary committed. */
  catchUp(): Promise<void>;
  stop(): Promise<void>;
}

async function firstRow<T extends object>(url: string, text: string): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows[0];
  } finally {
    await client.end();
  }
}

export async function startStreamingPair(): Promise<StreamingPair> {
  const server: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'streaming-replica-server.ts')],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const urls = await new Promise<StreamingPairUrls>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as StreamingPairUrls);
    });
    server.once('exit', (code) => reject(new Error(`the PostgreSQL pair did not start (exit ${code})`)));
  });
  return {
    ...urls,
    pauseReplay: async () => {
      await firstRow(urls.replicaUrl, 'SELECT pg_wal_replay_pause()');
    },
    catchUp: async () => {
      await firstRow(urls.replicaUrl, 'SELECT pg_wal_replay_resume()');
      const { lsn } = await firstRow<{ lsn: string }>(
        urls.primaryUrl,
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      const until = Date.now() + 30_000;
      for (;;) {
        const { behind } = await firstRow<{ behind: boolean }>(
          urls.replicaUrl,
          `SELECT pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn AS behind`,
        );
        if (!behind) return;
        if (Date.now() > until) throw new Error('the replica did not catch up within 30 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      server.stdin?.end();
      await exited;
    },
  };
}
