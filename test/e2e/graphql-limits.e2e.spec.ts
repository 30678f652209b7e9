import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { wsOnce } from '../utils/graphql-ws';
import { createTestApp, TestApp } from '../utils/test-app';

/** The same operation over HTTP and over graphql-ws: both answer with the same code. */
type Transport = 'http' | 'ws';
const TRANSPORTS: Transport[] = ['http', 'ws'];

describe('GraphQL hardening: shape limits (GraphQL Armor), tokens, cost, transport', () => {
  let t: TestApp;
  let token: string;
  let wsUrl: string;

  /** The first error's code of `query` sent over `transport` (null: no error). */
  async function codeOf(transport: Transport, query: string): Promise<string | null> {
    if (transport === 'http') {
      const res = await t.gql(query, {}, token);
      if (res.errors?.length) expect(res.status).toBe(400);
      return res.errors?.[0]?.extensions.code ?? null;
    }
    const answer = await wsOnce(wsUrl, token, { query });
    expect(answer.closed).toBeUndefined();
    return answer.errors?.[0]?.extensions?.code ?? null;
  }

  beforeAll(async () => {
    t = await createTestApp({
      seed: true,
      env: {
        GRAPHQL_MAX_COMPLEXITY: '100',
        GRAPHQL_MAX_DEPTH: '2',
        GRAPHQL_MAX_ALIASES: '5',
        GRAPHQL_MAX_DIRECTIVES: '4',
        GRAPHQL_MAX_TOKENS: '200',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    wsUrl = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    token = await t.login('candidate@leiden.test');
  });
  afterAll(() => t.close());

  describe.each(TRANSPORTS)('over %s', (transport) => {
    it('serves a query within every limit', async () => {
      expect(await codeOf(transport, '{ me { organisation { id } } }')).toBeNull();
    });

    it('refuses a query deeper than the limit with QUERY_TOO_DEEP, counting through fragments', async () => {
      expect(await codeOf(transport, '{ me { organisation { departments { id } } } }')).toBe(
        'QUERY_TOO_DEEP',
      );
      expect(
        await codeOf(transport, '{ me { ...U } } fragment U on User { organisation { departments { id } } }'),
      ).toBe('QUERY_TOO_DEEP');
    });

    it('refuses more aliases than the limit with TOO_MANY_ALIASES, __typename ones too', async () => {
      const six = (field: string) =>
        `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
      expect(await codeOf(transport, six('me { id }'))).toBe('TOO_MANY_ALIASES');
      expect(await codeOf(transport, six('__typename'))).toBe('TOO_MANY_ALIASES');
    });

    it('refuses more directives than the limit with TOO_MANY_DIRECTIVES', async () => {
      const fields = ['id', 'displayName', 'email', 'roles', 'organisationId'];
      const query = `{ me { ${fields.map((f) => `${f} @include(if: true)`).join(' ')} } }`;
      expect(await codeOf(transport, query)).toBe('TOO_MANY_DIRECTIVES');
    });

    it('stops parsing a document over the token limit with TOO_MANY_TOKENS', async () => {
      expect(await codeOf(transport, `{ me { ${'id '.repeat(250)}} }`)).toBe('TOO_MANY_TOKENS');
    });

    it('answers a fragment cycle with GRAPHQL_VALIDATION_FAILED, not a stack overflow', async () => {
      const cycle = '{ me { ...A } } fragment A on User { id ...B } fragment B on User { ...A }';
      expect(await codeOf(transport, cycle)).toBe('GRAPHQL_VALIDATION_FAILED');
      const self = '{ me { ...A } } fragment A on User { organisation { id } ...A }';
      expect(await codeOf(transport, self)).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('refuses a query that costs more than the limit with QUERY_TOO_COMPLEX', async () => {
      // Five pages of organisations: 5 x (one round trip + 20 rows) is over 100.
      const pages = Array.from({ length: 5 }, (_, i) => `o${i}: organisations { id }`).join(' ');
      expect(await codeOf(transport, `{ ${pages} }`)).toBe('QUERY_TOO_COMPLEX');
    });

    it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
      expect(await codeOf(transport, '{ me { id ')).toBe('GRAPHQL_PARSE_FAILED');
    });
  });

  it('says how complex a refused query is and what the limit is', async () => {
    const res = await t.gql(
      `{ ${Array.from({ length: 5 }, (_, i) => `o${i}: organisations { id }`).join(' ')} }`,
      {},
      token,
    );
    expect(res.errors?.[0].message).toMatch(/^Query is too complex: \d+; the limit is 100$/);
  });

  it('refuses batched requests', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a simple cross-site GET request (CSRF prevention)', async () => {
    const res = await request(t.app.getHttpServer()).get('/graphql').query({ query: '{ __typename }' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/CSRF/i);
  });

  it('refuses a subscription over HTTP with BAD_REQUEST (they are served over graphql-ws)', async () => {
    const res = await t.gql('subscription { notificationAdded { id } }', {}, token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('reports health with a database check', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});
