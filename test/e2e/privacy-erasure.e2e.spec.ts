import request from 'supertest';
import { DataSource } from 'typeorm';
import { UserRole } from '../../src/core/domain/enums';
import { canonicalJson, RoundRunInput } from '../../src/core/rounds/round-allocation';
import { splitRunInput } from '../../src/core/rounds/round-input-parts';
import { storeRunInput, storeSessionOf } from '../../src/rounds/round-run-inputs';
import { RoundsRepository } from '../../src/rounds/rounds.repository';
import { FACTORY_PASSWORD, aUser } from '../factories/users.factory';
import { aPersonWithHistory } from '../factories/privacy-rights.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const ERASE = `mutation($id: ID!, $reason: String!) {
  erasePerson(userId: $id, reason: $reason) { requestId subjectId erasedAt kept { what why until } }
}`;
const REQUEST =
  'mutation($reason: String) { requestErasure(reason: $reason) { id subjectId status reason } }';
const CONFIRM = `mutation($id: ID!) { confirmErasure(requestId: $id) { requestId subjectId kept { what until } } }`;
const OPEN_REQUESTS = '{ erasureRequests { id subjectId status } }';
const MINE =
  '{ myDataSubjectRequests { id kind status byYou reason requestedAt decidedAt kept { what why until } } }';

/** Every row of every table of the database, as JSON text (JSONB included): a data-only dump. */
async function dumpAll(ds: DataSource): Promise<string> {
  const tables: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  expect(tables.length).toBeGreaterThan(20);
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows: { j: string }[] = await ds.query(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
    parts.push(...rows.map((r) => `${table_name}: ${r.j}`));
  }
  return parts.join('\n');
}

/** Erasure: the person anonymised, the rest of the database keeping its counts. */
describe('erasure', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    const me = await t.gql<{ me: { id: string } }>('{ me { id } }', {}, admin);
    adminId = me.data!.me.id;
  });
  afterAll(() => t.close());

  it('leaves none of the person’s strings in any table, ends their sign-in, and the opportunity still counts the application', async () => {
    const h = await aPersonWithHistory(t);
    // A browser session too, to see it end.
    const agent = request.agent(t.app.getHttpServer());
    const signIn = await agent
      .post('/auth/sign-in')
      .set('content-type', 'application/json')
      .send({ email: h.person.user.email, password: FACTORY_PASSWORD });
    expect(signIn.status).toBe(200);
    // The person's id in a stored round run (JSONB), as a run's input and result hold it.
    const round = await t.dataSource.query(
      `INSERT INTO allocation_rounds (organisation_id, name, ranking_deadline, max_choices, response_window_hours, algorithm, created_by)
       SELECT organisation_id, 'Erasure round', now(), 3, 48, 'SEATS_DA', $1 FROM users WHERE id = $1 RETURNING id`,
      [h.hr.user.id],
    );
    const other = '11111111-1111-4111-8111-111111111111';
    const input = {
      problem: 'HR',
      choices: { [h.person.user.id]: [h.opportunityId], [other]: [h.opportunityId] },
      instance: {
        residents: { [h.person.user.id]: [h.opportunityId], [other]: [h.opportunityId] },
        hospitals: { [h.opportunityId]: [other, h.person.user.id] },
        capacities: { [h.opportunityId]: 1 },
      },
      // HR's reason for a pre-assignment travels with the run's input (format version 2).
      pre_assignments: [
        {
          candidate: h.person.user.id,
          opportunity: h.opportunityId,
          reason: 'Her thesis needs this lab',
        },
      ],
      // HR's reason for letting her apply although not eligible, recorded by the run.
      overrides: [
        {
          kind: 'ELIGIBLE',
          candidate: h.person.user.id,
          opportunity: h.opportunityId,
          reason: 'Her bridging programme is done',
        },
        {
          kind: 'ELIGIBLE',
          candidate: other,
          opportunity: h.opportunityId,
          reason: 'Language test waived',
        },
      ],
    } as unknown as RoundRunInput;
    const assignment = { [h.person.user.id]: h.opportunityId, [other]: null };
    const [stored] = await t.dataSource.query(
      `INSERT INTO round_runs (round_id, kind, scope, status, seed, created_by, assignment, stats)
       VALUES ($1, 'DRY_RUN', 'INITIAL', 'DONE', 7, $2, $3, $4) RETURNING id`,
      [
        round[0].id,
        h.hr.user.id,
        JSON.stringify(assignment),
        JSON.stringify({ candidates: 2, candidatesMatched: 1, choiceRankCounts: [1], unmatched: [other] }),
      ],
    );
    // Stored as a run stores its input: the document's text without the candidates' lists, its
    // rest and a row per candidate (which hold the lists).
    const parts = splitRunInput(input);
    await t.dataSource.query(`UPDATE round_runs SET input = $2 WHERE id = $1`, [
      stored.id,
      JSON.stringify(parts.rest),
    ]);
    await storeRunInput(
      storeSessionOf(t.dataSource.manager),
      stored.id,
      {
        json: canonicalJson({ ...input, choices: {}, instance: { ...input.instance, residents: {} } }),
        listsApart: true,
        candidates: parts.candidates,
      },
      assignment,
    );
    // Their profile is findable: a live FINDABLE_PROFILE consent; its entry and the contest's in the privacy actions.
    const [consented] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM consents WHERE person_id = $1 AND withdrawn_at IS NULL)::int AS live,
              (SELECT count(*) FROM privacy_actions WHERE subject_id = $1)::int AS actions`,
      [h.person.user.id],
    );
    expect(consented).toEqual({ live: 1, actions: 2 });
    const before = await dumpAll(t.dataSource);
    for (const s of h.identifying) expect(before).toContain(s);

    const res = await t.gql<{
      erasePerson: { subjectId: string; kept: { what: string; why: string; until: string | null }[] };
    }>(ERASE, { id: h.person.user.id, reason: 'Request by e-mail, ticket 4711' }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.erasePerson.subjectId).toBe(h.person.user.id);
    expect(res.data!.erasePerson.kept).toEqual([
      expect.objectContaining({ what: expect.stringContaining('record of this erasure'), until: null }),
    ]);

    const after = await dumpAll(t.dataSource);
    for (const s of h.identifying) expect(after).not.toContain(s);
    // The run keeps its counts and ranks, under a pseudonym.
    const [run] = await t.dataSource.query(
      `SELECT input, (SELECT i.input_json FROM round_run_inputs i WHERE i.run_id = r.id) AS input_json, assignment, stats,
              ARRAY(SELECT c.candidate_id::text FROM round_run_candidates c WHERE c.run_id = r.id) AS candidates
         FROM round_runs r WHERE round_id = $1`,
      [round[0].id],
    );
    expect(JSON.stringify(run)).not.toContain(h.person.user.id);
    // The document as its readers get it: the stored text with the lists from the rows.
    const [{ inputJson }] = await new RoundsRepository(t.dataSource).runInputJsons([stored.id]);
    expect(inputJson).not.toContain(h.person.user.id);
    const document = JSON.parse(inputJson as string) as RoundRunInput;
    expect(Object.keys(document.choices)).toHaveLength(2);
    expect(run.candidates).toHaveLength(2);
    expect(run.candidates).toContain(other);
    expect(JSON.stringify(run)).not.toContain('Her thesis needs this lab');
    for (const decisions of [run.input, document]) {
      expect(decisions.pre_assignments).toEqual([
        { candidate: expect.any(String), opportunity: h.opportunityId, reason: '(erased)' },
      ]);
      expect(decisions.overrides).toEqual([
        { kind: 'ELIGIBLE', candidate: expect.any(String), opportunity: h.opportunityId, reason: '(erased)' },
        { kind: 'ELIGIBLE', candidate: other, opportunity: h.opportunityId, reason: 'Language test waived' },
      ]);
    }
    // Still canonical JSON: the pseudonymised document written again gives the same text, stored
    // and read.
    expect(canonicalJson(JSON.parse(run.input_json))).toBe(run.input_json);
    expect(canonicalJson(document)).toBe(inputJson);
    expect(Object.keys(document.instance.residents as object)).toEqual(Object.keys(document.choices));
    expect(JSON.stringify(run)).not.toContain('Her bridging programme is done');
    expect(Object.values(run.assignment).filter((v) => v === h.opportunityId)).toHaveLength(1);
    expect(run.stats).toMatchObject({ candidates: 2, candidatesMatched: 1, choiceRankCounts: [1] });

    // No sign-in any more: the token, the password, the browser session.
    const me = await t.gql('{ me { id } }', {}, h.person.token);
    expect(me.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const login = await t.gql(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: h.person.user.email, p: FACTORY_PASSWORD },
    );
    expect(login.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const refresh = await agent.post('/auth/refresh').set('content-type', 'application/json').send({});
    expect(refresh.status).toBe(401);
    const signInAgain = await request(t.app.getHttpServer())
      .post('/auth/sign-in')
      .set('content-type', 'application/json')
      .send({ email: h.person.user.email, password: FACTORY_PASSWORD });
    expect(signInAgain.status).toBe(401);

    // The opportunity still has the application, now anonymous.
    const apps = await t.gql<{
      applicationsForOpportunity: {
        id: string;
        motivation: string | null;
        applicant: { displayName: string };
      }[];
    }>(
      'query($o: ID!) { applicationsForOpportunity(opportunityId: $o) { id motivation applicant { displayName } } }',
      { o: h.opportunityId },
      h.supervisor.token,
    );
    expect(apps.errors).toBeUndefined();
    expect(apps.data!.applicationsForOpportunity).toEqual([
      { id: h.applicationId, motivation: null, applicant: { displayName: 'Erased person' } },
    ]);

    // The share link is revoked, the notifications and the reads of their data are gone.
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM talent_profile_shares WHERE person_id = $1 AND revoked_at IS NULL)::int AS live_shares,
              (SELECT count(*) FROM notifications WHERE user_id = $1)::int AS notifications,
              (SELECT count(*) FROM personal_data_reads WHERE subject_id = $1)::int AS reads,
              (SELECT count(*) FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL)::int AS live_sessions,
              (SELECT count(*) FROM consents WHERE person_id = $1 AND withdrawn_at IS NULL)::int AS live_consents,
              (SELECT count(*) FROM privacy_actions WHERE subject_id = $1)::int AS privacy_actions`,
      [h.person.user.id],
    );
    expect(counts).toEqual({
      live_shares: 0,
      notifications: 0,
      reads: 0,
      live_sessions: 0,
      live_consents: 0,
      privacy_actions: 0,
    });

    // Erasing twice is a conflict.
    const again = await t.gql(ERASE, { id: h.person.user.id, reason: 'again' }, admin);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ERASED' });
  });

  it('says what it keeps, and until when: an ongoing placement', async () => {
    const h = await aPersonWithHistory(t);
    await t.dataSource.query(`UPDATE applications SET status = 'ACCEPTED' WHERE id = $1`, [h.applicationId]);
    const [{ ends_on }] = await t.dataSource.query(
      `SELECT to_char(ends_on, 'YYYY-MM-DD') AS ends_on FROM opportunities WHERE id = $1`,
      [h.opportunityId],
    );
    const res = await t.gql<{ erasePerson: { kept: { what: string; until: string | null }[] } }>(
      ERASE,
      { id: h.person.user.id, reason: 'On request' },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.erasePerson.kept).toContainEqual(
      expect.objectContaining({ what: expect.stringContaining(h.applicationId), until: ends_on }),
    );
  });

  it('lets a person ask; an admin sees and confirms the request; the request is kept without their words', async () => {
    const h = await aPersonWithHistory(t);
    const asked = await t.gql<{ requestErasure: { id: string; status: string } }>(
      REQUEST,
      { reason: `I am ${h.identifying[0]}, please forget me` },
      h.person.token,
    );
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestErasure.status).toBe('REQUESTED');
    const twice = await t.gql(REQUEST, {}, h.person.token);
    expect(twice.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ERASURE_ALREADY_REQUESTED',
    });

    const open = await t.gql<{ erasureRequests: { id: string; subjectId: string }[] }>(
      OPEN_REQUESTS,
      {},
      admin,
    );
    expect(open.data!.erasureRequests).toContainEqual(
      expect.objectContaining({ id: asked.data!.requestErasure.id, subjectId: h.person.user.id }),
    );
    const confirmed = await t.gql<{ confirmErasure: { requestId: string; subjectId: string } }>(
      CONFIRM,
      { id: asked.data!.requestErasure.id },
      admin,
    );
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.confirmErasure).toMatchObject({
      requestId: asked.data!.requestErasure.id,
      subjectId: h.person.user.id,
    });
    const after = await dumpAll(t.dataSource);
    for (const s of h.identifying) expect(after).not.toContain(s);
    const [row] = await t.dataSource.query(
      `SELECT status, requested_by, completed_by, reason FROM data_subject_requests WHERE id = $1`,
      [asked.data!.requestErasure.id],
    );
    expect(row).toMatchObject({ status: 'DONE', requested_by: h.person.user.id, completed_by: adminId });
    // A confirmed request is not open any more.
    const again = await t.gql(CONFIRM, { id: asked.data!.requestErasure.id }, admin);
    expect(again.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('shows a person their own exports and pending erasure request, and nobody else', async () => {
    const h = await aPersonWithHistory(t);
    const exported = await t.gql('{ exportMyData }', {}, h.person.token);
    expect(exported.errors).toBeUndefined();
    const byAdmin = await t.gql(
      'query($id: ID!) { exportPersonData(userId: $id) }',
      { id: h.person.user.id },
      admin,
    );
    expect(byAdmin.errors).toBeUndefined();
    const asked = await t.gql<{ requestErasure: { id: string } }>(
      REQUEST,
      { reason: 'Leaving the programme' },
      h.person.token,
    );
    expect(asked.errors).toBeUndefined();

    // After a reload: the request is there, waiting, with what the person wrote.
    const mine = await t.gql<{ myDataSubjectRequests: Record<string, unknown>[] }>(MINE, {}, h.person.token);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myDataSubjectRequests).toEqual([
      {
        id: asked.data!.requestErasure.id,
        kind: 'ERASURE',
        status: 'REQUESTED',
        byYou: true,
        reason: 'Leaving the programme',
        requestedAt: expect.any(String),
        decidedAt: null,
        kept: null,
      },
      expect.objectContaining({ kind: 'EXPORT', status: 'DONE', byYou: false, reason: null }),
      expect.objectContaining({ kind: 'EXPORT', status: 'DONE', byYou: true, decidedAt: expect.any(String) }),
    ]);

    // Nobody else reads them: the query has no person argument, everyone gets their own.
    const ids = mine.data!.myDataSubjectRequests.map((r) => r.id);
    for (const token of [h.supervisor.token, h.hr.token, admin]) {
      const theirs = await t.gql<{ myDataSubjectRequests: { id: string }[] }>(MINE, {}, token);
      expect(theirs.errors).toBeUndefined();
      for (const r of theirs.data!.myDataSubjectRequests) expect(ids).not.toContain(r.id);
    }
    const anonymous = await t.gql(MINE, {});
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses erasePerson, confirmErasure and erasureRequests to everyone but admins', async () => {
    const h = await aPersonWithHistory(t);
    const asked = await t.gql<{ requestErasure: { id: string } }>(REQUEST, {}, h.person.token);
    const others = [h.person.token, h.supervisor.token, h.hr.token];
    for (const token of others) {
      const erase = await t.gql(ERASE, { id: h.person.user.id, reason: 'x' }, token);
      expect(erase.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const confirm = await t.gql(CONFIRM, { id: asked.data!.requestErasure.id }, token);
      expect(confirm.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const list = await t.gql(OPEN_REQUESTS, {}, token);
      expect(list.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    for (const q of [REQUEST, OPEN_REQUESTS]) {
      const anonymous = await t.gql(q, {});
      expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    // Nothing happened.
    const me = await t.gql('{ me { displayName } }', {}, h.person.token);
    expect(me.data).toEqual({ me: { displayName: h.identifying[0] } });
  });

  it('answers bad input with fields: an empty reason, one’s own account; NOT_FOUND for an unknown person', async () => {
    const someone = await aUser(t, { roles: [UserRole.CANDIDATE] });
    const empty = await t.gql(ERASE, { id: someone.user.id, reason: '   ' }, admin);
    expect(empty.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'REASON_REQUIRED',
      fields: [{ field: 'reason', message: expect.any(String) }],
    });
    const self = await t.gql(ERASE, { id: adminId, reason: 'leaving' }, admin);
    expect(self.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'CANNOT_ERASE_SELF',
      fields: [{ field: 'userId', message: expect.any(String), code: 'SELF' }],
    });
    const unknown = await t.gql(ERASE, { id: '00000000-0000-4000-8000-000000000000', reason: 'x' }, admin);
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
