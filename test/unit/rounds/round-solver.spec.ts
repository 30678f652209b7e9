import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { AllocationData, buildRunInput, canonicalJson } from '../../../src/core/rounds/round-allocation';
import { packRound } from '../../utils/round-packing-reference';
import { Env } from '../../../src/config/env.schema';
import { RunInputParts } from '../../../src/core/rounds/round-input-parts';
import { assignmentOf, solveRun, SolveRunRequest } from '../../../src/rounds/round-solver';
import { RoundSolver } from '../../../src/rounds/round-solver.service';

function allocation(freeSeats: number): AllocationData {
  return {
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
}

/** A fresh request each time: handing it to the thread empties its typed arrays. */
function request(freeSeats: number): SolveRunRequest {
  return {
    round: packRound(
      allocation(freeSeats),
      new Map([
        ['ann', 'org-a'],
        ['bob', 'org-b'],
        ['cas', 'org-a'],
      ]),
      new Map([
        ['o1', 'org-a'],
        ['o2', 'org-b'],
      ]),
    ),
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
      const {
        steps: _inThread,
        heapPeakBytes: _h1,
        heap: _m1,
        ...fromThread
      } = await threaded.solve(request(seats));
      const { steps: _inline, heapPeakBytes: _h2, heap: _m2, ...inline } = solveRun(request(seats));
      expect(fromThread).toEqual(inline);
      expect(fromThread.stable).toBe(true);
      expect(fromThread.stats.candidatesMatched).toBe(seats + 1);
    }
    const { steps: _off, heapPeakBytes: _h3, heap: _m3, ...off } = await solverWith('off').solve(request(2));
    const { steps: _on, heapPeakBytes: _h4, heap: _m4, ...on } = await threaded.solve(request(2));
    expect(on).toEqual(off);
  }, 60_000);

  it('answers with the canonical text of the document it solved (hashed and stored as it is) and the placements', async () => {
    const req = request(1);
    const { candidateIds, opportunityIds } = req.round;
    const solved = await threaded.solve(req);
    const text = canonicalJson(buildRunInput(allocation(1)));
    expect(Buffer.from(solved.inputText).toString('utf8')).toBe(text);
    expect(solved.inputText.byteLength).toBe(solved.inputText.buffer.byteLength);
    expect(solved.inputHash).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(req.round.choiceStart.length).toBe(0); // transferred, not copied
    expect(assignmentOf({ ...req.round, candidateIds, opportunityIds }, solved.placedAt)).toEqual({
      ann: 'o2',
      bob: null,
      cas: 'o1',
    });
  }, 60_000);

  it('stops a thread whose heap grew large once idle, and the next run starts another with the same result', async () => {
    const solver = solverWith('on');
    try {
      const first = await solver.solve(request(1));
      solver.retireAboveHeapBytes = 0;
      const thread = (solver as unknown as { worker: Worker }).worker;
      expect(thread.threadId).toBeGreaterThan(0);
      const second = await solver.solve(request(1));
      // Stopped before the run's result was handed on (its heap given back first).
      expect(thread.threadId).toBe(-1);
      const third = await solver.solve(request(1));
      for (const solved of [second, third]) {
        expect(solved.inputHash).toBe(first.inputHash);
        expect(solved.placedAt).toEqual(first.placedAt);
      }
    } finally {
      await solver.onModuleDestroy();
    }
  }, 60_000);

  it('hands the input parts to onParts as soon as they are made and leaves them out of the result', () => {
    const handed: RunInputParts[] = [];
    const early = solveRun(request(1), (parts) => handed.push(parts));
    const whole = solveRun(request(1));
    expect(handed).toEqual([whole.inputParts]);
    expect(whole.inputParts.candidates.candidateIds.length).toBe(3);
    expect(early.inputParts.candidates.candidateIds).toEqual([]);
    expect({ ...early, inputParts: null, steps: null, heap: null, heapPeakBytes: null }).toEqual({
      ...whole,
      inputParts: null,
      steps: null,
      heap: null,
      heapPeakBytes: null,
    });
  });

  it('has a full collection of the caller’s heap started once a round is handed over when that heap is large, not otherwise', async () => {
    const solver = solverWith('on');
    const measure = jest.spyOn(vm, 'measureMemory');
    try {
      // A bound above any heap (a Jest worker that ran other files may already hold more than the
      // default's 256 MB: on Node 24 it did).
      solver.collectAboveHeapBytes = Number.MAX_SAFE_INTEGER;
      const small = await solver.solve(request(1));
      expect(measure).not.toHaveBeenCalled();
      solver.collectAboveHeapBytes = 0;
      const large = await solver.solve(request(1));
      expect(measure).toHaveBeenCalledWith({ mode: 'summary', execution: 'eager' });
      expect(large.inputHash).toBe(small.inputHash);
      expect(large.placedAt).toEqual(small.placedAt);
    } finally {
      measure.mockRestore();
      await solver.onModuleDestroy();
    }
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
