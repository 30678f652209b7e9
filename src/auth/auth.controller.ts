import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CookieOptions, Request, Response } from 'express';
import { LoginRateLimit, Public } from '../common/auth/decorators';
import { Env } from '../config/env.schema';
import { AuthService, BrowserSession } from './auth.service';
import { LoginArgs } from './dto/login.args';
import { SessionAnswer } from './models/session-answer.model';
import { SameOriginGuard } from './same-origin.guard';
import { isSessionCookieSecure, SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

/**
 * Cookie sessions for the web app (docs/web-app-api.md). Plain HTTP routes, not GraphQL, so that the
 * refresh cookie can be scoped to Path=/auth: it never travels with /graphql requests, and the GraphQL
 * API stays bearer-only. Each answer carries a fresh access token for the Authorization header.
 */
@Controller('auth')
@UseGuards(SameOriginGuard)
@Public()
export class AuthController {
  private readonly cookie: CookieOptions;

  constructor(
    private readonly auth: AuthService,
    config: ConfigService<Env, true>,
  ) {
    this.cookie = sessionCookieOptions(
      isSessionCookieSecure(
        config.get('NODE_ENV', { infer: true }),
        config.get('SESSION_COOKIE_SECURE', { infer: true }),
      ),
    );
  }

  /** E-mail and password: starts a session. Shares the sign-in rate limit with the `login` mutation. */
  @Post('sign-in')
  @HttpCode(200)
  @LoginRateLimit()
  async signIn(
    @Body() { email, password }: LoginArgs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionAnswer> {
    return this.answer(res, await this.auth.signIn(email, password));
  }

  /** The refresh cookie: rotated, with a fresh access token. Any failure clears the cookie. */
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionAnswer> {
    try {
      return this.answer(res, await this.auth.refresh(this.tokenOf(req)));
    } catch (err) {
      res.clearCookie(SESSION_COOKIE, this.cookie);
      throw err;
    }
  }

  /** Ends the session and clears the cookie; answers 204 whether or not there was a session. */
  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.signOut(this.tokenOf(req));
    res.clearCookie(SESSION_COOKIE, this.cookie);
  }

  private tokenOf(req: Request): string | undefined {
    const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    return typeof value === 'string' ? value : undefined;
  }

  private answer(res: Response, session: BrowserSession): SessionAnswer {
    const { refreshToken, refreshExpiresAt } = session.refresh;
    res.cookie(SESSION_COOKIE, refreshToken, { ...this.cookie, expires: refreshExpiresAt });
    res.setHeader('Cache-Control', 'no-store');
    return {
      accessToken: session.accessToken,
      expiresAt: session.expiresAt.toISOString(),
      refreshExpiresAt: refreshExpiresAt.toISOString(),
    };
  }
}
