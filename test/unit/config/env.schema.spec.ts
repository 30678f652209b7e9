import { validateEnv } from '../../../src/config/env.schema';

describe('configuration validation', () => {
  it('applies defaults when nothing is set', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: '.data',
      MAX_LIVE_APPLICATIONS: 5,
    });
  });

  it('reads numbers from strings', () => {
    expect(validateEnv({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('names every bad setting in one message', () => {
    expect(() => validateEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT="eighty"[\s\S]*DATABASE_URL="mysql:\/\/x"[\s\S]*LOG_LEVEL="loud"/,
    );
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => validateEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toThrow(
      /JWT_SECRET is required/,
    );
  });

  it('refuses the cheap test password hashing in production', () => {
    expect(() =>
      validateEnv({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        JWT_SECRET: 'x'.repeat(40),
        PASSWORD_HASH_PROFILE: 'FAST',
      }),
    ).toThrow(/PASSWORD_HASH_PROFILE=FAST is not allowed in production/);
  });

  it('refuses a short JWT_SECRET', () => {
    expect(() => validateEnv({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
  });
});
