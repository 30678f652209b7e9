import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The one DataSource definition. The app (TypeOrmModule), the TypeORM CLI (data-source.ts)
 * and the test harness all build their options here.
 */
export function buildDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: { max: 10, application_name: 'talent-exchange' },
  };
}
