import { RunInputParts } from '../core/rounds/round-input-parts';

/** Runs a statement (an EntityManager's or a QueryRunner's `query`). */
export type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/** Rows per INSERT: bounds the parameters' size (about 11 MB of text at 10 choices each). */
const ROWS_PER_INSERT = 25_000;

const list = (values: readonly (string | number)[]): string => `{${values.join(',')}}`;

/**
 * Stores a run's input (src/rounds/README.md, "What a run stores"): the document's text exactly as
 * it was hashed (`input_json`, compressed by PostgreSQL), its small rest (`input`, jsonb) and one
 * row per candidate in `round_run_candidates` with their placement from `assignment`. Set-based: one
 * INSERT ... SELECT FROM unnest per 25,000 candidates, in the caller's transaction. A run stored
 * again replaces its rows.
 */
export async function storeRunInput(
  query: Query,
  runId: string,
  inputJson: string,
  parts: RunInputParts,
  assignment: Readonly<Record<string, string | null>> | null,
): Promise<void> {
  await query(`UPDATE round_runs SET input_json = $2, input = $3::jsonb WHERE id = $1`, [
    runId,
    inputJson,
    JSON.stringify(parts.rest),
  ]);
  await query(`DELETE FROM round_run_candidates WHERE run_id = $1`, [runId]);
  const rows = parts.candidates;
  const ids = [...rows.candidateIds];
  // Candidates the assignment names that the document does not (runs stored before version 2).
  if (assignment) {
    const known = new Set(ids);
    for (const c of Object.keys(assignment)) if (!known.has(c)) ids.push(c);
  }
  for (let start = 0; start < ids.length; start += ROWS_PER_INSERT) {
    const end = Math.min(start + ROWS_PER_INSERT, ids.length);
    const chunk = ids.slice(start, end);
    const column = <T>(values: readonly T[], empty: T): T[] =>
      chunk.map((_, k) => (start + k < values.length ? values[start + k] : empty));
    const assigned = chunk.map((c) => assignment !== null && Object.hasOwn(assignment, c));
    await query(
      `INSERT INTO round_run_candidates
              (run_id, candidate_id, choices, own_choices, listed_by, full_choices, pre_assigned_to, assigned, placed_on)
       SELECT $1, c::uuid, ch::uuid[], o::smallint[], l::smallint[], f::smallint[], p::uuid, a, pl::uuid
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[])
              AS u(c, ch, o, l, f, p, a, pl)`,
      [
        runId,
        chunk,
        column(rows.choices, []).map(list),
        column(rows.own, []).map(list),
        column(rows.listedBy, []).map(list),
        column(rows.full, []).map(list),
        column(rows.preAssigned, null),
        assigned,
        chunk.map((c, k) => (assigned[k] ? (assignment?.[c] ?? null) : null)),
      ],
    );
  }
}
