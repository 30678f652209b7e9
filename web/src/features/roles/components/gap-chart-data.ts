/** A rated requirement of a role against a person's level (GapItem). */
export interface GapItemLike {
  competenceId: string;
  currentLevel?: number | null;
  requiredLevel: number;
  gap?: number | null;
  essential: boolean;
  retired: boolean;
  competence: { name: string };
}

export interface GapBar {
  competence: string;
  current: number;
  required: number;
  gap: number;
  essential: boolean;
}

/**
 * The chart's rows: rated, counted requirements, biggest gap first (then essential first, then
 * name). Unknowns are not here: they have no current level and are listed apart, never drawn as 0.
 * Retired competences are left out (they do not count in readiness).
 */
export function gapChartData(items: readonly GapItemLike[]): GapBar[] {
  return items
    .filter((item) => !item.retired && item.currentLevel != null)
    .map((item) => ({
      competence: item.competence.name,
      current: item.currentLevel as number,
      required: item.requiredLevel,
      gap: Math.max(item.requiredLevel - (item.currentLevel as number), 0),
      essential: item.essential,
    }))
    .sort(
      (a, b) =>
        b.gap - a.gap ||
        Number(b.essential) - Number(a.essential) ||
        a.competence.localeCompare(b.competence),
    );
}
