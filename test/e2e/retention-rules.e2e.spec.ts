import { ApplicationStatus, UserRole } from '../../src/core/domain/enums';
import { RetentionJob } from '../../src/retention/retention.job';
import { RetentionService } from '../../src/retention/retention.service';
import { anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const DAY = 86_400_000;
const MINUTE = 60_000;
const RULES = '{ retentionRules { category retentionDays defaultDays effectiveDays } }';
const PREVIEW = '{ retentionPreview { category effectiveDays cutoff count } }';
const SET = `mutation($c: RetentionCategory!, $d: Int) {
  setRetentionRule(category: $c, retentionDays: $d) { category retentionDays effectiveDays }
}`;

type Counts = Record<string, number>;

/** Retention per data category: admin rules, the preview, and the job applying them at the boundaries. */
describe('retention rules', () => {
  let t: TestApp;
  let admin: string;
  let person: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    person = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
  });
  afterAll(() => t.close());

  async function set(category: string, days: number | null): Promise<void> {
    const res = await t.gql(SET, { c: category, d: days }, admin);
    expect(res.errors).toBeUndefined();
  }

  async function preview(now: Date): Promise<Counts> {
    const items = await t.app.get(RetentionService).preview(now);
    return Object.fromEntries(items.map((i) => [i.category, i.count]));
  }

  it('lists every category with its default: reads and share links have one, the rest are kept', async () => {
    const res = await t.gql<{ retentionRules: unknown[] }>(RULES, {}, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.retentionRules).toEqual([
      { category: 'DECIDED_APPLICATIONS', retentionDays: null, defaultDays: null, effectiveDays: null },
      { category: 'ROUND_RUN_DATA', retentionDays: null, defaultDays: null, effectiveDays: null },
      { category: 'NOTIFICATIONS', retentionDays: null, defaultDays: null, effectiveDays: null },
      { category: 'AUDIT_READS', retentionDays: null, defaultDays: 365, effectiveDays: 365 },
      { category: 'SHARE_LINKS', retentionDays: null, defaultDays: 30, effectiveDays: 30 },
      { category: 'INACTIVE_ACCOUNTS', retentionDays: null, defaultDays: null, effectiveDays: null },
    ]);
  });

  it('removes notifications just older than the rule, keeps those just younger; the preview said so and removed nothing', async () => {
    const now = new Date();
    await t.dataSource.query(
      `INSERT INTO notifications (user_id, type, message, created_at) VALUES
         ($1, 'TEST', 'old', $2), ($1, 'TEST', 'young', $3), ($1, 'TEST', 'ancient', $4)`,
      [
        person.user.id,
        new Date(now.getTime() - 30 * DAY - MINUTE),
        new Date(now.getTime() - 30 * DAY + MINUTE),
        new Date(now.getTime() - 900 * DAY),
      ],
    );
    // No rule: kept, whatever their age.
    expect((await preview(now)).NOTIFICATIONS).toBe(0);
    expect((await t.app.get(RetentionJob).purge(now)).notifications).toBe(0);

    await set('NOTIFICATIONS', 30);
    expect((await preview(now)).NOTIFICATIONS).toBe(2);
    expect((await preview(now)).NOTIFICATIONS).toBe(2);
    const viaApi = await t.gql<{
      retentionPreview: { category: string; count: number; effectiveDays: number }[];
    }>(PREVIEW, {}, admin);
    expect(viaApi.data!.retentionPreview.find((i) => i.category === 'NOTIFICATIONS')).toMatchObject({
      count: 2,
      effectiveDays: 30,
    });

    expect((await t.app.get(RetentionJob).purge(now)).notifications).toBe(2);
    const left: { message: string }[] = await t.dataSource.query(
      `SELECT message FROM notifications WHERE user_id = $1 AND type = 'TEST'`,
      [person.user.id],
    );
    expect(left).toEqual([{ message: 'young' }]);
    expect((await preview(now)).NOTIFICATIONS).toBe(0);
  });

  it('removes decided applications whose last change is past the rule, never live ones', async () => {
    const supervisor = await aSupervisor(t);
    const now = new Date();
    const make = async (status: ApplicationStatus, daysAgo: number) => {
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: supervisor.user.id });
      const a = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: person.user.id,
        status,
      });
      await t.dataSource.query('UPDATE applications SET updated_at = $2 WHERE id = $1', [
        a.id,
        new Date(now.getTime() - daysAgo * DAY),
      ]);
      return a.id;
    };
    const oldRejected = await make(ApplicationStatus.REJECTED, 90.01);
    const youngRejected = await make(ApplicationStatus.REJECTED, 89.99);
    const oldSubmitted = await make(ApplicationStatus.SUBMITTED, 400);
    const oldCompleted = await make(ApplicationStatus.COMPLETED, 91);
    await set('DECIDED_APPLICATIONS', 90);

    expect((await preview(now)).DECIDED_APPLICATIONS).toBe(2);
    expect((await t.app.get(RetentionJob).purge(now)).decidedApplications).toBe(2);
    const left: { id: string }[] = await t.dataSource.query(
      'SELECT id FROM applications WHERE id = ANY($1::uuid[]) ORDER BY id',
      [[oldRejected, youngRejected, oldSubmitted, oldCompleted]],
    );
    expect(left.map((r) => r.id).sort()).toEqual([youngRejected, oldSubmitted].sort());
    const history: unknown[] = await t.dataSource.query(
      'SELECT 1 FROM application_transitions WHERE application_id = $1',
      [oldRejected],
    );
    expect(history).toEqual([]);
  });

  it('clears the stored data of runs finished before the rule; the run’s record stays', async () => {
    const hr = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
    const [round] = await t.dataSource.query(
      `INSERT INTO allocation_rounds (organisation_id, name, ranking_deadline, max_choices, response_window_hours, algorithm, created_by)
       SELECT organisation_id, 'Retention round', now(), 3, 48, 'SEATS_DA', id FROM users WHERE id = $1 RETURNING id`,
      [hr.user.id],
    );
    const now = new Date();
    const run = async (finishedDaysAgo: number) => {
      const [r] = await t.dataSource.query(
        `INSERT INTO round_runs (round_id, kind, scope, status, seed, created_by, input, assignment, stats, input_hash, finished_at)
         VALUES ($1, 'DRY_RUN', 'INITIAL', 'DONE', 7, $2, '{"fitOrdered": []}', '{}', '{"candidates": 0}', 'abc', $3) RETURNING id`,
        [round.id, hr.user.id, new Date(now.getTime() - finishedDaysAgo * DAY)],
      );
      await t.dataSource.query(`INSERT INTO round_run_inputs (run_id, input_json) VALUES ($1, $2)`, [
        r.id,
        `{"choices":{"${hr.user.id}":[]}}`,
      ]);
      await t.dataSource.query(
        `INSERT INTO round_run_candidates (run_id, candidate_id, choices, own_choices, listed_by, full_choices, assigned)
         VALUES ($1, $2, '{}', '{}', '{}', '{}', true)`,
        [r.id, hr.user.id],
      );
      return r.id as string;
    };
    const old = await run(365.01);
    const young = await run(364.99);
    await set('ROUND_RUN_DATA', 365);

    expect((await preview(now)).ROUND_RUN_DATA).toBe(1);
    expect((await t.app.get(RetentionJob).purge(now)).roundRunData).toBe(1);
    const rows: {
      id: string;
      input: unknown;
      input_json: string | null;
      stats: unknown;
      input_hash: string;
      status: string;
      candidates: number;
    }[] = await t.dataSource.query(
      `SELECT id, input, (SELECT i.input_json FROM round_run_inputs i WHERE i.run_id = r.id) AS input_json, stats, input_hash, status,
                (SELECT count(*) FROM round_run_candidates c WHERE c.run_id = r.id)::int AS candidates
           FROM round_runs r WHERE round_id = $1`,
      [round.id],
    );
    expect(rows.find((r) => r.id === old)).toMatchObject({
      input: null,
      input_json: null,
      stats: null,
      input_hash: 'abc',
      status: 'DONE',
      candidates: 0,
    });
    expect(rows.find((r) => r.id === young)).toMatchObject({
      input: { fitOrdered: [] },
      input_json: `{"choices":{"${hr.user.id}":[]}}`,
      input_hash: 'abc',
      candidates: 1,
    });
    expect((await preview(now)).ROUND_RUN_DATA).toBe(0);
  });

  it('an admin rule replaces a default (audit reads), and null brings the default back', async () => {
    const hr = await aUser(t, { roles: [UserRole.HR], organisation: 'LEIDEN_UNIV' });
    const read = await t.gql(
      'query($id: ID!) { profile(userId: $id) { userId } }',
      { id: person.user.id },
      hr.token,
    );
    expect(read.errors).toBeUndefined();
    const now = new Date();
    await t.dataSource.query(`UPDATE personal_data_reads SET read_at = $2 WHERE subject_id = $1`, [
      person.user.id,
      new Date(now.getTime() - 11 * DAY),
    ]);
    expect((await preview(now)).AUDIT_READS).toBe(0);
    await set('AUDIT_READS', 10);
    expect((await preview(now)).AUDIT_READS).toBe(1);
    await set('AUDIT_READS', null);
    const rules = await t.gql<{ retentionRules: { category: string; effectiveDays: number }[] }>(
      RULES,
      {},
      admin,
    );
    expect(rules.data!.retentionRules.find((r) => r.category === 'AUDIT_READS')?.effectiveDays).toBe(365);
    expect((await preview(now)).AUDIT_READS).toBe(0);
  });

  it('erases accounts whose last sign-in is older than the rule (never signed in: since created), never admins; the preview said so', async () => {
    const now = new Date();
    const backdate = async (u: CreatedUser, createdDaysAgo: number, signedInDaysAgo: number | null) => {
      await t.dataSource.query('UPDATE users SET created_at = $2 WHERE id = $1', [
        u.user.id,
        new Date(now.getTime() - createdDaysAgo * DAY),
      ]);
      if (signedInDaysAgo === null) {
        await t.dataSource.query('DELETE FROM account_activity WHERE user_id = $1', [u.user.id]);
      } else {
        await t.dataSource.query('UPDATE account_activity SET last_signed_in_at = $2 WHERE user_id = $1', [
          u.user.id,
          new Date(now.getTime() - signedInDaysAgo * DAY),
        ]);
      }
    };
    const neverSignedIn = await aUser(t, { organisation: 'LEIDEN_UNIV' });
    const longGone = await aUser(t, { organisation: 'LUMC' });
    const active = await aUser(t, { organisation: 'LUMC' });
    const oldAdmin = await aUser(t, { roles: [UserRole.ADMIN], organisation: 'LUMC' });
    // Signing in is recorded (the factory signed each of them in through `login`).
    const [signedIn] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM account_activity WHERE user_id = ANY($1::uuid[])',
      [[neverSignedIn.user.id, longGone.user.id, active.user.id, oldAdmin.user.id]],
    );
    expect(signedIn.n).toBe(4);
    await backdate(neverSignedIn, 731, null);
    await backdate(longGone, 2000, 731);
    await backdate(active, 2000, 729);
    await backdate(oldAdmin, 2000, 1500);

    // No rule: kept (there is no default).
    expect((await preview(now)).INACTIVE_ACCOUNTS).toBe(0);
    expect((await t.app.get(RetentionJob).purge(now)).inactiveAccounts).toBe(0);
    await set('INACTIVE_ACCOUNTS', 730);
    expect((await preview(now)).INACTIVE_ACCOUNTS).toBe(2);
    expect((await t.app.get(RetentionJob).purge(now)).inactiveAccounts).toBe(2);

    const accounts: { id: string; erased: boolean; display_name: string }[] = await t.dataSource.query(
      'SELECT id, erased_at IS NOT NULL AS erased, display_name FROM users WHERE id = ANY($1::uuid[])',
      [[neverSignedIn.user.id, longGone.user.id, active.user.id, oldAdmin.user.id]],
    );
    const erased = Object.fromEntries(accounts.map((a) => [a.id, a.erased]));
    expect(erased).toEqual({
      [neverSignedIn.user.id]: true,
      [longGone.user.id]: true,
      [active.user.id]: false,
      [oldAdmin.user.id]: false,
    });
    // Through the erasure path: anonymised, signed out, recorded with the rule's admin and why.
    expect(accounts.find((a) => a.id === longGone.user.id)?.display_name).toBe('Erased person');
    const me = await t.gql('{ me { id } }', {}, longGone.token);
    expect(me.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const [adminId] = await t.dataSource.query(
      `SELECT id FROM users WHERE email = 'admin@talent-exchange.test'`,
    );
    const records: { requested_by: string; reason: string; status: string }[] = await t.dataSource.query(
      `SELECT requested_by, reason, status FROM data_subject_requests WHERE subject_id = $1 AND kind = 'ERASURE'`,
      [longGone.user.id],
    );
    expect(records).toEqual([
      {
        requested_by: adminId.id,
        reason: 'Retention: no sign-in for 730 days (rule INACTIVE_ACCOUNTS)',
        status: 'DONE',
      },
    ]);
    expect((await preview(now)).INACTIVE_ACCOUNTS).toBe(0);
    await set('INACTIVE_ACCOUNTS', null);
  });

  it('records every rule change as a privacy action', async () => {
    await set('SHARE_LINKS', 60);
    const rows: { action: string; detail: Record<string, unknown>; subject_id: string | null }[] =
      await t.dataSource.query(
        `SELECT action, detail, subject_id FROM privacy_actions WHERE action = 'RETENTION_RULE_SET' ORDER BY occurred_at DESC LIMIT 1`,
      );
    expect(rows).toEqual([
      {
        action: 'RETENTION_RULE_SET',
        detail: { category: 'SHARE_LINKS', retentionDays: 60 },
        subject_id: null,
      },
    ]);
  });

  it('refuses the rules, the preview and setting a rule to everyone but admins; bad days are BAD_USER_INPUT', async () => {
    const hr = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
    const supervisor = await aSupervisor(t);
    for (const token of [person.token, hr.token, supervisor.token]) {
      for (const [q, v] of [
        [RULES, {}],
        [PREVIEW, {}],
        [SET, { c: 'NOTIFICATIONS', d: 1 }],
      ] as const) {
        const res = await t.gql(q, v, token);
        expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
        expect(res.data).toBeNull();
      }
    }
    const anonymous = await t.gql(PREVIEW, {});
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    for (const d of [0, 36501]) {
      const bad = await t.gql(SET, { c: 'NOTIFICATIONS', d }, admin);
      expect(bad.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'retentionDays' })],
      });
    }
  });
});
