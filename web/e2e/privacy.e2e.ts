import { readFile } from 'node:fs/promises';
import {
  allTextKeys,
  seriousViolations,
  shows,
  signIn,
  startWorld,
  texts,
  type BrowserWorld,
} from './harness';

/** The privacy page: the register in plain words, consents, the data download, restriction, erasure. */
describe('privacy (browser)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  it('a candidate downloads their data, withdraws and gives consents, and asks for erasure', async () => {
    const { page, problems } = await world.person();
    await signIn(page, 'candidate@leiden.test');
    await page.getByRole('link', { name: 'Privacy' }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: 'Privacy and your data' }));
    await shows(page, page.getByTestId('purposes').getByRole('heading', { name: 'Your account' }));
    expect(await seriousViolations(page)).toEqual([]);

    // The download: the access token as a bearer header, saved from a Blob as the server's file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^talent-exchange-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await readFile((await download.path()) as string, 'utf8')) as unknown;
    expect(JSON.stringify(file)).toContain('candidate@leiden.test');
    await shows(page, page.getByRole('status').filter({ hasText: 'Your data has been downloaded.' }));

    // The findable profile is a consent, given here with the keyboard alone: the profile is findable
    // at once; withdrawing it makes the profile private at once.
    const findable = page.getByTestId('consent-FINDABLE_PROFILE');
    await shows(page, findable.getByText('You have not agreed to this.'));
    await findable.getByRole('button', { name: 'I agree: Findable for partners' }).focus();
    await page.keyboard.press('Enter');
    await shows(page, findable.getByText(/You agreed on \d+ \w+ \d{4}\./));
    await page.getByRole('link', { name: 'Profile' }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: 'Profile' }));
    expect(await page.getByRole('radio', { name: /^Findable/ }).isChecked()).toBe(true);

    await page.getByRole('link', { name: 'Privacy' }).click();
    await findable.getByRole('button', { name: 'Withdraw consent: Findable for partners' }).click();
    await shows(page, findable.getByText(/You withdrew your consent on \d+ \w+ \d{4}\./));
    await page.getByRole('link', { name: 'Profile' }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: 'Profile' }));
    expect(await page.getByRole('radio', { name: /^Private/ }).isChecked()).toBe(true);

    // Another consent, which survives a reload.
    await page.getByRole('link', { name: 'Privacy' }).click();
    const talent = page.getByTestId('consent-TALENT_PROFILE_CONSORTIUM');
    await talent.getByRole('button', { name: 'I agree: Talent profile for partners' }).click();
    await shows(page, talent.getByText(/You agreed on/));
    await page.reload();
    await shows(page, talent.getByText('Agreed', { exact: true }));

    // Erasure: asked once (an admin confirms it); until then the page shows it pending.
    const erase = page.getByRole('button', { name: 'Request erasure' });
    expect(await erase.isDisabled()).toBe(true);
    await page.getByLabel('Anything the admin should know (optional)').fill('Leaving the consortium');
    await page.getByRole('checkbox', { name: /cannot be undone/ }).check();
    await erase.click();
    await shows(page, page.getByTestId('erasure-requested'));
    expect(await page.getByTestId('erasure-requested').innerText()).toContain('An admin will confirm it.');
    expect(await seriousViolations(page)).toEqual([]);

    // After a reload the page still knows (myDataSubjectRequests): the pending request, not the form.
    await page.reload();
    const pending = page.getByTestId('erasure-requested');
    await shows(page, pending.getByText('Pending', { exact: true }));
    expect(await pending.innerText()).toContain('Leaving the consortium');
    expect(await page.getByRole('button', { name: 'Request erasure' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    const admin = await world.t.login('admin@talent-exchange.test');
    const open = await world.t.gql<{ erasureRequests: { reason: string | null }[] }>(
      '{ erasureRequests { reason } }',
      {},
      admin,
    );
    expect(open.data?.erasureRequests.map((r) => r.reason)).toContain('Leaving the consortium');
    expect(problems).toEqual([]);
  });

  it('in Dutch: the register and consents in Dutch, no English server text; a restriction with its reason; an erasure request pending', async () => {
    const nl = texts('nl');
    const { page, problems } = await world.person({ locale: 'nl-NL' });
    await signIn(page, 'candidate@lumc.test');
    await page.goto('/privacy');
    await shows(page, page.getByRole('heading', { level: 1, name: nl('privacy.title') }));
    await shows(
      page,
      page.getByTestId('consents').getByText(nl('privacy.consentText.FINDABLE_PROFILE.v2026-12')),
    );
    expect(await page.locator('main [lang="en"]').count()).toBe(0);
    const shown = await page.locator('main').innerText();
    expect(allTextKeys().filter((key) => shown.includes(key))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // A restriction needs a reason: said next to the field, then in force at once.
    await page.getByRole('button', { name: nl('privacy.restrictButton') }).click();
    await shows(page, page.getByText(nl('errors.reason.REASON_REQUIRED')));
    await page
      .getByRole('textbox', { name: new RegExp(nl('privacy.restrictReason')) })
      .fill('Mijn beoordelingen kloppen niet');
    await page.getByRole('button', { name: nl('privacy.restrictButton') }).click();
    await shows(page, page.getByTestId('restriction-in-force'));
    await shows(page, page.getByText('Mijn beoordelingen kloppen niet'));
    expect(await seriousViolations(page)).toEqual([]);

    // An erasure request, in Dutch: after a reload it is shown pending, not the form.
    await page.getByRole('checkbox', { name: nl('privacy.eraseConfirm') }).check();
    await page.getByRole('button', { name: nl('privacy.eraseButton') }).click();
    await shows(page, page.getByTestId('erasure-requested'));
    await page.reload();
    await shows(page, page.getByTestId('erasure-requested').getByText(nl('privacy.erasePending')));
    expect(await page.getByRole('button', { name: nl('privacy.eraseButton') }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
