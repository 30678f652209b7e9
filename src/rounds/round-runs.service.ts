import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { HeldStatusEvents } from '../applications/application-transitions';
import { PlacementContext } from '../applications/placement-context';
import { TransactionRunner, TransactionTimeouts } from '../common/database/transaction';
import { Env } from '../config/env.schema';
import { RunInputParts } from '../core/rounds/round-input-parts';
import {
  AllocationRoundEntity,
  RoundRunEntity,
  RoundRunKind,
  RoundRunStatus,
  RoundStatus,
} from './entities/round.entity';
import { RoundEventsPublisher } from './round-events.publisher';
import { COLLECT_ABOVE_HEAP_BYTES, collectGarbageAbove } from './heap-collection';
import { RoundLoader } from './round-loader';
import { RunInputToStore } from './round-run-inputs';
import { Announcement, RoundPlacements } from './round-placements';
import { PhaseClock } from './phase-clock';
import { assignmentOf } from './round-solver';
import { RoundSolver } from './round-solver.service';
import { abandonedRunReason, runFailureReason, RunRefusedError } from './rounds.errors';
import { RoundsRepository } from './rounds.repository';

/** What is left of a solved run's input parts once they are handed to the store. */
const EMPTY_PARTS: RunInputParts = {
  rest: {} as RunInputParts['rest'],
  candidates: { candidateIds: [], choices: [], own: [], listedBy: [], full: [], preAssigned: [] },
};

/** The storing of a run's input text and rows in a transaction of its own (`solveAndApply`). */
interface ApartStore {
  storing: Promise<void> | null;
}

/** A RUNNING run older than this is taken to be abandoned (its instance died) and is claimed again. */
export const STALE_RUN_MS = 10 * 60_000;

/** What a run's transaction announces (published after it commits). */
interface RunAnnouncement extends Announcement {
  run: RoundRunEntity;
  round: AllocationRoundEntity;
}

/**
 * Where a run's time went (ms of wall clock): reading the round's data, solving (assembling the
 * instance, parsing, solving, verifying, statistics), and persisting (applying the placements,
 * storing the run and its notifications, commit, then the live events after commit). Logged for
 * every run.
 */
export interface RunPhases {
  loadMs: number;
  solveMs: number;
  persistMs: number;
  /** Finer steps, in the order they ran. */
  steps: Record<string, number>;
  /** This process's CPU time (ms) in each step. */
  cpu: Record<string, number>;
  /** This process's resident memory (MB) at the end of each step. */
  rss: Record<string, number>;
  /** The V8 heap in use (MB) at the end of each step: the solver thread's for its own steps (solve.*). */
  heap: Record<string, number>;
  /** The main thread's memory held outside its heap (Buffers, ArrayBuffers; MB) at the end of each step. */
  external: Record<string, number>;
  /** Work done beside the steps, overlapping them (the input stored on a second connection): ms of wall clock. */
  beside: Record<string, number>;
}

/**
 * Processes allocation runs: claims a queued run, has `RoundLoader` read the round's data, assembles
 * the instance (`buildRunInput`, in the core), solves it with the matching core, verifies the result
 * independently and stores it. A publication or follow-up also applies it, in the same transaction as
 * the solving (round and opportunity rows locked), through `RoundPlacements`: matched applications
 * become OFFERED (response deadline = now + the round's window), the other live applications of
 * matched candidates in the round REJECTED; everyone concerned is notified (stored in that
 * transaction, pushed live after it commits).
 */
@Injectable()
export class RoundRunsService {
  private readonly logger = new Logger(RoundRunsService.name);
  private readonly maxAttempts: number;
  /** Of the transaction that solves and applies a run (round and opportunity rows locked). */
  private readonly timeouts: TransactionTimeouts;
  /** The largest V8 heap the solver (thread) reported over this instance's runs (the benchmark prints it). */
  solverHeapPeakBytes = 0;

  constructor(
    config: ConfigService<Env, true>,
    private readonly repo: RoundsRepository,
    private readonly context: PlacementContext,
    private readonly tx: TransactionRunner,
    private readonly loader: RoundLoader,
    private readonly placements: RoundPlacements,
    private readonly events: RoundEventsPublisher,
    private readonly solver: RoundSolver,
  ) {
    this.maxAttempts = config.get('ROUND_RUN_MAX_ATTEMPTS', { infer: true });
    this.timeouts = {
      lockTimeoutMs: config.get('ROUND_RUN_LOCK_TIMEOUT_MS', { infer: true }),
      statementTimeoutMs: config.get('ROUND_RUN_STATEMENT_TIMEOUT_MS', { infer: true }),
    };
  }

  /**
   * Claims one queued run (SKIP LOCKED) and marks it RUNNING; null when there is none. Abandoned runs
   * out of attempts are failed on the way (and announced).
   */
  async claim(now: Date = new Date()): Promise<RoundRunEntity | null> {
    const staleBefore = new Date(now.getTime() - STALE_RUN_MS);
    const { run, abandoned } = await this.tx.run(async (em) => {
      const claimed = await this.repo.claimNextRun(
        staleBefore,
        this.maxAttempts,
        abandonedRunReason(this.maxAttempts),
        em,
      );
      // Status events an earlier attempt wrote beside and never released (its process died): the
      // claimed run writes its own again; an abandoned one never announces.
      const earlier = [...(claimed.run ? [claimed.run.id] : []), ...claimed.abandoned.map((r) => r.id)];
      await this.placements.dropEvents(em, earlier);
      return claimed;
    });
    for (const failed of abandoned) await this.publish(failed);
    if (run) await this.publish(run);
    return run;
  }

  /** Solves (and, for a publication or follow-up, applies) a claimed run; FAILED with the error otherwise. */
  async process(claimed: RoundRunEntity): Promise<RoundRunEntity> {
    return (await this.processTimed(claimed)).run;
  }

  /** `process`, with where the time went (the benchmark prints it). */
  async processTimed(claimed: RoundRunEntity): Promise<{ run: RoundRunEntity; phases: RunPhases }> {
    const clock = new PhaseClock();
    const run = await this.processClocked(claimed, clock);
    const phases: RunPhases = {
      loadMs: clock.sum('load'),
      solveMs: clock.sum('solve'),
      persistMs: clock.sum('persist'),
      steps: clock.steps,
      cpu: clock.cpu,
      rss: clock.rss,
      heap: clock.heap,
      external: clock.external,
      beside: clock.beside,
    };
    this.logger.log(
      { runId: run.id, status: run.status, phases },
      `run ${run.id}: load ${Math.round(phases.loadMs)} ms, solve ${Math.round(phases.solveMs)} ms, persist ${Math.round(phases.persistMs)} ms`,
    );
    return { run, phases };
  }

  private async processClocked(claimed: RoundRunEntity, clock: PhaseClock): Promise<RoundRunEntity> {
    let announcement: RunAnnouncement | null;
    const apart: ApartStore = { storing: null };
    try {
      announcement = await this.tx.run(async (em) => {
        const applied = await this.solveAndApply(claimed.id, em, clock, apart);
        if (applied) await this.placements.announce(em, applied);
        clock.mark('persist.announce');
        // The input stored beside (see solveAndApply) has committed before this transaction
        // commits: a run is never DONE without its input. What is left of it, if anything, is
        // counted under persist.store. The status events written there are released here: told
        // once this commits.
        if (apart.storing) {
          await apart.storing;
          await this.placements.releaseEvents(em, claimed.id);
          clock.mark('persist.store');
        }
        return applied;
      }, this.timeouts);
      // The commit, and the live events published after it (the outbox).
      clock.mark('persist.commit');
    } catch (err) {
      // The input stored beside is let finish (or fail) first: the failed run's record below
      // deletes it, and nothing may write it after that.
      await apart.storing?.catch(() => undefined);
      const message = runFailureReason(err, this.timeouts);
      if (!(err instanceof RunRefusedError)) this.logger.error({ err }, `round run ${claimed.id} failed`);
      const failed = await this.tx.run(async (em) => {
        const locked = await this.repo.lockRunningRun(claimed.id, em);
        if (!locked) return null;
        // What the transaction beside stored for it: the input goes with the record below, the
        // status events it held here (never told).
        await this.placements.dropEvents(em, [locked.id]);
        return this.repo.finishRun(
          locked,
          {
            status: RoundRunStatus.FAILED,
            algorithm: null,
            algorithmVersion: null,
            inputHash: null,
            input: null,
            assignment: null,
            stats: null,
            stable: null,
            violations: null,
            error: message,
            finishedAt: new Date(),
          },
          em,
        );
      });
      if (failed) await this.publish(failed);
      return failed ?? claimed;
    }
    if (!announcement) return (await this.repo.findRun(claimed.id)) ?? claimed;
    await this.publish(announcement.run);
    clock.mark('persist.publish');
    return announcement.run;
  }

  private async solveAndApply(
    runId: string,
    em: EntityManager,
    clock: PhaseClock,
    apart: ApartStore,
  ): Promise<RunAnnouncement | null> {
    const run = await this.repo.lockRunningRun(runId, em);
    if (!run) return null; // finished elsewhere
    // The round row lock serialises the runs that change applications of one round.
    const round = await this.repo.findRound(run.roundId, em, 'pessimistic_write');
    if (!round) throw new RunRefusedError('the round no longer exists');
    const applying = run.kind !== RoundRunKind.DRY_RUN;
    if (run.kind === RoundRunKind.PUBLISH && round.status !== RoundStatus.OPEN) {
      throw new RunRefusedError(`the round is ${round.status}: it can be published once`);
    }
    if (run.kind === RoundRunKind.FOLLOW_UP && round.status !== RoundStatus.PUBLISHED) {
      throw new RunRefusedError(
        `the round is ${round.status}: follow-ups run after publication, before closing`,
      );
    }
    const opportunityIds = await this.repo.roundOpportunityIds(round.id, em);
    // Plain rows of the columns the run uses (a publication locks them; a dry run only reads them).
    const opportunities = await this.context.roundOpportunities(opportunityIds, applying, em);
    clock.mark('load.lock');

    const gathered = await this.loader.load(round, run, opportunities, em, clock);
    const packed = gathered.round;
    const solving = await this.solver.solve({ round: packed });
    const { stats } = solving;
    // The solver's own steps up to the placements (its thread's wall clock), and what is left:
    // handing the data over and back (the process's CPU time of all of it is counted under
    // solve.handover).
    clock.mark('solve.handover');
    for (const [step, ms] of Object.entries(solving.steps)) {
      clock.steps[step] = ms;
      clock.steps['solve.handover'] -= ms;
    }
    const assignment = assignmentOf(packed, solving.placedAt);
    const preAssigned = Object.fromEntries(gathered.preAssigned);
    const now = new Date();
    const verified = solving.valid && solving.stable;
    // The input's parts and text come from the solver after the placements (at 300k x 10 the split
    // and the 328 MB text, hashed, then cut to the 70 MB stored, take the thread 3 to 5 s): the
    // placements are applied meanwhile, and the run's record, which holds the input's hash, is
    // written once they have come (below). The input's text and rows per candidate (seconds of
    // PostgreSQL's work) are stored in a transaction of their own, on a second connection, as soon
    // as they come, while this one applies the placements (the two tables have no key to the run
    // this transaction holds locked). That one commits before this one (awaited before the
    // announcement's end, above): a DONE run always has its input. If this transaction fails after
    // it committed, the failed run's record deletes it again; if the process dies in between, the
    // run (still RUNNING) keeps an input nobody reads as a published round's (the readers of the rows
    // take DONE runs only) until it is run again (replaced) or failed as abandoned (then it keeps the
    // input it was solved on). The text is collected once PostgreSQL holds it.
    const made = solving.input.then((input) => {
      // The thread's steps after the placements ran beside the publication: counted there.
      for (const [step, ms] of Object.entries(input.steps)) {
        if (!(step in solving.steps)) clock.beside[step] = ms;
      }
      Object.assign(clock.heap, input.heap);
      this.solverHeapPeakBytes = Math.max(this.solverHeapPeakBytes, input.heapPeakBytes);
      const toStore: RunInputToStore = {
        json: input.inputText,
        listsApart: input.inputListsApart,
        candidates: input.inputParts.candidates,
        onSent: () => collectGarbageAbove(COLLECT_ABOVE_HEAP_BYTES),
      };
      const kept = { inputHash: input.inputHash, rest: input.inputParts.rest };
      input.inputText = new Uint8Array(0);
      input.inputParts = EMPTY_PARTS;
      return { toStore, kept };
    });
    // A publication's status events (about 150 MB of text and 4 to 5 s of a backend at national
    // scale) are written there too, after the input, held for the run: this transaction releases
    // them once the other has committed (above), and a run that fails drops them. This transaction's
    // statements run one after another on one backend; the other is free once the input is stored.
    let handEvents: (write: HeldStatusEvents | null) => void = () => undefined;
    const statusEvents = new Promise<HeldStatusEvents | null>((resolve) => {
      handEvents = resolve;
    });
    const besideFrom = performance.now();
    apart.storing = made.then(({ toStore }) =>
      this.tx
        .run(async (beside) => {
          await this.repo.storeRunInput(run.id, toStore, assignment, beside);
          const writeEvents = await statusEvents;
          if (writeEvents) await writeEvents(beside, run.id);
        }, this.timeouts)
        .then(() => {
          clock.beside['persist.store'] = performance.now() - besideFrom;
          // The rows per candidate are garbage now (tens of MB at national scale): collected while
          // this transaction applies (the event loop waits for PostgreSQL), not left beside it.
          collectGarbageAbove(COLLECT_ABOVE_HEAP_BYTES);
        }),
    );
    // Awaited later; a failure is seen there (not an unhandled rejection meanwhile).
    apart.storing.catch(() => undefined);
    const drafts: Announcement['drafts'] = [];
    let notMatched: Announcement['notMatched'] = null;
    try {
      if (applying && verified) {
        const applied = await this.placements.applyRun(
          round,
          run,
          { preAssigned },
          assignment,
          // The live applications as the run read them (not read again: the publication moves each
          // only from the status it was read in and is refused otherwise).
          gathered.read,
          opportunities,
          now,
          em,
          handEvents,
        );
        // Not push(...list): a large round's lists exceed the number of arguments a call may take.
        for (const draft of applied.drafts) drafts.push(draft);
        if (run.kind === RoundRunKind.PUBLISH) {
          await this.repo.updateRound(round.id, { status: RoundStatus.PUBLISHED, publishedAt: now }, em);
          // The unmatched are told in one INSERT ... SELECT from their ids (RoundPlacements.announce).
          notMatched = { round: round.name, candidateIds: stats.unmatched };
        }
      }
    } finally {
      // No events (a dry run, nothing decided, or the apply failed): the store beside ends.
      handEvents(null);
    }
    clock.mark('persist.apply');
    // The run's record and its input's small rest, in this transaction.
    const { kept } = await made;
    const finished = await this.repo.finishRun(
      run,
      {
        status: applying && !verified ? RoundRunStatus.FAILED : RoundRunStatus.DONE,
        algorithm: solving.algorithm,
        algorithmVersion: solving.algorithmVersion,
        inputHash: kept.inputHash,
        input: { parts: { rest: kept.rest, candidates: EMPTY_PARTS.candidates } },
        assignment,
        stats,
        stable: solving.stable,
        violations: solving.violations,
        error: applying && !verified ? 'the verifier refused the result: nothing was published' : null,
        finishedAt: now,
      },
      em,
    );
    clock.mark('persist.store');
    return { run: finished, round, drafts, notMatched };
  }

  /** Pushes the run's status to `roundRunUpdated` subscribers; never fails the caller. */
  async publish(run: RoundRunEntity): Promise<void> {
    try {
      const round = await this.repo.findRound(run.roundId);
      if (round)
        await this.events.runUpdated({ roundId: round.id, organisationId: round.organisationId, run });
    } catch (err) {
      this.logger.error({ err }, `could not publish the status of run ${run.id}`);
    }
  }
}
