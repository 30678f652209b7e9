import { parseGroupedNumbers } from '../../../../src/core/rounds/grouped-numbers';

describe('the fit facts as the loader reads them', () => {
  it('reads groups of numbers beyond 32 bits (epoch ms), signed, empty groups included', () => {
    const { start, values } = parseGroupedNumbers('0,3,2,1767261600123;;5,1,0,-86400000', 3);
    expect([...start]).toEqual([0, 4, 4, 8]);
    expect([...values]).toEqual([0, 3, 2, 1767261600123, 5, 1, 0, -86400000]);
    expect(() => parseGroupedNumbers('1;2', 3)).toThrow('2 groups, 3 expected');
    expect(() => parseGroupedNumbers('1,x', 1)).toThrow('unexpected character');
    expect([...parseGroupedNumbers('', 1).start]).toEqual([0, 0]);
    expect([...parseGroupedNumbers('', 0).values]).toEqual([]);
  });
});
