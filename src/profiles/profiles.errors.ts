import { AppError } from '../common/errors/app-error';

/** Stable `reason` codes of the profiles feature (listed in docs/errors.md). */
export enum ProfileErrorReason {
  /** assessCompetence on oneself: use selfAssess. */
  SELF_ASSESSMENT_AS_SUPERVISOR = 'SELF_ASSESSMENT_AS_SUPERVISOR',
  /** setSupervisionCapacity for someone without the SUPERVISOR role. */
  NOT_A_SUPERVISOR = 'NOT_A_SUPERVISOR',
  /** correctAssessment of a competence whose level the person set themselves (or nobody did). */
  NOT_SET_BY_OTHERS = 'NOT_SET_BY_OTHERS',
}

/** The one message for a profile that is missing or not visible to the viewer. */
export const PROFILE_NOT_FOUND = 'Profile';

/** The one "missing or not yours" error for a person's profile: both look the same. */
export function profileNotFound(): AppError {
  return AppError.notFound(PROFILE_NOT_FOUND);
}
