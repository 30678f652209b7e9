import { ConfigService } from '@nestjs/config';
import { AllocationData } from '../../../src/core/rounds/round-allocation';
import { Env } from '../../../src/config/env.schema';
import { solveRun, SolveRunRequest } from '../../../src/rounds/round-solver';
import { RoundSolver } from '../../../src/rounds/round-solver.service';

function request(freeSeats: number): SolveRunRequest {
  const data: AllocationData = {
    problem: 'HR',
    optimal: 'candidate',
    seed: 7,
    opportunities: [
      { id: 'o1', hostOrganisationId: 'org-a', leadSupervisorId: 'lead', freeSeats },
      { id: 'o2', hostOrganisationId: 'org-b', leadSupervisorId: 'lead', freeSeats: 1 },
    ],
    choices: new Map([
      ['ann', ['o1', 'o2']],
      ['bob', ['o1']],
      ['cas', ['o2', 'o1']],
    ]),
    hostRankings: new Map([['o1', ['cas', 'bob', 'ann']]]),
    fit: new Map([
      [
        'o2',
        new Map([
          ['ann', { score: 0.9, eligible: true }],
          ['cas', { score: 0.4, eligible: true }],
        ]),
      ],
    ]),
    excluded: new Set(),
    preAssigned: new Map(),
    supervisorRoom: new Map(),
  };
  return {
    data,
    candidateOrganisation: new Map([
      ['ann', 'org-a'],
      ['bob', 'org-b'],
      ['cas', 'org-a'],
    ]),
    hostOrganisation: new Map([
      ['o1', 'org-a'],
      ['o2', 'org-b'],
    ]),
  };
}

function solverWith(thread: 'on' | 'off'): RoundSolver {
  const config = { get: () => thread } as unknown as ConfigService<Env, true>;
  return new RoundSolver(config);
}

describe('the round solver (ROUND_SOLVER_THREAD)', () => {
  const threaded = solverWith('on');
  afterAll(() => threaded.onModuleDestroy());

  it('gives in its worker thread exactly what solving inline gives: instance, hash, assignment, verdict, statistics', async () => {
    for (const seats of [1, 2]) {
      const { steps: _inThread, ...fromThread } = await threaded.solve(request(seats));
      const { steps: _inline, ...inline } = solveRun(request(seats));
      expect(fromThread).toEqual(inline);
      expect(fromThread.stable).toBe(true);
      expect(fromThread.stats.candidatesMatched).toBe(seats + 1);
    }
    const { steps: _off, ...off } = await solverWith('off').solve(request(2));
    const { steps: _on, ...on } = await threaded.solve(request(2));
    expect(on).toEqual(off);
  }, 60_000);

  it('fails the run with the solver’s message, and the thread goes on serving the next run', async () => {
    // Half a seat: the instance's parser refuses it.
    const broken = request(1.5);
    const inline = (() => {
      try {
        solveRun(broken);
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(inline).toBeTruthy();
    await expect(threaded.solve(broken)).rejects.toThrow(inline!);
    expect((await threaded.solve(request(1))).stable).toBe(true);
  }, 60_000);
});
