import { isSessionCookieSecure } from '../../../src/auth/session-cookie';
import { validateEnv } from '../../../src/config/env.schema';

describe('session cookie settings', () => {
  it('makes the cookie Secure everywhere but development, unless configured', () => {
    expect(isSessionCookieSecure('production', undefined)).toBe(true);
    expect(isSessionCookieSecure('test', undefined)).toBe(true);
    expect(isSessionCookieSecure('development', undefined)).toBe(false);
    expect(isSessionCookieSecure('development', 'true')).toBe(true);
    expect(isSessionCookieSecure('test', 'false')).toBe(false);
  });

  it('refuses SESSION_COOKIE_SECURE=false in production', () => {
    expect(() =>
      validateEnv({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        JWT_SECRET: 'x'.repeat(40),
        SESSION_COOKIE_SECURE: 'false',
      }),
    ).toThrow(/SESSION_COOKIE_SECURE=false is not allowed in production/);
  });

  it('defaults to 7-day refresh tokens within 30-day sessions', () => {
    expect(validateEnv({})).toMatchObject({ REFRESH_TOKEN_TTL_DAYS: 7, SESSION_MAX_DAYS: 30 });
    expect(validateEnv({}).SESSION_COOKIE_SECURE).toBeUndefined();
  });
});
