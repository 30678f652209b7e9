import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { seedDemoData } from './seeds/demo.seed';

export interface PrepareResult {
  migrationsApplied: string[];
  seeded: boolean;
}

/** Applies pending migrations and, on an empty database, loads the demo data. */
export async function prepareDatabase(url: string, opts: { seed: boolean }): Promise<PrepareResult> {
  const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const seeded = opts.seed ? await seedDemoData(dataSource) : false;
    return { migrationsApplied: applied.map((m) => m.name), seeded };
  } finally {
    await dataSource.destroy();
  }
}
