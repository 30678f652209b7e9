import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { seedDemoData } from './seeds/demo.seed';

export interface PrepareResult {
  migrationsApplied: string[];
  seeded: boolean;
  /** How long this process waited for another one preparing the same database. */
  waitedMs: number;
}

/** Names the session-level advisory lock held while a process migrates and seeds. */
export const PREPARE_LOCK = 'talent-exchange:prepare-database';

/**
 * Applies pending migrations and, when `seed` is set and the database holds no data yet, loads the
 * demo data. Instances starting at once on one database take turns: the first migrates under a
 * PostgreSQL advisory lock, the others wait for it and then find nothing left to do. The lock belongs
 * to a connection of its own, so a process that dies mid-way releases it with its connection.
 */
export async function prepareDatabase(url: string, opts: { seed: boolean }): Promise<PrepareResult> {
  const lock = new Client({ connectionString: url, application_name: 'talent-exchange:migrate' });
  await lock.connect();
  try {
    const started = Date.now();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [PREPARE_LOCK]);
    const waitedMs = Date.now() - started;
    const dataSource = await new DataSource(buildDataSourceOptions(url, { poolSize: 2 })).initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      const seeded = opts.seed ? await seedDemoData(dataSource) : false;
      return { migrationsApplied: applied.map((m) => m.name), seeded, waitedMs };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    // Ending the session releases the lock, also when a query above failed.
    await lock.end();
  }
}
