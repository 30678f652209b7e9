import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthGuard } from '../common/auth/auth.guard';
import { GqlThrottlerGuard, LOGIN_THROTTLER } from '../common/auth/gql-throttler.guard';
import { Env } from '../config/env.schema';
import { UsersModule } from '../users/users.module';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      global: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        secret: config.get('JWT_SECRET', { infer: true }),
        signOptions: { algorithm: 'HS256', issuer: 'talent-exchange' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'talent-exchange' },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
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
  providers: [
    AuthService,
    AuthResolver,
    // Order matters: throttle first (also anonymous traffic), then authenticate.
    { provide: APP_GUARD, useClass: GqlThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
