import { AppError } from '../common/errors/app-error';

/** The one message for a missing round and for one the viewer may not see. */
export const roundNotFound = (): AppError => AppError.notFound('Allocation round');
export const roundRunNotFound = (): AppError => AppError.notFound('Round run');

/** A run the worker refuses to apply; stored as FAILED with this message. */
export class RunRefusedError extends Error {
  override readonly name = 'RunRefusedError';
}
