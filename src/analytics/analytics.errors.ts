import { AppError } from '../common/errors/app-error';

export enum AnalyticsErrorReason {
  /** A report about individuals asked for consortium-wide: only aggregates are. */
  AGGREGATES_ONLY = 'AGGREGATES_ONLY',
}

export function aggregatesOnly(): AppError {
  return AppError.badInput(
    'Consortium-wide analytics are aggregates only: this report lists individuals',
    [{ field: 'scope', message: 'only ORGANISATION' }],
    AnalyticsErrorReason.AGGREGATES_ONLY,
  );
}

export function notWithConsortiumScope(): AppError {
  return AppError.badInput('organisationId is for scope ORGANISATION', [
    { field: 'organisationId', message: 'not with scope CONSORTIUM' },
  ]);
}
