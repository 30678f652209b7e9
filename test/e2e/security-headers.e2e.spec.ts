import request, { Response } from 'supertest';
import { PAGE_CSP } from '../../src/talent-profiles/talent-profiles.controller';
import { createTestApp, TestApp } from '../utils/test-app';

/** A Content-Security-Policy as directive -> sources. */
function policy(header: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** What a browser falls back to when a directive is not given. */
function sourcesOf(csp: Map<string, string[]>, directive: string): string[] {
  return csp.get(directive) ?? csp.get('default-src') ?? [];
}

/** helmet's headers, on every answer whatever its status. */
function expectHardened(res: Response): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(res.headers['content-security-policy']).toBeDefined();
}

/** The policy a single-page app built by Vite can live with, and nothing looser. */
function expectAppPolicy(res: Response): void {
  const csp = policy(res.headers['content-security-policy']);
  expect(sourcesOf(csp, 'script-src')).toEqual(["'self'"]);
  expect(csp.get('script-src-attr')).toEqual(["'none'"]);
  expect(sourcesOf(csp, 'style-src')).toContain("'self'");
  expect(sourcesOf(csp, 'connect-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);
}

describe('security headers (outside production)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('sets them on POST /graphql, with the app policy', async () => {
    const res = await http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ __typename }' });
    expect(res.status).toBe(200);
    expectHardened(res);
    expectAppPolicy(res);
  });

  it('sets them on /health and on a path nothing serves (where the web app will be)', async () => {
    for (const path of ['/health', '/', '/no/such/page']) {
      const res = await http().get(path);
      expectHardened(res);
      expectAppPolicy(res);
    }
  });

  it('lets the Sandbox landing page on GET /graphql load what its own policy allows', async () => {
    const res = await http().get('/graphql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('embeddable-sandbox');
    expectHardened(res);
    // The page declares its own policy in a <meta> tag: a browser enforces both, so ours must allow
    // every source that one names (its inline parts carry its nonce; ours allows them inline).
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(res.text);
    expect(meta).not.toBeNull();
    const theirs = policy(meta![1]);
    const ours = policy(res.headers['content-security-policy']);
    for (const [directive, sources] of theirs) {
      // Apollo's own development build of the Sandbox, never loaded by the published page.
      for (const source of sources.filter((s) => s !== 'https://embed.apollo.local:3000')) {
        if (source.startsWith("'nonce-")) expect(sourcesOf(ours, directive)).toContain("'unsafe-inline'");
        else
          expect([directive, sourcesOf(ours, directive)]).toEqual([
            directive,
            expect.arrayContaining([source]),
          ]);
      }
    }
    // The fonts its Google stylesheet pulls in.
    expect(sourcesOf(ours, 'font-src')).toContain('https://fonts.gstatic.com');
    expect(ours.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('keeps the printable talent profile page on its own stricter policy (inline styles and SVG, no script)', async () => {
    const token = await t.login('candidate@lumc.test');
    const res = await http().get('/talent-profile').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expectHardened(res);
    expect(res.headers['content-security-policy']).toBe(PAGE_CSP);
    const csp = policy(PAGE_CSP);
    expect(csp.get('style-src')).toEqual(["'unsafe-inline'"]);
    expect(sourcesOf(csp, 'script-src')).toEqual(["'none'"]);
  });

  it('does not ask browsers to upgrade requests to https when the site is not served over https', async () => {
    const res = await http().get('/health');
    expect(policy(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(false);
  });
});

describe('security headers in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        NODE_ENV: 'production',
        PASSWORD_HASH_PROFILE: 'STRONG',
        PUBLIC_BASE_URL: 'https://talent.example.org',
      },
    });
  });
  afterAll(() => t.close());

  it('has no Sandbox page, so GET /graphql keeps the app policy', async () => {
    const res = await request(t.app.getHttpServer()).get('/graphql').set('accept', 'text/html');
    expectHardened(res);
    expectAppPolicy(res);
    expect(res.headers['content-security-policy']).not.toContain('apollographql.com');
  });

  it('asks browsers to load every part over https when PUBLIC_BASE_URL is https', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(policy(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
  });
});
