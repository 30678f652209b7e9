import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { ApplicationsRepository } from '../../src/applications/applications.repository';
import { ApplicationsRetention } from '../../src/applications/applications.retention';
import { OpenOfferDeadline1795935000000 } from '../../src/database/migrations/1795935000000-OpenOfferDeadline';
import { ApplicationOpenOffers1795990000000 } from '../../src/database/migrations/1795990000000-ApplicationOpenOffers';
import { ApplicationStatus } from '../../src/core/domain/enums';
import { aCandidate, anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * One live application per candidate and opportunity, kept by the database without an index on
 * `status` (migration 1795930000000: `application_live_pairs`, claimed by triggers), and a rejection
 * a HOT update (no index entry written).
 */
describe('applications: one live application per pair, rejections as HOT updates', () => {
  let t: TestApp;
  let host: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
  }, 60_000);
  afterAll(() => t.close());

  async function aPair(): Promise<{ opportunityId: string; candidateId: string }> {
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const candidate = await aCandidate(t);
    return { opportunityId: opportunity.id, candidateId: candidate.user.id };
  }

  type Run = (sql: string, params: unknown[]) => Promise<{ id: string }[]>;
  const viaApp: Run = (sql, params) => t.dataSource.query(sql, params);
  const via =
    (c: Client): Run =>
    async (sql, params) =>
      (await c.query<{ id: string }>(sql, params)).rows;

  const insert = (run: Run, pair: { opportunityId: string; candidateId: string }, status: string) =>
    run(`INSERT INTO applications (opportunity_id, candidate_id, status) VALUES ($1, $2, $3) RETURNING id`, [
      pair.opportunityId,
      pair.candidateId,
      status,
    ]);

  async function client(): Promise<Client> {
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    return c;
  }

  it('refuses a second live application of a pair with unique_violation on uq_applications_live', async () => {
    const pair = await aPair();
    await insert(viaApp, pair, 'SUBMITTED');
    await expect(insert(viaApp, pair, 'SHORTLISTED')).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '23505', constraint: 'uq_applications_live' }),
    });
    // Two in one statement too.
    const other = await aPair();
    await expect(
      t.dataSource.query(
        `INSERT INTO applications (opportunity_id, candidate_id, status) VALUES ($1, $2, 'SUBMITTED'), ($1, $2, 'OFFERED')`,
        [other.opportunityId, other.candidateId],
      ),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ constraint: 'uq_applications_live' }) });
    // Closed applications of the pair do not count.
    await insert(viaApp, other, 'REJECTED');
    await insert(viaApp, other, 'WITHDRAWN');
    await insert(viaApp, other, 'SUBMITTED');
  });

  it('takes a new application of a pair once the live one closed, and refuses making a closed one live again beside it', async () => {
    const pair = await aPair();
    const [{ id: first }] = await insert(viaApp, pair, 'SUBMITTED');
    await t.dataSource.query(`UPDATE applications SET status = 'REJECTED' WHERE id = $1`, [first]);
    const [{ id: second }] = await insert(viaApp, pair, 'SUBMITTED');
    await expect(
      t.dataSource.query(`UPDATE applications SET status = 'SUBMITTED' WHERE id = $1`, [first]),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ constraint: 'uq_applications_live' }) });
    await t.dataSource.query(`UPDATE applications SET status = 'WITHDRAWN' WHERE id = $1`, [second]);
    await t.dataSource.query(`UPDATE applications SET status = 'SUBMITTED' WHERE id = $1`, [first]);
    const [{ live }] = await t.dataSource.query(
      `SELECT count(*)::int AS live FROM applications
        WHERE opportunity_id = $1 AND candidate_id = $2 AND status IN ('SUBMITTED', 'SHORTLISTED', 'OFFERED', 'ACCEPTED')`,
      [pair.opportunityId, pair.candidateId],
    );
    expect(live).toBe(1);
  });

  it('lets exactly one of two concurrent transactions make a pair live, whichever order they commit in', async () => {
    for (const rejectFirst of [false, true]) {
      const pair = await aPair();
      let closing: string | null = null;
      if (rejectFirst) [{ id: closing }] = await insert(viaApp, pair, 'SUBMITTED');
      const [a, b] = [await client(), await client()];
      try {
        await a.query('BEGIN');
        await b.query('BEGIN');
        if (closing) await a.query(`UPDATE applications SET status = 'REJECTED' WHERE id = $1`, [closing]);
        await insert(via(a), pair, 'SUBMITTED').catch(() => undefined);
        // b waits for a's claim of the pair, then must see it.
        const second = insert(via(b), pair, 'SUBMITTED').then(
          () => 'inserted',
          (err: { constraint?: string }) => err.constraint,
        );
        await new Promise((r) => setTimeout(r, 200));
        await a.query('COMMIT');
        expect(await second).toBe('uq_applications_live');
        await b.query('ROLLBACK');
      } finally {
        await a.end();
        await b.end();
      }
      const [{ live }] = await t.dataSource.query(
        `SELECT count(*)::int AS live FROM applications
          WHERE opportunity_id = $1 AND candidate_id = $2 AND status = 'SUBMITTED'`,
        [pair.opportunityId, pair.candidateId],
      );
      expect(live).toBe(1);
    }
  });

  it("writes a round's offers and rejections as HOT updates (no index entry)", async () => {
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 5 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const candidate = await aCandidate(t);
      ids.push(
        (
          await anApplication(t, {
            opportunityId: opportunity.id,
            candidateId: candidate.user.id,
            status: ApplicationStatus.SUBMITTED,
          })
        ).id,
      );
    }
    const repo = t.app.get(ApplicationsRepository);
    const deadline = new Date(Date.now() + 48 * 3600_000);
    // PostgreSQL 15's per-transaction counters also hold what earlier transactions of the same
    // connection counted and the server has not yet flushed: the difference across the call is
    // this transaction's.
    const xactCounts = async (em: EntityManager): Promise<{ updated: number; hot: number }> => {
      const [row] = await em.query(
        `SELECT pg_stat_get_xact_tuples_updated('applications'::regclass)::int AS updated,
                pg_stat_get_xact_tuples_hot_updated('applications'::regclass)::int AS hot`,
      );
      return row;
    };
    const counts = await t.dataSource.transaction(async (em) => {
      const before = await xactCounts(em);
      const moved = await repo.applyStatusChanges(
        ids.map((applicationId, i) => ({
          applicationId,
          from: ApplicationStatus.SUBMITTED,
          to: i < 2 ? ApplicationStatus.OFFERED : ApplicationStatus.REJECTED,
          responseDeadline: i < 2 ? deadline : null,
          reason: 'Round',
        })),
        null,
        em,
      );
      const after = await xactCounts(em);
      return { moved, updated: after.updated - before.updated, hot: after.hot - before.hot };
    });
    expect(counts).toEqual({ moved: 6, updated: 6, hot: 6 });
  });

  it('keeps only open offers for the expiry job: an answered offer past its deadline is not locked as due', async () => {
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 5 });
    const past = new Date(Date.now() - 3600_000);
    const later = new Date(Date.now() + 3600_000);
    const ids: string[] = [];
    for (const status of [ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED, ApplicationStatus.OFFERED]) {
      const candidate = await aCandidate(t);
      const [row] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO applications (opportunity_id, candidate_id, status, response_deadline)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [opportunity.id, candidate.user.id, status, past],
      );
      ids.push(row.id);
    }
    const open = () =>
      t.dataSource.query<{ id: string; deadline: Date }[]>(
        `SELECT application_id AS id, deadline FROM application_open_offers WHERE application_id = ANY($1)
          ORDER BY deadline, application_id`,
        [ids],
      );
    expect(await open()).toEqual([ids[0], ids[2]].sort().map((id) => ({ id, deadline: past })));
    const repo = t.app.get(ApplicationsRepository);
    const due = () => t.dataSource.transaction((em) => repo.lockDueOffers(new Date(), 10_000, em));
    expect(await due()).toEqual(expect.arrayContaining([ids[0], ids[2]]));
    expect(await due()).not.toContain(ids[1]);
    // A deadline moved on follows; an offer answered (or expired) and one deleted leave.
    await t.dataSource.query(`UPDATE applications SET response_deadline = $2 WHERE id = $1`, [ids[2], later]);
    expect(await open()).toEqual([
      { id: ids[0], deadline: past },
      { id: ids[2], deadline: later },
    ]);
    expect(await due()).not.toContain(ids[2]);
    await t.dataSource.query(`UPDATE applications SET status = 'EXPIRED' WHERE id = $1`, [ids[0]]);
    await t.dataSource.query(`DELETE FROM applications WHERE id = $1`, [ids[2]]);
    expect(await open()).toEqual([]);
    expect(await due()).not.toContain(ids[0]);
  });

  it("leaves no marker of a pair once retention deleted the pair's decided application", async () => {
    const pair = await aPair();
    const [closed] = await insert(viaApp, pair, 'REJECTED');
    const other = await aPair();
    const [live] = await insert(viaApp, other, 'SUBMITTED');
    const markers = () =>
      t.dataSource.query<{ application_id: string }[]>(
        `SELECT application_id FROM application_live_pairs WHERE application_id = ANY($1) ORDER BY application_id`,
        [[closed.id, live.id]],
      );
    // A rejection leaves the marker naming the closed application (it writes nothing there).
    await t.dataSource.query(`UPDATE applications SET status = 'SUBMITTED' WHERE id = $1`, [closed.id]);
    await t.dataSource.query(`UPDATE applications SET status = 'REJECTED' WHERE id = $1`, [closed.id]);
    expect((await markers()).map((m) => m.application_id).sort()).toEqual([closed.id, live.id].sort());
    const removed = await t.app.get(ApplicationsRetention).deleteDecidedBefore(new Date(Date.now() + 60_000));
    expect(removed).toBeGreaterThanOrEqual(1);
    expect((await markers()).map((m) => m.application_id)).toEqual([live.id]);
  });

  it('migrations 1795990000000 and 1795935000000 go down and up again (the expiry index back on response_deadline, then on open offers, then the open offers’ table)', async () => {
    const migration = new OpenOfferDeadline1795935000000();
    const runner = t.dataSource.createQueryRunner();
    const indexOn = async () =>
      (
        await t.dataSource.query<{ def: string }[]>(
          `SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'ix_applications_offer_expiry'`,
        )
      )[0].def;
    // The open offers' table (a later migration) replaced that index: down first, up last.
    const openOffers = new ApplicationOpenOffers1795990000000();
    const openRows = () =>
      t.dataSource.query(
        `SELECT application_id, deadline FROM application_open_offers ORDER BY application_id`,
      );
    const before = await openRows();
    try {
      await openOffers.down(runner);
      expect(await indexOn()).toContain('(open_offer_deadline) WHERE (open_offer_deadline IS NOT NULL)');
      await migration.down(runner);
      expect(await indexOn()).toContain('(response_deadline)');
      await migration.up(runner);
      expect(await indexOn()).toContain('(open_offer_deadline) WHERE (open_offer_deadline IS NOT NULL)');
      await openOffers.up(runner);
      // Rebuilt from the applications: the same open offers.
      expect(await openRows()).toEqual(before);
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
