import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { isAlive, startEmbeddedDatabase } from '../../src/database/embedded-postgres';

const REPO = path.resolve(__dirname, '../..');
const JEST = require.resolve('jest/bin/jest');

interface Run {
  pid: number;
  code: number | null;
  output: string;
}

/** `npx jest <spec>` in a child process, the way a developer runs a file. */
function jest(spec: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [JEST, '--ci', spec],
      { cwd: REPO, env, timeout: 110_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ pid: child.pid ?? 0, code, output: stdout + stderr });
      },
    );
  });
}

function withoutDatabaseUrl(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  return env;
}

const foldersOf = (pid: number) => readdirSync(os.tmpdir()).filter((f) => f.startsWith(`te-test-pg-${pid}-`));

describe('npm test harness', () => {
  it('runs unit tests without a database: they pass with DATABASE_URL pointing at no server', async () => {
    const run = await jest('test/unit/core/fit/fit-score.spec.ts', {
      ...process.env,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:9/nothing-listens-here',
    });
    expect(run.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(run.code).toBe(0);
  });

  it('leaves no embedded PostgreSQL behind: neither its own nor one an interrupted run left', async () => {
    // What a killed run leaves: a te-test-pg folder of a process that is gone, its server still up.
    const endedPid = spawnSync(process.execPath, ['-e', '']).pid;
    expect(isAlive(endedPid)).toBe(false);
    const leftover = path.join(os.tmpdir(), `te-test-pg-${endedPid}-left`);
    await startEmbeddedDatabase({ dataDir: path.join(leftover, 'pg'), port: 0 });
    const leftoverServer = Number(
      readFileSync(path.join(leftover, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    expect(isAlive(leftoverServer)).toBe(true);

    const run = await jest('test/medium/template-database.spec.ts', withoutDatabaseUrl());
    expect(run.output).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(run.code).toBe(0);

    expect(foldersOf(run.pid)).toEqual([]);
    expect(existsSync(leftover)).toBe(false);
    expect(isAlive(leftoverServer)).toBe(false);
  });
});
