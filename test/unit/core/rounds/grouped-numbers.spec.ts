import { parseGroupedInts, parseGroupedNumbers } from '../../../../src/core/rounds/grouped-numbers';

describe('the column-wise lists as PostgreSQL aggregates them', () => {
  it('reads groups of integers, empty groups included, as offsets and values', () => {
    const { start, values } = parseGroupedInts('3,10,0;;7;12,4', 4);
    expect([...start]).toEqual([0, 3, 3, 4, 6]);
    expect([...values]).toEqual([3, 10, 0, 7, 12, 4]);
    expect([...parseGroupedInts('', 1).start]).toEqual([0, 0]);
    expect([...parseGroupedInts('', 0).values]).toEqual([]);
  });

  it('refuses text that is not what the statement writes', () => {
    expect(() => parseGroupedInts('1,2;3', 3)).toThrow('2 groups, 3 expected');
    expect(() => parseGroupedInts('1,-2', 1)).toThrow('unexpected character');
  });
});

describe('the fit facts as the loader reads them', () => {
  it('reads groups of numbers beyond 32 bits (epoch ms), signed, empty groups included', () => {
    const { start, values } = parseGroupedNumbers('0,3,2,1767261600123;;5,1,0,-86400000', 3);
    expect([...start]).toEqual([0, 4, 4, 8]);
    expect([...values]).toEqual([0, 3, 2, 1767261600123, 5, 1, 0, -86400000]);
    expect(() => parseGroupedNumbers('1;2', 3)).toThrow('2 groups, 3 expected');
  });
});
