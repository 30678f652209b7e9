import { Client } from 'pg';
import { aPoolPerson, aSelfAssessment } from '../factories/candidate-pool.factory';
import { DataSource } from 'typeorm';

import { LIVE_APPLICATION_STATUSES } from '../../src/core/applications/application-workflow';
import {
  MatchingCandidatesRepository,
  PoolQuery,
} from '../../src/recommendations/matching-candidates.repository';
import { createTestDatabase, TestDatabase } from '../utils/test-database';

/**
 * matchingCandidates' pool read through the in-memory reach index (matching-candidates.reach-index.ts)
 * against the exhaustive query over the tables themselves (assessments, users, profiles,
 * processing_restrictions, applications) on random data: the same people in the same order, also
 * after changes made while the index is live (levels raised and removed, visibility, role and
 * organisation changed, restrictions started and lifted, people erased), each counted by the next
 * read that starts after it committed.
 */
describe('the candidate pool through the reach index', () => {
  let db: TestDatabase;
  let c: Client;
  let other: Client;
  let ds: DataSource;
  let repo: MatchingCandidatesRepository;
  const orgs: string[] = [];
  const competences: string[] = [];
  const people: string[] = [];
  const opportunities: string[] = [];
  let supervisor: string;
  let hr: string;

  // A seeded generator: a failure can be replayed.
  let seed = 20261204;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

  beforeAll(async () => {
    db = await createTestDatabase();
    c = new Client({ connectionString: db.url });
    other = new Client({ connectionString: db.url });
    await c.connect();
    await other.connect();
    ds = new DataSource({ type: 'postgres', url: db.url });
    await ds.initialize();
    repo = new MatchingCandidatesRepository(ds);

    const o = await c.query<{ id: string }>(
      `INSERT INTO organisations (code, name) SELECT 'IX_' || g, 'Index ' || g FROM generate_series(1, 3) g RETURNING id`,
    );
    orgs.push(...o.rows.map((r) => r.id));
    const area = await c.query<{ id: string }>(
      `INSERT INTO competence_areas (code, name, description) VALUES ('IX', 'Index', 'Index') RETURNING id`,
    );
    const comps = await c.query<{ id: string }>(
      `INSERT INTO competences (code, name, description, area_id)
       SELECT 'IX_' || g, 'Index competence ' || g, 'Index', $1 FROM generate_series(1, 8) g RETURNING id`,
      [area.rows[0].id],
    );
    competences.push(...comps.rows.map((r) => r.id));
    supervisor = await aUser(orgs[0], ['SUPERVISOR'], null);
    hr = await aUser(orgs[0], ['HR'], null);
    for (let i = 0; i < 160; i++) {
      const person = await aUser(
        pick(orgs),
        random() < 0.9 ? ['CANDIDATE'] : ['SUPERVISOR'],
        pick(['CONSORTIUM', 'CONSORTIUM', 'PRIVATE', null]),
      );
      people.push(person);
      for (const competence of competences) {
        // Few levels each, sometimes two assessments of one competence (the highest counts).
        if (random() < 0.35) await assess(person, competence, int(1, 4));
        if (random() < 0.05) await assess(person, competence, int(1, 4));
      }
    }
    for (let i = 0; i < 6; i++) {
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO opportunities (kind, title, description, status, host_organisation_id, lead_supervisor_id,
            starts_on, ends_on, capacity, application_deadline, eligible_stages, language, work_mode, details)
         VALUES ('INTERNSHIP', 'Index ' || $3, 'Index', 'OPEN', $1, $2, current_date + 60, current_date + 90, 1,
                 now() + interval '10 days', '{}', 'en', 'ON_SITE', '{}') RETURNING id`,
        [orgs[0], supervisor, i],
      );
      opportunities.push(rows[0].id);
      const required = [...competences].sort(() => random() - 0.5).slice(0, int(1, 4));
      for (const competence of required) {
        await c.query(
          `INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
           VALUES ($1, $2, $3, 1, false)`,
          [rows[0].id, competence, int(1, 4)],
        );
      }
      for (let a = 0; a < 4; a++) {
        await c.query(`INSERT INTO applications (opportunity_id, candidate_id, status) VALUES ($1, $2, $3)`, [
          rows[0].id,
          pick(people),
          pick([...LIVE_APPLICATION_STATUSES, 'WITHDRAWN']),
        ]);
      }
    }
    await restrict(people[3]);
  });
  afterAll(async () => {
    await c?.end();
    await other?.end();
    await ds?.destroy();
    await db?.drop();
  });

  function aUser(organisationId: string, roles: string[], visibility: string | null): Promise<string> {
    return aPoolPerson(c, { name: 'Index', organisationId, roles, visibility });
  }

  function assess(person: string, competence: string, level: number, client = c): Promise<unknown> {
    return aSelfAssessment(client, person, competence, level);
  }

  function restrict(person: string): Promise<unknown> {
    return c.query(
      `INSERT INTO processing_restrictions (person_id, requested_by, reason, started_at) VALUES ($1, $1, 'test', now())`,
      [person],
    );
  }

  type Viewer = Pick<PoolQuery, 'viewerId' | 'all' | 'hrOrganisationId'>;
  const viewers = (): Viewer[] => [
    { viewerId: supervisor, all: false, hrOrganisationId: null },
    { viewerId: hr, all: false, hrOrganisationId: orgs[0] },
    { viewerId: hr, all: true, hrOrganisationId: null },
  ];

  /**
   * The exhaustive order over the tables themselves: everyone findable by the viewer, not an applicant,
   * not restricted, reaching at least one requirement (the highest of their assessments per
   * competence at or above the minimum), by reach, then the total of their highest levels, then id.
   */
  async function exhaustive(opportunityId: string, v: Viewer, limit: number): Promise<string[]> {
    const { rows } = await c.query<{ id: string }>(
      `WITH best AS (
         SELECT person_id, competence_id, max(level) AS level FROM assessments GROUP BY person_id, competence_id
       ), reach AS (
         SELECT b.person_id, count(*) AS reached FROM best b
           JOIN opportunity_requirements r ON r.opportunity_id = $1 AND r.competence_id = b.competence_id
          WHERE b.level >= r.min_level GROUP BY b.person_id
       ), total AS (SELECT person_id, sum(level) AS total FROM best GROUP BY person_id)
       SELECT u.id FROM users u
         JOIN reach ON reach.person_id = u.id JOIN total ON total.person_id = u.id
         LEFT JOIN profiles p ON p.user_id = u.id
        WHERE u.id <> $2 AND 'CANDIDATE' = ANY(u.roles)
          AND ($3 OR p.visibility = 'CONSORTIUM' OR u.organisation_id = $4::uuid)
          AND NOT EXISTS (SELECT 1 FROM processing_restrictions pr WHERE pr.person_id = u.id AND pr.lifted_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.opportunity_id = $1 AND a.candidate_id = u.id
                                                      AND a.status = ANY($5::text[]))
        ORDER BY reach.reached DESC, total.total DESC, u.id
        LIMIT $6`,
      [opportunityId, v.viewerId, v.all, v.hrOrganisationId, LIVE_APPLICATION_STATUSES, limit],
    );
    return rows.map((r) => r.id);
  }

  async function applicants(opportunityId: string): Promise<string[]> {
    const { rows } = await c.query<{ id: string }>(
      `SELECT DISTINCT a.candidate_id AS id FROM applications a
        WHERE a.opportunity_id = $1 AND a.status = ANY($2::text[])
          AND NOT EXISTS (SELECT 1 FROM processing_restrictions pr WHERE pr.person_id = a.candidate_id AND pr.lifted_at IS NULL)
        ORDER BY 1`,
      [opportunityId, LIVE_APPLICATION_STATUSES],
    );
    return rows.map((r) => r.id);
  }

  /** Every opportunity, viewer and a few limits: the index's pool is the exhaustive one. */
  async function expectExact(): Promise<void> {
    for (const opportunityId of opportunities) {
      for (const v of viewers()) {
        for (const limit of [1, 7, 25, 400]) {
          const pool = await repo.findCandidatePool({ opportunityId, ...v, findableLimit: limit });
          const findable = pool.filter((m) => !m.applied).map((m) => m.userId);
          const expected = await exhaustive(opportunityId, v, limit);
          // Beyond those reaching a requirement the pool fills up by id (not compared here).
          expect({ opportunityId, v, limit, findable: findable.slice(0, expected.length) }).toEqual({
            opportunityId,
            v,
            limit,
            findable: expected,
          });
          expect(
            pool
              .filter((m) => m.applied)
              .map((m) => m.userId)
              .sort(),
          ).toEqual(await applicants(opportunityId));
        }
      }
    }
  }

  it('reads the exhaustive order on random data', async () => {
    await expectExact();
  });

  it('counts each change made while the index is live in the next read', async () => {
    for (let step = 0; step < 12; step++) {
      const person = pick(people);
      const change = step % 7;
      if (change === 0) await assess(person, pick(competences), 4);
      else if (change === 1) await c.query(`DELETE FROM assessments WHERE person_id = $1`, [person]);
      else if (change === 2) {
        await c.query(
          `INSERT INTO profiles (user_id, visibility) VALUES ($1, $2)
           ON CONFLICT (user_id) DO UPDATE SET visibility = EXCLUDED.visibility`,
          [person, pick(['CONSORTIUM', 'PRIVATE'])],
        );
      } else if (change === 3) {
        await c.query(`UPDATE users SET roles = $2, organisation_id = $3 WHERE id = $1`, [
          person,
          pick([['CANDIDATE'], ['SUPERVISOR'], ['SUPERVISOR', 'CANDIDATE']]),
          pick(orgs),
        ]);
      } else if (change === 4) await restrict(person);
      else if (change === 5) {
        await c.query(`UPDATE processing_restrictions SET lifted_at = now() WHERE lifted_at IS NULL`);
      } else {
        // Erased: the profile anonymised and PRIVATE (as ProfilesErasure does), the levels gone.
        await c.query(`UPDATE profiles SET visibility = 'PRIVATE', headline = NULL WHERE user_id = $1`, [
          person,
        ]);
        await c.query(`DELETE FROM assessments WHERE person_id = $1`, [person]);
      }
      await expectExact();
    }
  });

  it('counts a change whose transaction was open during a read once it commits', async () => {
    const person = people[20];
    await other.query('BEGIN');
    for (const competence of competences) await assess(person, competence, 4, other);
    // A read while the transaction is open does not see it, and must not skip it later.
    await expectExact();
    await other.query('COMMIT');
    await expectExact();
  });

  it('loads everything again after a rebuild of the pre-selection', async () => {
    await c.query(`SET session_replication_role = replica`);
    await assess(people[10], competences[0], 4);
    await c.query(`SET session_replication_role = DEFAULT`);
    await c.query(`SELECT candidate_pool_rebuild()`);
    await expectExact();
  });
});
