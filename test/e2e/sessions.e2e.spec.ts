import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { aUser, FACTORY_PASSWORD } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const ME = '{ me { email } }';
const CHANGE_PASSWORD =
  'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { endedSessions } }';
const NEW_PASSWORD = 'a-brand-new-password-2027';

interface SessionBody {
  accessToken: string;
  expiresAt: string;
  refreshExpiresAt: string;
}

/** The te_refresh cookie a response sets ('' when it clears it), or undefined when it sets none. */
function refreshCookieOf(res: request.Response): { value: string; attributes: string } | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = raw?.find((c) => c.startsWith('te_refresh='));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';');
  return { value: decodeURIComponent(pair.slice('te_refresh='.length)), attributes: attributes.join(';') };
}

// First: ConfigModule copies an app's settings into process.env, so a later app would inherit the
// SESSION_COOKIE_SECURE=false of the suite below.
describe('the session cookie outside development', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('is Secure by default', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/auth/sign-in')
      .set('content-type', 'application/json')
      .send({ email: 'candidate@lumc.test', password: 'exchange-demo-2026' });
    expect(res.status).toBe(200);
    expect(refreshCookieOf(res)?.attributes).toMatch(/Secure/);
    expect(refreshCookieOf(res)?.attributes).toMatch(/HttpOnly/);
  });
});

describe('cookie sessions for the web app (POST /auth/*)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Plain http in tests: without Secure, supertest's cookie jar sends the cookie back.
    t = await createTestApp({ seed: true, env: { SESSION_COOKIE_SECURE: 'false' } });
  });
  afterAll(() => t.close());

  const browser = (): TestAgent => request.agent(t.app.getHttpServer());
  const json = { 'content-type': 'application/json' };

  async function signIn(agent: TestAgent, email: string, password: string): Promise<SessionBody> {
    const res = await agent.post('/auth/sign-in').set(json).send({ email, password });
    expect(res.status).toBe(200);
    return res.body as SessionBody;
  }

  const refresh = (agent: TestAgent) => agent.post('/auth/refresh').set(json).send({});

  const me = async (token: string) => (await t.gql<{ me: { email: string } }>(ME, {}, token)).data?.me?.email;

  it('signs in with e-mail and password: an access token for GraphQL and an httpOnly, SameSite=Strict cookie for /auth', async () => {
    const agent = browser();
    const res = await agent
      .post('/auth/sign-in')
      .set(json)
      .send({ email: 'candidate@lumc.test', password: 'exchange-demo-2026' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = refreshCookieOf(res);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes).toMatch(/HttpOnly/);
    expect(cookie?.attributes).toMatch(/SameSite=Strict/);
    expect(cookie?.attributes).toMatch(/Path=\/auth(;|$)/);
    expect(JSON.stringify(res.body)).not.toContain(cookie?.value);
    const body = res.body as SessionBody;
    expect(await me(body.accessToken)).toBe('candidate@lumc.test');
    // The cookie is the refresh token only: it does not authenticate the GraphQL API.
    const viaCookie = await agent.post('/graphql').set(json).send({ query: ME });
    expect(viaCookie.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password with UNAUTHENTICATED and sets no cookie; a bad e-mail is a field error', async () => {
    const wrong = await browser()
      .post('/auth/sign-in')
      .set(json)
      .send({ email: 'candidate@lumc.test', password: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    expect(refreshCookieOf(wrong)).toBeUndefined();
    const bad = await browser().post('/auth/sign-in').set(json).send({ email: 'nope', password: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'email', message: 'email must be a valid e-mail address' }],
    });
  });

  it('survives a page reload: the cookie alone yields a working access token, also after the old one expired', async () => {
    const agent = browser();
    const first = await signIn(agent, 'supervisor@lumc.test', 'exchange-demo-2026');
    // The access token has expired (15 minutes later): the API refuses it...
    const jwt = t.app.get(JwtService);
    const { sub, sid } = jwt.decode<{ sub: string; sid: string }>(first.accessToken);
    const expired = await jwt.signAsync({ sub, sid, exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await me(expired)).toBeUndefined();
    // ...and a reloaded page, holding nothing but the cookie, gets a fresh one.
    const res = await refresh(agent);
    expect(res.status).toBe(200);
    const body = res.body as SessionBody;
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(await me(body.accessToken)).toBe('supervisor@lumc.test');
  });

  it('rotates the refresh token on every use', async () => {
    const agent = browser();
    const signedIn = await agent
      .post('/auth/sign-in')
      .set(json)
      .send({ email: 'hr@lumc.test', password: 'exchange-demo-2026' });
    const seen = [refreshCookieOf(signedIn)?.value];
    for (let i = 0; i < 3; i++) {
      const res = await refresh(agent);
      expect(res.status).toBe(200);
      seen.push(refreshCookieOf(res)?.value);
    }
    expect(new Set(seen).size).toBe(4);
    expect(seen.every((v) => v && v.length === 43)).toBe(true);
  });

  it('detects reuse: an already rotated token ends the whole session, the thief and the browser alike', async () => {
    const agent = browser();
    const signedIn = await agent
      .post('/auth/sign-in')
      .set(json)
      .send({ email: 'candidate@leiden.test', password: 'exchange-demo-2026' });
    const stolen = refreshCookieOf(signedIn)?.value;
    const rotated = await refresh(agent);
    expect(rotated.status).toBe(200);
    const browserToken = (rotated.body as SessionBody).accessToken;
    expect(await me(browserToken)).toBe('candidate@leiden.test');

    // The thief presents the copy taken before the rotation.
    const thief = await request(t.app.getHttpServer())
      .post('/auth/refresh')
      .set(json)
      .set('cookie', `te_refresh=${stolen}`)
      .send({});
    expect(thief.status).toBe(401);
    expect(thief.body.error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });

    // The family is gone: the browser's current token and its access token stop working too.
    const afterwards = await refresh(agent);
    expect(afterwards.status).toBe(401);
    expect(refreshCookieOf(afterwards)?.value).toBe('');
    expect(await me(browserToken)).toBeUndefined();
    const [session] = await t.dataSource.query(
      `SELECT s.revoked_reason FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE u.email = 'candidate@leiden.test' ORDER BY s.created_at DESC LIMIT 1`,
    );
    expect(session.revoked_reason).toBe('TOKEN_REUSED');
  });

  it('lets only one of two simultaneous refreshes with the same token through, and ends that session', async () => {
    const agent = browser();
    const signedIn = await agent
      .post('/auth/sign-in')
      .set(json)
      .send({ email: 'candidate@janssen.test', password: 'exchange-demo-2026' });
    const token = refreshCookieOf(signedIn)?.value;
    const send = () =>
      request(t.app.getHttpServer())
        .post('/auth/refresh')
        .set(json)
        .set('cookie', `te_refresh=${token}`)
        .send({});
    const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
    expect((await refresh(agent)).status).toBe(401);
  });

  it('signs out: the session ends at once (refresh and its access token refused), other sessions go on', async () => {
    const { user } = await aUser(t);
    const laptop = browser();
    const phone = browser();
    const onLaptop = await signIn(laptop, user.email, FACTORY_PASSWORD);
    const onPhone = await signIn(phone, user.email, FACTORY_PASSWORD);
    const out = await laptop.post('/auth/sign-out').set(json).send({});
    expect(out.status).toBe(204);
    const cleared = refreshCookieOf(out);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await refresh(laptop)).status).toBe(401);
    expect(await me(onLaptop.accessToken)).toBeUndefined();
    expect(await me(onPhone.accessToken)).toBe(user.email);
    expect((await refresh(phone)).status).toBe(200);
    // Signing out again, or without any session, is harmless.
    expect((await laptop.post('/auth/sign-out').set(json).send({})).status).toBe(204);
  });

  it('a signed-out session cannot open a refresh with the old cookie value either', async () => {
    const agent = browser();
    const signedIn = await agent
      .post('/auth/sign-in')
      .set(json)
      .send({ email: 'supervisor@leiden.test', password: 'exchange-demo-2026' });
    const value = refreshCookieOf(signedIn)?.value;
    await agent.post('/auth/sign-out').set(json).send({});
    const replay = await request(t.app.getHttpServer())
      .post('/auth/refresh')
      .set(json)
      .set('cookie', `te_refresh=${value}`)
      .send({});
    expect(replay.status).toBe(401);
  });

  describe('change password', () => {
    it('refuses a wrong current password with a field error and changes nothing', async () => {
      const { user, token } = await aUser(t);
      const res = await t.gql(CHANGE_PASSWORD, { c: 'not-my-password', n: NEW_PASSWORD }, token);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'WRONG_PASSWORD',
        fields: [
          {
            field: 'currentPassword',
            message: 'currentPassword is not your current password',
            code: 'INCORRECT',
          },
        ],
      });
      expect(await t.login(user.email, FACTORY_PASSWORD)).toBeTruthy();
    });

    it('refuses a new password that is too short or the same as the current one', async () => {
      const { token } = await aUser(t);
      const short = await t.gql(CHANGE_PASSWORD, { c: FACTORY_PASSWORD, n: 'short' }, token);
      expect(short.errors?.[0].extensions.fields).toEqual([
        {
          field: 'newPassword',
          message: 'newPassword must be 12 to 200 characters long',
          code: 'TOO_SHORT',
          params: { min: 12, max: 200 },
        },
      ]);
      const same = await t.gql(CHANGE_PASSWORD, { c: FACTORY_PASSWORD, n: FACTORY_PASSWORD }, token);
      expect(same.errors?.[0].extensions.fields).toEqual([
        {
          field: 'newPassword',
          message: 'newPassword must differ from the current password',
          code: 'UNCHANGED',
        },
      ]);
    });

    it('changes it and signs out the other sessions; the session that changed it stays signed in', async () => {
      const { user } = await aUser(t);
      const here = browser();
      const elsewhere = browser();
      const current = await signIn(here, user.email, FACTORY_PASSWORD);
      const other = await signIn(elsewhere, user.email, FACTORY_PASSWORD);

      const res = await t.gql<{ changePassword: { endedSessions: number } }>(
        CHANGE_PASSWORD,
        { c: FACTORY_PASSWORD, n: NEW_PASSWORD },
        current.accessToken,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.changePassword.endedSessions).toBe(1);

      expect(await me(other.accessToken)).toBeUndefined();
      expect((await refresh(elsewhere)).status).toBe(401);
      expect(await me(current.accessToken)).toBe(user.email);
      expect((await refresh(here)).status).toBe(200);

      await expect(t.login(user.email, FACTORY_PASSWORD)).rejects.toThrow(/login of/);
      expect(await me(await t.login(user.email, NEW_PASSWORD))).toBe(user.email);
    });

    it('from a bearer token (the login mutation) signs out every browser session', async () => {
      const { user, token } = await aUser(t);
      const agent = browser();
      await signIn(agent, user.email, FACTORY_PASSWORD);
      const res = await t.gql<{ changePassword: { endedSessions: number } }>(
        CHANGE_PASSWORD,
        { c: FACTORY_PASSWORD, n: NEW_PASSWORD },
        token,
      );
      expect(res.data?.changePassword.endedSessions).toBe(1);
      expect((await refresh(agent)).status).toBe(401);
      // Bearer tokens from `login` belong to no session: they work until they expire, as before.
      expect(await me(token)).toBe(user.email);
    });
  });

  describe('expiry', () => {
    async function lastSessionOf(email: string): Promise<string> {
      const [row] = await t.dataSource.query(
        `SELECT s.id FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1
          ORDER BY s.created_at DESC LIMIT 1`,
        [email],
      );
      return row.id as string;
    }

    it('gives the cookie the refresh token lifetime (7 days unused), within the session (30 days)', async () => {
      const agent = browser();
      const res = await agent
        .post('/auth/sign-in')
        .set(json)
        .send({ email: 'hr@leiden.test', password: 'exchange-demo-2026' });
      const expires = /Expires=([^;]+)/.exec(refreshCookieOf(res)?.attributes ?? '')?.[1];
      const days = (new Date(expires ?? 0).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
      // The cookie's Expires has whole seconds.
      expect(Math.floor(new Date((res.body as SessionBody).refreshExpiresAt).getTime() / 1000)).toBe(
        new Date(expires ?? 0).getTime() / 1000,
      );
    });

    it('refuses a refresh token past its expiry', async () => {
      const { user } = await aUser(t);
      const agent = browser();
      await signIn(agent, user.email, FACTORY_PASSWORD);
      await t.dataSource.query(
        `UPDATE auth_refresh_tokens SET expires_at = now() - interval '1 second' WHERE session_id = $1`,
        [await lastSessionOf(user.email)],
      );
      const res = await refresh(agent);
      expect(res.status).toBe(401);
      expect(res.body.error.reason).toBe('SESSION_ENDED');
    });

    it('ends a session at its absolute end, however active, and its access tokens with it', async () => {
      const { user } = await aUser(t);
      const agent = browser();
      const signedIn = await signIn(agent, user.email, FACTORY_PASSWORD);
      await t.dataSource.query(
        `UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [await lastSessionOf(user.email)],
      );
      expect((await refresh(agent)).status).toBe(401);
      expect(await me(signedIn.accessToken)).toBeUndefined();
    });

    it('deletes sessions 30 days after they ended (retention), live ones stay', async () => {
      const { RetentionJob } = await import('../../src/retention/retention.job');
      const { user } = await aUser(t);
      const agent = browser();
      await signIn(agent, user.email, FACTORY_PASSWORD);
      const id = await lastSessionOf(user.email);
      await t.dataSource.query(
        `UPDATE auth_sessions SET expires_at = now() - interval '31 days' WHERE id = $1`,
        [id],
      );
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM auth_sessions');
      const result = await t.app.get(RetentionJob).purge(new Date());
      expect(result.endedSessions).toBeGreaterThanOrEqual(1);
      expect(await t.dataSource.query('SELECT 1 FROM auth_sessions WHERE id = $1', [id])).toEqual([]);
      expect(
        await t.dataSource.query('SELECT 1 FROM auth_refresh_tokens WHERE session_id = $1', [id]),
      ).toEqual([]);
      const after = await t.dataSource.query('SELECT count(*)::int AS n FROM auth_sessions');
      expect(after[0].n).toBe(before[0].n - result.endedSessions);
      expect(after[0].n).toBeGreaterThan(0);
    });
  });

  describe('CSRF', () => {
    it('refuses a cross-site request (Fetch Metadata) without touching the session', async () => {
      const agent = browser();
      await signIn(agent, 'supervisor@janssen.test', 'exchange-demo-2026');
      const forged = await agent.post('/auth/refresh').set(json).set('sec-fetch-site', 'cross-site').send({});
      expect(forged.status).toBe(403);
      expect(forged.body.error).toMatchObject({ code: 'FORBIDDEN', reason: 'CROSS_SITE_REQUEST' });
      expect(refreshCookieOf(forged)).toBeUndefined();
      const signOut = await agent
        .post('/auth/sign-out')
        .set(json)
        .set('sec-fetch-site', 'same-site')
        .send({});
      expect(signOut.status).toBe(403);
      // Nothing was rotated or ended: the browser's own refresh still works.
      expect((await refresh(agent)).status).toBe(200);
    });

    it('refuses what a plain HTML form can send (no JSON content type, so no CORS preflight)', async () => {
      const form = await browser()
        .post('/auth/sign-in')
        .type('form')
        .send({ email: 'hr@janssen.test', password: 'exchange-demo-2026' });
      expect(form.status).toBe(403);
      expect(form.body.error.reason).toBe('CROSS_SITE_REQUEST');
      expect(refreshCookieOf(form)).toBeUndefined();
      const text = await browser().post('/auth/refresh').set('content-type', 'text/plain').send('{}');
      expect(text.status).toBe(403);
    });

    it('answers no CORS preflight, so another origin cannot send JSON at all', async () => {
      const res = await request(t.app.getHttpServer())
        .options('/auth/refresh')
        .set('origin', 'https://evil.example')
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
