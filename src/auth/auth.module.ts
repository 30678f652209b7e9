import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import cookieParser from 'cookie-parser';
import { DataSource } from 'typeorm';
import { AccessTokens } from '../common/auth/access-tokens';
import { createSecretKey } from 'node:crypto';
import { AuthGuard } from '../common/auth/auth.guard';
import { GqlThrottlerGuard, LOGIN_THROTTLER } from '../common/auth/gql-throttler.guard';
import { MemoryThrottlerStorage } from '../common/auth/memory-throttler.storage';
import { PostgresThrottlerStorage } from '../common/auth/postgres-throttler.storage';
import { SessionCheck } from '../common/auth/session-check';
import { Env } from '../config/env.schema';
import { UsersModule } from '../users/users.module';
import { AccountActivity } from './account-activity';
import { AccountActivityRepository } from './account-activity.repository';
import { AuthSessionsRepository } from './auth-sessions.repository';
import { AuthSessionsService } from './auth-sessions.service';
import { AuthController } from './auth.controller';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { AccountActivityEntity } from './entities/account-activity.entity';
import { AuthSessionEntity, RefreshTokenEntity } from './entities/auth-session.entity';
import { LiveSessions } from './live-sessions';

@Module({
  imports: [
    UsersModule,
    TypeOrmModule.forFeature([AuthSessionEntity, RefreshTokenEntity, AccountActivityEntity]),
    JwtModule.registerAsync({
      global: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => {
        // A key object made once: given the secret as a string, jsonwebtoken parses it on every sign
        // and verify, first as a PEM public key, which throws (about a fifth of the CPU of `me`).
        const secret = config.get('JWT_SECRET', { infer: true });
        if (!secret) throw new Error('JWT_SECRET is not set (main.ts generates one outside production)');
        const key = createSecretKey(Buffer.from(secret, 'utf8'));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: 'HS256', issuer: 'talent-exchange' },
          verifyOptions: { algorithms: ['HS256'], issuer: 'talent-exchange' },
        };
      },
    }),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, DataSource],
      useFactory: (config: ConfigService<Env, true>, dataSource: DataSource) => ({
        // Counters in this process (one instance), or in PostgreSQL (shared by every instance).
        storage:
          config.get('RATE_LIMIT_STORE', { infer: true }) === 'postgres'
            ? new PostgresThrottlerStorage(dataSource)
            : new MemoryThrottlerStorage(),
        throttlers: [
          { name: 'default', ttl: 60_000, limit: config.get('RATE_LIMIT_PER_MINUTE', { infer: true }) },
          {
            name: LOGIN_THROTTLER,
            ttl: 60_000,
            limit: config.get('LOGIN_RATE_LIMIT_PER_MINUTE', { infer: true }),
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthResolver,
    AuthSessionsRepository,
    AuthSessionsService,
    AccountActivityRepository,
    AccountActivity,
    AccessTokens,
    LiveSessions,
    { provide: SessionCheck, useExisting: LiveSessions },
    // Order matters: throttle first (also anonymous traffic), then authenticate.
    { provide: APP_GUARD, useClass: GqlThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessTokens, AuthSessionsService, AccountActivity],
})
export class AuthModule implements NestModule {
  /** The refresh cookie is read on the /auth routes only (docs.nestjs.com/techniques/cookies). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(cookieParser()).forRoutes(AuthController);
  }
}
