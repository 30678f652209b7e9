/**
 * The recommendations' change feeds (candidate_pool_changes for matchingCandidates' reach index,
 * opportunity_snapshot_changes for the rows of OPEN opportunities) are pruned by the hourly
 * retention job once every reader has read past them (CHANGE_FEEDS_KEPT_MS), and not before.
 */
import { UserRole } from '../../src/core/domain/enums';
import { OpportunitySnapshotChangeTimes1795934000000 } from '../../src/database/migrations/1795934000000-OpportunitySnapshotChangeTimes';
import { CHANGE_FEEDS_KEPT_MS } from '../../src/recommendations/recommendations.retention';
import { RetentionJob } from '../../src/retention/retention.job';
import { anOpenOpportunity } from '../factories/opportunities.factory';
import { aUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

describe('retention of the recommendations change feeds', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    const hr = await t.login('hr@lumc.test');
    const supervisor = (await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' })).token;
    for (let i = 0; i < 3; i++) await anOpenOpportunity(t, supervisor, hr);
  });
  afterAll(() => t.close());

  const count = async (table: string): Promise<number> =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('deletes the changes written longer ago than they are kept, and keeps the recent ones', async () => {
    // Changes written the way any writer makes them: the tables' own triggers.
    await t.dataSource.query(`UPDATE opportunities SET title = title || ' (changed)'`);
    await t.dataSource.query(`UPDATE candidate_pool_people SET visibility = visibility`);
    await t.dataSource.query(`SELECT candidate_pool_rebuild()`);
    const opportunities = await count('opportunities');
    expect(opportunities).toBeGreaterThan(0);
    expect(await count('opportunity_snapshot_changes')).toBe(opportunities);
    const poolChanges = await count('candidate_pool_changes');
    expect(poolChanges).toBeGreaterThan(1);

    const job = t.app.get(RetentionJob);
    // Now: every change is recent, every reader may still need it.
    const early = await job.purge(new Date());
    expect([early.candidatePoolChanges, early.opportunitySnapshotChanges]).toEqual([0, 0]);
    expect(await count('candidate_pool_changes')).toBe(poolChanges);

    // Half an hour on, one more change (a reader that read since may still need it).
    const later = Date.now() + CHANGE_FEEDS_KEPT_MS / 2;
    await t.dataSource.query(
      `UPDATE opportunity_snapshot_changes SET changed_at = $1
        WHERE opportunity_id = (SELECT opportunity_id FROM opportunity_snapshot_changes LIMIT 1)`,
      [new Date(later)],
    );
    await t.dataSource.query(`INSERT INTO candidate_pool_changes (person_id, at) VALUES (NULL, $1)`, [
      new Date(later),
    ]);

    // Just over the time they are kept after the first changes: those go, the later one stays.
    const pruned = await job.purge(new Date(Date.now() + CHANGE_FEEDS_KEPT_MS + 60_000));
    expect(pruned.candidatePoolChanges).toBe(poolChanges);
    expect(pruned.opportunitySnapshotChanges).toBe(opportunities - 1);
    expect(await count('candidate_pool_changes')).toBe(1);
    expect(await count('opportunity_snapshot_changes')).toBe(1);
  });

  it('moves a change marker’s time with each change of the opportunity', async () => {
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM opportunities LIMIT 1`);
    await t.dataSource.query(
      `UPDATE opportunity_snapshot_changes SET changed_at = now() - interval '2 hours' WHERE opportunity_id = $1`,
      [id],
    );
    await t.dataSource.query(`UPDATE opportunities SET title = title || '!' WHERE id = $1`, [id]);
    const [marker] = await t.dataSource.query<{ recent: boolean }[]>(
      `SELECT changed_at > now() - interval '1 minute' AS recent FROM opportunity_snapshot_changes
        WHERE opportunity_id = $1`,
      [id],
    );
    expect(marker.recent).toBe(true);
  });

  it('migration 1795934000000 goes down and up again, the triggers working at each step', async () => {
    const migration = new OpportunitySnapshotChangeTimes1795934000000();
    const runner = t.dataSource.createQueryRunner();
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM opportunities LIMIT 1`);
    const touch = () =>
      t.dataSource.query(`UPDATE opportunities SET title = title || '.' WHERE id = $1`, [id]);
    try {
      await migration.down(runner);
      await touch();
      const columns = await t.dataSource.query(
        `SELECT 1 FROM information_schema.columns
          WHERE table_name = 'opportunity_snapshot_changes' AND column_name = 'changed_at'`,
      );
      expect(columns).toHaveLength(0);
      await migration.up(runner);
      await touch();
      expect(await count('opportunity_snapshot_changes')).toBeGreaterThan(0);
    } finally {
      await runner.release();
    }
  });
});
