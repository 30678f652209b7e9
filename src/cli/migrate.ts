/**
 * Migrate-only command: `node dist/cli/migrate.js` (in the image), `npm run migrate` (from a clone).
 *
 * Applies the pending migrations to DATABASE_URL under the same advisory lock as a start, loads the
 * demo data only when SEED_DEMO_DATA=true is set explicitly, and exits: 0 when the database is up to
 * date, 1 (with the reason as a JSON log line) otherwise. Deployments run it once before they start
 * or roll the API instances.
 */
import 'reflect-metadata';
import { processLogger } from '../common/logging/logger.options';
import { ConfigValidationError, validateEnv } from '../config/env.schema';
import { prepareDatabase } from '../database/prepare-database';

async function migrate(): Promise<void> {
  const log = processLogger(process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info', 'migrate');
  try {
    const env = validateEnv(process.env, { forServer: false });
    if (!env.DATABASE_URL) {
      throw new ConfigValidationError(
        'Invalid configuration: the migrate command needs DATABASE_URL (postgres://user:password@host:5432/database)',
      );
    }
    const result = await prepareDatabase(env.DATABASE_URL, { seed: env.SEED_DEMO_DATA === 'true' });
    log.info(
      { migrations: result.migrationsApplied, seeded: result.seeded, waitedMs: result.waitedMs },
      result.migrationsApplied.length
        ? `applied ${result.migrationsApplied.length} migration(s)`
        : 'the database is up to date',
    );
  } catch (err) {
    if (err instanceof ConfigValidationError) log.fatal(err.message);
    else log.fatal({ err }, 'migrating the database failed');
    process.exitCode = 1;
  }
}

void migrate();
