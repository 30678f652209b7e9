import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { prepareDatabase } from '../src/database/prepare-database';

/**
 * The Nest application as the benchmarks run it in process: `url`'s database migrated (no demo
 * data), then the app on it with test settings, no log and the rate limiter out of the way, listening
 * on a free port of 127.0.0.1. `env` adds or overrides settings.
 */
export async function startBenchApp(
  url: string,
  env: Record<string, string> = {},
): Promise<INestApplication> {
  await prepareDatabase(url, { seed: false });
  const app = await NestFactory.create(
    AppModule.forRoot({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    }),
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  return app;
}
