import { DataSource } from 'typeorm';
import { ApplicationStatus, CareerStage, OpportunityKind } from '../../src/core/domain/enums';
import { seedDemoData } from '../../src/database/seeds/demo.seed';
import { createTestApp, TestApp } from '../utils/test-app';

const TABLES = [
  'organisations',
  'departments',
  'users',
  'profiles',
  'assessments',
  'competences',
  'opportunities',
  'opportunity_requirements',
  'co_supervisions',
  'applications',
  'application_transitions',
  'applicant_rankings',
  'notifications',
];

async function counts(ds: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = n;
  }
  return out;
}

async function rows<T>(ds: DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
  return ds.query(sql, params);
}

/** What a start produces, without ids or timestamps: compared across two seeded databases. */
async function fingerprint(ds: DataSource): Promise<string[]> {
  const people = await rows<{ line: string }>(
    ds,
    `SELECT u.email || ' ' || u.display_name || ' ' || coalesce(p.career_stage, '-') || ' ' ||
            coalesce(p.headline, '-') || ' ' || (SELECT count(*) FROM assessments a WHERE a.person_id = u.id) AS line
       FROM users u LEFT JOIN profiles p ON p.user_id = u.id ORDER BY u.email`,
  );
  const applications = await rows<{ line: string }>(
    ds,
    `SELECT u.email || ' ' || o.title || ' ' || a.status AS line
       FROM applications a JOIN users u ON u.id = a.candidate_id JOIN opportunities o ON o.id = a.opportunity_id
      ORDER BY 1`,
  );
  return [...people, ...applications].map((r) => r.line);
}

describe('demo seed: a living consortium on first start', () => {
  let t: TestApp;
  let seedMs = 0;
  let seeded = false;

  beforeAll(async () => {
    // The same call createTestApp({ seed: true }) makes, timed.
    t = await createTestApp();
    const started = performance.now();
    seeded = await seedDemoData(t.dataSource);
    seedMs = performance.now() - started;
    console.log(`demo seed took ${Math.round(seedMs)} ms`);
  }, 60000);
  afterAll(() => t.close());

  it('loads the demo data into an empty database well within ten seconds', () => {
    expect(seeded).toBe(true);
    expect(seedMs).toBeLessThan(10000);
  });

  it('has at least 140 fictional people with profiles across the three organisations', async () => {
    const [{ n }] = await rows<{ n: number }>(
      t.dataSource,
      `SELECT count(*)::int AS n FROM users u JOIN profiles p ON p.user_id = u.id
        WHERE u.email NOT IN ('candidate@lumc.test', 'candidate@leiden.test', 'candidate@janssen.test',
                              'supervisor@lumc.test', 'supervisor@leiden.test', 'supervisor@janssen.test')`,
    );
    expect(n).toBeGreaterThanOrEqual(140);
    const perOrg = await rows<{ code: string; n: number }>(
      t.dataSource,
      `SELECT o.code, count(*)::int AS n FROM users u JOIN organisations o ON o.id = u.organisation_id
        GROUP BY o.code ORDER BY o.code`,
    );
    for (const { n: people } of perOrg) expect(people).toBeGreaterThanOrEqual(30);
    expect(perOrg.map((r) => r.code)).toEqual(['JANSSEN', 'LEIDEN_UNIV', 'LUMC']);
  });

  it('gives every person a unique firstname.lastname e-mail at their organisation', async () => {
    const bad = await rows<{ email: string }>(
      t.dataSource,
      `SELECT u.email FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.email !~ '^[a-z]+\\.[a-z]+@(lumc|leiden|janssen)\\.test$'
          AND u.email !~ '^(candidate|supervisor|hr|admin)@'`,
    );
    expect(bad).toEqual([]);
    const mismatched = await rows<{ email: string }>(
      t.dataSource,
      `SELECT u.email FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE split_part(u.email, '@', 2) <> CASE o.code WHEN 'LUMC' THEN 'lumc.test'
              WHEN 'LEIDEN_UNIV' THEN 'leiden.test' ELSE 'janssen.test' END
          AND u.email <> 'admin@talent-exchange.test'`,
    );
    expect(mismatched).toEqual([]);
  });

  it('covers every career stage, with research levels that fit the stage', async () => {
    const stages = await rows<{ career_stage: CareerStage }>(
      t.dataSource,
      'SELECT DISTINCT career_stage FROM profiles WHERE career_stage IS NOT NULL ORDER BY 1',
    );
    expect(stages.map((s) => s.career_stage).sort()).toEqual(Object.values(CareerStage).sort());
    const misfits = await rows<{ career_stage: string; research_level: string | null }>(
      t.dataSource,
      `SELECT career_stage, research_level FROM profiles
        WHERE (career_stage IN ('MASTER_STUDENT', 'PHD_CANDIDATE') AND research_level <> 'R1')
           OR (career_stage = 'BACHELOR_STUDENT' AND research_level IS NOT NULL)
           OR (career_stage = 'RESEARCHER' AND research_level NOT IN ('R3', 'R4'))`,
    );
    expect(misfits).toEqual([]);
    const [janssen] = await rows<{ industry: number; total: number }>(
      t.dataSource,
      `SELECT count(*) FILTER (WHERE p.career_stage = 'INDUSTRY_SCIENTIST')::int AS industry, count(*)::int AS total
         FROM profiles p JOIN users u ON u.id = p.user_id JOIN organisations o ON o.id = u.organisation_id
        WHERE o.code = 'JANSSEN'`,
    );
    expect(janssen.industry / janssen.total).toBeGreaterThan(0.6);
  });

  it('has about twenty supervisors with a load cap of 2 to 6, some of them also candidates', async () => {
    const [s] = await rows<{ supervisors: number; both: number; bad_capacity: number }>(
      t.dataSource,
      `SELECT count(*)::int AS supervisors,
              count(*) FILTER (WHERE 'CANDIDATE' = ANY(u.roles))::int AS both,
              count(*) FILTER (WHERE p.supervision_capacity NOT BETWEEN 2 AND 6)::int AS bad_capacity
         FROM users u JOIN profiles p ON p.user_id = u.id WHERE 'SUPERVISOR' = ANY(u.roles)`,
    );
    expect(s.supervisors).toBeGreaterThanOrEqual(20);
    expect(s.both).toBeGreaterThanOrEqual(3);
    expect(s.bad_capacity).toBe(0);
  });

  it('makes about 40% of profiles findable in the consortium and gives each 3 to 10+ assessments', async () => {
    const [v] = await rows<{ share: number }>(
      t.dataSource,
      `SELECT avg(CASE WHEN visibility = 'CONSORTIUM' THEN 1 ELSE 0 END)::float AS share FROM profiles`,
    );
    expect(v.share).toBeGreaterThan(0.3);
    expect(v.share).toBeLessThan(0.55);
    const [a] = await rows<{ fewest: number; sources: string[] }>(
      t.dataSource,
      `SELECT min(n)::int AS fewest, (SELECT array_agg(DISTINCT source ORDER BY source) FROM assessments) AS sources
         FROM (SELECT count(a.id) AS n FROM profiles p LEFT JOIN assessments a ON a.person_id = p.user_id
                GROUP BY p.user_id) x`,
    );
    expect(a.fewest).toBeGreaterThanOrEqual(3);
    expect(a.sources).toEqual(['EVIDENCE', 'SELF', 'SUPERVISOR']);
  });

  it('has at least 35 opportunities of all four kinds in at least five statuses', async () => {
    const kinds = await rows<{ kind: string }>(t.dataSource, 'SELECT DISTINCT kind FROM opportunities');
    const statuses = await rows<{ status: string }>(
      t.dataSource,
      'SELECT DISTINCT status FROM opportunities',
    );
    const [{ n }] = await rows<{ n: number }>(t.dataSource, 'SELECT count(*)::int AS n FROM opportunities');
    expect(n).toBeGreaterThanOrEqual(35);
    expect(kinds.map((k) => k.kind).sort()).toEqual(Object.values(OpportunityKind).sort());
    expect(statuses.length).toBeGreaterThanOrEqual(5);
  });

  it('has applications in all nine states', async () => {
    const states = await rows<{ status: string; n: number }>(
      t.dataSource,
      'SELECT status, count(*)::int AS n FROM applications GROUP BY status',
    );
    expect(states.map((s) => s.status).sort()).toEqual(Object.values(ApplicationStatus).sort());
  });

  it('never has more accepted or completed placements than seats, and seats_taken counts them', async () => {
    const off = await rows<{ id: string }>(
      t.dataSource,
      `SELECT o.id FROM opportunities o
         LEFT JOIN applications a ON a.opportunity_id = o.id AND a.status IN ('ACCEPTED', 'COMPLETED')
        GROUP BY o.id HAVING count(a.id) > max(o.capacity) OR count(a.id) <> max(o.seats_taken)`,
    );
    expect(off).toEqual([]);
    const overOffered = await rows<{ id: string }>(
      t.dataSource,
      `SELECT o.id FROM opportunities o JOIN applications a ON a.opportunity_id = o.id
        WHERE a.status IN ('OFFERED', 'ACCEPTED', 'COMPLETED')
        GROUP BY o.id HAVING count(*) > max(o.capacity)`,
    );
    expect(overOffered).toEqual([]);
  });

  it('keeps every supervisor within their load cap over co-supervised projects that hold load', async () => {
    const over = await rows<{ id: string; load: number; cap: number }>(
      t.dataSource,
      `SELECT u.id, sum(o.capacity)::int AS load, coalesce(max(p.supervision_capacity), 4) AS cap
         FROM users u
         JOIN opportunities o ON o.kind = 'CO_SUPERVISED_PROJECT' AND o.status IN ('OPEN', 'CLOSED', 'ALLOCATED')
          AND (o.lead_supervisor_id = u.id OR EXISTS (SELECT 1 FROM co_supervisions c
                WHERE c.opportunity_id = o.id AND c.co_supervisor_id = u.id AND c.status = 'ACCEPTED'))
         LEFT JOIN profiles p ON p.user_id = u.id
        GROUP BY u.id HAVING sum(o.capacity) > coalesce(max(p.supervision_capacity), 4)`,
    );
    expect(over).toEqual([]);
  });

  it('keeps every candidate within five live applications and one live application per opportunity', async () => {
    const [{ most }] = await rows<{ most: number }>(
      t.dataSource,
      `SELECT coalesce(max(n), 0)::int AS most FROM (SELECT count(*) AS n FROM applications
        WHERE status IN ('SUBMITTED', 'SHORTLISTED', 'OFFERED', 'ACCEPTED') GROUP BY candidate_id) x`,
    );
    expect(most).toBeLessThanOrEqual(5);
  });

  it('only has applications an applicant could have made: open-or-later opportunity, eligible stage, not their own', async () => {
    const bad = await rows<{ id: string }>(
      t.dataSource,
      `SELECT a.id FROM applications a JOIN opportunities o ON o.id = a.opportunity_id
         JOIN users u ON u.id = a.candidate_id JOIN profiles p ON p.user_id = u.id
        WHERE o.status NOT IN ('OPEN', 'CLOSED', 'ALLOCATED', 'COMPLETED')
           OR NOT ('CANDIDATE' = ANY(u.roles))
           OR (cardinality(o.eligible_stages) > 0 AND NOT (p.career_stage = ANY(o.eligible_stages)))
           OR o.lead_supervisor_id = a.candidate_id
           OR a.created_at > o.application_deadline`,
    );
    expect(bad).toEqual([]);
  });

  it('meets every essential requirement of the opportunities applied to, as the API demands', async () => {
    const unmet = await rows<{ id: string }>(
      t.dataSource,
      `SELECT a.id FROM applications a
         JOIN opportunity_requirements r ON r.opportunity_id = a.opportunity_id AND r.essential
        WHERE NOT EXISTS (SELECT 1 FROM assessments s
                           WHERE s.person_id = a.candidate_id AND s.competence_id = r.competence_id
                             AND s.assessed_at <= a.created_at AND s.level >= r.min_level)`,
    );
    expect(unmet).toEqual([]);
  });

  it('records each application’s full history, from null to SUBMITTED and on to its current status', async () => {
    const apps = await rows<{ id: string; status: string; response_deadline: Date | null }>(
      t.dataSource,
      'SELECT id, status, response_deadline FROM applications',
    );
    const transitions = await rows<{
      application_id: string;
      from_status: string | null;
      to_status: string;
      actor_id: string | null;
      reason: string | null;
    }>(
      t.dataSource,
      'SELECT application_id, from_status, to_status, actor_id, reason FROM application_transitions ORDER BY application_id, at, id',
    );
    const history = new Map<string, typeof transitions>();
    for (const tr of transitions)
      history.set(tr.application_id, [...(history.get(tr.application_id) ?? []), tr]);
    const now = Date.now();
    for (const app of apps) {
      const h = history.get(app.id) ?? [];
      expect(h[0]).toMatchObject({ from_status: null, to_status: 'SUBMITTED' });
      expect(h[0].actor_id).not.toBeNull();
      h.slice(1).forEach((tr, i) => expect(tr.from_status).toBe(h[i].to_status));
      expect(h[h.length - 1].to_status).toBe(app.status);
      for (const tr of h) {
        if (tr.to_status === 'REJECTED' || tr.to_status === 'DECLINED') expect(tr.reason).toBeTruthy();
      }
      if (app.status === 'OFFERED') expect(new Date(app.response_deadline!).getTime()).toBeGreaterThan(now);
      if (app.status === 'EXPIRED') expect(new Date(app.response_deadline!).getTime()).toBeLessThan(now);
    }
  });

  it('gives each demo candidate applications in several states and notifications, and demo supervisors applicants', async () => {
    const perCandidate = await rows<{ email: string; states: string[] }>(
      t.dataSource,
      `SELECT u.email, array_agg(DISTINCT a.status) AS states FROM applications a JOIN users u ON u.id = a.candidate_id
        WHERE u.email LIKE 'candidate@%' GROUP BY u.email ORDER BY u.email`,
    );
    expect(perCandidate.map((c) => c.email)).toEqual([
      'candidate@janssen.test',
      'candidate@leiden.test',
      'candidate@lumc.test',
    ]);
    for (const c of perCandidate) expect(c.states.length).toBeGreaterThanOrEqual(3);
    const notified = await rows<{ email: string }>(
      t.dataSource,
      `SELECT DISTINCT u.email FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email LIKE 'candidate@%'`,
    );
    expect(notified).toHaveLength(3);
    const hosts = await rows<{ email: string }>(
      t.dataSource,
      `SELECT DISTINCT u.email FROM opportunities o JOIN users u ON u.id = o.lead_supervisor_id
         JOIN applications a ON a.opportunity_id = o.id WHERE u.email LIKE 'supervisor@%'`,
    );
    expect(hosts.length).toBeGreaterThanOrEqual(2);
    const [{ ranked }] = await rows<{ ranked: number }>(
      t.dataSource,
      'SELECT count(DISTINCT opportunity_id)::int AS ranked FROM applicant_rankings',
    );
    expect(ranked).toBeGreaterThanOrEqual(1);
  });

  it('gives every demo candidate 2 or 3 target roles and many seeded candidates some, so talent profiles and readiness analytics have data', async () => {
    const demo = await rows<{ email: string; targets: number }>(
      t.dataSource,
      `SELECT u.email, count(*)::int AS targets FROM person_target_roles p JOIN users u ON u.id = p.person_id
        WHERE u.email LIKE 'candidate@%' GROUP BY u.email ORDER BY u.email`,
    );
    expect(demo).toHaveLength(3);
    for (const d of demo) expect([2, 3]).toContain(d.targets);
    const [{ people }] = await rows<{ people: number }>(
      t.dataSource,
      'SELECT count(DISTINCT person_id)::int AS people FROM person_target_roles',
    );
    expect(people).toBeGreaterThanOrEqual(30);

    const token = await t.login('candidate@lumc.test');
    const profile = await t.gql<{ talentProfile: { targetRoles: { gapAnalysis: { items: unknown[] } }[] } }>(
      '{ talentProfile { targetRoles { gapAnalysis { items { competenceId } } } } }',
      {},
      token,
    );
    expect(profile.errors).toBeUndefined();
    expect(profile.data!.talentProfile.targetRoles.length).toBeGreaterThanOrEqual(2);
  });

  it('lets a demo candidate and a seeded person sign in with the demo password', async () => {
    const token = await t.login('candidate@lumc.test');
    const me = await t.gql<{ me: { email: string; organisation: { code: string } } }>(
      '{ me { email organisation { code } } }',
      {},
      token,
    );
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toEqual({ email: 'candidate@lumc.test', organisation: { code: 'LUMC' } });

    const [person] = await rows<{ email: string }>(
      t.dataSource,
      `SELECT email FROM users WHERE email LIKE '%.%@janssen.test' ORDER BY email LIMIT 1`,
    );
    const other = await t.gql<{ me: { email: string } }>('{ me { email } }', {}, await t.login(person.email));
    expect(other.data?.me.email).toBe(person.email);
  });

  it('changes nothing when seeding again', async () => {
    const before = await counts(t.dataSource);
    const fp = await fingerprint(t.dataSource);
    await expect(seedDemoData(t.dataSource)).resolves.toBe(false);
    expect(await counts(t.dataSource)).toEqual(before);
    expect(await fingerprint(t.dataSource)).toEqual(fp);
  });

  it('produces the same people and applications on another fresh database', async () => {
    const other = await createTestApp({ seed: true, population: true });
    try {
      expect(await fingerprint(other.dataSource)).toEqual(await fingerprint(t.dataSource));
    } finally {
      await other.close();
    }
  }, 60000);

  // Last: it changes the data.
  it('lets the demo candidate follow, and accept, their offer through the API; the host sees the applicants', async () => {
    const token = await t.login('candidate@lumc.test');
    const mine = await t.gql<{
      myApplications: {
        id: string;
        status: string;
        opportunityId: string;
        history: { from: string | null; to: string }[];
      }[];
      notifications: { type: string; message: string }[];
    }>(
      `{ myApplications(first: 20) { id status opportunityId history { from to } }
         notifications(first: 50) { type message } }`,
      {},
      token,
    );
    expect(mine.errors).toBeUndefined();
    const apps = mine.data!.myApplications;
    expect(new Set(apps.map((a) => a.status)).size).toBeGreaterThanOrEqual(3);
    for (const a of apps) expect(a.history[a.history.length - 1].to).toBe(a.status);
    expect(mine.data!.notifications.length).toBeGreaterThan(0);

    const offer = apps.find((a) => a.status === 'OFFERED');
    expect(offer).toBeDefined();
    const [{ seats_taken: before }] = await rows<{ seats_taken: number }>(
      t.dataSource,
      'SELECT seats_taken FROM opportunities WHERE id = $1',
      [offer!.opportunityId],
    );
    const accepted = await t.gql<{ acceptOffer: { status: string } }>(
      'mutation($id: ID!) { acceptOffer(id: $id) { status } }',
      { id: offer!.id },
      token,
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.acceptOffer.status).toBe('ACCEPTED');
    const [{ seats_taken: after }] = await rows<{ seats_taken: number }>(
      t.dataSource,
      'SELECT seats_taken FROM opportunities WHERE id = $1',
      [offer!.opportunityId],
    );
    expect(after).toBe(before + 1);

    const [hosted] = await rows<{ id: string; email: string; n: number }>(
      t.dataSource,
      `SELECT o.id, u.email, count(a.id)::int AS n FROM opportunities o JOIN users u ON u.id = o.lead_supervisor_id
         JOIN applications a ON a.opportunity_id = o.id WHERE u.email LIKE 'supervisor@%'
        GROUP BY o.id, u.email ORDER BY n DESC, o.title LIMIT 1`,
    );
    const seen = await t.gql<{
      applicationsForOpportunity: { status: string; applicant: { displayName: string } }[];
    }>(
      'query($o: ID!) { applicationsForOpportunity(opportunityId: $o, first: 50) { status applicant { displayName } } }',
      { o: hosted.id },
      await t.login(hosted.email),
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.applicationsForOpportunity).toHaveLength(hosted.n);
  });
});
