import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/database/seeds/demo-accounts';
import { createTestApp, TestApp } from '../../test/utils/test-app';

/**
 * The browser tests' world: the real app (API and the built web app) listening on a free port of
 * 127.0.0.1, on a database of its own, and Debian's Chromium. One browser context per person.
 */
export interface BrowserWorld {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A person in a browser context of their own (cookies and storage apart), signed out. */
  person(opts?: { locale?: 'en-GB' | 'nl-NL' }): Promise<Person>;
  close(): Promise<void>;
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /**
   * Content-Security-Policy violations and uncaught page errors seen so far (a render React recovered
   * from is one too, named by what threw and where: src/lib/recoverable-error.ts).
   */
  problems: string[];
}

/** Stricter than the server's policy: scripts and styles from the site itself only, nothing inline. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function startWorld(opts: { population?: boolean } = {}): Promise<BrowserWorld> {
  const executablePath = process.env.CHROME_PATH;
  if (!executablePath)
    throw new Error('CHROME_PATH is unset: run the browser tests with npm run test:browser');
  const t = await createTestApp({
    seed: true,
    population: opts.population ?? false,
    env: { WEB_APP_DIR: path.resolve(__dirname, '..', '..', 'dist', 'web') },
    // The server's own policy (helmet) allows inline styles; the app needs none. A report-only policy
    // without them makes Chromium log any inline script or style, which fails the test.
    beforeInit: (app) =>
      app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
        res.setHeader('Content-Security-Policy-Report-Only', STRICT_CSP);
        next();
      }),
  });
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];

  return {
    t,
    baseUrl,
    browser,
    async person({ locale = 'en-GB' } = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale,
        viewport: { width: 1280, height: 900 },
      });
      contexts.push(context);
      const problems: string[] = [];
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      return { context, page, problems };
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await t.close();
    },
  };
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: /^(E-mail address|E-mailadres)/ }).fill(email);
  await page.getByRole('textbox', { name: /^(Password|Wachtwoord)/ }).fill(password);
  await page.getByRole('button', { name: /sign in|inloggen/i }).click();
  // Signed in once the app has left the sign-in page and drawn the landing page's own heading (a
  // page's title, #page-title, shows once its data came). The sign-in page's heading is no sign of
  // that: waiting for "a level-one heading" returned at once, and the test's next step (a goto, a
  // reload) raced the landing page's first render.
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.locator('h1#page-title').waitFor();
}

/** axe-core on the page as it is now: no serious or critical violation of WCAG 2.x A and AA. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => `${n.target.join(' ')} ${JSON.stringify(n.any[0]?.data ?? '')}`)
          .join(', ')}`,
    );
}

/** The token for API calls a third person (HR) makes in a test, as GraphQL clients do. */
export function apiLogin(world: BrowserWorld, email: string): Promise<string> {
  return world.t.login(email);
}

/** Waits for `locator`; when it does not come, the error says what the page shows instead. */
export async function shows(
  page: Page,
  locator: ReturnType<Page['locator']>,
  timeout = 15_000,
): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (err) {
    const text = await page
      .locator('body')
      .innerText()
      .catch(() => '(no page)');
    throw new Error(
      `${(err as Error).message.split('\n')[0]}\nThe page at ${page.url()} shows:\n${text.slice(0, 2000)}`,
    );
  }
}

type Tree = { [key: string]: string | Tree };

/** The app's own texts, so a test finds buttons and headings in either language. */
export function texts(language: 'en' | 'nl') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tree = require(`../src/locales/${language}/translation.json`) as Tree;
  return (key: string, values: Record<string, string | number> = {}): string => {
    const value = key.split('.').reduce<string | Tree>((node, part) => (node as Tree)[part], tree);
    if (typeof value !== 'string') throw new Error(`no text ${key} in ${language}`);
    return value.replace(/{{(\w+)}}/g, (_, name: string) => String(values[name] ?? ''));
  };
}

/** Every text key of the app: one of them on screen means a text was not translated. */
export function allTextKeys(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tree = require('../src/locales/en/translation.json') as Tree;
  const walk = (node: Tree, prefix: string): string[] =>
    Object.entries(node).flatMap(([key, value]) =>
      typeof value === 'string'
        ? [`${prefix}${key}`.replace(/_(one|other)$/, '')]
        : walk(value, `${prefix}${key}.`),
    );
  return [...new Set(walk(tree, ''))];
}

/**
 * What the layout cuts or pushes out of sight: a badge whose text is cut short (an ellipsis), and a
 * page wider than the window (a sideways scroll), each named so the failure says where.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  // A string: the browser runs it (this file is compiled without the DOM's types).
  return page.evaluate<string[]>(`(() => {
    const found = [];
    for (const label of document.querySelectorAll('.mantine-Badge-label')) {
      if (label.scrollWidth > label.clientWidth + 1) found.push('badge cut short: "' + label.textContent + '"');
    }
    const width = document.documentElement.scrollWidth;
    if (width > window.innerWidth) found.push('page ' + width + 'px wide in a ' + window.innerWidth + 'px window');
    return found.map((problem) => location.pathname + ': ' + problem);
  })()`);
}
