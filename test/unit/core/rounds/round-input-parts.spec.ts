import { RoundRunInput } from '../../../../src/core/rounds/round-allocation';
import { splitRunInput } from '../../../../src/core/rounds/round-input-parts';

const common = {
  version: 2 as const,
  optimal: 'candidate' as const,
  pre_assignments: [{ candidate: 'pia', opportunity: 'o3', reason: 'lab' }],
  overrides: [],
  preAssigned: { pia: 'o3' },
  fullOpportunities: ['o4'],
  fitOrdered: ['o2'],
};

const list = (text: string): string[] => (text ? text.split(',') : []);
const positions = (text: string): number[] => list(text).map(Number);

const rowsOf = (input: RoundRunInput): Record<string, unknown> => {
  const { candidates: c } = splitRunInput(input);
  return Object.fromEntries(
    c.candidateIds.map((id, i) => [
      id,
      {
        choices: list(c.choices[i]),
        own: positions(c.own[i]),
        listedBy: positions(c.listedBy[i]),
        full: positions(c.full[i]),
        pre: c.preAssigned[i] || null,
      },
    ]),
  );
};

describe('splitRunInput', () => {
  it('HR: the rest without instance and choices; per candidate their choices, own list, the hosts listing them, the full ones', () => {
    const input: RoundRunInput = {
      ...common,
      problem: 'HR',
      choices: { ann: ['o1', 'o2', 'o4'], bob: ['o2', 'o1'] },
      instance: {
        residents: { ann: ['o1', 'o2'], bob: ['o2', 'o1'], pia: [] },
        hospitals: { o1: ['bob', 'ann'], o2: ['bob'], o3: [] },
        capacities: { o1: 1, o2: 1, o3: 1 },
      },
    };
    const { rest } = splitRunInput(input);
    expect(rest).toEqual({ ...common, problem: 'HR' });
    expect(rowsOf(input)).toEqual({
      ann: { choices: ['o1', 'o2', 'o4'], own: [1, 2], listedBy: [1], full: [3], pre: null },
      bob: { choices: ['o2', 'o1'], own: [1, 2], listedBy: [1, 2], full: [], pre: null },
      pia: { choices: [], own: [], listedBy: [], full: [], pre: 'o3' },
    });
  });

  it('SPA-S: a project lists the candidate when its supervisor does', () => {
    const input: RoundRunInput = {
      ...common,
      problem: 'SPA-S',
      choices: { ann: ['o1', 'o2'], bob: ['o2'] },
      instance: {
        students: { ann: ['o1', 'o2'], bob: ['o2'], pia: [] },
        supervisors: { s1: ['ann'], s2: ['bob'] },
        project_supervisors: { o1: 's1', o2: 's2', o3: 's2' },
        project_capacities: { o1: 1, o2: 1, o3: 1 },
        supervisor_capacities: { s1: 1, s2: 2 },
      },
    };
    expect(rowsOf(input)).toEqual({
      ann: { choices: ['o1', 'o2'], own: [1, 2], listedBy: [1], full: [], pre: null },
      bob: { choices: ['o2'], own: [1], listedBy: [1], full: [], pre: null },
      pia: { choices: [], own: [], listedBy: [], full: [], pre: 'o3' },
    });
  });

  it('a document of an earlier version (no instance lists for some, no pre-assignments) still splits', () => {
    const input = {
      problem: 'HR',
      optimal: 'candidate',
      choices: { ann: ['o1'] },
    } as unknown as RoundRunInput;
    expect(splitRunInput(input).rest).toEqual({ problem: 'HR', optimal: 'candidate' });
    expect(rowsOf(input)).toEqual({ ann: { choices: ['o1'], own: [], listedBy: [], full: [], pre: null } });
  });
});
