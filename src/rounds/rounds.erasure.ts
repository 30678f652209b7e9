import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { canonicalJson } from '../core/rounds/round-allocation';

/** What HR's override reasons about an erased person read afterwards (the column may not be empty). */
export const ERASED_OVERRIDE_REASON = '(erased)';

/**
 * Erasure in allocation rounds (src/privacy-rights decides). The stored runs (the input document's
 * text (`round_run_inputs`), its rest and rows per candidate, assignment, statistics, violations) name the person by id: that id is replaced by `pseudonym` everywhere,
 * so counts, choice rank statistics and the reproducible input stay, but no longer point at the
 * account. (The input hash then no longer matches the input: it was computed over the real ids.) The
 * document's text (whole, or without the candidates' lists, which its rows hold: `lists_apart`; the
 * rows get the pseudonym below, and the readers put the lists back in canonical order) stays
 * canonical JSON: where the pseudonym sorts elsewhere than the id, it is
 * written again in canonical order (parsed in this process: a national run's text is hundreds of MB,
 * and erasing someone who took part in one costs seconds of CPU here).
 * HR's override reasons about the person are replaced, in the overrides, in the stored inputs'
 * pre-assignments and eligibility overrides, and on the placements HR reassigned after publication
 * (kept on the run); the override, the pairs and the choices stay.
 */
@Injectable()
export class RoundsErasure {
  async pseudonymise(em: EntityManager, personId: string, pseudonym: string): Promise<void> {
    // HR's reasons about the person inside the stored inputs (format version 2): their
    // pre-assignments and the eligibility overrides the run recorded.
    for (const field of ['pre_assignments', 'overrides'] as const) {
      await em.query(
        `UPDATE round_runs
            SET input = jsonb_set(
                  input,
                  '{${field}}',
                  (SELECT jsonb_agg(
                            CASE WHEN e ->> 'candidate' = $1 THEN jsonb_set(e, '{reason}', to_jsonb($2::text)) ELSE e END
                            ORDER BY i)
                     FROM jsonb_array_elements(input -> '${field}') WITH ORDINALITY AS x(e, i)))
          WHERE input -> '${field}' @> jsonb_build_array(jsonb_build_object('candidate', $1::text))`,
        [personId, ERASED_OVERRIDE_REASON],
      );
    }
    // The same reasons inside the document's text (canonical JSON: keys sorted, no spaces), then
    // the id everywhere in it; and the person's rows get the pseudonym as their candidate id.
    const id = personId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await em.query(
      `UPDATE round_run_inputs
          SET input_json = replace(regexp_replace(input_json, $3, $4, 'g'), $1, $2)
        WHERE strpos(input_json, $1) > 0`,
      [
        personId,
        pseudonym,
        `\\{"candidate":"${id}",("kind":"[^"]*",)?"opportunity":"([^"]*)","reason":"(?:[^"\\\\]|\\\\.)*"\\}`,
        `{"candidate":"${personId}",\\1"opportunity":"\\2","reason":${JSON.stringify(ERASED_OVERRIDE_REASON).replace(/[\\&]/g, '\\$&')}}`,
      ],
    );
    // The pseudonym sorts elsewhere than the id it replaced: the objects keyed by candidate (choices,
    // residents, preAssigned) are written in canonical order again, one run at a time.
    const renamed: { id: string }[] = await em.query(
      `SELECT run_id AS id FROM round_run_inputs WHERE strpos(input_json, $1) > 0 ORDER BY run_id`,
      [pseudonym],
    );
    for (const { id: runId } of renamed) {
      const [row]: { input_json: string }[] = await em.query(
        `SELECT input_json FROM round_run_inputs WHERE run_id = $1`,
        [runId],
      );
      const canonical = canonicalJson(JSON.parse(row.input_json));
      if (canonical !== row.input_json)
        await em.query(`UPDATE round_run_inputs SET input_json = $2 WHERE run_id = $1`, [runId, canonical]);
    }
    // Run by run (the primary key (run_id, candidate_id); there is no index by candidate).
    await em.query(
      `UPDATE round_run_candidates c SET candidate_id = $2 FROM round_runs r WHERE c.run_id = r.id AND c.candidate_id = $1`,
      [personId, pseudonym],
    );
    await em.query(
      `UPDATE round_runs
          SET input = replace(input::text, $1, $2)::jsonb,
              assignment = replace(assignment::text, $1, $2)::jsonb,
              stats = replace(stats::text, $1, $2)::jsonb,
              violations = replace(violations::text, $1, $2)::jsonb,
              overridden_pairs = (
                SELECT COALESCE(jsonb_agg(
                         CASE WHEN p ->> 'fromCandidateId' = $1 OR p ->> 'toCandidateId' = $1
                              THEN jsonb_set(p, '{reason}', to_jsonb($3::text)) ELSE p END ORDER BY n), '[]'::jsonb)
                  FROM jsonb_array_elements(overridden_pairs) WITH ORDINALITY AS e(p, n))
        WHERE strpos(input::text, $1) > 0 OR strpos(assignment::text, $1) > 0
           OR strpos(stats::text, $1) > 0 OR strpos(violations::text, $1) > 0
           OR strpos(overridden_pairs::text, $1) > 0`,
      [personId, pseudonym, ERASED_OVERRIDE_REASON],
    );
    // The overridden pairs name the person too (the reason above was replaced before the ids).
    await em.query(
      `UPDATE round_runs SET overridden_pairs = replace(overridden_pairs::text, $1, $2)::jsonb
        WHERE strpos(overridden_pairs::text, $1) > 0`,
      [personId, pseudonym],
    );
    await em.query('UPDATE round_overrides SET reason = $2 WHERE candidate_id = $1', [
      personId,
      ERASED_OVERRIDE_REASON,
    ]);
  }
}
