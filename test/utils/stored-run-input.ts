import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canonicalJson, RoundRunInput } from '../../src/core/rounds/round-allocation';
import { splitRunInput } from '../../src/core/rounds/round-input-parts';
import { RoundsRepository } from '../../src/rounds/rounds.repository';

/**
 * What a run stored of its input agrees with itself: the document's text hashes to the run's
 * input_hash and is canonical; the rest and the rows per candidate are the document's parts, and the
 * rows hold the assignment the run answers with (`RoundsRepository.runPayloads`: kept in the rows
 * for runs stored since 5 December, in the `assignment` column before; that it is the solver's is
 * checked against a recomputation in rounds-recompute). Returns the number of rows.
 */
export async function expectStoredInputConsistent(ds: DataSource, runId: string): Promise<number> {
  const [run] = await ds.query<
    { input_hash: string; input_json: string; input: unknown; assignment: Record<string, string | null> }[]
  >(
    `SELECT r.input_hash, i.input_json, r.input FROM round_runs r JOIN round_run_inputs i ON i.run_id = r.id WHERE r.id = $1`,
    [runId],
  );
  const [payload] = await new RoundsRepository(ds).runPayloads([runId]);
  run.assignment = payload.assignment ?? {};
  expect(typeof run.input_json).toBe('string');
  expect(createHash('sha256').update(run.input_json).digest('hex')).toBe(run.input_hash);
  const document = JSON.parse(run.input_json) as RoundRunInput;
  expect(canonicalJson(document)).toBe(run.input_json);
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
