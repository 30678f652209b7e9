import { Client } from 'pg';
import { aPoolPerson, aSelfAssessment } from '../factories/candidate-pool.factory';

import { candidatePoolQuery, PoolQuery } from '../../src/recommendations/matching-candidates.repository';
import { createTestDatabase, TestDatabase } from '../utils/test-database';

/**
 * The candidate pool's pre-selection (migration CandidatePoolLevels): kept by triggers in the same
 * transaction as the writes to users, profiles and assessments, also when two transactions write the
 * same person at once; and the pool query that reads it.
 */
describe('the candidate pool pre-selection', () => {
  let db: TestDatabase;
  let c: Client;
  let other: Client;
  let orgA: string;
  let orgB: string;
  let supervisor: string;
  const competences: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    c = new Client({ connectionString: db.url });
    other = new Client({ connectionString: db.url });
    await c.connect();
    await other.connect();
    const orgs = await c.query<{ id: string }>(
      `INSERT INTO organisations (code, name) VALUES ('P_A', 'Pool A'), ('P_B', 'Pool B') RETURNING id`,
    );
    [orgA, orgB] = orgs.rows.map((r) => r.id);
    const area = await c.query<{ id: string }>(
      `INSERT INTO competence_areas (code, name, description) VALUES ('POOL', 'Pool', 'Pool') RETURNING id`,
    );
    const rows = await c.query<{ id: string }>(
      `INSERT INTO competences (code, name, description, area_id)
       SELECT 'POOL_' || g, 'Pool competence ' || g, 'Pool', $1 FROM generate_series(1, 5) g RETURNING id`,
      [area.rows[0].id],
    );
    competences.push(...rows.rows.map((r) => r.id).sort());
    supervisor = await aPerson('supervisor', orgA, ['SUPERVISOR'], null);
  });
  afterAll(async () => {
    await c?.end();
    await other?.end();
    await db?.drop();
  });

  function aPerson(
    name: string,
    organisationId: string,
    roles: string[],
    visibility: string | null,
  ): Promise<string> {
    return aPoolPerson(c, { name, organisationId, roles, visibility });
  }

  function assess(person: string, competence: string, level: number, client = c): Promise<unknown> {
    return aSelfAssessment(client, person, competence, level);
  }

  async function rowsOf(person: string): Promise<Record<string, unknown>[]> {
    const { rows } = await c.query(
      `SELECT competence_id, level, organisation_id, visibility, candidate FROM candidate_pool_levels
        WHERE person_id = $1 ORDER BY competence_id`,
      [person],
    );
    return rows;
  }

  it('keeps the highest assessed level per competence through additions, changes and removals', async () => {
    const person = await aPerson('levels', orgA, ['CANDIDATE'], 'CONSORTIUM');
    await assess(person, competences[0], 2);
    await assess(person, competences[0], 4);
    await assess(person, competences[0], 3);
    await assess(person, competences[1], 1);
    expect((await rowsOf(person)).map((r) => [r.competence_id, r.level])).toEqual([
      [competences[0], 4],
      [competences[1], 1],
    ]);

    await c.query(`DELETE FROM assessments WHERE person_id = $1 AND competence_id = $2 AND level = 4`, [
      person,
      competences[0],
    ]);
    await c.query(`UPDATE assessments SET competence_id = $3 WHERE person_id = $1 AND competence_id = $2`, [
      person,
      competences[1],
      competences[2],
    ]);
    expect((await rowsOf(person)).map((r) => [r.competence_id, r.level])).toEqual([
      [competences[0], 3],
      [competences[2], 1],
    ]);
    // Every row of the person carries the total of their levels (the lists' order).
    const totals = await c.query(
      `SELECT DISTINCT total_level FROM candidate_pool_levels WHERE person_id = $1`,
      [person],
    );
    expect(totals.rows).toEqual([{ total_level: 4 }]);

    await c.query(`DELETE FROM assessments WHERE person_id = $1`, [person]);
    expect(await rowsOf(person)).toEqual([]);
  });

  it('copies the visibility, the organisation and the candidate role when they change', async () => {
    const person = await aPerson('facts', orgA, ['CANDIDATE'], null);
    await assess(person, competences[0], 2);
    expect(await rowsOf(person)).toEqual([
      { competence_id: competences[0], level: 2, organisation_id: orgA, visibility: null, candidate: true },
    ]);
    await c.query(`INSERT INTO profiles (user_id, visibility) VALUES ($1, 'CONSORTIUM')`, [person]);
    await c.query(`UPDATE users SET organisation_id = $2, roles = '{SUPERVISOR}' WHERE id = $1`, [
      person,
      orgB,
    ]);
    expect(await rowsOf(person)).toEqual([
      {
        competence_id: competences[0],
        level: 2,
        organisation_id: orgB,
        visibility: 'CONSORTIUM',
        candidate: false,
      },
    ]);
    await c.query(`UPDATE profiles SET visibility = 'PRIVATE' WHERE user_id = $1`, [person]);
    await c.query(`UPDATE users SET roles = '{SUPERVISOR,CANDIDATE}' WHERE id = $1`, [person]);
    expect(await rowsOf(person)).toMatchObject([{ visibility: 'PRIVATE', candidate: true }]);
  });

  it('leaves no stale visibility when a profile changes while an assessment of the person is being added', async () => {
    const person = await aPerson('race', orgA, ['CANDIDATE'], 'PRIVATE');
    await other.query('BEGIN');
    await assess(person, competences[1], 3, other);
    // The visibility change waits for the transaction that added the assessment, then copies it there.
    const change = c.query(`UPDATE profiles SET visibility = 'CONSORTIUM' WHERE user_id = $1`, [person]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await other.query('COMMIT');
    await change;
    expect(await rowsOf(person)).toMatchObject([
      { competence_id: competences[1], level: 3, visibility: 'CONSORTIUM' },
    ]);
  });

  it('keeps the maximum when an assessment is removed while another is being added', async () => {
    const person = await aPerson('race-levels', orgA, ['CANDIDATE'], 'CONSORTIUM');
    await assess(person, competences[2], 4);
    await assess(person, competences[2], 1);
    await other.query('BEGIN');
    await assess(person, competences[2], 3, other);
    // The removal recomputes the maximum once the addition committed: 3, not 1.
    const removal = c.query(`DELETE FROM assessments WHERE person_id = $1 AND level = 4`, [person]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await other.query('COMMIT');
    await removal;
    expect(await rowsOf(person)).toMatchObject([{ competence_id: competences[2], level: 3 }]);
  });

  it("does not deadlock when one transaction writes a person's assessments then their visibility while another changes the visibility", async () => {
    const person = await aPerson('lock-order', orgA, ['CANDIDATE'], 'PRIVATE');
    const third = new Client({ connectionString: db.url });
    await third.connect();
    try {
      await other.query('BEGIN');
      await assess(person, competences[0], 2, other);
      await third.query('BEGIN');
      // Waits for the first transaction (the person's rows are being written there).
      const visibility = third
        .query(`UPDATE profiles SET visibility = 'CONSORTIUM' WHERE user_id = $1`, [person])
        .then(() => third.query('COMMIT'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Before: this waited for the second transaction's profile row while it waited for the person's
      // pre-selection row held here, and PostgreSQL ended one of them (deadlock detected).
      await other.query(`UPDATE profiles SET visibility = 'PRIVATE' WHERE user_id = $1`, [person]);
      await other.query('COMMIT');
      await visibility;
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await third.end();
    }
    expect(await rowsOf(person)).toMatchObject([
      { competence_id: competences[0], level: 2, visibility: 'CONSORTIUM' },
    ]);
  });

  it('does not deadlock when a role change and a visibility change of one person meet an assessment', async () => {
    const person = await aPerson('lock-order-roles', orgA, ['CANDIDATE'], 'PRIVATE');
    const third = new Client({ connectionString: db.url });
    await third.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE users SET roles = '{SUPERVISOR}' WHERE id = $1`, [person]);
      await third.query('BEGIN');
      const assessment = assess(person, competences[1], 3, third).then(() => third.query('COMMIT'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await other.query(`UPDATE profiles SET visibility = 'CONSORTIUM' WHERE user_id = $1`, [person]);
      await other.query('COMMIT');
      await assessment;
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await third.end();
    }
    expect(await rowsOf(person)).toMatchObject([
      { competence_id: competences[1], level: 3, visibility: 'CONSORTIUM', candidate: false },
    ]);
  });

  describe('the pool query', () => {
    let opportunity: string;
    const people: Record<string, string> = {};

    beforeAll(async () => {
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO opportunities (kind, title, description, status, host_organisation_id, lead_supervisor_id,
            starts_on, ends_on, capacity, application_deadline, eligible_stages, language, work_mode, details)
         VALUES ('INTERNSHIP', 'Pool', 'Pool', 'OPEN', $1, $2, current_date + 60, current_date + 90, 1,
                 now() + interval '10 days', '{}', 'en', 'ON_SITE', '{}') RETURNING id`,
        [orgA, supervisor],
      );
      opportunity = rows[0].id;
      await c.query(
        `INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
         VALUES ($1, $2, 2, 1, true), ($1, $3, 2, 1, false)`,
        [opportunity, competences[3], competences[4]],
      );
      // Four findable people of organisation B and one private one of A, with their levels in the
      // two required competences (0: unrated), which no one else here holds.
      const spec: [string, string, string, number, number][] = [
        ['both', orgB, 'CONSORTIUM', 2, 2],
        ['expert', orgB, 'CONSORTIUM', 4, 0],
        ['second', orgB, 'CONSORTIUM', 0, 3],
        ['below', orgB, 'CONSORTIUM', 1, 1],
        ['private', orgA, 'PRIVATE', 3, 3],
      ];
      for (const [name, org, visibility, first, second] of spec) {
        people[name] = await aPerson(name, org, ['CANDIDATE'], visibility);
        if (first) await assess(people[name], competences[3], first);
        if (second) await assess(people[name], competences[4], second);
      }
      // The expert and `second` are strong elsewhere too: total levels of 8 and 7, against 4 for
      // `both`, who alone reaches both requirements.
      await assess(people.expert, competences[0], 4);
      await assess(people.second, competences[1], 4);
    });

    async function pool(q: Partial<PoolQuery>): Promise<string[]> {
      const { text, params } = candidatePoolQuery({
        opportunityId: opportunity,
        viewerId: supervisor,
        all: false,
        hrOrganisationId: null,
        findableLimit: 10,
        ...q,
      });
      const { rows } = await c.query<{ user_id: string }>(text, params);
      return rows.map((r) => r.user_id).filter((id) => Object.values(people).includes(id));
    }

    const names = (ids: string[]) =>
      ids.map((id) => Object.keys(people).find((k) => people[k] === id)).sort();

    it('reads the findable people who reach a requirement, in the pool rule of the viewer', async () => {
      expect(names(await pool({}))).toEqual(['both', 'expert', 'second']);
      // HR of A finds A's private person too; admins everyone.
      expect(names(await pool({ hrOrganisationId: orgA }))).toEqual(['both', 'expert', 'private', 'second']);
      expect(names(await pool({ all: true }))).toEqual(['both', 'expert', 'private', 'second']);
    });

    it('puts those who reach the most requirements first, however weak elsewhere, then by total level', async () => {
      // `both` reaches two requirements with a total level of 4; the expert (8) and `second` (7)
      // reach one each and stand first in their requirement's list by total level.
      expect(names(await pool({ findableLimit: 1 }))).toEqual(['both']);
      expect(names(await pool({ findableLimit: 2 }))).toEqual(['both', 'expert']);
      expect(names(await pool({ findableLimit: 3 }))).toEqual(['both', 'expert', 'second']);
    });

    it('leaves out a person whose processing is restricted, even while their rows are listed', async () => {
      await c.query(
        `INSERT INTO processing_restrictions (person_id, requested_by, reason, started_at)
         VALUES ($1, $1, 'test', now())`,
        [people.expert],
      );
      expect(names(await pool({}))).toEqual(['both', 'second']);
      await c.query(`UPDATE processing_restrictions SET lifted_at = now() WHERE person_id = $1`, [
        people.expert,
      ]);
    });
  });
});
