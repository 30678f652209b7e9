import { MigrationInterface, QueryRunner } from 'typeorm';

const PROFILES_FIRST = `PERFORM 1 FROM profiles WHERE user_id = ANY(persons) ORDER BY user_id FOR NO KEY UPDATE;`;

/** The trigger functions of the candidate pool that lock a person's `candidate_pool_people` row. */
function functions(lockProfiles: boolean): string[] {
  const profiles = lockProfiles ? PROFILES_FIRST : '';
  return [
    `CREATE OR REPLACE FUNCTION "candidate_pool_assessments_added"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        persons uuid[];
      BEGIN
        SELECT array_agg(DISTINCT person_id) INTO persons FROM added_assessments;
        IF persons IS NULL THEN
          RETURN NULL;
        END IF;
        ${profiles}
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
      $$`,
    `CREATE OR REPLACE FUNCTION "candidate_pool_assessments_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        persons uuid[];
        competences uuid[];
      BEGIN
        SELECT array_agg(person_id), array_agg(competence_id) INTO persons, competences
          FROM (SELECT DISTINCT person_id, competence_id FROM removed_assessments) r;
        IF persons IS NULL THEN
          RETURN NULL;
        END IF;
        ${profiles}
        PERFORM 1 FROM candidate_pool_people WHERE person_id = ANY(persons) ORDER BY person_id FOR UPDATE;
        PERFORM candidate_pool_recompute(persons, competences);
        RETURN NULL;
      END
      $$`,
    `CREATE OR REPLACE FUNCTION "candidate_pool_assessments_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
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
        ${profiles}
        PERFORM 1 FROM candidate_pool_people WHERE person_id = ANY(persons) ORDER BY person_id FOR UPDATE;
        PERFORM candidate_pool_recompute(persons, competences);
        RETURN NULL;
      END
      $$`,
    `CREATE OR REPLACE FUNCTION "candidate_pool_users_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        persons uuid[];
      BEGIN
        SELECT array_agg(n.id ORDER BY n.id) INTO persons
          FROM added_users n JOIN removed_users o ON o.id = n.id
         WHERE n.organisation_id <> o.organisation_id OR ('CANDIDATE' = ANY(n.roles)) <> ('CANDIDATE' = ANY(o.roles));
        IF persons IS NULL THEN
          RETURN NULL;
        END IF;
        ${profiles}
        PERFORM 1 FROM candidate_pool_people WHERE person_id = ANY(persons) ORDER BY person_id FOR UPDATE;
        UPDATE candidate_pool_people pp SET organisation_id = u.organisation_id, candidate = 'CANDIDATE' = ANY(u.roles)
          FROM users u WHERE u.id = pp.person_id AND pp.person_id = ANY(persons);
        UPDATE candidate_pool_levels l SET organisation_id = pp.organisation_id, candidate = pp.candidate
          FROM candidate_pool_people pp
         WHERE pp.person_id = ANY(persons) AND l.person_id = pp.person_id
           AND (l.organisation_id, l.candidate) IS DISTINCT FROM (pp.organisation_id, pp.candidate);
        RETURN NULL;
      END
      $$`,
  ];
}

/**
 * One lock order for the candidate pool's triggers: a person's profile row, then their
 * `candidate_pool_people` row. A change of visibility locks the profile row (the statement itself)
 * before its trigger locks the person's row; writes of assessments (and of a user's organisation or
 * CANDIDATE role) locked the person's row alone, so a transaction that wrote someone's assessments
 * and then their visibility deadlocked with another changing that visibility meanwhile (each waiting
 * for the row the other held; test/medium/candidate-pool.spec.ts). Those triggers now lock the
 * profile row first (FOR NO KEY UPDATE: it waits for a visibility change under way and makes one
 * wait, and leaves foreign-key checks alone), in person order, then the person's row as before.
 *
 * Left as it was: a person without a profile row locks no profile (one created meanwhile by a
 * transaction that then writes the same person's assessments can still meet one that did the
 * reverse), and two transactions that write one person's `users` and `profiles` rows in opposite
 * orders deadlock whether or not these triggers exist.
 */
export class CandidatePoolLockOrder1795922100000 implements MigrationInterface {
  name = 'CandidatePoolLockOrder1795922100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of functions(true)) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of functions(false)) await queryRunner.query(sql);
  }
}
