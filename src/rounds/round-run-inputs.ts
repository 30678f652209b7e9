import { EntityManager } from 'typeorm';
import {
  BinaryCopyParser,
  BinaryCopyRows,
  binaryCopyData,
  copyInBinary,
  copyOutBinary,
} from '../common/database/copy-binary';
import { isUuid } from '../common/graphql/input-values';
import { uuidBytes, writeUuidTextFrom } from '../common/database/uuid-bytes';
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
 * without the candidates' lists (`listsApart`; `readRunInputTexts` puts them back from the rows)
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
 * with them written back in from the run's rows per candidate (`listsWrittenIn`). A national run's
 * text is 328 MB: its rows are read by binary COPY in candidate order and its two lists written as
 * bytes straight into their places (about 2 s of this process, where the rows as objects, the
 * document and `canonicalJson` took 12 s; `documentWithLists`, the same text, where the stored text
 * is not as `listsWrittenIn` expects it).
 */
export async function readRunInputTexts(
  em: EntityManager,
  ids: readonly string[],
): Promise<{ id: string; inputJson: string | null }[]> {
  if (ids.length === 0) return [];
  return em.transaction('REPEATABLE READ', async (tx) => {
    const stored: {
      id: string;
      inputJson: string | null;
      listsApart: boolean | null;
      problem: string | null;
    }[] = await tx.query(
      `SELECT r.id, i.input_json AS "inputJson", i.lists_apart AS "listsApart", r.input ->> 'problem' AS problem
           FROM round_runs r LEFT JOIN round_run_inputs i ON i.run_id = r.id
          WHERE r.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    const texts: { id: string; inputJson: string | null }[] = [];
    for (const { id, inputJson, listsApart, problem } of stored) {
      if (inputJson === null || !listsApart) {
        texts.push({ id, inputJson });
        continue;
      }
      const whole =
        (await listsWrittenIn(tx, id, problem, inputJson)) ?? (await withListsParsed(tx, id, inputJson));
      texts.push({ id, inputJson: whole });
    }
    return texts;
  });
}

/** The text with the lists put back through the parsed document (`documentWithLists`). */
async function withListsParsed(em: EntityManager, runId: string, text: string): Promise<string> {
  const rows: CandidateListsRow[] = await em.query(
    `SELECT candidate_id AS "candidateId", choices::text[] AS choices, own_choices::int[] AS own,
            pre_assigned_to AS "preAssignedTo"
       FROM round_run_candidates WHERE run_id = $1`,
    [runId],
  );
  return canonicalJson(documentWithLists(JSON.parse(text) as RoundRunInput, rows));
}

const EMPTY_CHOICES = '{"choices":{}';

/**
 * The text with the candidates' lists written back in from the rows, byte for byte what
 * `canonicalJson(documentWithLists(...))` gives: `choices` is the text's first entry (`{"choices":{}`),
 * the instance's own lists the one entry `"residents":{}` (or `"students":{}`) of the text (a key
 * inside a text value has its quotes escaped); the rows come in candidate order (uuids: their bytes'
 * order is their texts' order, which canonical JSON sorts keys by) and each entry is written as the
 * document's would be (ids need no escape). Null when the text is not so (then the document is
 * parsed instead).
 */
export async function listsWrittenIn(
  em: EntityManager,
  runId: string,
  problem: string | null,
  text: string,
): Promise<string | null> {
  if (!isUuid(runId) || !text.startsWith(EMPTY_CHOICES) || (problem !== 'HR' && problem !== 'SPA-S'))
    return null;
  const ownEntry = `"${problem === 'SPA-S' ? 'students' : 'residents'}":{}`;
  const at = text.indexOf(ownEntry);
  if (at < 0 || text.indexOf(ownEntry, at + 1) >= 0) return null;
  const choices = new ListWriter();
  const own = new ListWriter();
  let positionsFit = true;
  await copyOutBinary(
    em,
    `SELECT candidate_id, choices, own_choices, pre_assigned_to IS NOT NULL
       FROM round_run_candidates WHERE run_id = '${runId}' ORDER BY candidate_id`,
    4,
    (row: BinaryCopyParser) => {
      const bytes = row.bytes;
      const [candidate, chosen, positions, pre] = [row.start[0], row.start[1], row.start[2], row.start[3]];
      const count = arrayLength(bytes, chosen);
      const preAssigned = bytes[pre] === 1;
      if (count === 0 && !preAssigned) return; // named only by the assignment
      // The elements start after the header (and the one dimension's size and lower bound).
      const first = chosen + (count > 0 ? 20 : 12);
      if (count > 0) {
        choices.key(bytes, candidate);
        choices.open();
        for (let k = 0, p = first; k < count; k++, p += 20) choices.id(bytes, p + 4, k === 0);
        choices.close();
      }
      own.key(bytes, candidate);
      own.open();
      const n = arrayLength(bytes, positions);
      for (let k = 0, p = positions + (n > 0 ? 20 : 12); k < n; k++, p += 6) {
        const position = bytes.readInt16BE(p + 4);
        if (position < 1 || position > count) positionsFit = false;
        else own.id(bytes, first + (position - 1) * 20 + 4, k === 0);
      }
      own.close();
    },
  );
  if (!positionsFit) return null;
  return (
    EMPTY_CHOICES.slice(0, -2) +
    choices.text() +
    text.slice(EMPTY_CHOICES.length, at + ownEntry.length - 2) +
    own.text() +
    text.slice(at + ownEntry.length)
  );
}

/** The number of elements of a one-dimensional array in PostgreSQL's binary form at `at` (0 if empty). */
function arrayLength(bytes: Buffer, at: number): number {
  return bytes.readInt32BE(at) === 0 ? 0 : bytes.readInt32BE(at + 12);
}

/** An object's entries `"uuid":["uuid",...]` written as bytes, a megabyte at a time, comma-separated. */
class ListWriter {
  private readonly parts: Buffer[] = [];
  private out = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  private entries = 0;

  /** `"id":` of the uuid of 16 bytes at `from`, after a comma unless it is the first entry. */
  key(bytes: Buffer, from: number): void {
    this.room(48);
    if (this.entries++ > 0) this.out[this.at++] = 0x2c;
    this.uuid(bytes, from);
    this.out[this.at++] = 0x3a;
  }

  open(): void {
    this.room(1);
    this.out[this.at++] = 0x5b;
  }

  close(): void {
    this.room(1);
    this.out[this.at++] = 0x5d;
  }

  /** `"id"` of the uuid of 16 bytes at `from`, after a comma unless `first`. */
  id(bytes: Buffer, from: number, first: boolean): void {
    this.room(40);
    if (!first) this.out[this.at++] = 0x2c;
    this.uuid(bytes, from);
  }

  /** `{...}`: the entries as an object's text. */
  text(): string {
    this.parts.push(this.out.subarray(0, this.at));
    return `{${Buffer.concat(this.parts).toString('latin1')}}`;
  }

  private uuid(bytes: Buffer, from: number): void {
    const out = this.out;
    out[this.at] = 0x22;
    const at = writeUuidTextFrom(bytes, from, out, this.at + 1);
    out[at] = 0x22;
    this.at = at + 1;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.out.length) return;
    this.parts.push(this.out.subarray(0, this.at));
    this.out = Buffer.allocUnsafe(1 << 20);
    this.at = 0;
  }
}
