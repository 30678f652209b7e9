import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from '../utils/test-app';

/** The web app at / next to the API: the SPA fallback leaves the API's own routes alone. */
describe('web app serving', () => {
  let t: TestApp;
  let dir: string;
  const INDEX =
    '<!doctype html><html><head><title>Talent Exchange</title></head><body><div id="root"></div></body></html>';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'te-web-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), INDEX);
    await writeFile(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1);');
    t = await createTestApp({ env: { WEB_APP_DIR: dir } });
  });

  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const http = () => request(t.app.getHttpServer());

  it('answers / and any page of the app with index.html, revalidated on every visit', async () => {
    for (const url of ['/', '/opportunities/123', '/sign-in?next=%2Fprofile']) {
      const res = await http().get(url);
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache and answers a missing one with 404, not the app', async () => {
    const asset = await http().get('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await http().get('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<div id="root">');
  });

  it('leaves GraphQL, health, the talent profile page and the CSV exports to the API', async () => {
    const gql = await http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ __typename }' });
    expect(gql.body).toEqual({ data: { __typename: 'Query' } });
    const health = await http().get('/health');
    expect(health.status).toBe(200);
    expect(health.type).toBe('application/json');
    for (const url of [
      '/talent-profile',
      '/talent-profile/00000000-0000-0000-0000-000000000000',
      '/analytics/role-readiness.csv',
    ]) {
      const res = await http().get(url);
      expect(res.status).toBe(401);
      expect(res.text).not.toContain('<div id="root">');
    }
    const shared = await http().get('/shared/talent-profile/not-a-token');
    expect(shared.status).toBe(404);
    expect(shared.text).not.toContain('<div id="root">');
  });
});
