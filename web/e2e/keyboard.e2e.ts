import type { Page } from 'playwright-core';
import { shows, signIn, startWorld, type BrowserWorld } from './harness';

interface Stop {
  what: string;
  visible: boolean;
}

/**
 * Tabs through the page from its top: every element reached shows a focus indicator (an outline or
 * a box shadow), and no element takes itself out of document order (tabindex above 0).
 */
async function keyboardPass(page: Page, tabs = 80): Promise<string[]> {
  const problems: string[] = [];
  const positive = await page.evaluate<number>(
    `document.querySelectorAll('[tabindex]:not([tabindex="-1"]):not([tabindex="0"])').length`,
  );
  if (positive > 0)
    problems.push(`${new URL(page.url()).pathname}: ${positive} elements with a positive tabindex`);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const seen = new Set<string>();
  for (let i = 0; i < tabs; i++) {
    await page.keyboard.press('Tab');
    // A string: the browser runs it (this file is compiled without the DOM's types).
    const stop = await page.evaluate<Stop | null>(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const shadow = style.boxShadow && style.boxShadow !== 'none';
      const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().slice(0, 40);
      return { what: el.tagName.toLowerCase() + ' "' + name + '"', visible: Boolean(outline || shadow) };
    })()`);
    if (!stop) continue;
    if (seen.has(stop.what)) continue;
    seen.add(stop.what);
    if (!stop.visible) problems.push(`${new URL(page.url()).pathname}: no visible focus on ${stop.what}`);
  }
  if (seen.size < 3)
    problems.push(`${new URL(page.url()).pathname}: the keyboard reached only ${seen.size} elements`);
  return problems;
}

/** A keyboard-only pass over the candidate's and the supervisor's pages. */
describe('keyboard (browser)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  it('reaches every control of the candidate pages with Tab, each with a visible focus', async () => {
    const { page } = await world.person();
    await signIn(page, 'candidate@lumc.test');
    const problems: string[] = [];
    for (const [path, heading] of [
      ['/', /Welcome/],
      ['/opportunities', 'Opportunities'],
      ['/offers', 'Offers'],
      ['/profile', 'Profile'],
      ['/competences', 'Competences'],
      ['/rounds', 'Rounds'],
      ['/privacy', 'Privacy and your data'],
      ['/account', 'Account'],
    ] as const) {
      await page.goto(path);
      await shows(page, page.getByRole('heading', { level: 1, name: heading }));
      problems.push(...(await keyboardPass(page)));
    }
    expect(problems).toEqual([]);
  });

  it('reaches every control of the supervisor pages with Tab, each with a visible focus', async () => {
    const { page } = await world.person();
    await signIn(page, 'supervisor@lumc.test');
    const problems: string[] = [];
    for (const [path, heading] of [
      ['/supervise', 'My opportunities'],
      ['/supervise/new', 'New opportunity'],
      ['/co-supervision', 'Co-supervision'],
    ] as const) {
      await page.goto(path);
      await shows(page, page.getByRole('heading', { level: 1, name: heading }));
      problems.push(...(await keyboardPass(page)));
    }
    expect(problems).toEqual([]);
  });
});
