import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Env, replicaUrls } from '../config/env.schema';
import { buildDataSourceOptions } from './data-source-options';

/** The app's DataSource, from the validated configuration (the API and the admin command alike). */
export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<Env, true>) => {
    const url = config.get('DATABASE_URL', { infer: true });
    if (!url)
      throw new Error('DATABASE_URL is not set (main.ts starts an embedded database when it is missing)');
    return buildDataSourceOptions(url, {
      replicaUrls: replicaUrls({
        DATABASE_REPLICA_URLS: config.get('DATABASE_REPLICA_URLS', { infer: true }),
      }),
      poolSize: config.get('DATABASE_POOL_SIZE', { infer: true }),
    });
  },
});
