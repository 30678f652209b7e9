import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { AllocationData, buildRunInput, canonicalJson } from '../../../src/core/rounds/round-allocation';
import { packRound } from '../../utils/round-packing-reference';
import { Env } from '../../../src/config/env.schema';
import { RunInputParts } from '../../../src/core/rounds/round-input-parts';
import { assignmentOf, SolvedRun, solveRun, SolveRunRequest } from '../../../src/rounds/round-solver';
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

/**
 * `request`, its fit read as the loader reads it (`readFitFacts`: the facts, scored in the thread)
 * instead of given as scores: o1 ranked by its host (no facts), o2 ordered by fit.
 */
function requestWithReadFit(freeSeats: number): SolveRunRequest {
  const { round } = request(freeSeats);
  round.fitFacts = undefined;
  round.readFitFacts = {
    weights: { ESSENTIAL: 3, OPTIONAL: 1, DEVELOPMENT: 1, AVAILABILITY: 1, LANGUAGE: 1 },
    opportunities: round.opportunityIds.map((id) =>
      id === 'o2'
        ? {
            eligibleStages: [],
            requirements: [
              { competenceId: 'c0', minLevel: 2, weight: 3, essential: true },
              { competenceId: 'c1', minLevel: 1, weight: 1.5, essential: false },
            ],
            develops: ['c1'],
            language: 'en',
            startsOn: '2027-02-01',
            endsOn: '2027-06-30',
          }
        : null,
    ),
    candidates: Int32Array.from(round.candidateIds.map((_, i) => i)),
    // cas strong in c0, ann weaker; bob has no profile.
    profilesJson: JSON.stringify(
      round.candidateIds.map((c) =>
        c === 'bob'
          ? null
          : ['MASTER', [{ code: 'en', level: 'C1' }], [{ start: '2027-01-01', end: '2027-12-31' }]],
      ),
    ),
    competenceIds: ['c0', 'c1'],
    sources: ['SUPERVISOR', 'EVIDENCE', 'SELF'],
    assessments: round.candidateIds
      .map((c) =>
        c === 'cas' ? '0,4,0,1700000000000,1,2,2,1700000000000' : c === 'ann' ? '0,2,2,1700000000000' : '',
      )
      .join(';'),
    targetStart: new Int32Array(round.candidateIds.length + 1),
    targetCompetence: new Int32Array(0),
    targetValue: new Float64Array(0),
    overridePairs: new Int32Array(0),
    overrideReasons: [],
  };
  return { round };
}

function solverWith(thread: 'on' | 'off'): RoundSolver {
  const config = { get: () => thread } as unknown as ConfigService<Env, true>;
  return new RoundSolver(config);
}

/** A solved run without its figures (steps, heap), which differ between two solvings of one round. */
function result(run: SolvedRun): Omit<SolvedRun, 'steps' | 'heap' | 'heapPeakBytes'> {
  const { steps: _steps, heap: _heap, heapPeakBytes: _peak, ...rest } = run;
  return rest;
}

describe('the round solver (ROUND_SOLVER_THREAD)', () => {
  const threaded = solverWith('on');
  afterAll(() => threaded.onModuleDestroy());

  it('gives in its worker thread exactly what solving inline gives: instance, hash, assignment, verdict, statistics', async () => {
    for (const seats of [1, 2]) {
      const fromThread = result(await threaded.solveWhole(request(seats)));
      expect(fromThread).toEqual(result(solveRun(request(seats))));
      expect(fromThread.stable).toBe(true);
      expect(fromThread.stats.candidatesMatched).toBe(seats + 1);
    }
    const off = result(await solverWith('off').solveWhole(request(2)));
    const on = result(await threaded.solveWhole(request(2)));
    expect(on).toEqual(off);
  }, 60_000);

  it('scores the fit facts it is handed (their opportunities cross as JSON) as solving inline does', async () => {
    for (const seats of [1, 2]) {
      const fromThread = result(await threaded.solveWhole(requestWithReadFit(seats)));
      expect(fromThread).toEqual(result(solveRun(requestWithReadFit(seats))));
      expect(fromThread.stable).toBe(true);
      // The fit ordered o2's applicants: cas (assessed in c0 at level 4) before ann (level 2).
      expect(new TextDecoder().decode(fromThread.inputText)).toContain('"o2":["cas","ann"]');
    }
  }, 60_000);

  it("answers with the hash of the canonical text of the document it solved, the text to store without the candidates' lists, and the placements", async () => {
    const req = request(1);
    const { candidateIds, opportunityIds } = req.round;
    const solved = await threaded.solveWhole(req);
    const document = buildRunInput(allocation(1));
    const text = canonicalJson(document);
    // Stored without the lists the rows per candidate hold (choices, and the instance's residents).
    expect(solved.inputListsApart).toBe(true);
    expect(Buffer.from(solved.inputText).toString('utf8')).toBe(
      canonicalJson({ ...document, choices: {}, instance: { ...document.instance, residents: {} } }),
    );
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
      const first = await solver.solveWhole(request(1));
      solver.retireAboveHeapBytes = 0;
      const thread = (solver as unknown as { worker: Worker }).worker;
      expect(thread.threadId).toBeGreaterThan(0);
      const second = await solver.solveWhole(request(1));
      // Stopped before the run's input was handed on (its heap given back first).
      expect(thread.threadId).toBe(-1);
      const third = await solver.solveWhole(request(1));
      for (const solved of [second, third]) {
        expect(solved.inputHash).toBe(first.inputHash);
        expect(solved.placedAt).toEqual(first.placedAt);
      }
    } finally {
      await solver.onModuleDestroy();
    }
  }, 60_000);

  it('hands on the placements before the parts, the parts as soon as they are made, and leaves the parts out of the result', () => {
    const whole = solveRun(request(1));
    const handed: RunInputParts[] = [];
    const order: string[] = [];
    const early = solveRun(request(1), {
      onSolved: (solved) => {
        order.push('solved');
        expect(solved.placedAt).toEqual(whole.placedAt);
        expect(solved.stats).toEqual(whole.stats);
        expect(Object.keys(solved.steps)).not.toContain('solve.split');
        expect(Object.keys(solved.steps)).not.toContain('solve.hash');
      },
      onParts: (parts) => {
        order.push('parts');
        handed.push(parts);
      },
    });
    expect(order).toEqual(['solved', 'parts']);
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
      const small = await solver.solveWhole(request(1));
      expect(measure).not.toHaveBeenCalled();
      solver.collectAboveHeapBytes = 0;
      const large = await solver.solveWhole(request(1));
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

  it('resolves with the placements first, the input (parts, text, hash) to come, in the thread and inline', async () => {
    const whole = solveRun(request(1));
    for (const solver of [threaded, solverWith('off')]) {
      const solving = await solver.solve(request(1));
      expect(solving.placedAt).toEqual(whole.placedAt);
      expect(solving.stats).toEqual(whole.stats);
      expect(Object.keys(solving.steps)).not.toContain('solve.hash');
      const input = await solving.input;
      expect(input.inputHash).toBe(whole.inputHash);
      expect(input.inputParts).toEqual(whole.inputParts);
      expect(Buffer.from(input.inputText).equals(Buffer.from(whole.inputText))).toBe(true);
      expect(Object.keys(input.steps)).toEqual(expect.arrayContaining(['solve.split', 'solve.hash']));
    }
  }, 60_000);

  it('fails the input of a run whose placements were handed on when the thread dies, and starts another for the next run', async () => {
    const solver = solverWith('on');
    try {
      const solving = await solver.solve(request(1));
      const thread = (solver as unknown as { worker: Worker }).worker;
      // Whether or not the thread had posted the input already, it is settled: by then, or failed now.
      const input = solving.input.then(
        () => 'made',
        (err: Error) => err.message,
      );
      await thread.terminate();
      expect(['made', 'the solver thread stopped (exit code 1)']).toContain(await input);
      expect((await solver.solveWhole(request(1))).inputHash).toBe(solveRun(request(1)).inputHash);
    } finally {
      await solver.onModuleDestroy();
    }
  }, 60_000);
});
