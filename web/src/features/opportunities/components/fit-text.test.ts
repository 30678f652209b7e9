import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import type { FitDetailCode, IneligibilityFragment, MissingCompetenceFragment } from '../../../gql/graphql';
import { setupI18n, type Language } from '../../../lib/i18n';
import { ineligibilityText, partDetail } from './fit-text';

const DETAIL_CODES: FitDetailCode[] = [
  'NO_ESSENTIALS',
  'ESSENTIALS_MET',
  'NO_OPTIONALS',
  'OPTIONALS_COVERED',
  'NO_DEVELOPMENT_TARGETS',
  'DEVELOPS_GAPS',
  'AVAILABILITY_UNKNOWN',
  'AVAILABLE_SHARE',
  'NO_LANGUAGE_REQUIREMENT',
  'SPEAKS_LANGUAGE',
  'LANGUAGE_NOT_SPOKEN',
];

const MISSING: MissingCompetenceFragment[] = [
  {
    competenceId: 'c1',
    requiredLevel: 3,
    currentLevel: 2,
    essential: true,
    competence: { id: 'c1', name: 'Biostatistics' },
  },
];

const reason = (r: Partial<IneligibilityFragment>): IneligibilityFragment => ({
  code: 'ESSENTIAL_NOT_MET',
  careerStage: null,
  eligibleStages: null,
  competenceId: null,
  requiredLevel: null,
  currentLevel: null,
  ...r,
});

async function inLanguage(language: Language) {
  setupI18n(language);
  await i18n.changeLanguage(language);
  return i18n.t;
}

describe('fit explanation in words', () => {
  it('writes every detail code in both languages, with its facts and no text key left', async () => {
    for (const language of ['en', 'nl'] as const) {
      const t = await inLanguage(language);
      for (const code of DETAIL_CODES) {
        const text = partDetail({ code, facts: {} }, t);
        expect([code, text.startsWith('fit.')]).toEqual([code, false]);
      }
    }
  });

  it('writes the facts in the language: numbers, shares and the language’s name', async () => {
    let t = await inLanguage('en');
    expect(partDetail({ code: 'ESSENTIALS_MET', facts: { met: 1, total: 2 } }, t)).toBe(
      '1 of 2 essential requirements met.',
    );
    expect(
      partDetail(
        { code: 'SPEAKS_LANGUAGE', facts: { language: 'en', spokenLevel: 'C1', neededLevel: 'B2' } },
        t,
      ),
    ).toBe('Speaks English at C1 (B2 needed).');
    t = await inLanguage('nl');
    expect(partDetail({ code: 'AVAILABLE_SHARE', facts: { share: 0.8 } }, t, 'nl-NL')).toBe(
      'Beschikbaar voor 80% van de periode.',
    );
    expect(
      partDetail({ code: 'LANGUAGE_NOT_SPOKEN', facts: { language: 'en', neededLevel: 'B2' } }, t, 'nl-NL'),
    ).toBe('Spreekt geen Engels op B2 of beter.');
  });

  it('says why not eligible by stage and by essential competence, by name', async () => {
    const t = await inLanguage('nl');
    expect(
      ineligibilityText(
        reason({
          code: 'CAREER_STAGE_NOT_ELIGIBLE',
          careerStage: 'MASTER_STUDENT',
          eligibleStages: ['PHD_CANDIDATE', 'POSTDOC'],
        }),
        [],
        t,
        'nl-NL',
      ),
    ).toMatch(/^Loopbaanfase .+: alleen open voor .+ of .+\.$/);
    expect(
      ineligibilityText(
        reason({ competenceId: 'c1', requiredLevel: 3, currentLevel: 2 }),
        MISSING,
        t,
        'nl-NL',
      ),
    ).toMatch(/^Essentieel: Biostatistics vraagt .+, het niveau is nu .+\.$/);
  });
});
