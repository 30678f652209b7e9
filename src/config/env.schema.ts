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
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

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

  /** PostgreSQL URL. When unset, `npm start` runs an embedded PostgreSQL under DATA_DIR. */
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

  /**
   * Seconds an instance may reuse a signed-in user's account (roles, organisation) between requests
   * before reading it again; 0 reads it on every request. A change to the account (roles, deletion)
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

  /** Most live applications one candidate may hold at once. */
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

  /** Days the audit trail keeps a read of personal data (then it is deleted). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  PERSONAL_DATA_READS_RETENTION_DAYS = 365;

  /** Load demo data into an empty database at start. */
  @IsIn(['true', 'false'])
  SEED_DEMO_DATA: 'true' | 'false' = 'true';
}

export class ConfigValidationError extends Error {}

/** The replica URLs of DATABASE_REPLICA_URLS (none when unset). */
export function replicaUrls(env: Pick<Env, 'DATABASE_REPLICA_URLS'>): string[] {
  return (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

/** Validates raw environment values; throws one error naming every bad setting. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const known = Object.keys(new Env());
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const optional = [
      'DATABASE_URL',
      'DATABASE_REPLICA_URLS',
      'JWT_SECRET',
      'PUBLIC_BASE_URL',
      'SESSION_COOKIE_SECURE',
    ].includes(key);
    if ((known.includes(key) || optional) && value !== '') {
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
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    throw new ConfigValidationError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
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
