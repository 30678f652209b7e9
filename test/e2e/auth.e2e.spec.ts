import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { createTestApp, TestApp } from '../utils/test-app';

const ME = '{ me { id email displayName roles organisation { code name } } }';

describe('authentication and authorisation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('logs a demo HR user in and returns the user with organisation and roles from me', async () => {
    const token = await t.login('hr@lumc.test');
    const res = await t.gql<{ me: { email: string; roles: string[]; organisation: { code: string } } }>(
      ME,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toMatchObject({
      email: 'hr@lumc.test',
      roles: ['HR'],
      organisation: { code: 'LUMC' },
    });
  });

  it('accepts the e-mail in any letter case', async () => {
    const token = await t.login('HR@Lumc.TEST');
    expect(token.split('.')).toHaveLength(3);
  });

  it('gives the same UNAUTHENTICATED answer for a wrong password and an unknown e-mail', async () => {
    const query = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';
    const wrong = await t.gql(query, { e: 'hr@lumc.test', p: 'not-the-password' });
    const unknown = await t.gql(query, { e: 'nobody@lumc.test', p: 'not-the-password' });
    expect(wrong.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]).toEqual(wrong.errors?.[0]);
    expect(wrong.data).toBeNull();
  });

  it('refuses a request without a token', async () => {
    const res = await t.gql(ME);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('refuses an expired token', async () => {
    const jwt = t.app.get(JwtService);
    const token = await t.login('hr@lumc.test');
    const { sub } = jwt.decode<{ sub: string }>(token);
    const expired = await jwt.signAsync({ sub, exp: Math.floor(Date.now() / 1000) - 60 });
    const res = await t.gql(ME, {}, expired);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another secret', async () => {
    const token = await t.login('hr@lumc.test');
    const { sub } = t.app.get(JwtService).decode<{ sub: string }>(token);
    const forged = await new JwtService({ secret: 'an-attackers-secret-of-sufficient-length-000' }).signAsync(
      { sub },
      { issuer: 'talent-exchange', expiresIn: 600 },
    );
    const res = await t.gql(ME, {}, forged);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a tampered token (payload changed, signature kept)', async () => {
    const token = await t.login('candidate@lumc.test');
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: '00000000-0000-0000-0000-000000000000' })).toString(
      'base64url',
    );
    const res = await t.gql(ME, {}, `${header}.${payload}.${signature}`);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers FORBIDDEN when a candidate calls an HR operation', async () => {
    const token = await t.login('candidate@lumc.test');
    const res = await t.gql('{ users { id } }', {}, token);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('answers FORBIDDEN when HR calls an admin operation', async () => {
    const token = await t.login('hr@janssen.test');
    const res = await t.gql(
      'mutation { createOrganisation(input: { code: "TU_DELFT", name: "TU Delft" }) { id } }',
      {},
      token,
    );
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lets HR list only the accounts of their own organisation', async () => {
    const token = await t.login('hr@janssen.test');
    const res = await t.gql<{ users: { email: string; organisation: { code: string } }[] }>(
      '{ users { email organisation { code } } }',
      {},
      token,
    );
    expect(res.data?.users.length).toBeGreaterThan(0);
    expect(new Set(res.data?.users.map((u) => u.organisation.code))).toEqual(new Set(['JANSSEN']));
  });

  it('names the invalid field with BAD_USER_INPUT', async () => {
    const res = await t.gql('mutation { login(email: "not-an-email", password: "x") { accessToken } }');
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions.fields).toEqual([
      { field: 'email', message: 'email must be a valid e-mail address', code: 'INVALID_EMAIL' },
    ]);
  });

  it('never exposes password hashes: the schema has no such field and login answers do not carry one', async () => {
    const res = await t.gql('{ __type(name: "User") { fields { name } } }');
    const names = (res.data as { __type: { fields: { name: string }[] } }).__type.fields.map((f) => f.name);
    expect(names).toContain('email');
    expect(names.some((n) => /password/i.test(n))).toBe(false);
    const raw = await t.gql(
      'mutation { login(email: "hr@lumc.test", password: "exchange-demo-2026") { user { id email } } }',
    );
    expect(JSON.stringify(raw)).not.toMatch(/argon2/);
  });

  it('tells caches not to keep an answer (it may hold personal data)', async () => {
    const token = await t.login('hr@lumc.test');
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({ query: ME });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
