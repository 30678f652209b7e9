import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A change feed of the candidate pool's pre-selection, for the in-memory reach index of
 * matchingCandidates (src/recommendations/matching-candidates.reach-index.ts): every statement that
 * changes a person's rows of `candidate_pool_levels` or `candidate_pool_people` (through the triggers
 * of 1795915000000, whoever writes) adds the person to `candidate_pool_changes` with its transaction id
 * (`xid8`); `candidate_pool_rebuild()` adds one row without a person (everything changed).
 *
 * A reader remembers the xmin of the snapshot it last read in and next reads the rows whose `xid` is
 * at or above it: every transaction that had not committed then has an `xid` at or above that xmin, so
 * none is passed over (a change committed between two reads is read by the second; one seen twice is
 * read again, harmless). The rows carry the time, so old ones can be deleted; a reader that has not
 * read for longer than they are kept loads everything again.
 */
export class CandidatePoolChanges1795922000000 implements MigrationInterface {
  name = 'CandidatePoolChanges1795922000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "candidate_pool_changes" (
        "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
        "person_id" uuid,
        "at" timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_candidate_pool_changes_xid" ON "candidate_pool_changes" ("xid")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_candidate_pool_changes_at" ON "candidate_pool_changes" ("at")`);
    await queryRunner.query(`
      CREATE FUNCTION "candidate_pool_log_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('candidate_pool.rebuilding', true) = 'on' THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
          INSERT INTO candidate_pool_changes (person_id) SELECT DISTINCT person_id FROM added_rows;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO candidate_pool_changes (person_id) SELECT DISTINCT person_id FROM removed_rows;
        ELSE
          INSERT INTO candidate_pool_changes (person_id)
          SELECT person_id FROM added_rows UNION SELECT person_id FROM removed_rows;
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const table of ['candidate_pool_levels', 'candidate_pool_people']) {
      for (const [op, referencing] of [
        ['INSERT', 'NEW TABLE AS added_rows'],
        ['UPDATE', 'OLD TABLE AS removed_rows NEW TABLE AS added_rows'],
        ['DELETE', 'OLD TABLE AS removed_rows'],
      ]) {
        await queryRunner.query(`
          CREATE TRIGGER "${table}_log_${op.toLowerCase()}" AFTER ${op} ON "${table}"
            REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION "candidate_pool_log_changes"()`);
      }
    }
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "candidate_pool_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('candidate_pool.rebuilding', 'on', true);
        TRUNCATE candidate_pool_levels, candidate_pool_people;
        INSERT INTO candidate_pool_people (person_id, organisation_id, visibility, candidate)
        SELECT u.id, u.organisation_id, p.visibility, 'CANDIDATE' = ANY(u.roles)
          FROM users u LEFT JOIN profiles p ON p.user_id = u.id;
        INSERT INTO candidate_pool_levels
               (person_id, competence_id, level, total_level, organisation_id, visibility, candidate)
        SELECT s.person_id, s.competence_id, s.level, sum(s.level) OVER (PARTITION BY s.person_id),
               pp.organisation_id, pp.visibility, pp.candidate
          FROM (SELECT person_id, competence_id, max(level) AS level FROM assessments
                 GROUP BY person_id, competence_id) s
          JOIN candidate_pool_people pp ON pp.person_id = s.person_id;
        PERFORM set_config('candidate_pool.rebuilding', 'off', true);
        -- Everything changed: readers load it all again.
        INSERT INTO candidate_pool_changes (person_id) VALUES (NULL);
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "candidate_pool_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE candidate_pool_levels, candidate_pool_people;
        INSERT INTO candidate_pool_people (person_id, organisation_id, visibility, candidate)
        SELECT u.id, u.organisation_id, p.visibility, 'CANDIDATE' = ANY(u.roles)
          FROM users u LEFT JOIN profiles p ON p.user_id = u.id;
        INSERT INTO candidate_pool_levels
               (person_id, competence_id, level, total_level, organisation_id, visibility, candidate)
        SELECT s.person_id, s.competence_id, s.level, sum(s.level) OVER (PARTITION BY s.person_id),
               pp.organisation_id, pp.visibility, pp.candidate
          FROM (SELECT person_id, competence_id, max(level) AS level FROM assessments
                 GROUP BY person_id, competence_id) s
          JOIN candidate_pool_people pp ON pp.person_id = s.person_id;
      END
      $$`);
    for (const table of ['candidate_pool_levels', 'candidate_pool_people']) {
      for (const op of ['insert', 'update', 'delete']) {
        await queryRunner.query(`DROP TRIGGER "${table}_log_${op}" ON "${table}"`);
      }
    }
    await queryRunner.query(`DROP FUNCTION "candidate_pool_log_changes"()`);
    await queryRunner.query(`DROP TABLE "candidate_pool_changes"`);
  }
}
