import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../../lib/i18n';
import { purposeTexts } from './purpose-texts';

const FINDABLE = {
  code: 'FINDABLE_PROFILE',
  name: 'Findable for partners',
  description: 'Supervisors and HR of the partner organisations can find your profile.',
  retention: 'Until you withdraw consent',
  consentText: 'I want supervisors and HR of the partner organisations to find my profile.',
  consentTextVersion: '2026-12',
};

describe('purpose texts', () => {
  beforeAll(async () => {
    setupI18n('nl');
    await i18n.changeLanguage('nl');
  });

  it('writes a purpose the app knows in the chosen language, its consent text in the version it was written for', () => {
    const texts = purposeTexts(FINDABLE, i18n.t);
    expect(texts.name).toBe('Vindbaar voor partners');
    expect([texts.lang, texts.consentLang]).toEqual([undefined, undefined]);
    expect(texts.consent).toMatch(/^Ik wil dat begeleiders en HR/);
  });

  it('shows the register’s own consent text, marked English, once an admin changed it (a new version)', () => {
    const texts = purposeTexts(
      { ...FINDABLE, consentText: 'A new text.', consentTextVersion: '2027-03' },
      i18n.t,
    );
    expect(texts).toMatchObject({
      name: 'Vindbaar voor partners',
      consent: 'A new text.',
      consentLang: 'en',
    });
  });

  it('shows a purpose an admin added in the register’s words, marked English', () => {
    const texts = purposeTexts(
      { code: 'ALUMNI_NEWS', name: 'Alumni news', description: 'News.', retention: 'One year' },
      i18n.t,
    );
    expect(texts).toEqual({
      name: 'Alumni news',
      what: 'News.',
      kept: 'One year',
      lang: 'en',
      consent: '',
      consentLang: 'en',
    });
  });
});
