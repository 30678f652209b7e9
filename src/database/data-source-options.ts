import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The one DataSource definition. The app (TypeOrmModule), the TypeORM CLI (data-source.ts)
 * and the test harness all build their options here.
 *
 * `replicaUrls` (DATABASE_REPLICA_URLS) turns on TypeORM replication with `defaultMode: 'master'`:
 * every statement still goes to `url` (the primary), so reads see the writes before them; only code
 * that asks for a replica query runner (common/database/replica.ts) reads from a replica.
 */
export function buildDataSourceOptions(url: string, replicaUrls: readonly string[] = []): DataSourceOptions {
  return {
    type: 'postgres',
    ...(replicaUrls.length
      ? {
          replication: {
            master: { url },
            slaves: replicaUrls.map((replica) => ({ url: replica })),
            defaultMode: 'master' as const,
          },
        }
      : { url }),
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
