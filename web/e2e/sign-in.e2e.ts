import { seriousViolations, signIn, startWorld, type BrowserWorld } from './harness';

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
});
