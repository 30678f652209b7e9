import type { TFunction } from 'i18next';
import type { FitDetailCode, IneligibilityFragment, MissingCompetenceFragment } from '../../../gql/graphql';
import { currentLocale } from '../../../lib/i18n';
import { formatPercent } from '../../../lib/format';

/** A language code in words, in the chosen language: 'en' -> English / Engels. */
export function languageName(code: string, locale = currentLocale()): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The facts a detail code is written with (FitPartFacts); those a code does not use are null. */
export interface PartFacts {
  met?: number | null;
  total?: number | null;
  share?: number | null;
  competences?: number | null;
  targets?: number | null;
  levels?: number | null;
  language?: string | null;
  spokenLevel?: string | null;
  neededLevel?: string | null;
}

/** Why a fit part has its value, in the chosen language, from its code and facts (never the API's words). */
export function partDetail(
  part: { code: FitDetailCode; facts: PartFacts },
  t: TFunction,
  locale = currentLocale(),
): string {
  const f = part.facts;
  return t(`fit.detail.${part.code}`, {
    met: f.met ?? 0,
    total: f.total ?? 0,
    share: formatPercent(f.share ?? 0, locale),
    competences: f.competences ?? 0,
    targets: f.targets ?? 0,
    levels: f.levels ?? 0,
    language: f.language ? languageName(f.language, locale) : '',
    spoken: f.spokenLevel ?? '',
    needed: f.neededLevel ?? '',
  });
}

/** Why not eligible, in the chosen language; an essential competence is named from `missing`. */
export function ineligibilityText(
  reason: IneligibilityFragment,
  missing: readonly MissingCompetenceFragment[],
  t: TFunction,
  locale = currentLocale(),
): string {
  const stages = new Intl.ListFormat(locale, { type: 'disjunction' }).format(
    (reason.eligibleStages ?? []).map((stage) => t(`stage.${stage}`)),
  );
  switch (reason.code) {
    case 'CAREER_STAGE_UNKNOWN':
      return t('fit.ineligibility.CAREER_STAGE_UNKNOWN', { stages });
    case 'CAREER_STAGE_NOT_ELIGIBLE':
      return t('fit.ineligibility.CAREER_STAGE_NOT_ELIGIBLE', {
        stage: reason.careerStage ? t(`stage.${reason.careerStage}`) : t('common.unknown'),
        stages,
      });
    case 'ESSENTIAL_NOT_MET': {
      const name =
        missing.find((m) => m.competenceId === reason.competenceId)?.competence.name ?? t('common.unknown');
      return t('fit.ineligibility.ESSENTIAL_NOT_MET', {
        name,
        required: t(`level.${reason.requiredLevel ?? 1}`),
        current: reason.currentLevel ? t(`level.${reason.currentLevel}`) : t('common.unknown'),
      });
    }
  }
}
