/**
 * The solver thread's entry (see RoundSolver): solves each request it is sent and answers with the
 * result or the error's message, under the request's id (a message without a request: `warm`).
 */
import { parentPort } from 'node:worker_threads';
import { solveRun, SolveRunRequest } from './round-solver';

parentPort?.on('message', (message: { id: number; request?: SolveRunRequest }) => {
  // Without a request: a warm-up call, answered as soon as the thread has loaded.
  if (!message.request) return parentPort?.postMessage({ id: message.id, result: null });
  try {
    const result = solveRun(message.request);
    parentPort?.postMessage({ id: message.id, result }, [
      result.placedAt.buffer as ArrayBuffer,
      result.inputText.buffer as ArrayBuffer,
    ]);
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
