/** Stable `reason` codes of the competences feature (listed in docs/errors.md). */
export enum CompetenceErrorReason {
  /** A retired competence takes no new assessments or requirements. */
  COMPETENCE_RETIRED = 'COMPETENCE_RETIRED',
  /** An id that names no competence. */
  UNKNOWN_COMPETENCE = 'UNKNOWN_COMPETENCE',
  COMPETENCE_CODE_TAKEN = 'COMPETENCE_CODE_TAKEN',
  /** `createCompetence` with an area id that names none. */
  UNKNOWN_COMPETENCE_AREA = 'UNKNOWN_COMPETENCE_AREA',
}
