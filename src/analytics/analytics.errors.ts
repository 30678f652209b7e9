import { AppError } from '../common/errors/app-error';
import { FieldCode } from '../common/errors/field-codes';

export enum AnalyticsErrorReason {
  /** A report about individuals asked for consortium-wide: only aggregates are. */
  AGGREGATES_ONLY = 'AGGREGATES_ONLY',
}

export function aggregatesOnly(): AppError {
  return AppError.badInput(
    'Consortium-wide analytics are aggregates only: this report lists individuals',
    [
      {
        field: 'scope',
        message: 'only ORGANISATION',
        code: FieldCode.NOT_ONE_OF,
        params: { allowed: 'ORGANISATION' },
      },
    ],
    AnalyticsErrorReason.AGGREGATES_ONLY,
  );
}

export function notWithConsortiumScope(): AppError {
  return AppError.badInput('organisationId is for scope ORGANISATION', [
    {
      field: 'organisationId',
      message: 'not with scope CONSORTIUM',
      code: FieldCode.NOT_APPLICABLE,
      params: { to: 'CONSORTIUM' },
    },
  ]);
}
