import request from 'supertest';
import { UserRole } from '../../src/core/domain/enums';
import { EXPORT_SOURCES } from '../../src/privacy-rights/export-sources';
import { aPersonWithHistory, PersonWithHistory } from '../factories/privacy-rights.factory';
import { aUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const EXPORT_MINE = '{ exportMyData }';
const EXPORT_PERSON = 'query($id: ID!) { exportPersonData(userId: $id) }';

interface ExportDoc {
  format: string;
  version: number;
  subjectId: string;
  exportedAt: string;
  exportedBy: string;
  sections: Record<string, { description: string; rows: Record<string, unknown>[] }>;
}

/** Access and portability: everything held about a person, as GraphQL JSON and as a download. */
describe('data export', () => {
  let t: TestApp;
  let h: PersonWithHistory;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    h = await aPersonWithHistory(t);
    admin = await t.login('admin@talent-exchange.test');
  });
  afterAll(() => t.close());

  async function myExport(token: string): Promise<ExportDoc> {
    const res = await t.gql<{ exportMyData: ExportDoc }>(EXPORT_MINE, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.exportMyData;
  }

  it('holds a new candidate’s account, profile, assessment history, application with motivation and history, notifications, share links and the reads of their data', async () => {
    const doc = await myExport(h.person.token);
    expect(doc).toMatchObject({
      format: 'talent-exchange/personal-data-export',
      version: 1,
      subjectId: h.person.user.id,
      exportedBy: 'SELF',
    });
    const s = doc.sections;
    expect(s.account.rows).toEqual([
      expect.objectContaining({
        id: h.person.user.id,
        email: h.person.user.email,
        display_name: h.identifying[0],
      }),
    ]);
    expect(s.account.rows[0]).not.toHaveProperty('password_hash');
    expect(s.profile.rows[0]).toMatchObject({
      headline: h.identifying[2],
      languages: [{ code: 'nl', level: 'C1' }],
    });
    expect(s.assessments.rows).toEqual([
      expect.objectContaining({ level: 2, source: 'SELF', competence_code: 'DOM_BIOINFORMATICS' }),
    ]);
    expect(s.applications.rows).toEqual([
      expect.objectContaining({ id: h.applicationId, motivation: h.identifying[3], status: 'SHORTLISTED' }),
    ]);
    const history = s.applications.rows[0].history as { from_status: string | null; to_status: string }[];
    expect(history.map((x) => [x.from_status, x.to_status])).toEqual([
      [null, 'SUBMITTED'],
      ['SUBMITTED', 'SHORTLISTED'],
    ]);
    expect(s.notifications.rows.length).toBeGreaterThan(0);
    expect(s.talentProfileShares.rows).toHaveLength(1);
    expect(s.talentProfileShares.rows[0]).not.toHaveProperty('token_hash');
    expect(s.readsOfYourData.rows).toEqual([
      expect.objectContaining({ kind: 'PROFILE', subject_id: h.person.user.id }),
    ]);
    expect(s.readsOfYourData.rows[0]).not.toHaveProperty('reader_id');
    expect(s.contests.rows).toEqual([
      expect.objectContaining({
        kind: 'RECOMMENDATION',
        subject_id: h.opportunityId,
        reason: h.identifying[4],
        status: 'OPEN',
        computed: expect.objectContaining({ opportunityId: h.opportunityId, fitScore: expect.any(Number) }),
      }),
    ]);
    // Every section is there, described, even when empty.
    expect(Object.keys(s)).toEqual(EXPORT_SOURCES.map((x) => x.key));
    expect(s.roundChoices).toEqual({ description: expect.any(String), rows: [] });
  });

  it('logs every export of one’s own data', async () => {
    const someone = await aUser(t);
    await myExport(someone.token);
    const doc = await myExport(someone.token);
    expect(doc.sections.dataSubjectRequests.rows).toEqual([
      expect.objectContaining({ kind: 'EXPORT', status: 'DONE', subject_id: someone.user.id }),
      expect.objectContaining({ kind: 'EXPORT', status: 'DONE', subject_id: someone.user.id }),
    ]);
  });

  it('offers the same document as a download: GET /privacy/my-data with the bearer token, as an attachment', async () => {
    const res = await request(t.app.getHttpServer())
      .get('/privacy/my-data')
      .set('authorization', `Bearer ${h.person.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="talent-exchange-data-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const downloaded = res.body as ExportDoc;
    const viaGraphql = await myExport(h.person.token);
    // The same document apart from the moment and the log of exports (which grew by one).
    const strip = (d: ExportDoc) => ({
      ...d,
      exportedAt: null,
      sections: { ...d.sections, dataSubjectRequests: null },
    });
    expect(strip(downloaded)).toEqual(strip(viaGraphql));
    expect(viaGraphql.sections.dataSubjectRequests.rows.length).toBe(
      downloaded.sections.dataSubjectRequests.rows.length + 1,
    );
  });

  it('refuses anonymous callers, over GraphQL and the download', async () => {
    const res = await t.gql(EXPORT_MINE, {});
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const http = await request(t.app.getHttpServer()).get('/privacy/my-data');
    expect(http.status).toBe(401);
    expect(http.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('lets an admin export a person’s data; the read is in the audit trail the person sees, and in the log', async () => {
    const subject = await aPersonWithHistory(t);
    const res = await t.gql<{ exportPersonData: ExportDoc }>(
      EXPORT_PERSON,
      { id: subject.person.user.id },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const doc = res.data!.exportPersonData;
    expect(doc).toMatchObject({ subjectId: subject.person.user.id, exportedBy: 'ADMIN' });
    expect(doc.sections.applications.rows).toEqual([
      expect.objectContaining({ motivation: subject.identifying[3] }),
    ]);

    const reads = await t.gql<{ myPersonalDataReads: { kind: string; readerRoles: string[] }[] }>(
      '{ myPersonalDataReads { kind readerRoles } }',
      {},
      subject.person.token,
    );
    expect(reads.data!.myPersonalDataReads).toContainEqual({
      kind: 'DATA_EXPORT',
      readerRoles: [UserRole.ADMIN],
    });
    const own = await myExport(subject.person.token);
    expect(own.sections.dataSubjectRequests.rows[0]).toMatchObject({ kind: 'EXPORT', status: 'DONE' });
    // Who exported is not shown to the person, as for the reads of their data.
    expect(own.sections.dataSubjectRequests.rows[0]).not.toHaveProperty('requested_by');

    const download = await request(t.app.getHttpServer())
      .get(`/privacy/people/${subject.person.user.id}/data`)
      .set('authorization', `Bearer ${admin}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);
    expect((download.body as ExportDoc).subjectId).toBe(subject.person.user.id);
  });

  it('refuses exportPersonData to everyone but admins, over GraphQL and the download', async () => {
    const others = [h.person.token, h.supervisor.token, h.hr.token];
    for (const token of others) {
      const res = await t.gql(EXPORT_PERSON, { id: h.person.user.id }, token);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
      const http = await request(t.app.getHttpServer())
        .get(`/privacy/people/${h.person.user.id}/data`)
        .set('authorization', `Bearer ${token}`);
      expect(http.status).toBe(403);
    }
    const anonymous = await t.gql(EXPORT_PERSON, { id: h.person.user.id });
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers NOT_FOUND for an unknown person and BAD_USER_INPUT for a malformed id', async () => {
    const res = await t.gql(EXPORT_PERSON, { id: '00000000-0000-4000-8000-000000000000' }, admin);
    expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const malformed = await request(t.app.getHttpServer())
      .get('/privacy/people/not-a-uuid/data')
      .set('authorization', `Bearer ${admin}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('BAD_USER_INPUT');
  });

  it('covers every table column that refers to a person (derived from the entity metadata: foreign keys and relations)', () => {
    const referring = new Set<string>(['users.id']);
    for (const entity of t.dataSource.entityMetadatas) {
      for (const fk of entity.foreignKeys) {
        if (['users', 'profiles'].includes(fk.referencedEntityMetadata.tableName)) {
          for (const column of fk.columnNames) referring.add(`${entity.tableName}.${column}`);
        }
      }
      // A relation to a person without a foreign key (createForeignKeyConstraints: false), as
      // round_run_candidates.candidate_id: a run's history keeps the id, pseudonymised on erasure.
      for (const relation of entity.relations) {
        if (['users', 'profiles'].includes(relation.inverseEntityMetadata.tableName)) {
          for (const column of relation.joinColumns)
            referring.add(`${entity.tableName}.${column.databaseName}`);
        }
      }
    }
    const covered = new Set(EXPORT_SOURCES.flatMap((s) => s.covers.map((c) => `${c.table}.${c.column}`)));
    const missing = [...referring].filter((c) => !covered.has(c)).sort();
    expect(missing).toEqual([]);
    // And nothing is claimed that is not a column referring to a person.
    expect([...covered].filter((c) => !referring.has(c)).sort()).toEqual([]);
  });
});
