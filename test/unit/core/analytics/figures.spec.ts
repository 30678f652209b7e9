import {
  addRankCounts,
  compareReadiness,
  meanChoiceRank,
  spreadsheetSafeText,
} from '../../../../src/core/analytics/figures';

describe('compareReadiness', () => {
  const p = (userId: string, displayName: string, readinessScore: number, readinessShare: number) => ({
    userId,
    displayName,
    readinessScore,
    readinessShare,
  });

  it('orders by score, then share, then name, then id', () => {
    const people = [
      p('b', 'Bea', 0.5, 0.5),
      p('a', 'Bea', 0.5, 0.5),
      p('c', 'Ann', 0.5, 0.5),
      p('d', 'Zed', 0.5, 1),
      p('e', 'Zed', 0.9, 0),
    ];
    expect([...people].sort(compareReadiness).map((x) => x.userId)).toEqual(['e', 'd', 'c', 'a', 'b']);
    expect(
      [...people]
        .reverse()
        .sort(compareReadiness)
        .map((x) => x.userId),
    ).toEqual(['e', 'd', 'c', 'a', 'b']);
  });
});

describe('meanChoiceRank', () => {
  it('is the mean of the ranks people got', () => {
    expect(meanChoiceRank([6, 3, 0, 1])).toBeCloseTo((6 + 6 + 4) / 10);
  });
  it('is null when nobody got a choice', () => {
    expect(meanChoiceRank([])).toBeNull();
    expect(meanChoiceRank([0, 0])).toBeNull();
  });
});

describe('addRankCounts', () => {
  it('adds lists of different lengths element-wise', () => {
    expect(addRankCounts([[5, 1], [2], [0, 0, 3]])).toEqual([7, 1, 3]);
    expect(addRankCounts([])).toEqual([]);
  });
});

describe('spreadsheetSafeText', () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['+31 71 526 9111', "'+31 71 526 9111"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['LUMC', 'LUMC'],
    ['Data = science', 'Data = science'],
    ['', ''],
  ])('%p is written as %p', (input, output) => {
    expect(spreadsheetSafeText(input)).toBe(output);
  });
});
