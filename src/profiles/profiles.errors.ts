/** Stable `reason` codes of the profiles feature. */
export const ProfileErrorReason = {
  /** assessCompetence on oneself: use selfAssess. */
  SELF_ASSESSMENT_AS_SUPERVISOR: 'SELF_ASSESSMENT_AS_SUPERVISOR',
} as const;

/** The one message for a profile that is missing or not visible to the viewer. */
export const PROFILE_NOT_FOUND = 'Profile';
