/**
 * The solver thread's entry (see RoundSolver): solves each request it is sent and answers with the
 * result or the error's message, under the request's id.
 */
import { parentPort } from 'node:worker_threads';
import { solveRun, SolveRunRequest } from './round-solver';

parentPort?.on('message', (message: { id: number; request: SolveRunRequest }) => {
  try {
    const result = solveRun(message.request);
    parentPort?.postMessage({ id: message.id, result }, [result.placedAt.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
