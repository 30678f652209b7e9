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
