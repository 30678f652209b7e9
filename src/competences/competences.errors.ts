/** Stable `reason` codes of the competences feature. */
export const CompetenceErrorReason = {
  /** A retired competence takes no new assessments or requirements. */
  COMPETENCE_RETIRED: 'COMPETENCE_RETIRED',
  /** An id that names no competence. */
  UNKNOWN_COMPETENCE: 'UNKNOWN_COMPETENCE',
  COMPETENCE_CODE_TAKEN: 'COMPETENCE_CODE_TAKEN',
} as const;
