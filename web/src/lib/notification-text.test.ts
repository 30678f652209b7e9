import i18n from 'i18next';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupI18n } from './i18n';
import { notificationText } from './notification-text';

const offered = {
  type: 'APPLICATION_OFFERED',
  message: 'You have an offer for "Lab work". Please answer by 2026-12-07T11:36:25.593Z.',
  params: { title: 'Lab work', responseDeadline: '2026-12-07T11:36:25.593Z' },
};

describe('notificationText', () => {
  beforeEach(async () => {
    setupI18n('nl');
    await i18n.changeLanguage('nl');
  });

  it('writes the text in Dutch with a Dutch date instead of the English text and an ISO date', () => {
    const { text, lang } = notificationText(i18n.t, offered);
    expect(lang).toBeUndefined();
    expect(text).toContain('U heeft een aanbieding voor “Lab work”');
    expect(text).toMatch(/7 dec\.? 2026/);
    expect(text).not.toContain('2026-12-07T');
  });

  it('writes it in English with an en-GB date', async () => {
    await i18n.changeLanguage('en');
    expect(notificationText(i18n.t, offered).text).toMatch(/Please answer by 7 Dec 2026, \d\d:\d\d\./);
  });

  it('adds a reason as the person wrote it', () => {
    const { text } = notificationText(i18n.t, {
      type: 'APPLICATION_REJECTED',
      message: 'Your application for "Lab work" was not successful: too late',
      params: { title: 'Lab work', reason: 'te laat' },
    });
    expect(text).toBe('Uw sollicitatie voor “Lab work” is niet gelukt: te laat');
  });

  it('counts offers of a round run', () => {
    const params = { title: 'Lab work', round: 'Spring', count: 1 };
    expect(notificationText(i18n.t, { type: 'ROUND_OFFERS_SENT', message: '', params }).text).toBe(
      'Ronde “Spring”: 1 aanbieding verstuurd voor “Lab work”.',
    );
    expect(
      notificationText(i18n.t, { type: 'ROUND_OFFERS_SENT', message: '', params: { ...params, count: 3 } })
        .text,
    ).toBe('Ronde “Spring”: 3 aanbiedingen verstuurd voor “Lab work”.');
  });

  it('says what supervision capacity HR set, and why, in the reader’s language', async () => {
    const set = (count: number) => ({
      type: 'SUPERVISION_CAPACITY_SET',
      message: `HR set your supervision capacity to ${count}: Two postdocs joined`,
      params: { count, reason: 'Twee postdocs erbij' },
    });
    expect(notificationText(i18n.t, set(1))).toEqual({
      text: 'HR heeft ingesteld dat u 1 student tegelijk mag begeleiden: Twee postdocs erbij',
    });
    expect(notificationText(i18n.t, set(6)).text).toBe(
      'HR heeft ingesteld dat u tot 6 studenten tegelijk mag begeleiden: Twee postdocs erbij',
    );
    await i18n.changeLanguage('en');
    expect(notificationText(i18n.t, set(0)).text).toBe(
      'HR set how many students you may supervise at a time to 0: Twee postdocs erbij',
    );
    expect(notificationText(i18n.t, set(1)).text).toBe(
      'HR set how many students you may supervise at a time to 1: Twee postdocs erbij',
    );
  });

  it('writes a round outcome in one text: the offer and the choices that closed', async () => {
    const outcome = {
      type: 'ROUND_OUTCOME',
      message: 'Round "Spring": you have an offer for "Lab work". ...',
      params: {
        round: 'Spring',
        title: 'Lab work',
        responseDeadline: '2026-12-07T11:36:25.593Z',
        closed: ['Field trip', 'Data desk'],
      },
    };
    const nl = notificationText(i18n.t, outcome);
    expect(nl.lang).toBeUndefined();
    expect(nl.text).toMatch(
      /^Ronde “Spring”: u heeft een aanbieding voor “Lab work”\. Geef uiterlijk 7 dec\.? 2026.* antwoord\. Uw andere keuzes zijn gesloten: “Field trip” en “Data desk”\.$/,
    );
    await i18n.changeLanguage('en');
    expect(notificationText(i18n.t, outcome).text).toMatch(
      /Your other choices closed: “Field trip” and “Data desk”\.$/,
    );
    expect(
      notificationText(i18n.t, { ...outcome, params: { round: 'Spring', closed: ['Field trip'] } }).text,
    ).toBe('Round “Spring”: your remaining choices closed without an offer: “Field trip”.');
    expect(
      notificationText(i18n.t, { ...outcome, params: { ...outcome.params, closed: null } }).text,
    ).toMatch(
      /^Round “Spring”: you have an offer for “Lab work”\. Please answer by 7 Dec 2026, \d\d:\d\d\.$/,
    );
    expect(notificationText(i18n.t, { ...outcome, params: { round: 'Spring' } })).toEqual({
      text: outcome.message,
      lang: 'en',
    });
  });

  it('shows the English text, marked English, for an unknown type or one without params', () => {
    expect(
      notificationText(i18n.t, { type: 'SOMETHING_NEW', message: 'News', params: { title: 'X' } }),
    ).toEqual({ text: 'News', lang: 'en' });
    expect(notificationText(i18n.t, { ...offered, params: {} })).toEqual({
      text: offered.message,
      lang: 'en',
    });
  });
});
