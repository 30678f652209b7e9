import type { TFunction } from 'i18next';

/** The purposes seeded by the register's migration: the app has their texts in both languages. */
export const KNOWN_PURPOSES = [
  'ACCOUNT',
  'COMPETENCE_PROFILE',
  'APPLICATIONS_AND_PLACEMENTS',
  'ALLOCATION_ROUNDS',
  'RECOMMENDATIONS',
  'ORGANISATION_ANALYTICS',
  'NOTIFICATIONS',
  'AUDIT_TRAIL',
  'FINDABLE_PROFILE',
  'TALENT_PROFILE_CONSORTIUM',
  'CONSORTIUM_ANALYTICS',
] as const;

/** Consent texts the app has in both languages, by purpose and text version. */
export const KNOWN_CONSENT_TEXTS: Record<string, string[]> = {
  FINDABLE_PROFILE: ['2026-12'],
  TALENT_PROFILE_CONSORTIUM: ['2026-12'],
  CONSORTIUM_ANALYTICS: ['2026-12'],
};

export interface PurposeTexts {
  name: string;
  what: string;
  kept: string;
  /** 'en' when the texts are the register's own (English), undefined when they are the app's. */
  lang?: 'en';
  consent: string;
  consentLang?: 'en';
}

interface PurposeFields {
  code: string;
  name: string;
  description: string;
  retention: string;
  consentText?: string | null;
  consentTextVersion?: string | null;
}

/**
 * A purpose in the chosen language: the app's plain words for the purposes it knows, else the
 * register's (English) text, marked lang="en". A consent text is the app's translation only for the
 * version it was written for: when an admin changes the text (a new version), the register's text is
 * shown, so that a person agrees to what is current.
 */
export function purposeTexts(purpose: PurposeFields, t: TFunction): PurposeTexts {
  const known = (KNOWN_PURPOSES as readonly string[]).includes(purpose.code);
  const base: Omit<PurposeTexts, 'consent' | 'consentLang'> = known
    ? {
        name: t(`privacy.purpose.${purpose.code}.name`),
        what: t(`privacy.purpose.${purpose.code}.what`),
        kept: t(`privacy.purpose.${purpose.code}.kept`),
      }
    : { name: purpose.name, what: purpose.description, kept: purpose.retention, lang: 'en' };
  const version = purpose.consentTextVersion ?? '';
  const translated = KNOWN_CONSENT_TEXTS[purpose.code]?.includes(version) === true;
  return translated
    ? { ...base, consent: t(`privacy.consentText.${purpose.code}.v${version}`) }
    : { ...base, consent: purpose.consentText ?? '', consentLang: 'en' };
}
