import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceSettings {
  /** Read replicas (DATABASE_REPLICA_URLS); none by default. */
  replicaUrls?: readonly string[];
  /** Most connections a pool opens (DATABASE_POOL_SIZE for the app; 10 by default). */
  poolSize?: number;
}

/**
 * The one DataSource definition. The app (TypeOrmModule), the TypeORM CLI (data-source.ts),
 * the migrate step and the test harness all build their options here.
 *
 * `replicaUrls` (DATABASE_REPLICA_URLS) turns on TypeORM replication with `defaultMode: 'master'`:
 * every statement still goes to `url` (the primary), so reads see the writes before them; only code
 * that asks for a replica query runner (common/database/replica.ts) reads from a replica. With
 * replicas, `poolSize` applies to each pool (the primary's and every replica's).
 */
export function buildDataSourceOptions(url: string, settings: DataSourceSettings = {}): DataSourceOptions {
  const replicaUrls = settings.replicaUrls ?? [];
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
    extra: { max: settings.poolSize ?? 10, application_name: 'talent-exchange' },
  };
}
