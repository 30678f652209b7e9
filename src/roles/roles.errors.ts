import { AppError } from '../common/errors/app-error';

export const ROLE_PROFILE_NOT_FOUND = 'Role profile';
export const PERSON_NOT_FOUND = 'Person';

export enum RoleErrorReason {
  ROLE_PROFILE_SUPERSEDED = 'ROLE_PROFILE_SUPERSEDED',
  TOO_MANY_TARGET_ROLES = 'TOO_MANY_TARGET_ROLES',
}

export function roleProfileNotFound(): AppError {
  return AppError.notFound(ROLE_PROFILE_NOT_FOUND);
}

/** A person the viewer may not see looks exactly like a missing one. */
export function personNotFound(): AppError {
  return AppError.notFound(PERSON_NOT_FOUND);
}
