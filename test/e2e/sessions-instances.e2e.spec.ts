import request from 'supertest';
import { createTestApp, TestApp } from '../utils/test-app';

const ME = '{ me { email } }';

/** Waits for `check` to hold, polling; fails after `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Each instance keeps live sessions for AUTH_USER_CACHE_SECONDS (here 300 s); a session that ends on
 * one instance must stop working on the others long before that: only the notification can explain
 * a refusal within seconds.
 */
describe('cookie sessions across API instances', () => {
  let a: TestApp;
  let b: TestApp;
  const env = { AUTH_USER_CACHE_SECONDS: '300', SESSION_COOKIE_SECURE: 'false' };
  beforeAll(async () => {
    a = await createTestApp({ seed: true, env });
    b = await createTestApp({ sharedDatabase: a.db, env });
  }, 60_000);
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('a sign-out on one instance ends the session’s access tokens on the other', async () => {
    const browser = request.agent(a.app.getHttpServer());
    const signedIn = await browser
      .post('/auth/sign-in')
      .set('content-type', 'application/json')
      .send({ email: 'candidate@lumc.test', password: 'exchange-demo-2026' });
    const { accessToken } = signedIn.body as { accessToken: string };
    // Both instances now hold the session as live.
    for (const t of [a, b]) expect((await t.gql(ME, {}, accessToken)).errors).toBeUndefined();

    const out = await browser.post('/auth/sign-out').set('content-type', 'application/json').send({});
    expect(out.status).toBe(204);
    // At once where it happened, within moments elsewhere.
    expect((await a.gql(ME, {}, accessToken)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    await eventually(
      async () => (await b.gql(ME, {}, accessToken)).errors?.[0].extensions.code === 'UNAUTHENTICATED',
    );
  });

  it('a password change on one instance ends the other sessions on the other', async () => {
    const signIn = async () =>
      (
        await request(a.app.getHttpServer())
          .post('/auth/sign-in')
          .set('content-type', 'application/json')
          .send({ email: 'supervisor@lumc.test', password: 'exchange-demo-2026' })
      ).body as { accessToken: string };
    const here = await signIn();
    const elsewhere = await signIn();
    expect((await b.gql(ME, {}, elsewhere.accessToken)).errors).toBeUndefined();
    const changed = await a.gql<{ changePassword: { endedSessions: number } }>(
      'mutation { changePassword(currentPassword: "exchange-demo-2026", newPassword: "a-new-password-for-the-test") { endedSessions } }',
      {},
      here.accessToken,
    );
    expect(changed.data?.changePassword.endedSessions).toBe(1);
    await eventually(
      async () =>
        (await b.gql(ME, {}, elsewhere.accessToken)).errors?.[0].extensions.code === 'UNAUTHENTICATED',
    );
    expect((await b.gql(ME, {}, here.accessToken)).errors).toBeUndefined();
  });
});
