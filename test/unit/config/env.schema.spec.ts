import { replicaUrls, seedsDemoData, validateEnv } from '../../../src/config/env.schema';
import { parseTrustProxy } from '../../../src/config/trust-proxy';

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

  it('reads read replicas as comma-separated postgres URLs, none by default', () => {
    expect(replicaUrls(validateEnv({}))).toEqual([]);
    const env = validateEnv({
      DATABASE_REPLICA_URLS: 'postgres://r1:5432/te, postgresql://user:pw@r2/te?sslmode=require',
    });
    expect(replicaUrls(env)).toEqual(['postgres://r1:5432/te', 'postgresql://user:pw@r2/te?sslmode=require']);
  });

  it('refuses a replica list with anything but postgres URLs', () => {
    for (const bad of [
      'mysql://r1/te',
      'postgres://r1/te,',
      'postgres://r1/te,,postgres://r2/te',
      'r1:5432',
    ]) {
      expect(() => validateEnv({ DATABASE_REPLICA_URLS: bad })).toThrow(/DATABASE_REPLICA_URLS/);
    }
  });

  it('keeps accounts 10 s by default and at most 300 s', () => {
    expect(validateEnv({}).AUTH_USER_CACHE_SECONDS).toBe(10);
    expect(validateEnv({ AUTH_USER_CACHE_SECONDS: '0' }).AUTH_USER_CACHE_SECONDS).toBe(0);
    expect(() => validateEnv({ AUTH_USER_CACHE_SECONDS: '301' })).toThrow(/AUTH_USER_CACHE_SECONDS/);
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

  it('accepts an http(s) PUBLIC_BASE_URL and leaves it unset by default', () => {
    expect(validateEnv({}).PUBLIC_BASE_URL).toBeUndefined();
    expect(validateEnv({ PUBLIC_BASE_URL: 'https://talent.example.org' }).PUBLIC_BASE_URL).toBe(
      'https://talent.example.org',
    );
    expect(validateEnv({ PUBLIC_BASE_URL: 'http://localhost:3000' }).PUBLIC_BASE_URL).toBe(
      'http://localhost:3000',
    );
  });

  it('refuses a PUBLIC_BASE_URL that is no http(s) URL or ends with a slash', () => {
    expect(() => validateEnv({ PUBLIC_BASE_URL: 'talent.example.org' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => validateEnv({ PUBLIC_BASE_URL: 'ftp://talent.example.org' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => validateEnv({ PUBLIC_BASE_URL: 'https://talent.example.org/' })).toThrow(
      /must not end with \//,
    );
  });

  describe('production', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      JWT_SECRET: 'x'.repeat(40),
    };

    it('does not load the demo data unless SEED_DEMO_DATA=true says so', () => {
      expect(seedsDemoData(validateEnv(production))).toBe(false);
      expect(seedsDemoData(validateEnv({ ...production, SEED_DEMO_DATA: 'true' }))).toBe(true);
    });

    it('requires DATABASE_URL (no embedded PostgreSQL) and says how to set it', () => {
      expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(
        /DATABASE_URL is required when NODE_ENV=production[\s\S]*postgres:\/\//,
      );
    });

    it('lets the migrate command run without JWT_SECRET', () => {
      expect(
        validateEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }, { forServer: false }),
      ).toMatchObject({ NODE_ENV: 'production' });
    });
  });

  it('loads the demo data outside production unless SEED_DEMO_DATA=false', () => {
    expect(seedsDemoData(validateEnv({}))).toBe(true);
    expect(seedsDemoData(validateEnv({ NODE_ENV: 'test' }))).toBe(true);
    expect(seedsDemoData(validateEnv({ SEED_DEMO_DATA: 'false' }))).toBe(false);
    expect(() => validateEnv({ SEED_DEMO_DATA: 'yes' })).toThrow(/SEED_DEMO_DATA="yes"/);
  });

  it('defaults the new operational settings', () => {
    expect(validateEnv({})).toMatchObject({
      DATABASE_POOL_SIZE: 10,
      RATE_LIMIT_STORE: 'memory',
      ROUND_RUN_MAX_ATTEMPTS: 3,
      ROUND_RUN_LOCK_TIMEOUT_MS: 10_000,
      ROUND_RUN_STATEMENT_TIMEOUT_MS: 300_000,
    });
    expect(validateEnv({}).TRUST_PROXY).toBeUndefined();
    expect(() => validateEnv({ DATABASE_POOL_SIZE: '1' })).toThrow(/DATABASE_POOL_SIZE="1"/);
    expect(() => validateEnv({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE="redis"/);
  });

  describe('TRUST_PROXY', () => {
    it.each([
      [undefined, false],
      ['false', false],
      ['0', false],
      ['1', 1],
      ['2', 2],
      ['loopback', ['loopback']],
      ['loopback, 10.0.0.0/8, fd00::/8', ['loopback', '10.0.0.0/8', 'fd00::/8']],
      ['192.168.1.10,uniquelocal', ['192.168.1.10', 'uniquelocal']],
      ['10.0.0.0/255.0.0.0', ['10.0.0.0/255.0.0.0']],
    ])('reads %p as Express would take it: %p', (raw, parsed) => {
      expect(parseTrustProxy(raw)).toEqual(parsed);
      if (raw !== undefined) expect(validateEnv({ TRUST_PROXY: raw }).TRUST_PROXY).toBe(raw);
    });

    it.each(['true', 'yes', '10.0.0.0/33', '300.1.1.1', 'localhost', '-1', '1.5'])(
      'refuses %p, saying what to write instead',
      (raw) => {
        expect(() => validateEnv({ TRUST_PROXY: raw })).toThrow(/TRUST_PROXY/);
      },
    );

    it('explains why true is refused', () => {
      expect(() => validateEnv({ TRUST_PROXY: 'true' })).toThrow(/any X-Forwarded-For a client sends/);
    });
  });
});
