import { roundFigures } from '../../../../src/core/analytics/round-figures';

describe('roundFigures', () => {
  it('takes a published round as its PUBLISH run', () => {
    expect(
      roundFigures([
        { seatsOffered: 10, seatsFilled: 8, candidates: 12, candidatesMatched: 8, choiceRankCounts: [5, 3] },
      ]),
    ).toEqual({
      seatsFilled: 8,
      seatsUnfilled: 2,
      candidatesMatched: 8,
      candidatesUnmatched: 4,
      choiceRankCounts: [5, 3],
    });
  });

  it('adds follow-ups: their placements, and what the last one left free', () => {
    // 10 seats, 8 filled; one offer declined, so the follow-up had 3 free seats for 4 waiting.
    const figures = roundFigures([
      { seatsOffered: 10, seatsFilled: 8, candidates: 12, candidatesMatched: 8, choiceRankCounts: [5, 3] },
      { seatsOffered: 3, seatsFilled: 2, candidates: 4, candidatesMatched: 2, choiceRankCounts: [0, 1, 1] },
    ]);
    expect(figures).toEqual({
      seatsFilled: 10,
      seatsUnfilled: 1,
      candidatesMatched: 10,
      candidatesUnmatched: 2,
      choiceRankCounts: [5, 4, 1],
    });
  });

  it('is all zeros without applied runs', () => {
    expect(roundFigures([]).seatsFilled).toBe(0);
  });
});
