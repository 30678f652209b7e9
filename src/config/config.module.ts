import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Env, validateEnv } from './env.schema';

/**
 * Validated configuration. `overrides` win over process.env (main.ts passes the embedded
 * database URL and the development JWT secret; tests pass their own database).
 */
@Module({})
export class AppConfigModule {
  static forRoot(overrides: Partial<Record<keyof Env, string>> = {}) {
    return ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: true,
      validate: (raw) => ({ ...validateEnv({ ...raw, ...overrides }) }),
    });
  }
}

export type AppConfig = Env;
