import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's stored text may leave the candidates' lists to its rows per candidate:
 * `round_run_inputs.lists_apart` true means `input_json` is the document's canonical text with
 * `choices` and the instance's `residents` (`students` in SPA-S) written `{}`, and the rows of
 * `round_run_candidates` give them back (`choices`, and `own_choices` as positions into them). At
 * 300k candidates x 10 choices those lists are two thirds of the text (the same lists twice), which
 * a run stored beside its apply (docs/performance.md, wave 16). `input_hash` is still the hash of the
 * whole text, which the readers rebuild (`readRunInputTexts`). Texts stored before stay whole (false).
 *
 * Down: each such text is made whole again from its rows, here (frozen below as it was when this
 * migration landed, so later changes to the application cannot change what it does).
 */
export class RoundRunInputListsApart1796010000000 implements MigrationInterface {
  name = 'RoundRunInputListsApart1796010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "round_run_inputs" ADD "lists_apart" boolean NOT NULL DEFAULT false`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const runs: { run_id: string }[] = await queryRunner.query(
      `SELECT "run_id" FROM "round_run_inputs" WHERE "lists_apart" ORDER BY "run_id"`,
    );
    for (const { run_id: runId } of runs) {
      const [{ input_json: text }]: { input_json: string }[] = await queryRunner.query(
        `SELECT "input_json" FROM "round_run_inputs" WHERE "run_id" = $1`,
        [runId],
      );
      const rows: Row[] = await queryRunner.query(
        `SELECT "candidate_id", "choices"::text[] AS "choices", "own_choices"::int[] AS "own", "pre_assigned_to"
           FROM "round_run_candidates" WHERE "run_id" = $1`,
        [runId],
      );
      await queryRunner.query(`UPDATE "round_run_inputs" SET "input_json" = $2 WHERE "run_id" = $1`, [
        runId,
        canonicalJson(withLists(JSON.parse(text) as Stored, rows)),
      ]);
    }
    await queryRunner.query(`ALTER TABLE "round_run_inputs" DROP COLUMN "lists_apart"`);
  }
}

interface Stored {
  problem: string;
  instance: Record<string, unknown>;
  [key: string]: unknown;
}

interface Row {
  candidate_id: string;
  choices: string[];
  own: number[];
  pre_assigned_to: string | null;
}

/** The document with its candidates' lists put back from the rows. */
function withLists(stored: Stored, rows: Row[]): Stored {
  const choices: Record<string, string[]> = {};
  const own: Record<string, string[]> = {};
  for (const row of rows) {
    if (row.choices.length === 0 && row.pre_assigned_to === null) continue;
    if (row.choices.length > 0) choices[row.candidate_id] = row.choices;
    own[row.candidate_id] = row.own.map((position) => row.choices[position - 1]);
  }
  const ownKey = stored.problem === 'SPA-S' ? 'students' : 'residents';
  return { ...stored, choices, instance: { ...stored.instance, [ownKey]: own } };
}

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
