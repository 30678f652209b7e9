import { DataSource } from 'typeorm';
import { ApplicationStateEntity } from '../../src/applications/entities/application-state.entity';
import { ApplicationClosures1795980000000 } from '../../src/database/migrations/1795980000000-ApplicationClosures';
import { ApplicationStatus } from '../../src/core/domain/enums';
import {
  aCandidate,
  aClosure,
  anApplication,
  anOpportunityRow,
  aSupervisor,
} from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * A round's closures (migration 1795980000000, docs/design/closed-choices.md): a closure makes the
 * applications it lists REJECTED through `application_states` without moving their rows, a closed
 * application no longer holds its live pair, and `down` materialises the closures.
 */
describe('application closures: the effective status', () => {
  let t: TestApp;
  let host: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
  }, 60_000);
  afterAll(() => t.close());

  async function choices(n: number, status = ApplicationStatus.SUBMITTED) {
    const candidate = await aCandidate(t);
    const applications = [];
    for (let i = 0; i < n; i++) {
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      applications.push(
        await anApplication(t, { opportunityId: opportunity.id, candidateId: candidate.user.id, status }),
      );
    }
    return { candidateId: candidate.user.id, applications };
  }

  const states = (ds: DataSource, ids: string[]) =>
    ds.getRepository(ApplicationStateEntity).find({ where: ids.map((id) => ({ id })), order: { id: 'ASC' } });

  it('reads a closed application as REJECTED at the closure time, the others as stored', async () => {
    const { candidateId, applications } = await choices(3, ApplicationStatus.SHORTLISTED);
    const at = new Date('2027-01-15T10:00:00.000Z');
    const closure = await aClosure(t, {
      candidateId,
      applicationIds: [applications[0].id, applications[2].id],
      at,
    });
    const read = new Map(
      (
        await states(
          t.dataSource,
          applications.map((a) => a.id),
        )
      ).map((s) => [s.id, s]),
    );
    expect(read.get(applications[0].id)).toMatchObject({
      status: 'REJECTED',
      updatedAt: at,
      closedBy: closure,
    });
    expect(read.get(applications[2].id)).toMatchObject({
      status: 'REJECTED',
      updatedAt: at,
      closedBy: closure,
    });
    expect(read.get(applications[1].id)).toMatchObject({
      status: 'SHORTLISTED',
      updatedAt: applications[1].updatedAt,
      closedBy: null,
    });
    // The rows did not move.
    const stored: { status: string }[] = await t.dataSource.query(
      `SELECT status FROM applications WHERE id = ANY($1::uuid[])`,
      [applications.map((a) => a.id)],
    );
    expect(stored.map((r) => r.status)).toEqual(['SHORTLISTED', 'SHORTLISTED', 'SHORTLISTED']);
    // The history shows the rejection once, from the stored status, by the system.
    const history: { to_status: string; from_status: string; actor_id: string | null }[] =
      await t.dataSource.query(
        `SELECT from_status, to_status, actor_id FROM application_history WHERE application_id = $1 ORDER BY at, id`,
        [applications[0].id],
      );
    expect(history.at(-1)).toEqual({ from_status: 'SHORTLISTED', to_status: 'REJECTED', actor_id: null });
  });

  it('refuses a closure that is not the system rejecting', async () => {
    const { candidateId, applications } = await choices(1);
    await expect(
      t.dataSource.query(
        `INSERT INTO application_transition_groups (candidate_id, application_ids, from_statuses, to_status, closes)
         VALUES ($1, $2::uuid[], '{SUBMITTED}', 'WITHDRAWN', true)`,
        [candidateId, [applications[0].id]],
      ),
    ).rejects.toMatchObject({
      driverError: expect.objectContaining({ constraint: 'ck_application_transition_groups_closes' }),
    });
  });

  it('lets the candidate apply again to an opportunity whose application a closure closed', async () => {
    const { candidateId, applications } = await choices(2);
    const insert = (opportunityId: string) =>
      t.dataSource.query(
        `INSERT INTO applications (opportunity_id, candidate_id, status) VALUES ($1, $2, 'SUBMITTED') RETURNING id`,
        [opportunityId, candidateId],
      );
    await aClosure(t, { candidateId, applicationIds: [applications[0].id] });
    const [{ id }] = await insert(applications[0].opportunityId);
    const [pair]: { application_id: string }[] = await t.dataSource.query(
      `SELECT application_id FROM application_live_pairs WHERE opportunity_id = $1 AND candidate_id = $2`,
      [applications[0].opportunityId, candidateId],
    );
    expect(pair.application_id).toBe(id);
    // The open one still holds its pair.
    await expect(insert(applications[1].opportunityId)).rejects.toMatchObject({
      driverError: expect.objectContaining({ constraint: 'uq_applications_live' }),
    });
  });

  it('takes a deleted application out of its closure, and drops a closure left empty', async () => {
    const { candidateId, applications } = await choices(2);
    const closure = await aClosure(t, { candidateId, applicationIds: applications.map((a) => a.id) });
    await t.dataSource.query(`DELETE FROM applications WHERE id = $1`, [applications[0].id]);
    const [left]: { application_ids: string[] }[] = await t.dataSource.query(
      `SELECT application_ids::text[] FROM application_transition_groups WHERE id = $1`,
      [closure],
    );
    expect(left.application_ids).toEqual([applications[1].id]);
    await t.dataSource.query(`DELETE FROM applications WHERE id = $1`, [applications[1].id]);
    const gone: unknown[] = await t.dataSource.query(
      `SELECT 1 FROM application_transition_groups WHERE id = $1`,
      [closure],
    );
    expect(gone).toEqual([]);
  });

  it('down materialises the closures (same effective statuses and history), up again reads the same', async () => {
    const { candidateId, applications } = await choices(2, ApplicationStatus.SHORTLISTED);
    const at = new Date('2027-02-01T09:30:00.000Z');
    await aClosure(t, { candidateId, applicationIds: [applications[0].id], at });
    const ids = applications.map((a) => a.id);
    const historyOf = (): Promise<unknown[]> =>
      t.dataSource.query(
        `SELECT application_id, from_status, to_status, actor_id, reason, at FROM application_history
          WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, at, id`,
        [ids],
      );
    const before = await states(t.dataSource, ids);
    const historyBefore = await historyOf();
    const migration = new ApplicationClosures1795980000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      const stored: { id: string; status: string; updated_at: Date }[] = await runner.query(
        `SELECT id, status, updated_at FROM applications WHERE id = ANY($1::uuid[]) ORDER BY id`,
        [ids],
      );
      expect(stored.map((r) => ({ id: r.id, status: r.status, updatedAt: r.updated_at }))).toEqual(
        before.map((s) => ({ id: s.id, status: s.status, updatedAt: s.updatedAt })),
      );
      expect(
        await runner.query(
          `SELECT application_id, from_status, to_status, actor_id, reason, at FROM application_history
          WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, at, id`,
          [ids],
        ),
      ).toEqual(historyBefore);
      await migration.up(runner);
      expect(
        (
          await runner.query(
            `SELECT id, status, updated_at FROM application_states WHERE id = ANY($1::uuid[]) ORDER BY id`,
            [ids],
          )
        ).map((r: { id: string; status: string; updated_at: Date }) => ({
          id: r.id,
          status: r.status,
          updatedAt: r.updated_at,
        })),
      ).toEqual(before.map((s) => ({ id: s.id, status: s.status, updatedAt: s.updatedAt })));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
