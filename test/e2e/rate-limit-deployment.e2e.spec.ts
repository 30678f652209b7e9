import { AddressInfo } from 'node:net';
import request from 'supertest';
import { collect, wsClient } from '../utils/graphql-ws';
import { createTestApp, TestApp } from '../utils/test-app';

/** Rate limits as deployed: behind a reverse proxy, and over several API instances on one database. */

const LOGIN = 'mutation($p: String!) { login(email: "hr@lumc.test", password: $p) { accessToken } }';

/** A failed login from `forwardedFor` (the X-Forwarded-For a proxy sends); returns the error code. */
async function failedLogin(t: TestApp, forwardedFor?: string): Promise<unknown> {
  let req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
  if (forwardedFor) req = req.set('x-forwarded-for', forwardedFor);
  const res = await req.send({ query: LOGIN, variables: { p: 'wrong-password' } });
  return res.body.errors?.[0]?.extensions?.code;
}

describe('rate limits behind a reverse proxy', () => {
  describe('TRUST_PROXY unset (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ seed: true, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '2' } });
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For: a client cannot pick a fresh bucket by sending one', async () => {
      expect(await failedLogin(t, '203.0.113.1')).toBe('UNAUTHENTICATED');
      expect(await failedLogin(t, '203.0.113.2')).toBe('UNAUTHENTICATED');
      expect(await failedLogin(t, '203.0.113.3')).toBe('RATE_LIMITED');
    });
  });

  describe('TRUST_PROXY=loopback (a proxy on the same machine)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({
        seed: true,
        env: { LOGIN_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'loopback' },
      });
    });
    afterAll(() => t.close());

    it('gives each client behind the proxy a bucket of its own', async () => {
      expect(await failedLogin(t, '203.0.113.1')).toBe('UNAUTHENTICATED');
      expect(await failedLogin(t, '203.0.113.1')).toBe('UNAUTHENTICATED');
      expect(await failedLogin(t, '203.0.113.1')).toBe('RATE_LIMITED');
      // Another client of the same proxy is not held back by the first one.
      expect(await failedLogin(t, '203.0.113.2')).toBe('UNAUTHENTICATED');
    });
  });

  describe('TRUST_PROXY=1 (one proxy in front)', () => {
    let t: TestApp;
    let url: string;
    beforeAll(async () => {
      t = await createTestApp({
        seed: true,
        env: { LOGIN_RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '1' },
      });
      await t.app.listen(0, '127.0.0.1');
      url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    });
    afterAll(() => t.close());

    it('keys on the address the proxy appended, whatever the client put before it', async () => {
      expect(await failedLogin(t, '198.51.100.1, 203.0.113.7')).toBe('UNAUTHENTICATED');
      expect(await failedLogin(t, '198.51.100.2, 203.0.113.7')).toBe('UNAUTHENTICATED');
      expect(await failedLogin(t, '198.51.100.3, 203.0.113.7')).toBe('RATE_LIMITED');
      expect(await failedLogin(t, '203.0.113.8')).toBe('UNAUTHENTICATED');
    });

    it('keys subscriptions (graphql-ws) on the same client address', async () => {
      const token = await t.login('hr@lumc.test');
      const subscribeFrom = async (forwardedFor: string): Promise<unknown[]> => {
        const client = wsClient(url, token, { 'x-forwarded-for': forwardedFor });
        const sub = collect(client, 'subscription { notificationAdded { id } }');
        await sub.waitFor(1, 1000);
        sub.dispose();
        await client.dispose();
        return sub.errors;
      };
      expect(await subscribeFrom('192.0.2.1')).toEqual([]);
      expect(await subscribeFrom('192.0.2.1')).toEqual([]);
      expect(JSON.stringify(await subscribeFrom('192.0.2.1'))).toContain('RATE_LIMITED');
      expect(await subscribeFrom('192.0.2.2')).toEqual([]);
    });
  });
});

describe('rate limits over several API instances on one database', () => {
  it('RATE_LIMIT_STORE=postgres: every instance counts into the same bucket', async () => {
    const env = { LOGIN_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_STORE: 'postgres' };
    const a = await createTestApp({ seed: true, env });
    const b = await createTestApp({ env, sharedDatabase: a.db });
    try {
      expect(await failedLogin(a)).toBe('UNAUTHENTICATED');
      expect(await failedLogin(b)).toBe('UNAUTHENTICATED');
      expect(await failedLogin(a)).toBe('UNAUTHENTICATED');
      // The fourth attempt is over the limit on whichever instance it reaches.
      expect(await failedLogin(b)).toBe('RATE_LIMITED');
      expect(await failedLogin(a)).toBe('RATE_LIMITED');
      const rows = await a.dataSource.query<{ points: number }[]>('SELECT points FROM rate_limits');
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('RATE_LIMIT_STORE=memory (the default): each instance counts on its own', async () => {
    const env = { LOGIN_RATE_LIMIT_PER_MINUTE: '3' };
    const a = await createTestApp({ seed: true, env });
    const b = await createTestApp({ env, sharedDatabase: a.db });
    try {
      for (let i = 0; i < 3; i++) expect(await failedLogin(a)).toBe('UNAUTHENTICATED');
      expect(await failedLogin(a)).toBe('RATE_LIMITED');
      expect(await failedLogin(b)).toBe('UNAUTHENTICATED');
    } finally {
      await b.close();
      await a.close();
    }
  });
});
