import { RunInputParts } from '../core/rounds/round-input-parts';

/** Runs a statement (an EntityManager's or a QueryRunner's `query`). */
export type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/** Rows per INSERT: bounds the parameters' size (about 11 MB of text at 10 choices each). */
const ROWS_PER_INSERT = 25_000;

/**
 * Stores a run's input (src/rounds/README.md, "What a run stores"): the document's text exactly as
 * it was hashed (`input_json`, compressed by PostgreSQL), its small rest (`input`, jsonb) and one
 * row per candidate in `round_run_candidates` with their placement from `assignment`. The text may
 * come as its UTF-8 bytes (as the solver thread hands it over): then it is sent as they are (a binary
 * parameter, which PostgreSQL reads as text), not decoded into a string first. Set-based: one
 * INSERT ... SELECT FROM unnest per 25,000 candidates, in the caller's transaction. A run stored
 * again replaces its rows.
 */
export async function storeRunInput(
  query: Query,
  runId: string,
  inputJson: string | Uint8Array,
  parts: RunInputParts,
  assignment: Readonly<Record<string, string | null>> | null,
): Promise<void> {
  await query(`UPDATE round_runs SET input_json = $2, input = $3::jsonb WHERE id = $1`, [
    runId,
    typeof inputJson === 'string'
      ? inputJson
      : Buffer.from(inputJson.buffer, inputJson.byteOffset, inputJson.byteLength),
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
    // Each column as one text, a candidate per line (ids and positions hold no newline or comma):
    // PostgreSQL splits it, so no array of 25,000 strings is escaped on the event loop. (A chunk of
    // one candidate with an empty value splits into no element: unnest gives NULL, read as empty.)
    const column = (values: readonly string[]): string => {
      const texts = values.slice(start, end);
      for (let k = texts.length; k < chunk.length; k++) texts.push('');
      return texts.join('\n');
    };
    const assigned = chunk.map((c) => (assignment !== null && Object.hasOwn(assignment, c) ? 't' : 'f'));
    await query(
      `INSERT INTO round_run_candidates
              (run_id, candidate_id, choices, own_choices, listed_by, full_choices, pre_assigned_to, assigned, placed_on)
       SELECT $1, c::uuid, string_to_array(COALESCE(ch, ''), ',')::uuid[],
              string_to_array(COALESCE(o, ''), ',')::smallint[], string_to_array(COALESCE(l, ''), ',')::smallint[],
              string_to_array(COALESCE(f, ''), ',')::smallint[], NULLIF(p, '')::uuid,
              a::boolean, NULLIF(pl, '')::uuid
         FROM unnest(string_to_array($2, E'\\n'), string_to_array($3, E'\\n'), string_to_array($4, E'\\n'),
                     string_to_array($5, E'\\n'), string_to_array($6, E'\\n'), string_to_array($7, E'\\n'),
                     string_to_array($8, E'\\n'), string_to_array($9, E'\\n'))
              AS u(c, ch, o, l, f, p, a, pl)`,
      [
        runId,
        chunk.join('\n'),
        column(rows.choices),
        column(rows.own),
        column(rows.listedBy),
        column(rows.full),
        column(rows.preAssigned),
        assigned.join('\n'),
        chunk.map((c, k) => (assigned[k] === 't' ? (assignment?.[c] ?? '') : '')).join('\n'),
      ],
    );
  }
}
