/**
 * Jest global setup of the `db` project: one PostgreSQL server for the whole run and a migrated
 * template database. (The `unit` project has no global setup: unit tests never start a database.)
 * - DATABASE_URL set: that server (CI uses the machine's PostgreSQL).
 * - DATABASE_URL unset: an embedded PostgreSQL (real binaries from npm) on a free port, its cluster in
 *   a folder `<tmp>/te-test-pg-<pid of this run>-XXXXXX` that the global teardown removes. A run that
 *   was killed cannot remove its folder: the next run removes every such folder whose run is gone
 *   (stopping the server left in it), and a failed setup removes its own at once.
 * Each test file then clones the template into a database of its own (test/utils/test-database.ts).
 *
 * Plain JS, like the teardown; the TypeScript modules it requires are compiled by Jest's transform
 * hook, which is active while global setup loads.
 */
const os = require('node:os');
const path = require('node:path');
const { chmod, mkdtemp, readdir, rm } = require('node:fs/promises');
const {
  startEmbeddedDatabase,
  ensureDatabase,
  recoverStaleServer,
  isAlive,
} = require('../../src/database/embedded-postgres');
const { prepareDatabase } = require('../../src/database/prepare-database');
const { Client } = require('pg');

const FOLDER = /^te-test-pg-(\d+)-/;

module.exports = async function globalSetup() {
  const template = `te_template_${process.pid}`;
  const prefix = `te_t_${process.pid}`;
  let serverUrl = process.env.DATABASE_URL;
  let embedded;
  let tempDir;
  const cleanup = async () => {
    if (serverUrl) await dropDatabases(serverUrl, template, prefix).catch(() => undefined);
    if (embedded) await embedded.stop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    // Running as root with a temp folder the 'postgres' user cannot enter, the cluster lived elsewhere.
    if (embedded && tempDir && !embedded.dataDir.startsWith(tempDir + path.sep)) {
      await rm(path.dirname(embedded.dataDir), { recursive: true, force: true });
    }
  };
  try {
    if (!serverUrl) {
      await removeFoldersOfEndedRuns();
      // In the temp folder, which the 'postgres' user can enter when the tests run as root.
      tempDir = await mkdtemp(path.join(os.tmpdir(), `te-test-pg-${process.pid}-`));
      await chmod(tempDir, 0o755);
      embedded = await startEmbeddedDatabase({ dataDir: path.join(tempDir, 'pg'), port: 0 });
      serverUrl = embedded.url;
    }
    await dropDatabases(serverUrl, template, prefix);
    const templateUrl = await ensureDatabase(serverUrl, template);
    await prepareDatabase(templateUrl, { seed: false });
  } catch (err) {
    await cleanup();
    throw err;
  }
  process.env.TE_TEST_SERVER_URL = serverUrl;
  process.env.TE_TEST_TEMPLATE = template;
  process.env.TE_TEST_PREFIX = prefix;
  globalThis.__TE_CLEANUP__ = cleanup;
};

/** Drops the template and the per-file databases of this run. */
async function dropDatabases(serverUrl, template, prefix) {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      template,
      `${prefix}_%`,
    ]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** Removes the te-test-pg folders of runs that ended without their teardown (killed, interrupted). */
async function removeFoldersOfEndedRuns() {
  for (const name of await readdir(os.tmpdir())) {
    const match = FOLDER.exec(name);
    if (!match || isAlive(Number(match[1]))) continue;
    const folder = path.join(os.tmpdir(), name);
    await recoverStaleServer(path.join(folder, 'pg'), () => undefined).catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
  }
}
