import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { layoutProblems, seriousViolations, shows, signIn, startWorld, type BrowserWorld } from './harness';

/** Where the page screenshots go (npm run screenshots copies them to docs/screenshots). */
const SHOTS = path.resolve(__dirname, '..', '..', 'dist', 'screenshots');

async function visit(page: Page, url: string, heading: RegExp | string, shot: string): Promise<string[]> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
  return [...(await seriousViolations(page)).map((v) => `${url}: ${v}`), ...(await layoutProblems(page))];
}

/** A phone's width (360 px, the narrowest common one): the page fits and cuts no badge short. */
async function onPhone(page: Page, url: string, heading: RegExp | string): Promise<string[]> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForLoadState('networkidle');
  return [...(await layoutProblems(page)), ...(await seriousViolations(page)).map((v) => `${url}: ${v}`)];
}

/**
 * Every page, as the demo candidate and the demo supervisor see it on the demo data: it renders,
 * axe-core finds no serious or critical violation, nothing breaks the strict Content-Security-Policy.
 */
describe('every page (browser)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    world = await startWorld({ population: true });
  });
  afterAll(() => world?.close());

  it('candidate pages render accessibly on the demo data', async () => {
    const { page, problems } = await world.person();
    await signIn(page, 'candidate@lumc.test');
    const violations: string[] = [];
    violations.push(...(await visit(page, '/', /Welcome/, 'candidate-home')));
    violations.push(...(await visit(page, '/opportunities', 'Opportunities', 'opportunities')));
    await page.getByRole('tab', { name: 'Search' }).click();
    await page.getByTestId('search-results').waitFor();
    violations.push(...(await seriousViolations(page)).map((v) => `search: ${v}`));
    await page.getByTestId('search-results').getByRole('link').first().click();
    await shows(page, page.getByTestId('fit-explanation'));
    await page.screenshot({ path: path.join(SHOTS, 'opportunity.png'), fullPage: true });
    violations.push(...(await seriousViolations(page)).map((v) => `opportunity: ${v}`));
    violations.push(...(await visit(page, '/offers', 'Offers', 'offers')));
    violations.push(...(await visit(page, '/profile', 'Profile', 'profile')));
    violations.push(...(await visit(page, '/competences', 'Competences', 'competences')));
    violations.push(...(await visit(page, '/future-roles', 'Future roles', 'future-roles')));
    await page.getByTestId('gap-table').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'future-roles.png'), fullPage: true });
    violations.push(...(await seriousViolations(page)).map((v) => `future roles: ${v}`));
    violations.push(...(await visit(page, '/rounds', 'Rounds', 'rounds')));
    violations.push(...(await visit(page, '/privacy', 'Privacy and your data', 'privacy')));
    violations.push(...(await visit(page, '/account', 'Account', 'account')));
    violations.push(...(await visit(page, '/no-such-page', 'Page not found', 'not-found')));
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('supervisor pages render accessibly; the demo supervisor sees their opportunities and applicants', async () => {
    const { page, problems } = await world.person();
    await signIn(page, 'supervisor@lumc.test');
    const violations: string[] = [];
    violations.push(...(await visit(page, '/supervise', 'My opportunities', 'supervisor-opportunities')));
    expect(await page.getByTestId('my-opportunities').getByRole('article').count()).toBeGreaterThan(0);
    await page
      .getByRole('link', { name: /^Applicants for/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 2, name: 'Applications' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'applicants.png'), fullPage: true });
    expect(await page.getByTestId('applicants').getByRole('article').count()).toBeGreaterThan(0);
    violations.push(...(await seriousViolations(page)).map((v) => `applicants: ${v}`));
    violations.push(...(await visit(page, '/supervise/new', 'New opportunity', 'opportunity-editor')));
    violations.push(...(await visit(page, '/co-supervision', 'Co-supervision', 'co-supervision')));
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('works on a phone-sized screen: the menu opens from a button', async () => {
    const { page, problems } = await world.person();
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, 'candidate@lumc.test');
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Opportunities' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Open the menu' }).click();
    await page.getByRole('link', { name: 'Opportunities' }).click();
    await page.getByRole('heading', { level: 1, name: 'Opportunities' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'phone-opportunities.png'), fullPage: true });
    const found = [...(await layoutProblems(page)), ...(await seriousViolations(page))];
    await page.getByRole('tab', { name: 'Search' }).click();
    await page.getByTestId('search-results').getByRole('link').first().click();
    await shows(page, page.getByTestId('fit-explanation'));
    found.push(...(await layoutProblems(page)));
    found.push(...(await onPhone(page, '/', /Welcome/)));
    found.push(...(await onPhone(page, '/offers', 'Offers')));
    found.push(...(await onPhone(page, '/profile', 'Profile')));
    found.push(...(await onPhone(page, '/competences', 'Competences')));
    found.push(...(await onPhone(page, '/future-roles', 'Future roles')));
    found.push(...(await onPhone(page, '/rounds', 'Rounds')));
    found.push(...(await onPhone(page, '/privacy', 'Privacy and your data')));
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the supervisor pages fit a phone-sized screen', async () => {
    const { page, problems } = await world.person();
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, 'supervisor@lumc.test');
    const found = await onPhone(page, '/supervise', 'My opportunities');
    await page
      .getByRole('link', { name: /^Applicants for/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 2, name: 'Applications' }).waitFor();
    await page.waitForLoadState('networkidle');
    found.push(...(await layoutProblems(page)));
    found.push(...(await onPhone(page, '/supervise/new', 'New opportunity')));
    found.push(...(await onPhone(page, '/co-supervision', 'Co-supervision')));
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
  });
});
