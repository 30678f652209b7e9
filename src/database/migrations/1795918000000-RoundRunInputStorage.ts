import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's input no longer fits one jsonb value at national scale (300k candidates x 10 choices:
 * about 360 MB of canonical JSON; jsonb refuses more than 268 MB). It is stored as:
 * - `round_runs.input_json`: the document's canonical text, exactly what `input_hash` hashes (text
 *   takes up to 1 GB; compressed with lz4 where the server has it, pglz otherwise);
 * - `round_runs.input`: the document without `instance` and `choices` (settings, HR's decisions,
 *   full and fit-ordered opportunities; small);
 * - `round_run_candidates`: one row per candidate with their part, indexed by candidate, for the
 *   readers that look at one person.
 * Existing runs are moved one at a time (their input fits jsonb: they were stored that way).
 *
 * Frozen history: what it needs of the application (the canonical JSON, the split into rows per
 * candidate, the rows' INSERT) is copied below as it was when the migration landed, so later changes
 * to the application cannot change what this migration does.
 */
export class RoundRunInputStorage1795918000000 implements MigrationInterface {
  name = 'RoundRunInputStorage1795918000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_runs" ADD "input_json" text`);
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE "round_runs" ALTER COLUMN "input_json" SET COMPRESSION lz4;
      EXCEPTION WHEN OTHERS THEN NULL; -- a server built without lz4 keeps pglz
      END $$`);
    await queryRunner.query(`
      CREATE TABLE "round_run_candidates" (
        "run_id" uuid NOT NULL,
        "candidate_id" uuid NOT NULL,
        "choices" uuid[] NOT NULL,
        "own_choices" smallint[] NOT NULL,
        "listed_by" smallint[] NOT NULL,
        "full_choices" smallint[] NOT NULL,
        "pre_assigned_to" uuid,
        "assigned" boolean NOT NULL,
        "placed_on" uuid,
        CONSTRAINT "pk_round_run_candidates" PRIMARY KEY ("run_id", "candidate_id"),
        CONSTRAINT "fk_round_run_candidates_run" FOREIGN KEY ("run_id") REFERENCES "round_runs"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_round_run_candidates_candidate" ON "round_run_candidates" ("candidate_id")`,
    );
    const runs: { id: string }[] = await queryRunner.query(
      `SELECT id FROM round_runs WHERE input IS NOT NULL ORDER BY id`,
    );
    for (const { id } of runs) {
      const [row]: { input: string; assignment: string | null }[] = await queryRunner.query(
        `SELECT input::text AS input, assignment::text AS assignment FROM round_runs WHERE id = $1`,
        [id],
      );
      const input = JSON.parse(row.input) as StoredInput;
      const assignment = row.assignment
        ? (JSON.parse(row.assignment) as Record<string, string | null>)
        : null;
      await storeRunInput(queryRunner, id, canonicalJson(input), splitRunInput(input), assignment);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The whole document back into jsonb (refused for a document over jsonb's 268 MB).
    await queryRunner.query(`UPDATE round_runs SET input = input_json::jsonb WHERE input_json IS NOT NULL`);
    await queryRunner.query(`DROP TABLE "round_run_candidates"`);
    await queryRunner.query(`ALTER TABLE "round_runs" DROP COLUMN "input_json"`);
  }
}

// ---- Frozen copies (as of this migration) of what it used from src/core/rounds and src/rounds ----

/** The run input document's fields this migration reads (any version stored before it). */
interface StoredInput {
  instance?: Record<string, unknown>;
  choices?: Record<string, string[]>;
  preAssigned?: Record<string, string>;
  fullOpportunities?: string[];
  [field: string]: unknown;
}

/** A key JavaScript orders before the others, numerically (an array index): JSON.stringify would too. */
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** A value JSON.stringify writes canonically by itself: no object inside. */
function isFlat(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Array.isArray(value)) return false;
  for (const v of value) if (v !== null && typeof v === 'object') return false;
  return true;
}

/** JSON with object keys sorted at every level (arrays keep their order): the form that is hashed. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    let flat = true;
    for (let i = 0; i < keys.length && flat; i++) {
      flat =
        (i === 0 || keys[i - 1] < keys[i]) &&
        !isIndexKey(keys[i]) &&
        isFlat((value as Record<string, unknown>)[keys[i]]);
    }
    if (flat) return JSON.stringify(value);
    const entries = keys
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Per candidate, each column a text for `string_to_array(v, ',')`; positions are 1-based. */
interface CandidateRows {
  candidateIds: string[];
  choices: string[];
  own: string[];
  listedBy: string[];
  full: string[];
  preAssigned: string[];
}

type Lists = Record<string, readonly string[] | undefined>;

const listsOf = (value: unknown): Lists =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Lists) : {};

const own = (o: object, key: string): boolean => Object.hasOwn(o, key);

/** A run's input document split into its small rest and its rows per candidate. */
function splitRunInput(input: StoredInput): { rest: Record<string, unknown>; candidates: CandidateRows } {
  const { instance, choices: allChoices, ...rest } = input;
  const inst = instance ?? {};
  const choicesOf = listsOf(allChoices);
  const ownLists = listsOf(inst.residents ?? inst.students);
  const preAssigned = rest.preAssigned ?? {};
  const full = new Set(rest.fullOpportunities ?? []);

  const byHospital = inst.hospitals !== undefined;
  const hostLists = listsOf(inst.hospitals ?? inst.supervisors);
  const projectSupervisors = listsOf(inst.project_supervisors) as unknown as Record<string, string>;
  const listedAt = new Map<string, string[]>();
  for (const host of Object.keys(hostLists)) {
    for (const c of hostLists[host] ?? []) {
      const hosts = listedAt.get(c);
      if (hosts) hosts.push(host);
      else listedAt.set(c, [host]);
    }
  }
  const hostOf = (opportunity: string): string | undefined =>
    byHospital
      ? opportunity
      : own(projectSupervisors, opportunity)
        ? projectSupervisors[opportunity]
        : undefined;

  const ids = Object.keys(choicesOf);
  const seen = new Set(ids);
  for (const source of [ownLists, preAssigned]) {
    for (const c of Object.keys(source)) {
      if (!seen.has(c)) {
        seen.add(c);
        ids.push(c);
      }
    }
  }
  const rows: CandidateRows = {
    candidateIds: ids,
    choices: [],
    own: [],
    listedBy: [],
    full: [],
    preAssigned: [],
  };
  const none: readonly string[] = [];
  for (const c of ids) {
    const choices = own(choicesOf, c) ? (choicesOf[c] ?? none) : none;
    const ownList = own(ownLists, c) ? (ownLists[c] ?? none) : none;
    let ownText = '';
    for (const o of ownList) {
      const i = choices.indexOf(o);
      if (i >= 0) ownText += ownText ? `,${i + 1}` : `${i + 1}`;
    }
    const listing = listedAt.get(c);
    let listedText = '';
    let fullText = '';
    for (let i = 0; i < choices.length; i++) {
      const o = choices[i];
      if (listing) {
        const host = hostOf(o);
        if (host !== undefined && listing.includes(host)) listedText += listedText ? `,${i + 1}` : `${i + 1}`;
      }
      if (full.has(o)) fullText += fullText ? `,${i + 1}` : `${i + 1}`;
    }
    rows.choices.push(choices.join(','));
    rows.own.push(ownText);
    rows.listedBy.push(listedText);
    rows.full.push(fullText);
    rows.preAssigned.push(own(preAssigned, c) ? preAssigned[c] : '');
  }
  return { rest, candidates: rows };
}

const ROWS_PER_INSERT = 25_000;

/** The run's text, its rest and one row per candidate with their placement from `assignment`. */
async function storeRunInput(
  queryRunner: QueryRunner,
  runId: string,
  inputJson: string,
  parts: { rest: Record<string, unknown>; candidates: CandidateRows },
  assignment: Readonly<Record<string, string | null>> | null,
): Promise<void> {
  await queryRunner.query(`UPDATE round_runs SET input_json = $2, input = $3::jsonb WHERE id = $1`, [
    runId,
    inputJson,
    JSON.stringify(parts.rest),
  ]);
  await queryRunner.query(`DELETE FROM round_run_candidates WHERE run_id = $1`, [runId]);
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
    const column = (values: readonly string[]): string => {
      const texts = values.slice(start, end);
      for (let k = texts.length; k < chunk.length; k++) texts.push('');
      return texts.join('\n');
    };
    const assigned = chunk.map((c) => (assignment !== null && Object.hasOwn(assignment, c) ? 't' : 'f'));
    await queryRunner.query(
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
