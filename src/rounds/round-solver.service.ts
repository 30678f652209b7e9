import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Env } from '../config/env.schema';
import { RunInputParts } from '../core/rounds/round-input-parts';
import { transferablesOf } from '../core/rounds/round-packing';
import { COLLECT_ABOVE_HEAP_BYTES, collectGarbageAbove, collectionsSettled } from './heap-collection';
import {
  HANDED_ON_PARTS,
  SolvedPlacements,
  solveRun,
  SolvedRun,
  SolveRunRequest,
  toThread,
} from './round-solver';

/**
 * What is made of a run after its placements: its input's text, hash and parts, and the solver's
 * figures (`steps` all of its steps, `heap` and `heapPeakBytes` as in `SolvedRun`).
 */
export type SolvedInput = Pick<
  SolvedRun,
  'inputText' | 'inputListsApart' | 'inputHash' | 'inputParts' | 'steps' | 'heap' | 'heapPeakBytes'
>;

/** A run whose placements are known (all a publication applies), its input still being made. */
export interface SolvingRun extends SolvedPlacements {
  /** Settles once the solver has written the input's parts and text (or failed to). */
  input: Promise<SolvedInput>;
}

interface Pending {
  /** The placements (a warm-up: null once the thread answers). */
  resolve: (solving: SolvingRun | null) => void;
  reject: (err: Error) => void;
  /** The placements were handed on: what fails now fails `input`. */
  solved: boolean;
  input: ReturnType<typeof deferred<SolvedInput>>;
  /** The run's input parts, posted by the thread ahead of its text. */
  parts?: RunInputParts;
}

/** A promise and how to settle it; a rejection nobody awaits is not reported as unhandled. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (err: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Solves runs off the event loop: with ROUND_SOLVER_THREAD=on (default) in one worker thread per
 * instance, started at the first run and kept, unless a run made its heap large: then it is stopped once
 * no run waits for it (its heap given back before that run's result is handed on) and the next run starts another; the instance's event loop serves requests meanwhile.
 * The request's typed arrays are transferred (moved, not copied: the caller's arrays are empty
 * afterwards); its few id lists and the result cross by structured clone, the read fit facts'
 * opportunities as one JSON text (`toThread`), the input's text is transferred. The result comes in
 * three parts, each as soon as the thread has made it: the
 * placements with the verdict and statistics (`solve` resolves then), the input's parts, then the
 * input's text and hash (`SolvingRun.input`). Once a
 * large round is handed over, the caller's heap (the loading's garbage) is collected while the thread
 * solves (`collectCallersGarbage`). A solver error fails the run with its message,
 * as inline; a thread that dies fails the runs it held and is started again for the next run.
 */
@Injectable()
export class RoundSolver implements OnModuleDestroy {
  private readonly inThread: boolean;
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /**
   * A thread whose heap grew beyond this while solving is stopped once idle (its memory given back);
   * smaller runs keep it, saving the start of a thread per run.
   */
  retireAboveHeapBytes = 256 * 1024 * 1024;
  /**
   * When the caller's (main thread's) V8 heap holds more than this as a round is handed over, it is
   * collected while the thread solves (see `collectCallersGarbage`); smaller heaps are left alone.
   */
  collectAboveHeapBytes = COLLECT_ABOVE_HEAP_BYTES;

  constructor(config: ConfigService<Env, true>) {
    this.inThread = config.get('ROUND_SOLVER_THREAD', { infer: true }) === 'on';
  }

  /**
   * Solves the round; resolves once its placements are known, with its input's text, hash and
   * parts to come (`input`).
   */
  solve(request: SolveRunRequest): Promise<SolvingRun> {
    if (!this.inThread) {
      return Promise.resolve().then(() => {
        let solved: SolvedPlacements | undefined;
        const run = solveRun(request, { onSolved: (placements) => (solved = placements) });
        const { inputText, inputListsApart, inputHash, inputParts, steps, heap, heapPeakBytes } = run;
        return {
          ...(solved as SolvedPlacements),
          input: Promise.resolve({
            inputText,
            inputListsApart,
            inputHash,
            inputParts,
            steps,
            heap,
            heapPeakBytes,
          }),
        };
      });
    }
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<SolvingRun>((resolve, reject) => {
      const input = deferred<SolvedInput>();
      this.pending.set(id, {
        resolve: (solved) => resolve(solved as SolvingRun),
        reject,
        solved: false,
        input,
      });
      // The thread keeps the process alive while it solves, not while it waits.
      worker.ref();
      worker.postMessage(toThread(id, request), transferablesOf(request.round));
      this.collectCallersGarbage();
    });
  }

  /** `solve`, waiting for the input too: the whole run as `solveRun` gives it. */
  async solveWhole(request: SolveRunRequest): Promise<SolvedRun> {
    const { input, steps: _early, ...solved } = await this.solve(request);
    return { ...solved, ...(await input) };
  }

  /**
   * Once a large round is handed over, the caller's heap is mostly the loading's garbage (at 300k x
   * 10 candidates: 575 MB of V8 heap after packing, most of it the texts read from PostgreSQL): with
   * the event loop then idle while the thread solves, V8 starts no collection, and that garbage sat
   * beside the thread's heap at the run's peak. Collected now, beside the thread
   * (`collectGarbageAbove`).
   */
  private collectCallersGarbage(): void {
    collectGarbageAbove(this.collectAboveHeapBytes);
  }

  /**
   * Starts the thread now rather than at the first run, and resolves once it answers (the benchmark
   * calls it so that a run's hand-over does not count the thread's start); nothing inline.
   */
  async warm(): Promise<void> {
    if (!this.inThread) return;
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    await new Promise<SolvingRun | null>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, solved: false, input: deferred<SolvedInput>() });
      worker.ref();
      worker.postMessage({ id });
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
    await collectionsSettled();
  }

  private start(): Worker {
    // Compiled: the thread's .js beside this file; from TypeScript sources (tests, benchmarks) the
    // thread registers ts-node first.
    const entry = path.join(__dirname, `round-solver.thread${path.extname(__filename)}`);
    const worker = entry.endsWith('.ts')
      ? new Worker(`require('ts-node/register/transpile-only'); require(${JSON.stringify(entry)});`, {
          eval: true,
        })
      : new Worker(entry);
    type Message = {
      id: number;
      solved?: SolvedPlacements;
      parts?: RunInputParts;
      result?: Omit<SolvedInput, 'inputParts'> | null;
      error?: string;
    };
    worker.on('message', (message: Message) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if (message.solved) {
        pending.solved = true;
        pending.resolve({ ...message.solved, input: pending.input.promise });
        return;
      }
      if (message.parts) {
        pending.parts = message.parts;
        return;
      }
      this.pending.delete(message.id);
      const settle = (): void => {
        if (message.error !== undefined) return this.reject(pending, new Error(message.error));
        const result = message.result;
        if (!result) return pending.resolve(null); // a warm-up
        pending.input.resolve({ ...result, inputParts: pending.parts ?? HANDED_ON_PARTS });
      };
      if (this.pending.size === 0) {
        worker.unref();
        // After a large run with nothing else waiting, the thread is let go: its heap, which held
        // the run's document, parts and garbage (757 MB at 300k x 10) and is not collected while
        // the thread sits idle, is given back; the next run starts a thread. The run's input is
        // handed on once the thread is gone, so that its heap is not still there beside the storing
        // of the run's text (the peak of a 300k run was 126 ms into persist.store, the thread not
        // yet stopped).
        if (message.result && message.result.heapPeakBytes > this.retireAboveHeapBytes) {
          void this.retire(worker).then(settle, settle);
          return;
        }
      }
      settle();
    });
    worker.on('error', (err) => this.failed(worker, err));
    worker.on('exit', (code) =>
      this.failed(worker, new Error(`the solver thread stopped (exit code ${code})`)),
    );
    this.worker = worker;
    return worker;
  }

  /** Stops an idle thread on purpose (its exit fails nothing); resolves once it has stopped. */
  private async retire(worker: Worker): Promise<void> {
    if (this.worker === worker) this.worker = null;
    worker.removeAllListeners('exit');
    worker.removeAllListeners('error');
    worker.on('error', () => undefined);
    await worker.terminate();
  }

  private failed(worker: Worker, err: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const pending of this.pending.values()) this.reject(pending, err);
    this.pending.clear();
  }

  /** Fails the run's placements, or its input once the placements were handed on. */
  private reject(pending: Pending, err: Error): void {
    if (pending.solved) pending.input.reject(err);
    else pending.reject(err);
  }
}
