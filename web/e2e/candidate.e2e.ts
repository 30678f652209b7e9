import { candidateJourney } from './candidate-journey';
import { startWorld, type BrowserWorld } from './harness';

describe('candidate journey (browser, two people)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  it('profile, recommendation, application; the supervisor shortlists and offers; the offer arrives live and is accepted', async () => {
    const report = await candidateJourney(world, 'en');
    expect(report.violations).toEqual([]);
    expect(report.untranslated).toEqual([]);
  });
});
