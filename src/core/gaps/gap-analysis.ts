import { assertProficiencyLevel } from '../competences/effective-level';
import { ProficiencyLevel } from '../domain/enums';

/**
 * Gap analysis of a person against a role profile, and how much of a gap an opportunity develops.
 *
 * Per requirement: gap = max(required - current, 0); met = current >= required. An unrated
 * competence is unknown: gap null, not met, listed in `unknowns` and never counted as a gap of any
 * size (neither 0 nor the whole required level).
 *
 * Readiness, over the counted requirements:
 *   readinessShare = (# met) / (# requirements)                     unknown counts as not met
 *   readinessScore = Σ w·min(current / required, 1) / Σ w           unknown contributes 0
 * A role without counted requirements is fully ready: both are 1 and there are no items.
 * If every weight is 0 the score weighs requirements equally.
 *
 * Retired competences (dropped from the framework, still in an old role profile) are reported and
 * flagged `retired`, but not counted: nobody can be assessed on them any more, so they neither lower
 * readiness nor appear in `essentialGaps` or in the development value.
 */

export interface RoleRequirement {
  readonly competenceId: string;
  readonly requiredLevel: ProficiencyLevel;
  readonly essential: boolean;
  /** Relative importance, finite and >= 0. */
  readonly weight: number;
}

export interface RoleProfileRequirements {
  readonly requirements: readonly RoleRequirement[];
}

export interface GapItem {
  readonly competenceId: string;
  readonly currentLevel: number | null;
  readonly requiredLevel: ProficiencyLevel;
  /** required - current, at least 0; null when the current level is unknown. */
  readonly gap: number | null;
  readonly essential: boolean;
  readonly met: boolean;
  readonly retired: boolean;
}

export interface GapAnalysis {
  /** Rated requirements: biggest gap first, then essential first, then competence id. */
  readonly items: GapItem[];
  /** Unrated requirements, apart (gap null): essential first, then competence id. */
  readonly unknowns: GapItem[];
  readonly readinessShare: number;
  readonly readinessScore: number;
  /** Counted essential requirements not met (gap > 0 or unknown), in item order then unknown order. */
  readonly essentialGaps: string[];
}

export interface DevelopmentValue {
  /** Sum of the gap levels of the gap competences the opportunity develops. */
  readonly closedLevels: number;
  /** closedLevels / total gap levels; 0 when there is no gap. */
  readonly share: number;
  /** The developed gap competences, biggest gap first, then id. */
  readonly competences: string[];
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertWeight(weight: number, competenceId: string): void {
  if (!Number.isFinite(weight) || weight < 0) {
    throw new RangeError(`requirement ${competenceId}: weight ${weight} must be finite and >= 0`);
  }
}

export function analyseGaps(
  role: RoleProfileRequirements,
  levels: ReadonlyMap<string, number>,
  retiredCompetenceIds: ReadonlySet<string> = new Set(),
): GapAnalysis {
  const items: GapItem[] = [];
  const unknowns: GapItem[] = [];
  let counted = 0;
  let metCount = 0;
  let weightSum = 0;
  let weightedCredit = 0;
  let equalCredit = 0;

  for (const requirement of role.requirements) {
    const { competenceId, requiredLevel, essential, weight } = requirement;
    assertProficiencyLevel(requiredLevel, `required level of ${competenceId}`);
    assertWeight(weight, competenceId);
    const current = levels.get(competenceId) ?? null;
    if (current !== null) assertProficiencyLevel(current, `current level of ${competenceId}`);
    const retired = retiredCompetenceIds.has(competenceId);
    const met = current !== null && current >= requiredLevel;
    const item: GapItem = {
      competenceId,
      currentLevel: current,
      requiredLevel,
      gap: current === null ? null : Math.max(requiredLevel - current, 0),
      essential,
      met,
      retired,
    };
    (current === null ? unknowns : items).push(item);

    if (retired) continue;
    const credit = current === null ? 0 : Math.min(current / requiredLevel, 1);
    counted += 1;
    if (met) metCount += 1;
    weightSum += weight;
    weightedCredit += weight * credit;
    equalCredit += credit;
  }

  items.sort(
    (x, y) =>
      (y.gap ?? 0) - (x.gap ?? 0) ||
      Number(y.essential) - Number(x.essential) ||
      compareIds(x.competenceId, y.competenceId),
  );
  unknowns.sort(
    (x, y) => Number(y.essential) - Number(x.essential) || compareIds(x.competenceId, y.competenceId),
  );

  const essentialGaps = [...items, ...unknowns]
    .filter((item) => item.essential && !item.met && !item.retired)
    .map((item) => item.competenceId);

  return {
    items,
    unknowns,
    readinessShare: counted === 0 ? 1 : metCount / counted,
    readinessScore: counted === 0 ? 1 : weightSum > 0 ? weightedCredit / weightSum : equalCredit / counted,
    essentialGaps,
  };
}

/**
 * The gap sizes of an analysis: competence id -> gap levels, only gaps > 0 of counted (not retired)
 * requirements. Unknowns are left out: their gap is not known.
 */
export function gapSizes(analysis: GapAnalysis): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const item of analysis.items) {
    if (!item.retired && item.gap !== null && item.gap > 0) sizes.set(item.competenceId, item.gap);
  }
  return sizes;
}

/**
 * The development targets of a person with several target roles: per competence the largest gap
 * over the roles (levels are one scale: reaching the highest requirement covers the others).
 */
export function mergeGapSizes(all: Iterable<ReadonlyMap<string, number>>): Map<string, number> {
  const merged = new Map<string, number>();
  for (const sizes of all) {
    for (const [competenceId, gap] of sizes) {
      if (gap > (merged.get(competenceId) ?? 0)) merged.set(competenceId, gap);
    }
  }
  return merged;
}

/**
 * A person's development targets (the DEVELOPMENT part of the fit score): the gap sizes of each of
 * their target roles (one list of requirements per role), merged. Retired competences are not counted.
 */
export function developmentTargets(
  roles: Iterable<readonly RoleRequirement[]>,
  levels: ReadonlyMap<string, number>,
  retiredCompetenceIds: ReadonlySet<string> = new Set(),
): Map<string, number> {
  const sizes: Map<string, number>[] = [];
  for (const requirements of roles) {
    sizes.push(gapSizes(analyseGaps({ requirements }, levels, retiredCompetenceIds)));
  }
  return mergeGapSizes(sizes);
}

/**
 * How much gap an opportunity develops: the gap levels of the gap competences among
 * `developedCompetenceIds`, and their share of all gap levels. The DEVELOPMENT part of the fit score
 * is this share. Accepts an analysis or gap sizes (competence id -> gap levels; entries <= 0 ignored).
 */
export function developmentValue(
  gaps: GapAnalysis | ReadonlyMap<string, number>,
  developedCompetenceIds: Iterable<string>,
): DevelopmentValue {
  const sizes = 'readinessShare' in gaps ? gapSizes(gaps) : gaps;
  const developed = new Set(developedCompetenceIds);
  let total = 0;
  let closedLevels = 0;
  const competences: [string, number][] = [];
  for (const [competenceId, gap] of sizes) {
    if (!Number.isFinite(gap)) {
      throw new RangeError(`gap of ${competenceId}: ${gap} is not a number of levels`);
    }
    if (gap <= 0) continue;
    total += gap;
    if (developed.has(competenceId)) {
      closedLevels += gap;
      competences.push([competenceId, gap]);
    }
  }
  competences.sort(([idA, gapA], [idB, gapB]) => gapB - gapA || compareIds(idA, idB));
  return {
    closedLevels,
    share: total === 0 ? 0 : closedLevels / total,
    competences: competences.map(([competenceId]) => competenceId),
  };
}
