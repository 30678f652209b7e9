import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Env } from '../config/env.schema';

/**
 * The API's own paths: never answered with the web app. GraphQL, health, the session routes, the
 * talent profile pages, the CSV exports; and a missing file under /assets is a 404, not the app.
 */
const API_PATHS = /^\/(graphql|health|auth|talent-profile|shared|analytics|assets)(\/|$)/;

/** Hashed assets never change: cached for a year. Everything else is revalidated on every visit. */
function setCacheHeaders(res: Response, file: string): void {
  const hashed = file.includes(`${path.sep}assets${path.sep}`);
  res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * The React web app (web/, built by Vite into WEB_APP_DIR) at /, beside the API: its files through
 * express.static, and a single-page-app fallback that answers any other GET for a page with
 * index.html, so the app's router takes over. Registered when the module starts (after the API's
 * routes), also in test apps, where @nestjs/serve-static finds no HTTP adapter yet and stays silent.
 */
@Module({})
export class WebAppModule implements OnModuleInit {
  private readonly logger = new Logger('WebApp');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ConfigService<Env, true>,
  ) {}

  onModuleInit(): void {
    const root = path.resolve(this.config.get('WEB_APP_DIR', { infer: true }));
    const index = path.join(root, 'index.html');
    if (!existsSync(index)) {
      this.logger.warn(`The web app is not built (${root}): run npm run build:web. Serving the API only.`);
      return;
    }
    const app = this.adapterHost.httpAdapter.getInstance<express.Express>();
    app.use(express.static(root, { index: false, setHeaders: setCacheHeaders }));
    app.get('/{*page}', (req: Request, res: Response, next: NextFunction) => {
      if (API_PATHS.test(req.path) || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
}
