/**
 * The one SQL condition for "processing of this person is not restricted" (src/privacy owns the rule
 * and the table): the features that select people for recommendations, candidate and findable lists,
 * allocation runs and analytics put it in their WHERE. `personColumn` is the column holding the
 * person's user id, e.g. `u.id`.
 */
export function notRestricted(personColumn: string): string {
  return `NOT EXISTS (SELECT 1 FROM processing_restrictions pr_ WHERE pr_.person_id = ${personColumn} AND pr_.lifted_at IS NULL)`;
}

/** The purpose whose consent lets a person be counted in consortium-wide analytics. */
export const CONSORTIUM_ANALYTICS = 'CONSORTIUM_ANALYTICS';

/**
 * The one SQL condition for "this person has a live consent to `purposeCode`" (src/privacy owns the
 * consents): consortium-wide analytics count only people with CONSORTIUM_ANALYTICS. `purposeCode` is a
 * constant of this codebase, never input.
 */
export function hasLiveConsent(personColumn: string, purposeCode: string): string {
  if (!/^[A-Z][A-Z0-9_]+$/.test(purposeCode)) throw new Error(`not a purpose code: ${purposeCode}`);
  return `EXISTS (SELECT 1 FROM consents c_ JOIN processing_purposes pp_ ON pp_.id = c_.purpose_id
                   WHERE c_.person_id = ${personColumn} AND pp_.code = '${purposeCode}' AND c_.withdrawn_at IS NULL)`;
}
