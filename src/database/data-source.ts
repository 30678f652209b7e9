import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/**
 * Entry point for the TypeORM CLI (`npm run migration:generate -- src/database/migrations/Name`,
 * `migration:run`, `migration:revert`). Needs DATABASE_URL.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error(
    'DATABASE_URL must be set for the TypeORM CLI (e.g. postgres://postgres@127.0.0.1:5432/postgres)',
  );
}

export default new DataSource(buildDataSourceOptions(url));
