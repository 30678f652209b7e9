import { describe, expect, it } from 'vitest';
import { gapChartData, type GapItemLike } from './gap-chart-data';

const item = (
  name: string,
  current: number | null,
  required: number,
  extra: Partial<GapItemLike> = {},
): GapItemLike => ({
  competenceId: name,
  currentLevel: current,
  requiredLevel: required,
  gap: current == null ? null : Math.max(required - current, 0),
  essential: false,
  retired: false,
  competence: { name },
  ...extra,
});

describe('gapChartData', () => {
  it('puts the biggest gaps first, essential before optional on a tie', () => {
    const rows = gapChartData([
      item('Teaching', 3, 3),
      item('Clinical trial design', 1, 4),
      item('Bioinformatics', 2, 3),
      item('Good clinical practice', 2, 3, { essential: true }),
    ]);
    expect(rows.map((r) => [r.competence, r.gap])).toEqual([
      ['Clinical trial design', 3],
      ['Good clinical practice', 1],
      ['Bioinformatics', 1],
      ['Teaching', 0],
    ]);
  });

  it('leaves unknowns out of the bars instead of drawing them as level 0', () => {
    const rows = gapChartData([item('Vaccine immunology', null, 3), item('Teaching', 1, 2)]);
    expect(rows.map((r) => r.competence)).toEqual(['Teaching']);
    expect(rows.every((r) => r.current >= 1)).toBe(true);
  });

  it('leaves retired competences out (they do not count)', () => {
    expect(gapChartData([item('Old skill', 1, 4, { retired: true })])).toEqual([]);
  });

  it('shows a level above the requirement as no gap', () => {
    expect(gapChartData([item('Teaching', 4, 2)])[0]).toMatchObject({ current: 4, required: 2, gap: 0 });
  });
});
