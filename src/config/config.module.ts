import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Env, validateEnv } from './env.schema';

/**
 * Validated configuration. `overrides` win over process.env (main.ts passes the embedded
 * database URL and the development JWT secret; tests pass their own database). `forServer: false`
 * for commands that serve nothing (no JWT_SECRET needed).
 */
@Module({})
export class AppConfigModule {
  static forRoot(overrides: Partial<Record<keyof Env, string>> = {}, opts: { forServer?: boolean } = {}) {
    return ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: true,
      validate: (raw) => ({ ...validateEnv({ ...raw, ...overrides }, opts) }),
    });
  }
}

export type AppConfig = Env;
