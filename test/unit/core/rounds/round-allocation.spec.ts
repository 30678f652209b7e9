import { parseInstance, solve, verify } from '../../../../src/core/matching';
import {
  AllocationData,
  buildRunInput,
  exemptPairsOf,
  runStats,
} from '../../../../src/core/rounds/round-allocation';

/** Two projects of one supervisor, three students; HR pre-assigned ann to o2. */
function spaData(supervisorRoom: number): AllocationData {
  return {
    problem: 'SPA-S',
    optimal: 'candidate',
    seed: 1,
    opportunities: [
      { id: 'o1', hostOrganisationId: 'org', leadSupervisorId: 'lead', freeSeats: 2 },
      { id: 'o2', hostOrganisationId: 'org', leadSupervisorId: 'lead', freeSeats: 1 },
    ],
    choices: new Map([
      ['ann', ['o1', 'o2']],
      ['bob', ['o1']],
      ['cas', ['o2', 'o1']],
    ]),
    hostRankings: new Map([
      ['o1', ['cas', 'bob', 'ann']],
      ['o2', ['ann', 'cas']],
    ]),
    fit: new Map(),
    excluded: new Set(),
    preAssigned: new Map([['ann', 'o2']]),
    preAssignedReasons: new Map([['ann', 'Her thesis lab']]),
    supervisorRoom: new Map([['lead', supervisorRoom]]),
  };
}

describe("a run's document with HR's pre-assignments (format version 2)", () => {
  it('carries the pre-assignment with its reason, solves it first and matches the rest as before', () => {
    const input = buildRunInput(spaData(3));
    expect(input).toMatchObject({
      version: 2,
      pre_assignments: [{ candidate: 'ann', opportunity: 'o2', reason: 'Her thesis lab' }],
      preAssigned: { ann: 'o2' },
      fullOpportunities: ['o2'],
    });
    // ann is in the document with no list; o2's seat and one place of the load cap are hers.
    expect(input.instance).toMatchObject({
      students: { ann: [], bob: ['o1'], cas: ['o1'] },
      project_capacities: { o1: 2, o2: 1 },
      supervisor_capacities: { lead: 3 },
    });
    const instance = parseInstance(input);
    const { assignment } = solve(instance);
    expect(assignment).toEqual({ ann: 'o2', bob: 'o1', cas: 'o1' });
    expect(verify(instance, assignment)).toMatchObject({ valid: true, stable: true, violations: [] });
    expect(exemptPairsOf(input)).toEqual([
      { kind: 'PRE_ASSIGNED', candidate: 'ann', opportunity: 'o2', reason: 'Her thesis lab' },
    ]);
    expect(runStats(input, assignment, new Map(), new Map())).toMatchObject({
      candidates: 3,
      candidatesMatched: 3,
      preAssigned: 1,
      seatsOffered: 3,
    });
  });

  it("keeps a pre-assignment beyond the supervisor's load cap, and nobody else joins that supervisor", () => {
    const input = buildRunInput(spaData(1));
    expect(input.instance).toMatchObject({
      project_capacities: { o2: 1 },
      supervisor_capacities: { lead: 1 },
    });
    const instance = parseInstance(input);
    const { assignment } = solve(instance);
    expect(assignment).toEqual({ ann: 'o2', bob: null, cas: null });
    expect(verify(instance, assignment)).toMatchObject({ valid: true, stable: true });
  });
});

describe("a run's document with HR's eligibility overrides (format version 2)", () => {
  /** One seat, host has not ranked: ann eligible (fit 0.5), bob only through HR's override (fit 0.9). */
  function hrData(): AllocationData {
    return {
      problem: 'HR',
      optimal: 'candidate',
      seed: 1,
      opportunities: [{ id: 'o1', hostOrganisationId: 'org', leadSupervisorId: 'lead', freeSeats: 1 }],
      choices: new Map([
        ['ann', ['o1']],
        ['bob', ['o1']],
        ['cas', ['o1']],
      ]),
      hostRankings: new Map(),
      fit: new Map([
        [
          'o1',
          new Map([
            ['ann', { score: 0.5, eligible: true }],
            ['bob', { score: 0.9, eligible: true, overrideReason: 'Bridging programme done' }],
            ['cas', { score: 0.8, eligible: false }],
          ]),
        ],
      ]),
      excluded: new Set(),
      preAssigned: new Map(),
      supervisorRoom: new Map(),
    };
  }

  it('records the pair the override put on the host list, with its reason; solving the document gives the same', () => {
    const input = buildRunInput(hrData());
    expect(input.overrides).toEqual([
      { kind: 'ELIGIBLE', candidate: 'bob', opportunity: 'o1', reason: 'Bridging programme done' },
    ]);
    expect(input.instance).toMatchObject({ hospitals: { o1: ['bob', 'ann'] } });
    const instance = parseInstance(JSON.parse(JSON.stringify(input)));
    const { assignment } = solve(instance);
    expect(assignment).toEqual({ ann: null, bob: 'o1', cas: null });
    const verdict = verify(instance, assignment);
    expect(verdict).toMatchObject({
      stable: true,
      exempt: [{ kind: 'ELIGIBLE', ids: ['bob', 'o1'], reason: 'Bridging programme done' }],
    });
    // What a run shows as its exempt pairs is the verifier's list, read from the stored document.
    expect(
      exemptPairsOf(input).map(({ kind, candidate, opportunity, reason }) => ({
        kind,
        ids: [candidate, opportunity],
        reason,
      })),
    ).toEqual(verdict.exempt);
  });

  it('records nothing when the host ranked (the override orders only the fit order)', () => {
    const data = { ...hrData(), hostRankings: new Map([['o1', ['ann']]]) };
    expect(buildRunInput(data).overrides).toEqual([]);
  });
});
