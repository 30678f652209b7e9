import { seriousViolations, shows, signIn, startWorld, type BrowserWorld } from './harness';

/** Signing in, the language switch and the demo data, each page checked with axe-core. */
describe('signing in (browser)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startWorld({ population: true });
  });
  afterAll(() => world?.close());

  it('shows the sign-in page accessibly, refuses a wrong password in words, then signs the candidate in', async () => {
    const { page, problems } = await world.person();
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(/e-mail/i).fill('candidate@lumc.test');
    await page.getByRole('textbox', { name: /^Password/ }).fill('not-the-password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'The e-mail address or password is wrong.',
    );

    await signIn(page, 'candidate@lumc.test');
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    // The demo candidate sees their applications and recommendations.
    await page.getByTestId('home-applications').waitFor();
    expect(await page.getByTestId('home-applications').getByRole('row').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('home-recommendations').getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('keeps the session over a reload, signs out for good, and says when the connection is lost', async () => {
    const { page, context, problems } = await world.person();
    await signIn(page, 'candidate@leiden.test');
    await shows(page, page.getByRole('heading', { level: 1, name: /Welcome, Daan Smit/ }));

    // A reload trades the refresh cookie for a new access token: still signed in.
    await page.reload();
    await shows(page, page.getByRole('heading', { level: 1, name: /Welcome, Daan Smit/ }));

    // The network goes away: a banner says so; it comes back: the banner goes.
    await context.setOffline(true);
    await page.getByRole('link', { name: 'Offers' }).click();

    await shows(page, page.getByTestId('connection-lost'));
    expect(await page.getByTestId('connection-lost').innerText()).toContain(
      'The connection to Talent Exchange is lost',
    );
    expect(await page.getByRole('alert', { name: 'Something went wrong' }).innerText()).toContain(
      'This page could not be loaded',
    );
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Try again' }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: 'Offers' }));
    await page.getByTestId('connection-lost').waitFor({ state: 'detached', timeout: 20_000 });

    // Signing out ends the session: a reload lands on the sign-in page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await shows(page, page.getByRole('heading', { name: 'Sign in' }));
    await page.reload();
    await shows(page, page.getByRole('heading', { name: 'Sign in' }));
    expect(problems).toEqual([]);
  });
});
