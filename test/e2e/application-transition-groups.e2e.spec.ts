import { ApplicationTransitions } from '../../src/applications/application-transitions';
import { DecidedChange, packedChanges } from '../utils/decided-changes';
import { ApplicationsErasure } from '../../src/applications/applications.erasure';
import { ApplicationsRepository, TransitionRow } from '../../src/applications/applications.repository';
import { TransactionRunner } from '../../src/common/database/transaction';
import { ApplicationStatus } from '../../src/core/domain/enums';
import { ApplicationClosures1795980000000 } from '../../src/database/migrations/1795980000000-ApplicationClosures';
import { ApplicationTransitionGroups1795971000000 } from '../../src/database/migrations/1795971000000-ApplicationTransitionGroups';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import { aCandidate, anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const HOUR = 3600_000;

/**
 * A round's history grouped per candidate (`application_transition_groups`, migration
 * 1795971000000), read per change through `application_history`: an application's history reads
 * as it did with one `application_transitions` row per change.
 */
describe('a round’s history grouped per candidate', () => {
  let t: TestApp;
  let host: CreatedUser;
  let transitions: ApplicationTransitions;
  let repo: ApplicationsRepository;
  let tx: TransactionRunner;
  let opportunities: OpportunityEntity[];

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
    transitions = t.app.get(ApplicationTransitions);
    repo = t.app.get(ApplicationsRepository);
    tx = t.app.get(TransactionRunner);
    opportunities = [];
    for (let i = 0; i < 3; i++) {
      opportunities.push(await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 5 }));
    }
  }, 60_000);
  afterAll(() => t.close());

  /**
   * Two candidates with three applications each (one shortlisted by their host first, a history row
   * of its own), and a round's changes: the first candidate offered their first choice and the
   * others rejected, the second's three rejected.
   */
  async function aRound(): Promise<{ candidates: string[]; ids: string[]; changes: DecidedChange[] }> {
    const candidates: string[] = [];
    const ids: string[] = [];
    const changes: DecidedChange[] = [];
    for (let c = 0; c < 2; c++) {
      const candidate = await aCandidate(t);
      candidates.push(candidate.user.id);
      for (let i = 0; i < 3; i++) {
        const a = await anApplication(t, {
          opportunityId: opportunities[i].id,
          candidateId: candidate.user.id,
          status: ApplicationStatus.SUBMITTED,
        });
        ids.push(a.id);
        let from: ApplicationStatus = ApplicationStatus.SUBMITTED;
        if (i === 1) {
          await tx.run((em) =>
            transitions.applyMany(em, [{ applicationId: a.id, event: 'SHORTLIST' }], {
              kind: 'HOST',
              userId: host.user.id,
            }),
          );
          from = ApplicationStatus.SHORTLISTED;
        }
        const offer = c === 0 && i === 0;
        changes.push({
          applicationId: a.id,
          opportunityId: opportunities[i].id,
          candidateId: candidate.user.id,
          event: offer ? 'OFFER' : 'REJECT',
          from,
          to: offer ? ApplicationStatus.OFFERED : ApplicationStatus.REJECTED,
          responseDeadline: offer ? new Date(Date.now() + 48 * HOUR) : null,
          reason: offer ? null : 'Round "Spring": not matched on this choice',
        });
      }
    }
    return { candidates, ids, changes };
  }

  /** Each application's rows in their order (positions in place of the ids), by application. */
  const withoutIds = (rows: TransitionRow[], ids: readonly string[]) =>
    rows
      .map((r) => ({ ...r, applicationId: ids.indexOf(r.applicationId), at: r.at.getTime() }))
      .sort((x, y) => x.applicationId - y.applicationId);

  const groupsOf = async (candidates: readonly string[]) =>
    t.dataSource.query<
      { candidate_id: string; application_ids: string[]; from_statuses: string[]; to_status: string }[]
    >(
      `SELECT candidate_id, application_ids, from_statuses, to_status FROM application_transition_groups
        WHERE candidate_id = ANY($1::uuid[]) ORDER BY id`,
      [candidates],
    );

  it('writes one history row per candidate, status and reason, and reads each application’s history as one row per change did', async () => {
    const grouped = await aRound();
    const perChange = await aRound();
    await tx.run(async (em) => {
      expect(
        await transitions.recordDecided(em, ...packedChanges(grouped.changes), { round: 'Spring' }),
      ).toBe(6);
      // The same changes with the history written one row per change, as before the groups.
      expect(await repo.applyStatusChanges(perChange.changes, null, em)).toBe(6);
    });
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM application_transitions
        WHERE application_id = ANY($1::uuid[]) AND to_status IN ('OFFERED', 'REJECTED')`,
      [grouped.ids],
    );
    expect(n).toBe(0);
    const groups = await groupsOf(grouped.candidates);
    expect(groups.map((g) => [g.to_status, g.application_ids.length])).toEqual(
      expect.arrayContaining([
        ['OFFERED', 1],
        ['REJECTED', 2],
        ['REJECTED', 3],
      ]),
    );
    expect(groups).toHaveLength(3);

    const groupedHistory = await repo.transitionsOf(grouped.ids);
    const perChangeHistory = await repo.transitionsOf(perChange.ids);
    // The factory's own row per application, the host's two shortlistings, the round's six changes.
    expect(groupedHistory).toHaveLength(14);
    // Each application's rows the same and in the same order (the applications' positions in place
    // of their ids; the times are each transaction's own; between applications, changes of one
    // transaction may come in another order, as the loader hands each application its own).
    const shape = (rows: TransitionRow[], ids: readonly string[]) =>
      withoutIds(rows, ids).map(({ at: _at, ...r }) => r);
    expect(shape(groupedHistory, grouped.ids)).toEqual(shape(perChangeHistory, perChange.ids));
    // Per application, oldest first: the host's shortlisting, then the round's rejection.
    const second = groupedHistory.filter((r) => r.applicationId === grouped.ids[1]);
    expect(second.map((r) => [r.fromStatus, r.toStatus, r.actorId, r.reason])).toEqual([
      [null, 'SUBMITTED', null, 'test setup'],
      ['SUBMITTED', 'SHORTLISTED', host.user.id, null],
      ['SHORTLISTED', 'REJECTED', null, 'Round "Spring": not matched on this choice'],
    ]);

    // The export and the contests read the view: the export's history of a grouped application.
    const [exported] = await t.dataSource.query<{ history: { to_status: string; from_status: string }[] }[]>(
      `SELECT (SELECT jsonb_agg(to_jsonb(h) ORDER BY h.at, h.id) FROM application_history h
                WHERE h.application_id = $1) AS history`,
      [grouped.ids[1]],
    );
    expect(exported.history.map((h) => [h.from_status, h.to_status])).toEqual([
      [null, 'SUBMITTED'],
      ['SUBMITTED', 'SHORTLISTED'],
      ['SHORTLISTED', 'REJECTED'],
    ]);
    expect(Object.keys(exported.history[2]).sort()).toEqual(
      ['actor_id', 'application_id', 'at', 'from_status', 'id', 'reason', 'to_status'].sort(),
    );
  });

  it('moves each change with its own from, to, deadline and reason, sent once per kind, and only from the status it was decided from', async () => {
    // Twelve applications of six candidates; kinds interleaved (offers with ten different deadlines,
    // more than are told apart by a scan, rejections with and without a reason, from SUBMITTED and
    // SHORTLISTED), and one change decided from a status its application has left.
    const changes: DecidedChange[] = [];
    const expected = new Map<string, { status: string; deadline: number | null; reason: string | null }>();
    const base = Date.now() + 48 * HOUR;
    let stale = '';
    for (let c = 0; c < 6; c++) {
      const candidate = await aCandidate(t);
      for (let i = 0; i < 2; i++) {
        const a = await anApplication(t, {
          opportunityId: opportunities[i].id,
          candidateId: candidate.user.id,
          status: ApplicationStatus.SUBMITTED,
        });
        const n = c * 2 + i;
        const shortlisted = n % 3 === 0;
        if (shortlisted) {
          await tx.run((em) =>
            transitions.applyMany(em, [{ applicationId: a.id, event: 'SHORTLIST' }], {
              kind: 'HOST',
              userId: host.user.id,
            }),
          );
        }
        const from = shortlisted ? ApplicationStatus.SHORTLISTED : ApplicationStatus.SUBMITTED;
        const offer = n % 2 === 0 || n === 11;
        const deadline = offer ? new Date(base + n * 60_000) : null;
        const reason = offer ? null : n % 4 === 1 ? 'Round "Spring": not matched' : null;
        changes.push({
          applicationId: a.id,
          opportunityId: opportunities[i].id,
          candidateId: candidate.user.id,
          event: offer ? 'OFFER' : 'REJECT',
          // The last one decided from SHORTLISTED while it is SUBMITTED: it must not move.
          from: n === 11 ? ApplicationStatus.SHORTLISTED : from,
          to: offer ? ApplicationStatus.OFFERED : ApplicationStatus.REJECTED,
          responseDeadline: deadline,
          reason,
        });
        if (n === 11) stale = a.id;
        expected.set(
          a.id,
          n === 11
            ? { status: 'SUBMITTED', deadline: null, reason: null }
            : { status: offer ? 'OFFERED' : 'REJECTED', deadline: deadline?.getTime() ?? null, reason },
        );
      }
    }
    const ids = [...expected.keys()];
    const moved = await tx.run((em) => repo.applyStatusChanges(changes, host.user.id, em));
    expect(moved).toBe(11);
    const rows = await t.dataSource.query<{ id: string; status: string; response_deadline: Date | null }[]>(
      `SELECT id, status, response_deadline FROM applications WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const history = await repo.transitionsOf(ids);
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const want = expected.get(row.id)!;
      expect([row.id, row.status, row.response_deadline?.getTime() ?? null]).toEqual([
        row.id,
        want.status,
        want.deadline,
      ]);
      const change = changes.find((c) => c.applicationId === row.id)!;
      const last = history.filter((h) => h.applicationId === row.id).at(-1)!;
      expect([row.id, last.fromStatus, last.toStatus, last.reason, last.actorId]).toEqual(
        row.id === stale
          ? [row.id, null, 'SUBMITTED', 'test setup', null]
          : [row.id, change.from, change.to, change.reason, host.user.id],
      );
    }
  });

  it('finds an application’s grouped history through the primary key and the candidate’s index', async () => {
    const rows = await t.dataSource.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN SELECT * FROM application_history WHERE application_id = $1`,
      ['00000000-0000-0000-0000-000000000000'],
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/ix_application_transition_groups_candidate/);
    expect(plan).not.toMatch(/Seq Scan on application_transition_groups/);
  });

  it('erases the reasons of a person’s grouped history', async () => {
    const round = await aRound();
    await tx.run((em) => transitions.recordDecided(em, ...packedChanges(round.changes), { round: 'Spring' }));
    await tx.run((em) => t.app.get(ApplicationsErasure).anonymise(em, round.candidates[0]));
    const history = await repo.transitionsOf(round.ids);
    const reasonsOf = (candidate: number) =>
      history
        .filter(
          (r) =>
            round.ids.indexOf(r.applicationId) >= candidate * 3 &&
            round.ids.indexOf(r.applicationId) < candidate * 3 + 3,
        )
        .map((r) => r.reason);
    expect(reasonsOf(0).every((r) => r === null)).toBe(true);
    expect(reasonsOf(1).filter((r) => r !== null)).toHaveLength(6);
  });

  it('takes deleted applications out of their groups, deletes emptied groups, and TRUNCATE empties them', async () => {
    const round = await aRound();
    await tx.run((em) => transitions.recordDecided(em, ...packedChanges(round.changes), { round: 'Spring' }));
    // One of the first candidate's two rejections, and the second candidate's offer-less three.
    await t.dataSource.query(`DELETE FROM applications WHERE id = ANY($1::uuid[])`, [
      [round.ids[1], round.ids[3], round.ids[4], round.ids[5]],
    ]);
    const groups = await groupsOf(round.candidates);
    expect(groups.map((g) => [g.to_status, g.application_ids])).toEqual(
      expect.arrayContaining([
        ['OFFERED', [round.ids[0]]],
        ['REJECTED', [round.ids[2]]],
      ]),
    );
    expect(groups).toHaveLength(2);
    expect(groups.find((g) => g.to_status === 'REJECTED')?.from_statuses).toEqual(['SUBMITTED']);
    expect(
      (await repo.transitionsOf(round.ids)).map((r) => [round.ids.indexOf(r.applicationId), r.toStatus]),
    ).toEqual(
      expect.arrayContaining([
        [0, 'SUBMITTED'],
        [0, 'OFFERED'],
        [2, 'SUBMITTED'],
        [2, 'REJECTED'],
      ]),
    );
    expect(await repo.transitionsOf(round.ids)).toHaveLength(4);
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(`TRUNCATE applications CASCADE`);
      const [row] = await runner.query(`SELECT count(*)::int AS n FROM application_transition_groups`);
      expect(row.n).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('migration 1795971000000 goes down (the groups back as one history row per change) and up again with no drift', async () => {
    const round = await aRound();
    await tx.run((em) => transitions.recordDecided(em, ...packedChanges(round.changes), { round: 'Spring' }));
    const before = withoutIds(await repo.transitionsOf(round.ids), round.ids);
    const migration = new ApplicationTransitionGroups1795971000000();
    // The closures (a later migration) stand on the groups: down first, up last.
    const closures = new ApplicationClosures1795980000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await closures.down(runner);
      await migration.down(runner);
      const rows = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM application_transitions WHERE application_id = ANY($1::uuid[])`,
        [round.ids],
      );
      expect(rows[0].n).toBe(14);
      const expanded = await t.dataSource.query(
        `SELECT application_id AS "applicationId", from_status AS "fromStatus", to_status AS "toStatus",
                actor_id AS "actorId", NULL AS "actorName", reason, at
           FROM application_transitions WHERE application_id = ANY($1::uuid[]) ORDER BY at, id`,
        [round.ids],
      );
      expect(withoutIds(expanded, round.ids).map(({ actorName: _n, ...r }) => r)).toEqual(
        before.map(({ actorName: _n, ...r }) => r),
      );
      await migration.up(runner);
      await closures.up(runner);
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // What the migration moved back stays per-change history, read through the view as before.
      expect(withoutIds(await repo.transitionsOf(round.ids), round.ids)).toEqual(before);
    } finally {
      await runner.release();
    }
  });
});
