import request from 'supertest';
import { createTestApp, TestApp } from '../utils/test-app';

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      seed: true,
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '12' },
    });
  });
  afterAll(() => t.close());

  it('answers RATE_LIMITED after repeated failed logins, even with the right password', async () => {
    const login = (password: string) =>
      t.gql('mutation($p: String!) { login(email: "hr@lumc.test", password: $p) { accessToken } }', {
        p: password,
      });
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i++) codes.push((await login(`wrong-${i}`)).errors?.[0].extensions.code);
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const blocked = await login('exchange-demo-2026');
    expect(blocked.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(blocked.data).toBeNull();
  });

  it('limits each operation per client with the global limit', async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < 14; i++) codes.push((await t.gql('{ me { id } }')).errors?.[0]?.extensions.code);
    expect(codes[0]).toBe('UNAUTHENTICATED');
    expect(codes).toContain('RATE_LIMITED');
  });

  it('tells the client its limit, what is left and when, and how long to wait once refused', async () => {
    const ask = () =>
      request(t.app.getHttpServer())
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query: '{ competenceAreas { code } }' });
    const first = await ask();
    expect(first.headers['x-ratelimit-limit']).toBe('12');
    expect(first.headers['x-ratelimit-remaining']).toBe('11');
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(50);
    expect(Number(first.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
    for (let i = 0; i < 11; i++) await ask();
    const refused = await ask();
    expect(refused.body.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBe(60);
  });
});

describe('sign-in rate limit across the GraphQL login and the web app sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('counts both against one budget per client', async () => {
    const signIn = (password: string) =>
      request(t.app.getHttpServer())
        .post('/auth/sign-in')
        .set('content-type', 'application/json')
        .send({ email: 'hr@lumc.test', password });
    const login = (password: string) =>
      t.gql('mutation($p: String!) { login(email: "hr@lumc.test", password: $p) { accessToken } }', {
        p: password,
      });
    expect((await signIn('wrong-1')).status).toBe(401);
    expect((await login('wrong-2')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await signIn('wrong-3')).status).toBe(401);
    const blockedHttp = await signIn('exchange-demo-2026');
    expect(blockedHttp.status).toBe(429);
    expect(blockedHttp.body.error.code).toBe('RATE_LIMITED');
    expect((await login('exchange-demo-2026')).errors?.[0].extensions.code).toBe('RATE_LIMITED');
  });
});
