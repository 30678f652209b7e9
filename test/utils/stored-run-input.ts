import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canonicalJson, RoundRunInput } from '../../src/core/rounds/round-allocation';
import { splitRunInput } from '../../src/core/rounds/round-input-parts';
import { RoundsRepository } from '../../src/rounds/rounds.repository';

/**
 * What a run stored of its input agrees with itself: the document's text as the readers get it
 * (`RoundsRepository.runInputJsons`: put together again from the text stored without the candidates'
 * lists and the rows, for runs stored so) hashes to the run's input_hash and is canonical; the text
 * stored is that text, or it without the candidates' lists; the rest and the rows per candidate are
 * the document's parts, and the
 * rows hold the assignment the run answers with (`RoundsRepository.runPayloads`: kept in the rows
 * for runs stored since 5 December, in the `assignment` column before; that it is the solver's is
 * checked against a recomputation in rounds-recompute). Returns the number of rows.
 */
export async function expectStoredInputConsistent(ds: DataSource, runId: string): Promise<number> {
  const [run] = await ds.query<
    {
      input_hash: string;
      stored_json: string;
      lists_apart: boolean;
      input: unknown;
      assignment: Record<string, string | null>;
    }[]
  >(
    `SELECT r.input_hash, i.input_json AS stored_json, i.lists_apart, r.input
       FROM round_runs r JOIN round_run_inputs i ON i.run_id = r.id WHERE r.id = $1`,
    [runId],
  );
  const repo = new RoundsRepository(ds);
  const [payload] = await repo.runPayloads([runId]);
  run.assignment = payload.assignment ?? {};
  const [{ inputJson }] = await repo.runInputJsons([runId]);
  expect(typeof inputJson).toBe('string');
  const text = inputJson as string;
  expect(createHash('sha256').update(text).digest('hex')).toBe(run.input_hash);
  const document = JSON.parse(text) as RoundRunInput;
  expect(canonicalJson(document)).toBe(text);
  const own = document.problem === 'SPA-S' ? 'students' : 'residents';
  expect(run.stored_json).toBe(
    run.lists_apart
      ? canonicalJson({ ...document, choices: {}, instance: { ...document.instance, [own]: {} } })
      : text,
  );
  const parts = splitRunInput(document);
  expect(run.input).toEqual(JSON.parse(JSON.stringify(parts.rest)));

  const rows = await ds.query<
    {
      candidate_id: string;
      choices: string[];
      own_choices: number[];
      listed_by: number[];
      full_choices: number[];
      pre_assigned_to: string | null;
      assigned: boolean;
      placed_on: string | null;
    }[]
  >(
    `SELECT candidate_id, choices::text[] AS choices, own_choices::int[] AS own_choices,
            listed_by::int[] AS listed_by, full_choices::int[] AS full_choices, pre_assigned_to, assigned, placed_on
       FROM round_run_candidates WHERE run_id = $1 ORDER BY candidate_id`,
    [runId],
  );
  const c = parts.candidates;
  const list = (text: string): string[] => (text ? text.split(',') : []);
  const positions = (text: string): number[] => list(text).map(Number);
  const expected = c.candidateIds
    .map((id, i) => ({
      candidate_id: id,
      choices: list(c.choices[i]),
      own_choices: positions(c.own[i]),
      listed_by: positions(c.listedBy[i]),
      full_choices: positions(c.full[i]),
      pre_assigned_to: c.preAssigned[i] || null,
      assigned: Object.hasOwn(run.assignment, id),
      placed_on: run.assignment[id] ?? null,
    }))
    .sort((a, b) => (a.candidate_id < b.candidate_id ? -1 : 1));
  expect(rows).toEqual(expected);
  return rows.length;
}
