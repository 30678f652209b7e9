import { AssessmentSource, ProficiencyLevel } from '../domain/enums';

/**
 * A person's effective level per competence, from their assessments.
 *
 * - Sources rank SUPERVISOR, then EVIDENCE (a completed placement), then SELF: an older supervisor
 *   assessment beats a newer self-assessment.
 * - Within the best source present, the latest assessment wins. Two assessments of the same source
 *   at the same instant: the higher level wins, so the result never depends on input order.
 * - A competence without assessments is absent from the result: unknown, never 0.
 */

export interface Assessment {
  readonly competenceId: string;
  readonly level: ProficiencyLevel;
  readonly source: AssessmentSource;
  readonly assessedAt: Date;
}

export interface EffectiveLevel {
  readonly level: ProficiencyLevel;
  readonly source: AssessmentSource;
  readonly assessedAt: Date;
}

/** Most trusted first. */
export const SOURCE_PRIORITY: readonly AssessmentSource[] = [
  AssessmentSource.SUPERVISOR,
  AssessmentSource.EVIDENCE,
  AssessmentSource.SELF,
];

const RANK: Readonly<Record<AssessmentSource, number>> = {
  [AssessmentSource.SUPERVISOR]: 0,
  [AssessmentSource.EVIDENCE]: 1,
  [AssessmentSource.SELF]: 2,
};

const LEVEL_NAMES: Readonly<Record<ProficiencyLevel, string>> = {
  [ProficiencyLevel.FOUNDATIONAL]: 'Foundational',
  [ProficiencyLevel.INTERMEDIATE]: 'Intermediate',
  [ProficiencyLevel.ADVANCED]: 'Advanced',
  [ProficiencyLevel.EXPERT]: 'Expert',
};

/** True for 1, 2, 3 and 4: the only levels there are (unrated is `null`, never 0). */
export function isProficiencyLevel(value: number): value is ProficiencyLevel {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** Throws a RangeError naming `what` unless `value` is a level 1..4. */
export function assertProficiencyLevel(value: number, what: string): asserts value is ProficiencyLevel {
  if (!isProficiencyLevel(value)) {
    throw new RangeError(`${what}: ${value} is not a proficiency level (1..4; unrated is null)`);
  }
}

/** `Advanced (3)`; `no rating` for null. */
export function describeLevel(level: number | null): string {
  if (level === null) return 'no rating';
  return isProficiencyLevel(level) ? `${LEVEL_NAMES[level]} (${level})` : `level ${level}`;
}

function beats(candidate: Assessment, current: EffectiveLevel): boolean {
  const rankDiff = RANK[candidate.source] - RANK[current.source];
  if (rankDiff !== 0) return rankDiff < 0;
  const timeDiff = candidate.assessedAt.getTime() - current.assessedAt.getTime();
  if (timeDiff !== 0) return timeDiff > 0;
  return candidate.level > current.level;
}

/** Effective level per competence id; competences never assessed are absent. Throws on a level outside 1..4. */
export function effectiveLevels(assessments: Iterable<Assessment>): Map<string, EffectiveLevel> {
  const result = new Map<string, EffectiveLevel>();
  for (const assessment of assessments) {
    assertProficiencyLevel(assessment.level, `assessment of ${assessment.competenceId}`);
    const current = result.get(assessment.competenceId);
    if (current === undefined || beats(assessment, current)) {
      result.set(assessment.competenceId, {
        level: assessment.level,
        source: assessment.source,
        assessedAt: assessment.assessedAt,
      });
    }
  }
  return result;
}

/** Just the levels, the shape fit score and gap analysis take. */
export function effectiveLevelValues(assessments: Iterable<Assessment>): Map<string, ProficiencyLevel> {
  const levels = new Map<string, ProficiencyLevel>();
  for (const [competenceId, effective] of effectiveLevels(assessments)) {
    levels.set(competenceId, effective.level);
  }
  return levels;
}
