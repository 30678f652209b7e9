import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUrl,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { parseTrustProxy } from './trust-proxy';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

@ValidatorConstraint({ name: 'trustProxy' })
class TrustProxyConstraint implements ValidatorConstraintInterface {
  private message = '';

  validate(value: unknown): boolean {
    try {
      parseTrustProxy(String(value));
      return true;
    } catch (err) {
      this.message = (err as Error).message;
      return false;
    }
  }

  defaultMessage(): string {
    return this.message;
  }
}

/**
 * Every setting the API reads, validated once at boot. Features read it through
 * `ConfigService<Env, true>`, never through process.env.
 */
export class Env {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * PostgreSQL URL. When unset outside production, `npm start` runs an embedded PostgreSQL under
   * DATA_DIR (a development dependency); production requires it.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * Read replicas of DATABASE_URL, comma-separated postgres:// URLs. Analytics reports and the
   * recommendations' shared read of open opportunities go to them (spread over all of them);
   * everything else, and all writes, stay on DATABASE_URL. Unset: everything on DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^,\s]+(,\s*postgres(ql)?:\/\/[^,\s]+)*$/, {
    message: 'DATABASE_REPLICA_URLS must be postgres:// URLs separated by commas',
  })
  DATABASE_REPLICA_URLS?: string;

  /** Connections each API instance keeps open at most (the pool of its one DataSource). */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(500)
  DATABASE_POOL_SIZE = 10;

  /** Folder for the embedded database and the generated development JWT secret. */
  @IsString()
  DATA_DIR = '.data';

  /** Port of the embedded PostgreSQL; 0 picks a free one. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Access token lifetime in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  /**
   * Browser sessions (cookie sign-in): a refresh token lives this many days unused (each refresh
   * issues a new one), and a session ends this many days after sign-in however active it is.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 7;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  SESSION_MAX_DAYS = 30;

  /**
   * The Secure attribute of the session cookie. Unset: on everywhere except NODE_ENV=development
   * (plain http://localhost). Production refuses `false`.
   */
  @IsOptional()
  @IsIn(['true', 'false'])
  SESSION_COOKIE_SECURE?: 'true' | 'false';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COMPLEXITY = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  GRAPHQL_MAX_DEPTH = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  GRAPHQL_MAX_ALIASES = 15;

  /** Directives per operation, fragments included. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  GRAPHQL_MAX_DIRECTIVES = 50;

  /** Lexical tokens per document: the parser stops there. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  GRAPHQL_MAX_TOKENS = 2000;

  /**
   * Seconds an instance may reuse a signed-in user's account (roles, organisation), and that a web app
   * session is live, between requests before reading it again; 0 reads it on every request. A change to the account (roles, deletion)
   * reaches every instance at once through PostgreSQL NOTIFY; this is the bound when it cannot (an
   * instance not listening, or LIVE_EVENTS=memory).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_USER_CACHE_SECONDS = 10;

  /** Requests per minute per client address, over all operations. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Login attempts per minute per client address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 10;

  /**
   * Where the rate-limit counters live: `memory` (this process: one instance) or `postgres` (the
   * `rate_limits` table: shared by every instance on the database).
   */
  @IsIn(['memory', 'postgres'])
  RATE_LIMIT_STORE: 'memory' | 'postgres' = 'memory';

  /**
   * Which X-Forwarded-For entries to believe (Express `trust proxy`): unset/false (none: the client is
   * whoever connected), a hop count (1 = one proxy in front), or the proxies' addresses and CIDR ranges
   * (loopback, linklocal, uniquelocal, 10.0.0.0/8, ...), comma-separated. `true` is refused.
   */
  @IsOptional()
  @Validate(TrustProxyConstraint)
  TRUST_PROXY?: string;

  /** Most live applications one candidate may hold at once per call (a round, or outside rounds). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAX_LIVE_APPLICATIONS = 5;

  /** Fit score weights per part (core/fit/fit-score.ts); non-negative, not all 0. */
  @Transform(toInt)
  @IsNumber()
  @Min(0)
  FIT_WEIGHT_ESSENTIAL = 40;

  @Transform(toInt)
  @IsNumber()
  @Min(0)
  FIT_WEIGHT_OPTIONAL = 25;

  @Transform(toInt)
  @IsNumber()
  @Min(0)
  FIT_WEIGHT_DEVELOPMENT = 15;

  @Transform(toInt)
  @IsNumber()
  @Min(0)
  FIT_WEIGHT_AVAILABILITY = 10;

  @Transform(toInt)
  @IsNumber()
  @Min(0)
  FIT_WEIGHT_LANGUAGE = 10;

  /**
   * How live events (GraphQL subscriptions) reach the API instances: `postgres` (LISTEN/NOTIFY: every
   * instance on the database) or `memory` (this process only; for a database that cannot LISTEN, such
   * as a transaction-pooling PgBouncer).
   */
  @IsIn(['postgres', 'memory'])
  LIVE_EVENTS: 'postgres' | 'memory' = 'postgres';

  /**
   * How often every instance publishes the live events left in the outbox (written by a use case that
   * committed, not yet published: its instance died right after the commit, or the publish failed).
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  OUTBOX_POLL_INTERVAL_MS = 5_000;

  /** argon2id cost: STRONG (64 MiB, 3 passes); FAST only for test suites, refused in production. */
  @IsIn(['STRONG', 'FAST'])
  PASSWORD_HASH_PROFILE: 'STRONG' | 'FAST' = 'STRONG';

  /**
   * Where people reach the API from outside, without a trailing slash, e.g. https://talent.example.org:
   * links the API hands out (talent profile share links) start with it. Unset: http://localhost:<PORT>.
   */
  @IsOptional()
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'], require_tld: false },
    { message: 'PUBLIC_BASE_URL must be an http(s):// URL' },
  )
  @Matches(/^[^?#]*[^/?#]$/, { message: 'PUBLIC_BASE_URL must not end with / or have a query' })
  PUBLIC_BASE_URL?: string;

  /**
   * `on`: this instance also does the background work (allocation runs, the notices they queue,
   * offer expiry, retention);
   * `off`: it serves the API only, and instances with `on` (at least one) do that work.
   */
  @IsIn(['on', 'off'])
  BACKGROUND_WORK: 'on' | 'off' = 'on';

  /**
   * `on`: an allocation run is solved (instance assembled, parsed, solved, verified) in a worker
   * thread of the instance, so its event loop keeps serving requests; `off`: on the event loop.
   */
  @IsIn(['on', 'off'])
  ROUND_SOLVER_THREAD: 'on' | 'off' = 'on';

  /** Attempts at an allocation run whose process died before a run is failed (instead of retried). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  ROUND_RUN_MAX_ATTEMPTS = 3;

  /** How long a run's transaction waits for a row lock (the round, its opportunities) before failing. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ROUND_RUN_LOCK_TIMEOUT_MS = 10_000;

  /** The longest one statement of a run's transaction may take before the run fails. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ROUND_RUN_STATEMENT_TIMEOUT_MS = 300_000;

  /** Days the audit trail keeps a read of personal data (then it is deleted). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  PERSONAL_DATA_READS_RETENTION_DAYS = 365;

  /**
   * Load the demo data (accounts with the README's public password) into an empty database at start.
   * Unset: true outside production, false in production (see `seedsDemoData`).
   */
  @IsOptional()
  @IsIn(['true', 'false'])
  SEED_DEMO_DATA?: 'true' | 'false';

  /** The built web app served at / (npm run build:web writes it); relative to the working folder. */
  @IsString()
  WEB_APP_DIR = 'dist/web';
}

/** Settings without a default: absent from `new Env()`, so listed here. */
const OPTIONAL_SETTINGS: readonly string[] = [
  'DATABASE_URL',
  'DATABASE_REPLICA_URLS',
  'JWT_SECRET',
  'PUBLIC_BASE_URL',
  'SESSION_COOKIE_SECURE',
  'TRUST_PROXY',
  'SEED_DEMO_DATA',
];

/** Whether a start loads the demo data: as SEED_DEMO_DATA says, else everywhere but production. */
export function seedsDemoData(env: Pick<Env, 'NODE_ENV' | 'SEED_DEMO_DATA'>): boolean {
  return env.SEED_DEMO_DATA ? env.SEED_DEMO_DATA === 'true' : env.NODE_ENV !== 'production';
}

export class ConfigValidationError extends Error {}

/** The replica URLs of DATABASE_REPLICA_URLS (none when unset). */
export function replicaUrls(env: Pick<Env, 'DATABASE_REPLICA_URLS'>): string[] {
  return (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

/**
 * Validates raw environment values; throws one error naming every bad setting. `forServer: false`
 * (the migrate command) skips what only a serving API needs (JWT_SECRET).
 */
export function validateEnv(raw: Record<string, unknown>, opts: { forServer?: boolean } = {}): Env {
  const known = Object.keys(new Env());
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((known.includes(key) || OPTIONAL_SETTINGS.includes(key)) && value !== '') {
      picked[key] = value;
    }
  }
  const env = plainToInstance(Env, picked);
  const errors = validateSync(env, { whitelist: true });
  if (env.NODE_ENV === 'production' && env.PASSWORD_HASH_PROFILE === 'FAST') {
    throw new ConfigValidationError(
      'Invalid configuration: PASSWORD_HASH_PROFILE=FAST is not allowed in production',
    );
  }
  if (env.NODE_ENV === 'production' && env.SESSION_COOKIE_SECURE === 'false') {
    throw new ConfigValidationError(
      'Invalid configuration: SESSION_COOKIE_SECURE=false is not allowed in production',
    );
  }
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET && opts.forServer !== false) {
    throw new ConfigValidationError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  }
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
    throw new ConfigValidationError(
      'Invalid configuration: DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL ' +
        'is for development and tests, and production installs leave it out). Set DATABASE_URL to your ' +
        'PostgreSQL server, e.g. postgres://user:password@db-host:5432/talent_exchange',
    );
  }
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `${e.property}=${JSON.stringify(picked[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigValidationError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return env;
}
