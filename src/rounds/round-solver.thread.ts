/**
 * The solver thread's entry (see RoundSolver): solves each request it is sent and answers under the
 * request's id (a message without a request: `warm`) in three messages: the placements (`solved`)
 * as soon as they are known, the run's input parts, then the input's text and hash with the
 * thread's figures (`result`); or the error's message, at whatever point it came.
 */
import { parentPort } from 'node:worker_threads';
import { fromMain, SolveMessage, solveRun } from './round-solver';

parentPort?.on('message', (message: SolveMessage) => {
  const { id } = message;
  // Without a request: a warm-up call, answered as soon as the thread has loaded.
  if (!message.request) return parentPort?.postMessage({ id, result: null });
  try {
    const request = fromMain(message.request, message.fitOpportunitiesJson);
    // The placements and the input's parts go to the main thread as soon as they are made (messages
    // of their own, cloned then): a publication applies the placements while this thread goes on,
    // and the thread does not hold the parts through the text.
    const run = solveRun(request, {
      onSolved: (solved) => parentPort?.postMessage({ id, solved }),
      onParts: (parts) => parentPort?.postMessage({ id, parts }),
    });
    const { inputText, inputListsApart, inputHash, steps, heap, heapPeakBytes } = run;
    parentPort?.postMessage(
      { id, result: { inputText, inputListsApart, inputHash, steps, heap, heapPeakBytes } },
      [inputText.buffer as ArrayBuffer],
    );
  } catch (err) {
    parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
