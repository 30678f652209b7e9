import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppModule } from './app.module';
import { ConfigValidationError, Env, validateEnv } from './config/env.schema';
import {
  EmbeddedDatabase,
  EmbeddedDatabaseError,
  ensureDatabase,
  startEmbeddedDatabase,
} from './database/embedded-postgres';
import { prepareDatabase } from './database/prepare-database';

async function bootstrap(): Promise<void> {
  const env = validateEnv(process.env);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    // Where its data is gets logged by the start itself (running as root it may be outside DATA_DIR).
    console.log('DATABASE_URL is unset: starting the embedded PostgreSQL');
    embedded = await startEmbeddedDatabase({
      dataDir: path.join(env.DATA_DIR, 'pg'),
      port: env.EMBEDDED_PG_PORT,
      log: (message) => console.log(message),
    });
    databaseUrl = await ensureDatabase(embedded.url, 'talent_exchange');
  }
  try {
    const prepared = await prepareDatabase(databaseUrl, { seed: env.SEED_DEMO_DATA === 'true' });
    if (prepared.migrationsApplied.length)
      console.log(`applied migrations: ${prepared.migrationsApplied.join(', ')}`);
    if (prepared.seeded) console.log('loaded the demo data (see README: demo logins)');

    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({
        DATABASE_URL: databaseUrl,
        JWT_SECRET: env.JWT_SECRET ?? (await developmentSecret(env)),
      }),
      { bufferLogs: true },
    );
    app.useLogger(app.get(Logger));
    app.disable('x-powered-by');
    await app.listen(env.PORT);
    console.log(`Talent Exchange API at http://localhost:${env.PORT}/graphql (health: /health)`);

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      console.log(`${signal}: closing the API, then the database`);
      await app.close(); // finishes in-flight requests first
      await embedded?.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/** Outside production a missing JWT_SECRET is generated once and kept under DATA_DIR. */
async function developmentSecret(env: Env): Promise<string> {
  const file = path.resolve(env.DATA_DIR, 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigValidationError || err instanceof EmbeddedDatabaseError) {
    console.error(err.message);
  } else {
    console.error('Talent Exchange failed to start:', err);
  }
  process.exit(1);
});
