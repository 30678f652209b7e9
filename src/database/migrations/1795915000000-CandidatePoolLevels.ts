import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The candidate pool's pre-selection for matchingCandidates (src/recommendations): per person and
 * competence the highest assessed level, with the facts the access policy's pool rule reads (the
 * person's organisation, profile visibility, whether they hold the CANDIDATE role), so that the pool
 * query reads, per required competence, only the first people who reach its level (index
 * `ix_candidate_pool_levels_reach`, index only, LIMIT per requirement) instead of every person.
 *
 * - `candidate_pool_people`: one row per user with those facts; also the row the maintenance locks.
 * - `candidate_pool_levels`: one row per person and assessed competence (max level), the facts copied.
 *
 * Kept by triggers in the same transaction as the writes that change them (users, profiles,
 * assessments), whoever writes (services, seeds, SQL by hand). It holds facts, not decisions: who is
 * in a viewer's pool stays the access policy's rule (src/access/candidate-pool-sql.ts), applied to
 * these columns to pre-select and to users/profiles again for the people chosen; a restriction of
 * processing is checked on the authoritative table only.
 *
 * Concurrent writes (read committed): a statement writing assessments first locks its people's
 * `candidate_pool_people` rows (FOR SHARE when it only adds: levels only grow by GREATEST, which
 * commutes; FOR UPDATE when it deletes or changes, since it recomputes the maximum), and a change of
 * facts updates that row first (a row lock). Each next statement of the trigger function takes a
 * fresh snapshot, so whoever waited sees what the other committed: no level and no copied fact is
 * left stale by two transactions writing the same person at once.
 */
export class CandidatePoolLevels1795915000000 implements MigrationInterface {
  name = 'CandidatePoolLevels1795915000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "candidate_pool_people" (
        "person_id" uuid NOT NULL,
        "organisation_id" uuid NOT NULL,
        "visibility" text,
        "candidate" boolean NOT NULL,
        CONSTRAINT "pk_candidate_pool_people" PRIMARY KEY ("person_id"),
        CONSTRAINT "fk_candidate_pool_people_user" FOREIGN KEY ("person_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    // No foreign keys: rows go with their assessments (a deleted user's assessments cascade, and the
    // assessments trigger removes the levels).
    await queryRunner.query(`
      CREATE TABLE "candidate_pool_levels" (
        "person_id" uuid NOT NULL,
        "competence_id" uuid NOT NULL,
        "level" smallint NOT NULL,
        "organisation_id" uuid NOT NULL,
        "visibility" text,
        "candidate" boolean NOT NULL,
        CONSTRAINT "pk_candidate_pool_levels" PRIMARY KEY ("person_id", "competence_id") INCLUDE ("level")
      )`);
    await queryRunner.query(`
      CREATE INDEX "ix_candidate_pool_levels_reach" ON "candidate_pool_levels"
        ("competence_id", "level" DESC, "person_id") INCLUDE ("visibility", "organisation_id") WHERE "candidate"`);

    // Recomputes the levels of these (person, competence) pairs from the assessments; the caller
    // holds the people's rows FOR UPDATE.
    await queryRunner.query(`
      CREATE FUNCTION "candidate_pool_recompute"(persons uuid[], competences uuid[]) RETURNS void
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
      CREATE FUNCTION "candidate_pool_assessments_added"() RETURNS trigger LANGUAGE plpgsql AS $$
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
      CREATE FUNCTION "candidate_pool_assessments_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        persons uuid[];
        competences uuid[];
      BEGIN
        SELECT array_agg(person_id), array_agg(competence_id) INTO persons, competences
          FROM (SELECT DISTINCT person_id, competence_id FROM removed_assessments) r;
        IF persons IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM 1 FROM candidate_pool_people WHERE person_id = ANY(persons) ORDER BY person_id FOR UPDATE;
        PERFORM candidate_pool_recompute(persons, competences);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION "candidate_pool_assessments_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        persons uuid[];
        competences uuid[];
      BEGIN
        SELECT array_agg(person_id), array_agg(competence_id) INTO persons, competences
          FROM (SELECT o.person_id, o.competence_id FROM removed_assessments o
                  JOIN added_assessments n ON n.id = o.id
                 WHERE (o.person_id, o.competence_id, o.level) IS DISTINCT FROM (n.person_id, n.competence_id, n.level)
                UNION
                SELECT n.person_id, n.competence_id FROM removed_assessments o
                  JOIN added_assessments n ON n.id = o.id
                 WHERE (o.person_id, o.competence_id, o.level) IS DISTINCT FROM (n.person_id, n.competence_id, n.level)) r;
        IF persons IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM 1 FROM candidate_pool_people WHERE person_id = ANY(persons) ORDER BY person_id FOR UPDATE;
        PERFORM candidate_pool_recompute(persons, competences);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "candidate_pool_on_assessments_insert" AFTER INSERT ON "assessments"
        REFERENCING NEW TABLE AS added_assessments
        FOR EACH STATEMENT EXECUTE FUNCTION "candidate_pool_assessments_added"()`);
    await queryRunner.query(`
      CREATE TRIGGER "candidate_pool_on_assessments_delete" AFTER DELETE ON "assessments"
        REFERENCING OLD TABLE AS removed_assessments
        FOR EACH STATEMENT EXECUTE FUNCTION "candidate_pool_assessments_removed"()`);
    await queryRunner.query(`
      CREATE TRIGGER "candidate_pool_on_assessments_update" AFTER UPDATE ON "assessments"
        REFERENCING OLD TABLE AS removed_assessments NEW TABLE AS added_assessments
        FOR EACH STATEMENT EXECUTE FUNCTION "candidate_pool_assessments_changed"()`);

    // The facts: a user's organisation and roles, their profile's visibility.
    await queryRunner.query(`
      CREATE FUNCTION "candidate_pool_users_added"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO candidate_pool_people (person_id, organisation_id, visibility, candidate)
        SELECT u.id, u.organisation_id, NULL, 'CANDIDATE' = ANY(u.roles) FROM added_users u
        ON CONFLICT (person_id) DO NOTHING;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION "candidate_pool_users_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        persons uuid[];
      BEGIN
        SELECT array_agg(n.id ORDER BY n.id) INTO persons
          FROM added_users n JOIN removed_users o ON o.id = n.id
         WHERE n.organisation_id <> o.organisation_id OR ('CANDIDATE' = ANY(n.roles)) <> ('CANDIDATE' = ANY(o.roles));
        IF persons IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM 1 FROM candidate_pool_people WHERE person_id = ANY(persons) ORDER BY person_id FOR UPDATE;
        UPDATE candidate_pool_people pp SET organisation_id = u.organisation_id, candidate = 'CANDIDATE' = ANY(u.roles)
          FROM users u WHERE u.id = pp.person_id AND pp.person_id = ANY(persons);
        UPDATE candidate_pool_levels l SET organisation_id = pp.organisation_id, candidate = pp.candidate
          FROM candidate_pool_people pp
         WHERE pp.person_id = ANY(persons) AND l.person_id = pp.person_id
           AND (l.organisation_id, l.candidate) IS DISTINCT FROM (pp.organisation_id, pp.candidate);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION "candidate_pool_profiles_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        persons uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(user_id ORDER BY user_id) INTO persons FROM added_profiles;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(user_id ORDER BY user_id) INTO persons FROM removed_profiles;
        ELSE
          SELECT array_agg(n.user_id ORDER BY n.user_id) INTO persons
            FROM added_profiles n JOIN removed_profiles o ON o.user_id = n.user_id
           WHERE n.visibility IS DISTINCT FROM o.visibility;
        END IF;
        IF persons IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM 1 FROM candidate_pool_people WHERE person_id = ANY(persons) ORDER BY person_id FOR UPDATE;
        UPDATE candidate_pool_people pp
           SET visibility = (SELECT p.visibility FROM profiles p WHERE p.user_id = pp.person_id)
         WHERE pp.person_id = ANY(persons);
        UPDATE candidate_pool_levels l SET visibility = pp.visibility
          FROM candidate_pool_people pp
         WHERE pp.person_id = ANY(persons) AND l.person_id = pp.person_id
           AND l.visibility IS DISTINCT FROM pp.visibility;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "candidate_pool_on_users_insert" AFTER INSERT ON "users"
        REFERENCING NEW TABLE AS added_users FOR EACH STATEMENT EXECUTE FUNCTION "candidate_pool_users_added"()`);
    await queryRunner.query(`
      CREATE TRIGGER "candidate_pool_on_users_update" AFTER UPDATE ON "users"
        REFERENCING OLD TABLE AS removed_users NEW TABLE AS added_users
        FOR EACH STATEMENT EXECUTE FUNCTION "candidate_pool_users_changed"()`);
    for (const [op, referencing] of [
      ['INSERT', 'NEW TABLE AS added_profiles'],
      ['UPDATE', 'OLD TABLE AS removed_profiles NEW TABLE AS added_profiles'],
      ['DELETE', 'OLD TABLE AS removed_profiles'],
    ]) {
      await queryRunner.query(`
        CREATE TRIGGER "candidate_pool_on_profiles_${op.toLowerCase()}" AFTER ${op} ON "profiles"
          REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION "candidate_pool_profiles_changed"()`);
    }

    // Fills both tables from scratch (here, and after a bulk load that ran without triggers).
    await queryRunner.query(`
      CREATE FUNCTION "candidate_pool_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`SELECT candidate_pool_rebuild()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER "candidate_pool_on_profiles_${op}" ON "profiles"`);
    }
    await queryRunner.query(`DROP TRIGGER "candidate_pool_on_users_update" ON "users"`);
    await queryRunner.query(`DROP TRIGGER "candidate_pool_on_users_insert" ON "users"`);
    await queryRunner.query(`DROP TRIGGER "candidate_pool_on_assessments_update" ON "assessments"`);
    await queryRunner.query(`DROP TRIGGER "candidate_pool_on_assessments_delete" ON "assessments"`);
    await queryRunner.query(`DROP TRIGGER "candidate_pool_on_assessments_insert" ON "assessments"`);
    for (const fn of [
      'candidate_pool_rebuild',
      'candidate_pool_profiles_changed',
      'candidate_pool_users_changed',
      'candidate_pool_users_added',
      'candidate_pool_assessments_changed',
      'candidate_pool_assessments_removed',
      'candidate_pool_assessments_added',
    ]) {
      await queryRunner.query(`DROP FUNCTION "${fn}"()`);
    }
    await queryRunner.query(`DROP FUNCTION "candidate_pool_recompute"(uuid[], uuid[])`);
    await queryRunner.query(`DROP TABLE "candidate_pool_levels"`);
    await queryRunner.query(`DROP TABLE "candidate_pool_people"`);
  }
}
