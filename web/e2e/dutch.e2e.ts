import { candidateJourney } from './candidate-journey';
import { shows, signIn, startWorld, type BrowserWorld } from './harness';

describe('in Dutch (browser, two people)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  it('the candidate journey renders its key pages in Dutch with no untranslated text', async () => {
    const report = await candidateJourney(world, 'nl');
    expect(report.untranslated).toEqual([]);
    expect(report.violations).toEqual([]);
  });

  it('writes notifications and the level descriptions in Dutch, with Dutch dates, no English server text', async () => {
    const { page, problems } = await world.person({ locale: 'nl-NL' });
    await signIn(page, 'candidate@lumc.test');
    const notifications = page.getByTestId('home-notifications');
    await shows(page, notifications.getByText(/U heeft een aanbieding voor/).first());
    const text = await notifications.innerText();
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).not.toMatch(/You have an offer|Please answer by/);
    expect(await notifications.locator('[lang="en"]').count()).toBe(0);
    await page.getByRole('link', { name: 'Competenties' }).click();
    await shows(
      page,
      page.getByText('Kent de basis en past die onder begeleiding toe in bekende situaties.'),
    );
    expect(await page.locator('main [lang="en"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('remembers the language chosen with the switch, with dates in Dutch', async () => {
    const { page } = await world.person({ locale: 'en-GB' });
    await signIn(page, 'candidate@leiden.test');
    await shows(page, page.getByRole('heading', { level: 1, name: /Welcome/ }));
    await page.getByText('NL', { exact: true }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: /Welkom/ }));
    await page.reload();
    await shows(page, page.getByRole('heading', { level: 1, name: /Welkom/ }));
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page.getByRole('link', { name: 'Rondes' }).click();
    await shows(page, page.getByRole('heading', { level: 1, name: 'Rondes' }));
  });
});
