/**
 * The solver thread's entry (see RoundSolver): solves each request it is sent and answers with the
 * result or the error's message, under the request's id (a message without a request: `warm`); the
 * run's input parts come first, in a message of their own.
 */
import { parentPort } from 'node:worker_threads';
import { solveRun, SolveRunRequest } from './round-solver';

parentPort?.on('message', (message: { id: number; request?: SolveRunRequest }) => {
  // Without a request: a warm-up call, answered as soon as the thread has loaded.
  if (!message.request) return parentPort?.postMessage({ id: message.id, result: null });
  try {
    // The input's parts go to the main thread as soon as they are made (a message of their own,
    // cloned then), so that the thread does not hold them through the rest of the run.
    const result = solveRun(message.request, (parts) => parentPort?.postMessage({ id: message.id, parts }));
    parentPort?.postMessage({ id: message.id, result }, [
      result.placedAt.buffer as ArrayBuffer,
      result.inputText.buffer as ArrayBuffer,
    ]);
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
