import { OpportunityKind } from '../../src/core/domain/enums';
import { anOpenOpportunity } from '../../test/factories/opportunities.factory';
import {
  allTextKeys,
  seriousViolations,
  shows,
  signIn,
  texts,
  type BrowserWorld,
  type Person,
} from './harness';
import type { Page } from 'playwright-core';

export interface JourneyReport {
  /** Text keys that showed up untranslated, per page. */
  untranslated: string[];
  violations: string[];
}

/**
 * The candidate journey of issue 10, in `language`: the candidate completes the profile, finds an
 * opportunity through the recommendations and applies; the supervisor (another browser context)
 * shortlists and offers; the candidate sees the offer arrive live on the home page and accepts.
 */
export async function candidateJourney(world: BrowserWorld, language: 'en' | 'nl'): Promise<JourneyReport> {
  const t = texts(language);
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  const keys = allTextKeys();
  const report: JourneyReport = { untranslated: [], violations: [] };
  const check = async (page: Page, where: string) => {
    report.violations.push(...(await seriousViolations(page)).map((v) => `${where}: ${v}`));
    const text = await page.locator('body').innerText();
    report.untranslated.push(...keys.filter((key) => text.includes(key)).map((key) => `${where}: ${key}`));
  };

  // Setup through the API: an open internship at LUMC (created by its supervisor, approved by HR).
  const supervisorToken = await world.t.login('supervisor@lumc.test');
  const hrToken = await world.t.login('hr@lumc.test');
  const title = `Vaccine assay internship ${language}-${Date.now().toString(36)}`;
  await anOpenOpportunity(world.t, supervisorToken, hrToken, OpportunityKind.INTERNSHIP, {
    title,
    eligibleStages: ['MASTER_STUDENT'],
    capacity: 1,
  });

  const candidate: Person = await world.person({ locale });
  const supervisor: Person = await world.person({ locale });
  const c = candidate.page;
  const s = supervisor.page;

  // The candidate signs in (the sign-in page is in the browser's language) and completes the profile.
  await c.goto('/');
  await shows(c, c.getByRole('heading', { name: t('auth.signIn') }));
  await check(c, 'sign-in');
  await signIn(c, 'candidate@lumc.test');
  await c.getByRole('link', { name: t('nav.profile') }).click();
  await shows(c, c.getByRole('heading', { level: 1, name: t('profile.title') }));
  await c.getByRole('combobox', { name: t('profile.careerStage') }).click();
  await c.getByRole('option', { name: t('stage.MASTER_STUDENT') }).click();
  await c.getByRole('radio', { name: t('profile.consortium') }).check();
  await c.getByRole('button', { name: t('profile.addLanguage') }).click();
  await c
    .getByRole('textbox', { name: t('profile.languageCode') })
    .last()
    .fill('en');
  await c.getByRole('button', { name: t('common.save') }).click();
  await shows(c, c.getByRole('status').filter({ hasText: t('profile.saved') }));
  await check(c, 'profile');

  // Finds the opportunity through the recommendations and applies with a motivation.
  await c.getByRole('link', { name: t('nav.opportunities') }).click();
  await shows(c, c.getByTestId('recommendations'));
  await check(c, 'recommendations');
  await c.getByRole('link', { name: title }).click();
  await shows(c, c.getByTestId('fit-explanation'));
  // The fit's parts are written by the app from codes: none in the server's English.
  const english = await c.getByTestId('fit-explanation').locator('[lang="en"]').count();
  if (english > 0) report.untranslated.push(`opportunity: ${english} fit texts in the server's English`);
  await c
    .getByRole('textbox', { name: t('opportunity.motivation') })
    .fill('I run T-cell assays in my master project.');
  await c.getByRole('button', { name: t('opportunity.submitApplication') }).click();
  await shows(c, c.getByTestId('my-application').getByText(t('status.application.SUBMITTED')));
  await check(c, 'opportunity');

  // The candidate waits on the home page while the supervisor, in another browser, shortlists and offers.
  await c.getByRole('link', { name: t('nav.home'), exact: true }).click();
  await shows(c, c.getByRole('heading', { level: 2, name: t('home.offers') }));
  await signIn(s, 'supervisor@lumc.test');
  await shows(s, s.getByRole('heading', { level: 1, name: t('supervise.title') }));
  await s.getByRole('link', { name: t('supervise.applicants', { title }) }).click();
  await s.getByRole('button', { name: t('applicants.shortlist', { name: 'Lotte Jansen' }) }).click();
  await s.getByRole('button', { name: t('applicants.offer', { name: 'Lotte Jansen' }) }).click();
  await shows(s, s.getByText(t('status.application.OFFERED')).first());
  await check(s, 'applicants');

  // The offer arrives on the candidate's home page without a reload, and the candidate accepts.
  await shows(c, c.getByTestId('home-offers').getByText(title), 20_000);
  await check(c, 'home');
  await c
    .getByTestId('home-offers')
    .getByRole('link', { name: t('home.answerOffer') })
    .click();
  await shows(c, c.getByRole('heading', { level: 3, name: title }));
  await check(c, 'offers');
  await c.getByRole('button', { name: t('offers.accept') }).click();
  await shows(c, c.getByTestId('accepted-offers').getByRole('link', { name: title }));
  report.violations.push(...candidate.problems.map((p) => `candidate page: ${p}`));
  report.violations.push(...supervisor.problems.map((p) => `supervisor page: ${p}`));
  return report;
}
