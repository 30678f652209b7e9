import request from 'supertest';
import { createTestApp, TestApp } from '../utils/test-app';

describe('GraphQL hardening', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({
      seed: true,
      env: { GRAPHQL_MAX_COMPLEXITY: '15', GRAPHQL_MAX_DEPTH: '2', GRAPHQL_MAX_ALIASES: '5' },
    });
    token = await t.login('candidate@leiden.test');
  });
  afterAll(() => t.close());

  it('rejects a query deeper than the limit with QUERY_TOO_DEEP and HTTP 400', async () => {
    const shallow = await t.gql('{ me { organisation { id } } }', {}, token);
    expect(shallow.errors).toBeUndefined();
    const deep = await t.gql('{ me { organisation { departments { id } } } }', {}, token);
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect(deep.data).toBeUndefined();
  });

  it('counts depth through fragments', async () => {
    const res = await t.gql(
      '{ me { ...U } } fragment U on User { organisation { departments { id } } }',
      {},
      token,
    );
    expect(res.errors?.[0].extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('rejects too many aliases with TOO_MANY_ALIASES', async () => {
    const res = await t.gql(
      '{ a: me { id } b: me { id } c: me { id } d: me { id } e: me { id } f: me { id } }',
      {},
      token,
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('TOO_MANY_ALIASES');
  });

  it('rejects a too complex query with QUERY_TOO_COMPLEX', async () => {
    const fields = 'id code name';
    const res = await t.gql(
      `{ a: organisations { ${fields} } b: organisations { ${fields} } c: organisations { ${fields} } d: organisations { ${fields} } e: organisations { ${fields} } }`,
      {},
      token,
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0].message).toMatch(/limit is 15/);
  });

  it('refuses batched requests', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect(res.status).toBe(400);
  });

  it('refuses a simple cross-site GET request (CSRF prevention)', async () => {
    const res = await request(t.app.getHttpServer()).get('/graphql').query({ query: '{ __typename }' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/CSRF/i);
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED, not a 500', async () => {
    const res = await t.gql('{ me { id ', {}, token);
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('reports health with a database check', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});
