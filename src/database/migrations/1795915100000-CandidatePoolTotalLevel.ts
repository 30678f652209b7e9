import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The candidate pool's lists in a better order: per competence, people by the total of their
 * assessed levels (over every competence, highest first; ties by id) instead of by their level in
 * that competence. Above a requirement's minimum a higher level adds nothing to the fit score, while
 * the same order in every list lets the lists of an opportunity's requirements meet: someone strong in
 * all of them stands early in each list, so reading the first few hundred of each finds the people
 * who reach most requirements (bench: by level, the first 500 of each list held a quarter of the
 * people reaching every requirement). The level stays in the index (INCLUDE) for the minimum.
 *
 * `total_level` is kept with the levels: every change of a person's levels sets it on all their
 * rows. Adding assessments now locks the person's `candidate_pool_people` row FOR UPDATE too (the
 * total is recomputed from their rows, so two additions for one person no longer run side by side).
 */
export class CandidatePoolTotalLevel1795915100000 implements MigrationInterface {
  name = 'CandidatePoolTotalLevel1795915100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "candidate_pool_levels" ADD COLUMN "total_level" integer NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`
      CREATE FUNCTION "candidate_pool_retotal"(persons uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE candidate_pool_levels l SET total_level = t.total
          FROM (SELECT person_id, sum(level)::int AS total FROM candidate_pool_levels
                 WHERE person_id = ANY(persons) GROUP BY person_id) t
         WHERE l.person_id = t.person_id AND l.total_level <> t.total;
      END
      $$`);
    await queryRunner.query(`SELECT candidate_pool_retotal(array_agg(person_id)) FROM candidate_pool_people`);
    await queryRunner.query(`DROP INDEX "ix_candidate_pool_levels_reach"`);
    await queryRunner.query(`
      CREATE INDEX "ix_candidate_pool_levels_rank" ON "candidate_pool_levels"
        ("competence_id", "total_level" DESC, "person_id") INCLUDE ("level", "visibility", "organisation_id")
        WHERE "candidate"`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "candidate_pool_recompute"(persons uuid[], competences uuid[]) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM candidate_pool_levels l
         USING unnest(persons, competences) AS x(person_id, competence_id)
         WHERE l.person_id = x.person_id AND l.competence_id = x.competence_id
           AND NOT EXISTS (SELECT 1 FROM assessments s
                            WHERE s.person_id = x.person_id AND s.competence_id = x.competence_id);
        INSERT INTO candidate_pool_levels (person_id, competence_id, level, organisation_id, visibility, candidate)
        SELECT s.person_id, s.competence_id, max(s.level), pp.organisation_id, pp.visibility, pp.candidate
          FROM (SELECT DISTINCT * FROM unnest(persons, competences) AS x(person_id, competence_id)) x
          JOIN assessments s ON s.person_id = x.person_id AND s.competence_id = x.competence_id
          JOIN candidate_pool_people pp ON pp.person_id = x.person_id
         GROUP BY s.person_id, s.competence_id, pp.organisation_id, pp.visibility, pp.candidate
        ON CONFLICT (person_id, competence_id) DO UPDATE SET level = EXCLUDED.level
         WHERE candidate_pool_levels.level <> EXCLUDED.level;
        PERFORM candidate_pool_retotal(persons);
      END
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "candidate_pool_assessments_added"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        persons uuid[];
      BEGIN
        SELECT array_agg(DISTINCT person_id) INTO persons FROM added_assessments;
        IF persons IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM 1 FROM candidate_pool_people WHERE person_id = ANY(persons) ORDER BY person_id FOR UPDATE;
        INSERT INTO candidate_pool_levels (person_id, competence_id, level, organisation_id, visibility, candidate)
        SELECT n.person_id, n.competence_id, max(n.level), pp.organisation_id, pp.visibility, pp.candidate
          FROM added_assessments n JOIN candidate_pool_people pp ON pp.person_id = n.person_id
         GROUP BY n.person_id, n.competence_id, pp.organisation_id, pp.visibility, pp.candidate
        ON CONFLICT (person_id, competence_id) DO UPDATE
           SET level = GREATEST(candidate_pool_levels.level, EXCLUDED.level)
         WHERE candidate_pool_levels.level < EXCLUDED.level;
        PERFORM candidate_pool_retotal(persons);
        RETURN NULL;
      END
      $$`);
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
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "candidate_pool_recompute"(persons uuid[], competences uuid[]) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM candidate_pool_levels l
         USING unnest(persons, competences) AS x(person_id, competence_id)
         WHERE l.person_id = x.person_id AND l.competence_id = x.competence_id
           AND NOT EXISTS (SELECT 1 FROM assessments s
                            WHERE s.person_id = x.person_id AND s.competence_id = x.competence_id);
        INSERT INTO candidate_pool_levels (person_id, competence_id, level, organisation_id, visibility, candidate)
        SELECT s.person_id, s.competence_id, max(s.level), pp.organisation_id, pp.visibility, pp.candidate
          FROM (SELECT DISTINCT * FROM unnest(persons, competences) AS x(person_id, competence_id)) x
          JOIN assessments s ON s.person_id = x.person_id AND s.competence_id = x.competence_id
          JOIN candidate_pool_people pp ON pp.person_id = x.person_id
         GROUP BY s.person_id, s.competence_id, pp.organisation_id, pp.visibility, pp.candidate
        ON CONFLICT (person_id, competence_id) DO UPDATE SET level = EXCLUDED.level
         WHERE candidate_pool_levels.level <> EXCLUDED.level;
      END
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "candidate_pool_assessments_added"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM candidate_pool_people
         WHERE person_id IN (SELECT person_id FROM added_assessments) ORDER BY person_id FOR SHARE;
        INSERT INTO candidate_pool_levels (person_id, competence_id, level, organisation_id, visibility, candidate)
        SELECT n.person_id, n.competence_id, max(n.level), pp.organisation_id, pp.visibility, pp.candidate
          FROM added_assessments n JOIN candidate_pool_people pp ON pp.person_id = n.person_id
         GROUP BY n.person_id, n.competence_id, pp.organisation_id, pp.visibility, pp.candidate
        ON CONFLICT (person_id, competence_id) DO UPDATE
           SET level = GREATEST(candidate_pool_levels.level, EXCLUDED.level)
         WHERE candidate_pool_levels.level < EXCLUDED.level;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "candidate_pool_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE candidate_pool_levels, candidate_pool_people;
        INSERT INTO candidate_pool_people (person_id, organisation_id, visibility, candidate)
        SELECT u.id, u.organisation_id, p.visibility, 'CANDIDATE' = ANY(u.roles)
          FROM users u LEFT JOIN profiles p ON p.user_id = u.id;
        INSERT INTO candidate_pool_levels (person_id, competence_id, level, organisation_id, visibility, candidate)
        SELECT s.person_id, s.competence_id, s.level, pp.organisation_id, pp.visibility, pp.candidate
          FROM (SELECT person_id, competence_id, max(level) AS level FROM assessments
                 GROUP BY person_id, competence_id) s
          JOIN candidate_pool_people pp ON pp.person_id = s.person_id;
      END
      $$`);
    await queryRunner.query(`DROP FUNCTION "candidate_pool_retotal"(uuid[])`);
    await queryRunner.query(`DROP INDEX "ix_candidate_pool_levels_rank"`);
    await queryRunner.query(`
      CREATE INDEX "ix_candidate_pool_levels_reach" ON "candidate_pool_levels"
        ("competence_id", "level" DESC, "person_id") INCLUDE ("visibility", "organisation_id") WHERE "candidate"`);
    await queryRunner.query(`ALTER TABLE "candidate_pool_levels" DROP COLUMN "total_level"`);
  }
}
