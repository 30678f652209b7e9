import { getHeapStatistics } from 'node:v8';
import { measureMemory } from 'node:vm';

/** A heap this large (V8's heap in use, bytes) is collected at a run's turns; smaller ones are left. */
export const COLLECT_ABOVE_HEAP_BYTES = 256 * 1024 * 1024;

/**
 * Starts a full collection of this thread's V8 heap when it holds more than `aboveBytes`; true when
 * started. A national round's steps leave hundreds of MB of large objects (the texts read from
 * PostgreSQL, the input's text and parts once stored) that only a full collection frees, and V8
 * starts none while the event loop waits (for the solver thread, for PostgreSQL), so that garbage
 * sat beside the next step's memory. `vm.measureMemory` with eager execution starts one now
 * (Node's documentation: "the GC will be started right away"; no V8 flag, no --expose-gc); its
 * marking runs concurrently and it finishes on the event loop's next turns. The measurement itself
 * is not used.
 */
export function collectGarbageAbove(aboveBytes: number): boolean {
  if (pending || getHeapStatistics().used_heap_size <= aboveBytes) return false;
  pending = measureMemory({ mode: 'summary', execution: 'eager' })
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      pending = null;
    });
  return true;
}

/** The collection started here that has not finished yet: one at a time. */
let pending: Promise<void> | null = null;

/**
 * Resolves once no collection started here is running (awaited when the rounds module stops). A
 * measurement V8 has not finished when its context goes away was seen to keep V8 collecting without
 * end: in Jest, where each test file runs in a context of its own, a worker on Node 24 started the
 * next file and never got past its first module (the main thread in a mark-compact on every
 * interrupt, the same JS frame for 20 minutes).
 */
export function collectionsSettled(): Promise<void> {
  return pending ?? Promise.resolve();
}
