import { MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { Env } from '../../config/env.schema';
import { parseTrustProxy } from '../../config/trust-proxy';
import { securityHeaders } from './security-headers';

/**
 * What every HTTP answer gets, in tests as in production: security headers (helmet) on every route,
 * and the client address Express reports (`req.ip`, which the rate limits key on) taken from
 * X-Forwarded-For only as far as TRUST_PROXY says.
 */
@Module({})
export class HttpHardeningModule implements NestModule, OnModuleInit {
  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter.getInstance<Express>();
    express.set('trust proxy', parseTrustProxy(this.config.get('TRUST_PROXY', { infer: true })));
    express.disable('x-powered-by');
  }

  configure(consumer: MiddlewareConsumer): void {
    const production = this.config.get('NODE_ENV', { infer: true }) === 'production';
    const publicUrl = this.config.get('PUBLIC_BASE_URL', { infer: true });
    consumer
      .apply(
        securityHeaders({
          sandbox: !production,
          upgradeInsecureRequests: publicUrl?.startsWith('https://') ?? false,
        }),
      )
      .forRoutes('{*path}');
  }
}
