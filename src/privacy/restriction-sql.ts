/**
 * The one SQL condition for "processing of this person is not restricted" (src/privacy owns the rule
 * and the table): the features that select people for recommendations, candidate and findable lists,
 * allocation runs and analytics put it in their WHERE. `personColumn` is the column holding the
 * person's user id, e.g. `u.id`.
 */
export function notRestricted(personColumn: string): string {
  return `NOT EXISTS (SELECT 1 FROM processing_restrictions pr_ WHERE pr_.person_id = ${personColumn} AND pr_.lifted_at IS NULL)`;
}
