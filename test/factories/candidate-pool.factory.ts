import { Client } from 'pg';

let n = 0;

/**
 * A person written straight into `users` (and `profiles` when `visibility` is given), for the medium
 * tests of the candidate pool that build their data in SQL; returns the id.
 */
export async function aPoolPerson(
  c: Client,
  p: { name: string; organisationId: string; roles: string[]; visibility: string | null },
): Promise<string> {
  n += 1;
  const { rows } = await c.query<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash, organisation_id, roles)
     VALUES ($1, $2, 'x', $3, $4) RETURNING id`,
    [`pool-${n}@pool.test`, `${p.name} ${n}`, p.organisationId, p.roles],
  );
  if (p.visibility) {
    await c.query(`INSERT INTO profiles (user_id, visibility) VALUES ($1, $2)`, [rows[0].id, p.visibility]);
  }
  return rows[0].id;
}

/** A self-assessment of `person` in `competence` at `level`. */
export function aSelfAssessment(
  c: Client,
  person: string,
  competence: string,
  level: number,
): Promise<unknown> {
  return c.query(
    `INSERT INTO assessments (person_id, competence_id, level, source) VALUES ($1, $2, $3, 'SELF')`,
    [person, competence, level],
  );
}
