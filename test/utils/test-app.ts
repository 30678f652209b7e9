import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Env } from '../../src/config/env.schema';
import { seedDemoData } from '../../src/database/seeds/demo.seed';
import { DEMO_PASSWORD } from '../../src/database/seeds/demo-accounts';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors?: { message: string; path?: string[]; extensions: { code: string; [k: string]: unknown } }[];
}

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  dataSource: DataSource;
  /** POST /graphql through the full app (guards, pipes, limits). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResponse<T>>;
  /** Logs in through the API and returns the access token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole app on a database of its own; `seed` loads the demo organisations, competence framework
 * and demo accounts first; `population` adds the living demo consortium (people, opportunities,
 * applications) that a first start loads.
 */
export async function createTestApp(
  opts: {
    seed?: boolean;
    population?: boolean;
    env?: Partial<Record<keyof Env, string>>;
    /** Another instance's database: two API instances on one database (that instance drops it). */
    sharedDatabase?: TestDatabase;
    /** Runs before the app starts, e.g. to add HTTP middleware in front of every route. */
    beforeInit?: (app: INestApplication) => void;
  } = {},
): Promise<TestApp> {
  const db = opts.sharedDatabase ?? (await createTestDatabase());
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'silent',
        // Cheap password hashes: suites create and sign in many users (production refuses FAST).
        PASSWORD_HASH_PROFILE: 'FAST',
        // Generous limits: suites log in often; rate-limit tests set their own.
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_PER_MINUTE: '100000',
        ...opts.env,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  opts.beforeInit?.(app);
  await app.init();
  const dataSource = app.get(DataSource);
  if (opts.seed)
    await seedDemoData(dataSource, { population: opts.population ?? false, hashProfile: 'FAST' });

  const gql: TestApp['gql'] = async (query, variables, token) => {
    let req = request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (token) req = req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body.data, errors: res.body.errors };
  };

  return {
    app,
    db,
    dataSource,
    gql,
    async login(email, password = DEMO_PASSWORD) {
      const res = await gql<{ login: { accessToken: string } }>(
        'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
        { email, password },
      );
      if (!res.data?.login) throw new Error(`login of ${email} failed: ${JSON.stringify(res.errors)}`);
      return res.data.login.accessToken;
    },
    async close() {
      await app.close();
      if (!opts.sharedDatabase) await db.drop();
    },
  };
}
