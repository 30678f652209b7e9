import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger as PinoLogger } from 'pino';
import { AppModule } from './app.module';
import { processLogger } from './common/logging/logger.options';
import { ConfigValidationError, Env, seedsDemoData, validateEnv } from './config/env.schema';
import type { EmbeddedDatabase } from './database/embedded-postgres';
import { prepareDatabase } from './database/prepare-database';

/** Start-up and crash messages: JSON lines like the app's own (LOG_LEVEL once it is known). */
let log: PinoLogger = processLogger(process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info', 'startup');

async function bootstrap(): Promise<void> {
  const env = validateEnv(process.env);
  log = processLogger(env.LOG_LEVEL, 'startup');
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    // Loaded only here: the embedded PostgreSQL is a development dependency. Where its data is gets
    // logged by the start itself (running as root it may be outside DATA_DIR).
    const { startEmbeddedDatabase, ensureDatabase } = await import('./database/embedded-postgres');
    log.info('DATABASE_URL is unset: starting the embedded PostgreSQL');
    embedded = await startEmbeddedDatabase({
      dataDir: path.join(env.DATA_DIR, 'pg'),
      port: env.EMBEDDED_PG_PORT,
      log: (message) => log.info(message),
    });
    databaseUrl = await ensureDatabase(embedded.url, 'talent_exchange');
  }
  try {
    const prepared = await prepareDatabase(databaseUrl, { seed: seedsDemoData(env) });
    if (prepared.waitedMs >= 1000)
      log.info({ waitedMs: prepared.waitedMs }, 'waited for another instance preparing the database');
    if (prepared.migrationsApplied.length)
      log.info({ migrations: prepared.migrationsApplied }, 'applied migrations');
    if (prepared.seeded) log.info('loaded the demo data (demo logins: see the README)');

    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({
        DATABASE_URL: databaseUrl,
        JWT_SECRET: env.JWT_SECRET ?? (await developmentSecret(env)),
      }),
      { bufferLogs: true },
    );
    app.useLogger(app.get(Logger));
    await app.listen(env.PORT);
    const { port } = app.getHttpServer().address() as AddressInfo; // PORT=0 picks a free one
    log.info(
      { port, nodeEnv: env.NODE_ENV },
      `Talent Exchange API at http://localhost:${port}/graphql (health: /health)`,
    );

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      log.info({ signal }, 'closing the API, then the database');
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

/** A configuration or embedded-database problem is the operator's to fix: its message says how. */
function isExplained(err: unknown): err is Error {
  return (
    err instanceof ConfigValidationError || (err instanceof Error && err.name === 'EmbeddedDatabaseError')
  );
}

process.on('uncaughtException', (err) => {
  log.fatal({ err }, 'uncaught exception: stopping');
  process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  log.fatal({ err: reason }, 'unhandled promise rejection: stopping');
  process.exit(1);
});

bootstrap().catch((err: unknown) => {
  if (isExplained(err)) log.fatal(err.message);
  else log.fatal({ err }, 'Talent Exchange failed to start');
  process.exit(1);
});
