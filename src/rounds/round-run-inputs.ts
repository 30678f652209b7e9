import { EntityManager } from 'typeorm';
import { BinaryCopyRows, binaryCopyData, copyInBinary } from '../common/database/copy-binary';
import { uuidBytes } from '../common/database/uuid-bytes';
import { canonicalJson, RoundRunInput } from '../core/rounds/round-allocation';
import { CandidateListsRow, documentWithLists, RunInputParts } from '../core/rounds/round-input-parts';

/**
 * Where a run's input is stored: its statements, and a binary COPY in (an EntityManager's:
 * `storeSessionOf`; a benchmark's plain client gives its own).
 */
export interface StoreSession {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  copyIn(copy: string, chunks: Iterable<Uint8Array>): Promise<number>;
}

/** `em`'s statements and COPY (in its transaction, if any). */
export function storeSessionOf(em: EntityManager): StoreSession {
  return {
    query: (sql, parameters) => em.query(sql, parameters),
    copyIn: (copy, chunks) => copyInBinary(em, copy, chunks),
  };
}

/** What `storeRunInput` stores of a run's input; `json` is let go (emptied) once it is sent. */
export interface RunInputToStore {
  /**
   * The document's canonical text, a string or its UTF-8 bytes: exactly as it was hashed, or with
   * `listsApart` without the candidates' lists (`listPathsApart`), which the rows hold.
   */
  json: string | Uint8Array;
  /** The text leaves the candidates' lists to the rows (`round_run_inputs.lists_apart`); default false. */
  listsApart?: boolean;
  /** Each candidate's part of the document (`RunInputParts.candidates`). */
  candidates: RunInputParts['candidates'];
  /**
   * Called once the whole text is handed to the connection (while PostgreSQL stores it), before the
   * rows are sent: from then on nothing here keeps the text's memory (`json` is emptied), so the
   * caller may collect it. The rows per candidate (`candidates`, emptied once they are sent) go after
   * it.
   */
  onSent?: () => void;
}

/**
 * Stores a run's input (src/rounds/README.md, "What a run stores") except its small rest (the
 * `input` jsonb of `round_runs`, which `finishRun` writes): the document's text as it was hashed, or
 * without the candidates' lists (`listsApart`; `readRunInputText` puts them back from the rows)
 * (`round_run_inputs.input_json`, compressed by PostgreSQL) and one row per candidate in
 * `round_run_candidates` with their placement from `assignment`. Neither table has a key to
 * `round_runs` nor is the run's row touched, so this may run in a transaction of its own beside the
 * one that holds the run locked (`RoundRunsService`). The text goes by binary COPY
 * (`copyInBinary`): its UTF-8 bytes (as the solver thread hands them over; a string is encoded
 * first) sent in slices, no parameter holding it whole (pg copies each parameter into its message:
 * a 328 MB text had a second copy beside it), no temporary table to join it from (until wave 12 it
 * went in 64 MB parts into one, 5 s of PostgreSQL at national scale). `input.json` is emptied once
 * it is sent, so that the caller's reference does not keep it through the rows. The rows go by
 * binary COPY too, written in place from the parts' texts (`candidateRowsData`). A run stored again
 * replaces its text and rows. `session` runs the statements (`storeSessionOf`: an EntityManager's).
 */
export async function storeRunInput(
  session: StoreSession,
  runId: string,
  input: RunInputToStore,
  assignment: Readonly<Record<string, string | null>> | null,
): Promise<void> {
  await session.query(`DELETE FROM round_run_inputs WHERE run_id = $1`, [runId]);
  await session.copyIn(
    `COPY round_run_inputs (run_id, input_json, lists_apart) FROM STDIN (FORMAT binary)`,
    textThenLetGo(runId, input),
  );
  await storeRows(session, runId, input.candidates, assignment);
  input.candidates = NO_CANDIDATES;
}

/**
 * The run's id and text as binary COPY data, the text taken from `input` (emptied) and let go of once
 * its last slice is handed to the connection (pg copies each into its message): `onSent` is called
 * then, while PostgreSQL still stores it, so that the caller may collect its memory.
 */
function* textThenLetGo(runId: string, input: RunInputToStore): Generator<Uint8Array> {
  const rows = [
    [
      uuidBytes([runId]),
      typeof input.json === 'string' ? Buffer.from(input.json, 'utf8') : input.json,
      Uint8Array.of(input.listsApart ? 1 : 0),
    ],
  ];
  input.json = '';
  yield* binaryCopyData(rows);
  rows.length = 0;
  input.onSent?.();
}

const NO_CANDIDATES: RunInputParts['candidates'] = {
  candidateIds: [],
  choices: [],
  own: [],
  listedBy: [],
  full: [],
  preAssigned: [],
};

/** The rows per candidate (the run's earlier rows deleted first). */
async function storeRows(
  session: StoreSession,
  runId: string,
  rows: RunInputParts['candidates'],
  assignment: Readonly<Record<string, string | null>> | null,
): Promise<void> {
  await session.query(`DELETE FROM round_run_candidates WHERE run_id = $1`, [runId]);
  let ids: readonly string[] = rows.candidateIds;
  // Each candidate's placement (the assignment's value, '' for none) and whether the assignment names
  // them at all; then the candidates the assignment names that the document does not (runs stored
  // before version 2), looked for only when the assignment has more names than were found.
  const assigned = new Array<boolean>(ids.length);
  const placed = new Array<string>(ids.length);
  let found = 0;
  for (let i = 0; i < ids.length; i++) {
    const has = assignment !== null && Object.hasOwn(assignment, ids[i]);
    if (has) found++;
    assigned[i] = has;
    placed[i] = has ? (assignment[ids[i]] ?? '') : '';
  }
  if (assignment) {
    const names = Object.keys(assignment);
    if (names.length > found) {
      const known = new Set(ids);
      const extra = names.filter((c) => !known.has(c));
      ids = [...ids, ...extra];
      for (const c of extra) {
        assigned.push(true);
        placed.push(assignment[c] ?? '');
      }
    }
  }
  await session.copyIn(
    `COPY round_run_candidates
          (run_id, candidate_id, choices, own_choices, listed_by, full_choices, pre_assigned_to, assigned, placed_on)
     FROM STDIN (FORMAT binary)`,
    candidateRowsData(runId, ids, rows, assigned, placed),
  );
}

/**
 * The rows per candidate as binary COPY data (`BinaryCopyRows`), written a chunk at a time as the
 * connection takes them: each value written in place from the texts the solver thread handed over
 * (ids, and lists joined by commas). Until wave 13 they went as 12 INSERTs of 25,000 rows, whose
 * texts PostgreSQL split and cast (about 0.3 s of its work each at a national round, beside the
 * apply). A candidate past `rows.candidateIds` (named only by the assignment) has empty lists.
 */
function* candidateRowsData(
  runId: string,
  ids: readonly string[],
  rows: RunInputParts['candidates'],
  assigned: readonly boolean[],
  placed: readonly string[],
): Generator<Uint8Array> {
  const out = new BinaryCopyRows();
  const run = uuidBytes([runId]);
  const inDocument = rows.candidateIds.length;
  for (let i = 0; i < ids.length; i++) {
    const has = i < inDocument;
    const choices = has ? rows.choices[i] : '';
    const own = has ? rows.own[i] : '';
    const listedBy = has ? rows.listedBy[i] : '';
    const full = has ? rows.full[i] : '';
    out.row(
      9,
      // run, candidate, pre-assigned, placed: 20 bytes each; assigned 5.
      4 * 20 +
        5 +
        BinaryCopyRows.uuidArrayBytes(choices) +
        BinaryCopyRows.int2ArrayBytes(own) +
        BinaryCopyRows.int2ArrayBytes(listedBy) +
        BinaryCopyRows.int2ArrayBytes(full),
    );
    out.uuidBytes(run, 0);
    out.uuidOrNull(ids[i]);
    out.uuidArray(choices);
    out.int2Array(own);
    out.int2Array(listedBy);
    out.int2Array(full);
    out.uuidOrNull(has ? rows.preAssigned[i] : '');
    out.boolean(assigned[i]);
    out.uuidOrNull(placed[i]);
    yield* out.take();
  }
  yield* out.end();
}

/**
 * The input documents' texts of these runs as the solver hashed them (null: none stored), in one
 * snapshot: a text stored whole as it is; one stored without the candidates' lists (`lists_apart`)
 * with them put back from the run's rows per candidate (`documentWithLists`) and written canonical
 * again. At 300k x 10 that is the rows (300,000) and a 328 MB text made in this process, seconds of
 * work for a download of that size.
 */
export async function readRunInputTexts(
  em: EntityManager,
  ids: readonly string[],
): Promise<{ id: string; inputJson: string | null }[]> {
  if (ids.length === 0) return [];
  return em.transaction('REPEATABLE READ', async (tx) => {
    const stored: { id: string; inputJson: string | null; listsApart: boolean | null }[] = await tx.query(
      `SELECT r.id, i.input_json AS "inputJson", i.lists_apart AS "listsApart"
         FROM round_runs r LEFT JOIN round_run_inputs i ON i.run_id = r.id
        WHERE r.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    const texts: { id: string; inputJson: string | null }[] = [];
    for (const { id, inputJson, listsApart } of stored) {
      if (inputJson === null || !listsApart) {
        texts.push({ id, inputJson });
        continue;
      }
      const rows: CandidateListsRow[] = await tx.query(
        `SELECT candidate_id AS "candidateId", choices::text[] AS choices, own_choices::int[] AS own,
                pre_assigned_to AS "preAssignedTo"
           FROM round_run_candidates WHERE run_id = $1`,
        [id],
      );
      texts.push({
        id,
        inputJson: canonicalJson(documentWithLists(JSON.parse(inputJson) as RoundRunInput, rows)),
      });
    }
    return texts;
  });
}
