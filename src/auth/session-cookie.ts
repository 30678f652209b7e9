import type { CookieOptions } from 'express';

/** The refresh token's cookie: sent only to the /auth routes, never readable by scripts. */
export const SESSION_COOKIE = 'te_refresh';
export const SESSION_COOKIE_PATH = '/auth';

/** Secure unless configured off (development over plain http://localhost; refused in production). */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, secure, sameSite: 'strict', path: SESSION_COOKIE_PATH };
}

export function isSessionCookieSecure(nodeEnv: string, configured: 'true' | 'false' | undefined): boolean {
  return configured === undefined ? nodeEnv !== 'development' : configured === 'true';
}
