import { RunInputParts } from '../core/rounds/round-input-parts';

/** Runs a statement (an EntityManager's or a QueryRunner's `query`). */
export type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/** Rows per INSERT: bounds the parameters' size (about 11 MB of text at 10 choices each). */
const ROWS_PER_INSERT = 25_000;

/**
 * A text longer than this is sent in parts of this many bytes (UTF-8; characters for a string):
 * pg copies each parameter into its message buffer, so a 360 MB text sent whole (300k candidates x
 * 10 choices) had a second full copy beside it (peak RSS +360 MB; in parts +128 MB). The parts cost
 * PostgreSQL a write to a temporary table (about 2 s of backend CPU at 360 MB), so a text that
 * fits (a 100k round's is 37 MB) still goes whole.
 */
export const TEXT_PART_BYTES = 64 * 1024 * 1024;

/** What `storeRunInput` stores of a run's input; `json` is let go (emptied) once it is sent. */
export interface RunInputToStore {
  /** The document's text exactly as it was hashed: a string, or its UTF-8 bytes. */
  json: string | Uint8Array;
  /** Each candidate's part of the document (`RunInputParts.candidates`). */
  candidates: RunInputParts['candidates'];
  /**
   * Called once PostgreSQL holds the whole text (sent whole, or its parts in the temporary table),
   * before the rows are sent and the text is joined and compressed: from then on nothing here keeps
   * the text's memory (`json` is emptied), so the caller may collect it. The rows per candidate
   * (`candidates`, emptied once they are sent) go after it.
   */
  onSent?: () => void;
}

/**
 * Stores a run's input (src/rounds/README.md, "What a run stores") except its small rest (the
 * `input` jsonb of `round_runs`, which `finishRun` writes): the document's text exactly as it was
 * hashed (`round_run_inputs.input_json`, compressed by PostgreSQL) and one row per candidate in
 * `round_run_candidates` with their placement from `assignment`. Neither table has a key to
 * `round_runs` nor is the run's row touched, so this may run in a transaction of its own beside the
 * one that holds the run locked (`RoundRunsService`). The text may come as its UTF-8 bytes (as the
 * solver thread hands it over): then it is sent as they are (binary parameters, which PostgreSQL
 * reads as text), not decoded into a string first; `input.json` is emptied once it is sent, so that
 * the caller's reference does not keep it through the rows. A text longer than `textPartBytes` goes
 * in parts (cut between characters) into a temporary table of the transaction (not compressed, not
 * WAL-logged), which PostgreSQL joins into `input_json` in one statement.
 * Set-based: one INSERT ... SELECT FROM unnest per 25,000 candidates. A run stored again replaces
 * its text and rows.
 */
export async function storeRunInput(
  query: Query,
  runId: string,
  input: RunInputToStore,
  assignment: Readonly<Record<string, string | null>> | null,
  textPartBytes = TEXT_PART_BYTES,
): Promise<void> {
  const text = textParts(input.json, textPartBytes);
  input.json = '';
  const joinText = await sendText(query, runId, text);
  input.onSent?.();
  await storeRows(query, runId, input.candidates, assignment);
  input.candidates = NO_CANDIDATES;
  await joinText();
}

const NO_CANDIDATES: RunInputParts['candidates'] = {
  candidateIds: [],
  choices: [],
  own: [],
  listedBy: [],
  full: [],
  preAssigned: [],
};

/**
 * Sends the text, whole (as the run's `round_run_inputs` row, replaced if there is one) or in parts
 * (into a temporary table); returns what joins the parts into that row (nothing to do for a whole
 * text). `text` is emptied as it is sent (nothing here keeps the bytes once PostgreSQL has them).
 */
async function sendText(
  query: Query,
  runId: string,
  text: (string | Buffer)[],
): Promise<() => Promise<void>> {
  const upsert = `ON CONFLICT (run_id) DO UPDATE SET input_json = EXCLUDED.input_json`;
  if (text.length === 1) {
    const whole = text.splice(0, 1);
    await query(`INSERT INTO round_run_inputs (run_id, input_json) VALUES ($1, $2) ${upsert}`, [
      runId,
      whole[0],
    ]);
    return async () => undefined;
  }
  await query(
    `CREATE TEMP TABLE IF NOT EXISTS run_input_text_parts (n int NOT NULL, part text NOT NULL) ON COMMIT DROP;
     ALTER TABLE run_input_text_parts ALTER COLUMN part SET STORAGE EXTERNAL;
     TRUNCATE run_input_text_parts`,
  );
  for (let n = 0; text.length > 0; n++) {
    const [part] = text.splice(0, 1);
    await query(`INSERT INTO run_input_text_parts (n, part) VALUES ($1, $2)`, [n, part]);
  }
  return async () => {
    await query(
      `INSERT INTO round_run_inputs (run_id, input_json)
       SELECT $1, string_agg(part, '' ORDER BY n) FROM run_input_text_parts ${upsert}`,
      [runId],
    );
    await query(`TRUNCATE run_input_text_parts`);
  };
}

/** The rows per candidate (the run's earlier rows deleted first). */
async function storeRows(
  query: Query,
  runId: string,
  rows: RunInputParts['candidates'],
  assignment: Readonly<Record<string, string | null>> | null,
): Promise<void> {
  await query(`DELETE FROM round_run_candidates WHERE run_id = $1`, [runId]);
  let ids: readonly string[] = rows.candidateIds;
  // Each candidate's placement (the assignment's value, '' for none) and whether the assignment names
  // them at all; then the candidates the assignment names that the document does not (runs stored
  // before version 2), looked for only when the assignment has more names than were found.
  const assigned = new Array<string>(ids.length);
  const placed = new Array<string>(ids.length);
  let found = 0;
  for (let i = 0; i < ids.length; i++) {
    const has = assignment !== null && Object.hasOwn(assignment, ids[i]);
    if (has) found++;
    assigned[i] = has ? 't' : 'f';
    placed[i] = has ? (assignment[ids[i]] ?? '') : '';
  }
  if (assignment) {
    const names = Object.keys(assignment);
    if (names.length > found) {
      const known = new Set(ids);
      const extra = names.filter((c) => !known.has(c));
      ids = [...ids, ...extra];
      for (const c of extra) {
        assigned.push('t');
        placed.push(assignment[c] ?? '');
      }
    }
  }
  for (let start = 0; start < ids.length; start += ROWS_PER_INSERT) {
    const end = Math.min(start + ROWS_PER_INSERT, ids.length);
    // Each column as one text, a candidate per line (ids and positions hold no newline or comma):
    // PostgreSQL splits it, so no array of 25,000 strings is escaped on the event loop. (A chunk of
    // one candidate with an empty value splits into no element: unnest gives NULL, read as empty.)
    const column = (values: readonly string[]): string => {
      const texts = values.slice(start, end);
      for (let k = texts.length; k < end - start; k++) texts.push('');
      return texts.join('\n');
    };
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
        column(ids),
        column(rows.choices),
        column(rows.own),
        column(rows.listedBy),
        column(rows.full),
        column(rows.preAssigned),
        column(assigned),
        column(placed),
      ],
    );
  }
}

const partSize = (maxBytes: number): number => Math.max(4, Math.floor(maxBytes));

/**
 * The text in parts of at most `maxBytes` bytes (or characters, for a string), each cut between
 * two characters (PostgreSQL checks that each part is valid UTF-8): views of the bytes, no copy.
 * At least one part (an empty text is one empty part).
 */
export function textParts(text: string | Uint8Array, maxBytes: number): (string | Buffer)[] {
  const size = partSize(maxBytes);
  const out: (string | Buffer)[] = [];
  if (typeof text === 'string') {
    let start = 0;
    do {
      let end = Math.min(start + size, text.length);
      // Not between the two halves of a surrogate pair.
      const code = text.charCodeAt(end - 1);
      if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
      out.push(text.slice(start, end));
      start = end;
    } while (start < text.length);
    return out;
  }
  const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  let start = 0;
  do {
    let end = Math.min(start + size, bytes.length);
    // Back to the first byte of a character (continuation bytes are 10xxxxxx).
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
    out.push(bytes.subarray(start, end));
    start = end;
  } while (start < bytes.length);
  return out;
}
