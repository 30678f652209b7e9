import { DEMO_PASSWORD } from '../../src/database/seeds/demo-accounts';
import { seriousViolations, shows, startWorld, type BrowserWorld } from './harness';

/** A session that ends while a page is open: the app says so and recovers after signing in again. */
describe('an expired session (browser)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  it('says the session has ended, and after signing in again returns to the page the person was on', async () => {
    const { page, problems } = await world.person();
    await page.goto('/sign-in');
    await page.getByRole('textbox', { name: /^E-mail address/ }).fill('candidate@janssen.test');
    await page.getByRole('textbox', { name: /^Password/ }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: /Welcome/ }));
    await page.getByRole('link', { name: 'Offers' }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: 'Offers' }));

    // Elsewhere (a GraphQL client) the password is changed: every browser session of the person ends
    // at once, so the tab's access token and its refresh cookie both stop working.
    const newPassword = 'a-new-password-2027';
    const token = await world.t.login('candidate@janssen.test');
    const changed = await world.t.gql(
      'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { endedSessions } }',
      { c: DEMO_PASSWORD, n: newPassword },
      token,
    );
    expect(changed.errors).toBeUndefined();

    // The next page the person opens finds the session ended: the sign-in page says so.
    await page.getByRole('link', { name: 'Profile' }).click();
    await shows(page, page.getByText('Your session has ended. Please sign in again.'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await seriousViolations(page)).toEqual([]);

    // Signing in again (with the new password) leads back to the page they asked for.
    await page.getByRole('textbox', { name: /^Password/ }).fill(newPassword);
    await page.getByRole('textbox', { name: /^E-mail address/ }).fill('candidate@janssen.test');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: 'Profile' }));
    expect(await page.getByText('Your session has ended').count()).toBe(0);
    await page.reload();
    await shows(page, page.getByRole('heading', { level: 1, name: 'Profile' }));
    expect(problems).toEqual([]);
  });
});
