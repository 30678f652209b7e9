import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

import {
  EmbeddedDatabase,
  ROOT_SYSTEM_DIR,
  startEmbeddedDatabase,
} from '../../src/database/embedded-postgres';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const asRoot = process.getuid?.() === 0;

/**
 * What `npm start` and `npm test` do on a fresh machine with DATABASE_URL unset: a clone in a folder
 * only its owner may enter (`mktemp -d` is 0700), as root in a container or a new cloud VM.
 */
describe('the embedded PostgreSQL of a project in a folder only its owner can enter', () => {
  let project = '';
  let dataDir = '';
  const servers: EmbeddedDatabase[] = [];
  beforeAll(() => {
    project = mkdtempSync(path.join(os.tmpdir(), 'te-private-project-'));
    dataDir = path.join(project, '.data', 'pg');
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    if (project) rmSync(project, { recursive: true, force: true });
    const home = servers[0] && path.dirname(servers[0].dataDir);
    if (home && home.startsWith(`${ROOT_SYSTEM_DIR}${path.sep}`))
      rmSync(home, { recursive: true, force: true });
  });

  it('starts in a 0700 folder, and keeps its data across a restart', async () => {
    expect(statSync(project).mode & 0o777).toBe(0o700);
    const first = await startEmbeddedDatabase({ dataDir, port: 0 });
    servers.push(first);
    await query(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survives a restart')`);
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir, port: 0 });
    servers.push(second);
    expect(second.dataDir).toBe(first.dataDir);
    expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'survives a restart' }]);
  });

  it(
    asRoot
      ? "runs as root with a cluster the 'postgres' user owns, outside the private folder"
      : 'keeps the cluster in the data folder it was given',
    () => {
      const cluster = servers[0].dataDir;
      if (asRoot) {
        const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
        expect(cluster.startsWith(`${ROOT_SYSTEM_DIR}${path.sep}`)).toBe(true);
        expect(statSync(cluster).uid).toBe(postgresUid);
        expect(statSync(cluster).mode & 0o777).toBe(0o700);
      } else {
        expect(cluster).toBe(dataDir);
      }
    },
  );
});
