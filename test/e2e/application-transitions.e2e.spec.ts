import {
  APPLICATION_CANDIDATE_MEMBER_KEY,
  applicationFollowerKeys,
  applicationFollowerKeysJsonSql,
  applicationHostKeysSql,
} from '../../src/access/access.policy';
import { ApplicationTransitions } from '../../src/applications/application-transitions';
import { DecidedChange, packedChanges } from '../utils/decided-changes';
import {
  ApplicationEntity,
  ApplicationTransitionEntity,
} from '../../src/applications/entities/application.entity';
import { TransactionRunner } from '../../src/common/database/transaction';
import { ApplicationTransitionsCascade1795940000000 } from '../../src/database/migrations/1795940000000-ApplicationTransitionsCascade';
import { AppError } from '../../src/common/errors/app-error';
import { decodeLiveEvent } from '../../src/common/events/live-event-codec';
import { eventsOfItem, LiveEventItem, StoredBatch } from '../../src/common/events/live-events';
import { ApplicationStatus } from '../../src/core/domain/enums';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import { aCandidate, anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const HOUR = 3600_000;

/** ApplicationTransitions.applyMany: the one way features change application statuses. */
describe('ApplicationTransitions.applyMany', () => {
  let t: TestApp;
  let host: CreatedUser;
  let transitions: ApplicationTransitions;
  let tx: TransactionRunner;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
    transitions = t.app.get(ApplicationTransitions);
    tx = t.app.get(TransactionRunner);
  }, 60_000);
  afterAll(() => t.close());

  async function statusOf(id: string): Promise<ApplicationStatus> {
    return (await t.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id })).status;
  }

  async function historyOf(id: string) {
    return t.dataSource
      .getRepository(ApplicationTransitionEntity)
      .find({ where: { applicationId: id }, order: { id: 'ASC' } });
  }

  it('moves a set of applications in one call, each with its history row and the notifications its effects ask for', async () => {
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, title: 'Set-based lab' });
    const a = await aCandidate(t);
    const b = await aCandidate(t);
    const first = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: a.user.id,
      status: ApplicationStatus.SHORTLISTED,
    });
    const second = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: b.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
    const deadline = new Date(Date.now() + 48 * HOUR);
    const result = await tx.run((em) =>
      transitions.applyMany(
        em,
        [
          { applicationId: first.id, event: 'OFFER', responseDeadline: deadline },
          { applicationId: second.id, event: 'REJECT', reason: 'not matched in round Spring' },
        ],
        { kind: 'SYSTEM', userId: null },
      ),
    );
    expect(result.refused).toEqual([]);
    expect(result.applied.map((c) => [c.from, c.to])).toEqual([
      ['SHORTLISTED', 'OFFERED'],
      ['SUBMITTED', 'REJECTED'],
    ]);
    expect(await statusOf(first.id)).toBe('OFFERED');
    expect(await statusOf(second.id)).toBe('REJECTED');
    expect((await historyOf(second.id)).at(-1)).toMatchObject({
      fromStatus: 'SUBMITTED',
      toStatus: 'REJECTED',
      actorId: null,
      reason: 'not matched in round Spring',
    });
    const notifications = t.dataSource.getRepository(NotificationEntity);
    expect((await notifications.findBy({ userId: a.user.id })).map((n) => n.type)).toEqual([
      'APPLICATION_OFFERED',
    ]);
    const rejected = await notifications.findBy({ userId: b.user.id });
    expect(rejected.map((n) => n.type)).toEqual(['APPLICATION_REJECTED']);
    expect(rejected[0].message).toContain('not matched in round Spring');
  });

  it('records the acting account and takes the seats an acceptance asks for', async () => {
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const candidate = await aCandidate(t);
    const offer = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: candidate.user.id,
      status: ApplicationStatus.OFFERED,
    });
    await tx.run((em) =>
      transitions.applyMany(em, [{ applicationId: offer.id, event: 'ACCEPT' }], {
        kind: 'CANDIDATE',
        userId: candidate.user.id,
      }),
    );
    expect((await historyOf(offer.id)).at(-1)).toMatchObject({
      fromStatus: 'OFFERED',
      toStatus: 'ACCEPTED',
      actorId: candidate.user.id,
    });
    const seats = await t.dataSource.getRepository(OpportunityEntity).findOneByOrFail({ id: opportunity.id });
    expect(seats.seatsTaken).toBe(1);
  });

  it('by default refuses the whole set when one change is refused (the caller’s transaction rolls back)', async () => {
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const candidate = await aCandidate(t);
    const other = await aCandidate(t);
    const ok = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: candidate.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
    const done = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: other.user.id,
      status: ApplicationStatus.WITHDRAWN,
    });
    const attempt = tx.run((em) =>
      transitions.applyMany(
        em,
        [
          { applicationId: ok.id, event: 'SHORTLIST' },
          { applicationId: done.id, event: 'SHORTLIST' },
        ],
        { kind: 'HOST', userId: host.user.id },
      ),
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await statusOf(ok.id)).toBe('SUBMITTED');
    expect(await historyOf(ok.id)).toHaveLength(1);
  });

  it('with onRefused "skip" makes the allowed changes and returns the refused ones (moved on, unknown, illegal)', async () => {
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const candidate = await aCandidate(t);
    const other = await aCandidate(t);
    const live = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: candidate.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
    const moved = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: other.user.id,
      status: ApplicationStatus.SHORTLISTED,
    });
    const missing = '00000000-0000-4000-8000-000000000000';
    const result = await tx.run((em) =>
      transitions.applyMany(
        em,
        [
          {
            applicationId: live.id,
            event: 'REJECT',
            reason: 'closed',
            expectedFrom: ApplicationStatus.SUBMITTED,
          },
          {
            applicationId: moved.id,
            event: 'REJECT',
            reason: 'closed',
            expectedFrom: ApplicationStatus.SUBMITTED,
          },
          { applicationId: missing, event: 'REJECT', reason: 'closed' },
        ],
        { kind: 'SYSTEM', userId: null },
        { onRefused: 'skip' },
      ),
    );
    expect(result.applied.map((c) => c.applicationId)).toEqual([live.id]);
    expect(result.refused.map((r) => [r.request.applicationId, r.error.code])).toEqual([
      [moved.id, 'MOVED'],
      [missing, 'NOT_FOUND'],
    ]);
    expect(await statusOf(live.id)).toBe('REJECTED');
    expect(await statusOf(moved.id)).toBe('SHORTLISTED');
  });

  it('keys a status event built in SQL exactly as the access policy does', async () => {
    const [candidate, lead, co, org] = [0, 1, 2, 3].map((i) => `0000000${i}-0000-4000-8000-000000000000`);
    for (const hosts of [[lead], [lead, co], [candidate, lead], [lead, lead]]) {
      const expected = applicationFollowerKeys({
        candidateId: candidate,
        hostUserIds: hosts,
        hostOrganisationId: org,
      });
      const [json]: { keys: string }[] = await t.dataSource.query(
        `SELECT ${applicationFollowerKeysJsonSql('$1::uuid', '$2::uuid[]', 'h.keys', 'substr(h.keys, 2)')} AS keys
           FROM (SELECT to_json(${applicationHostKeysSql('$2::uuid[]', '$3::uuid')})::text AS keys) AS h`,
        [candidate, hosts, org],
      );
      const keys = JSON.parse(json.keys) as string[];
      expect([...keys].sort()).toEqual([...expected].sort());
      expect(new Set(keys).size).toBe(keys.length);
    }
    // A round's grouped events: the candidate's own key made by the delivering instance from the
    // member key, then the opportunity's (as PostgreSQL writes them).
    for (const hosts of [[lead], [lead, co], [candidate, lead], [lead, lead]]) {
      const expected = applicationFollowerKeys({
        candidateId: candidate,
        hostUserIds: hosts,
        hostOrganisationId: org,
      });
      const [json]: { shared: string }[] = await t.dataSource.query(
        `SELECT to_json(${applicationHostKeysSql('$1::uuid[]', '$2::uuid')})::text AS shared`,
        [hosts, org],
      );
      const [event] = eventsOfItem({
        keys: JSON.parse(json.shared) as string[],
        payload: {},
        columns: { audience: { candidateId: [candidate] } },
        memberKey: APPLICATION_CANDIDATE_MEMBER_KEY,
      });
      const keys = [...(event as { keys: readonly string[] }).keys];
      expect([...keys].sort()).toEqual([...expected].sort());
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('stages a round’s status events, built in SQL as text, as the events the access policy keys and subscribers read', async () => {
    const co = await aSupervisor(t, 'LUMC');
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 5 });
    await t.dataSource.query(
      `INSERT INTO co_supervisions (opportunity_id, co_supervisor_id, status) VALUES ($1, $2, 'ACCEPTED')`,
      [opportunity.id, co.user.id],
    );
    const other = await anOpportunityRow(t, { leadSupervisorId: co.user.id, capacity: 5 });
    const specs = [
      { opportunity, status: ApplicationStatus.SUBMITTED, to: ApplicationStatus.OFFERED },
      { opportunity, status: ApplicationStatus.SUBMITTED, to: ApplicationStatus.REJECTED },
      { opportunity: other, status: ApplicationStatus.SHORTLISTED, to: ApplicationStatus.REJECTED },
    ];
    const changes: DecidedChange[] = [];
    for (const spec of specs) {
      const candidate = await aCandidate(t);
      const a = await anApplication(t, {
        opportunityId: spec.opportunity.id,
        candidateId: candidate.user.id,
        status: spec.status,
      });
      changes.push({
        applicationId: a.id,
        opportunityId: spec.opportunity.id,
        candidateId: candidate.user.id,
        event: spec.to === ApplicationStatus.OFFERED ? 'OFFER' : 'REJECT',
        from: spec.status,
        to: spec.to,
        responseDeadline: spec.to === ApplicationStatus.OFFERED ? new Date(Date.now() + 48 * HOUR) : null,
        reason: 'round Autumn',
      });
    }
    const at = new Date('2026-12-05T01:02:03.456Z');
    const rollback = new Error('rollback');
    let items: LiveEventItem[] = [];
    await expect(
      tx.run(async (em) => {
        expect(
          await transitions.recordDecided(em, ...packedChanges(changes), { round: 'Autumn', now: at }),
        ).toBe(3);
        const rows: { payload: string }[] = await em.query(
          `SELECT payload FROM outbox_events WHERE topic = 'applicationStatusChanged' ORDER BY id`,
        );
        const staged = rows.flatMap((r) => decodeLiveEvent<StoredBatch>(r.payload).$batch);
        // One item per opportunity, its changes as columns, each delivered as its own event.
        expect(
          staged.map((i) => ('columns' in i ? i.columns.change.applicationId.length : 0)).sort(),
        ).toEqual([1, 2]);
        items = staged.flatMap(eventsOfItem);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    const hostsOf = (id: string): string[] =>
      id === opportunity.id ? [host.user.id, co.user.id] : [co.user.id];
    const expected = changes.map((c) => {
      const audience = {
        candidateId: c.candidateId,
        hostUserIds: hostsOf(c.opportunityId),
        hostOrganisationId: opportunity.hostOrganisationId,
      };
      return {
        keys: applicationFollowerKeys(audience),
        payload: {
          audience,
          change: {
            applicationId: c.applicationId,
            opportunityId: c.opportunityId,
            from: c.from,
            to: c.to,
            at,
          },
        },
      };
    });
    type Item = { keys: string[]; payload: { change: { applicationId: string } } };
    const sorted = (list: Item[]) =>
      list
        .map((i) => ({ ...i, keys: [...i.keys].sort() }))
        .sort((x, y) => x.payload.change.applicationId.localeCompare(y.payload.change.applicationId));
    expect(sorted(items as unknown as Item[])).toEqual(sorted(expected));
  });

  describe('the history goes with its application (triggers, migration 1795940000000)', () => {
    const historyCount = async (ids: readonly string[]): Promise<number> =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM application_transitions WHERE application_id = ANY($1::uuid[])`,
          [ids],
        )
      )[0].n;

    async function threeApplications(): Promise<string[]> {
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const candidate = await aCandidate(t);
        const a = await anApplication(t, {
          opportunityId: opportunity.id,
          candidateId: candidate.user.id,
          status: ApplicationStatus.SUBMITTED,
        });
        ids.push(a.id);
      }
      return ids;
    }

    it('deletes the history of the applications a statement deletes, and only theirs', async () => {
      const [a, b, c] = await threeApplications();
      await tx.run((em) =>
        transitions.applyMany(em, [{ applicationId: a, event: 'REJECT', reason: 'closed' }], {
          kind: 'SYSTEM',
          userId: null,
        }),
      );
      expect(await historyCount([a, b, c])).toBe(4);
      await t.dataSource.query(`DELETE FROM applications WHERE id = ANY($1::uuid[])`, [[a, b]]);
      expect(await historyCount([a, b])).toBe(0);
      expect(await historyCount([c])).toBe(1);
    });

    it('deletes the history of applications deleted with their person (a cascade) and by TRUNCATE', async () => {
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const candidate = await aCandidate(t);
      const own = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
      const [other] = await threeApplications();
      await t.dataSource.query(`DELETE FROM users WHERE id = $1`, [candidate.user.id]);
      expect(await historyCount([own.id])).toBe(0);
      expect(await historyCount([other])).toBe(1);
      const runner = t.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.query(`TRUNCATE applications CASCADE`);
        const [row] = await runner.query(`SELECT count(*)::int AS n FROM application_transitions`);
        expect(row.n).toBe(0);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect(await historyCount([other])).toBe(1);
    });

    it('migration 1795940000000 goes down and up again with no drift (the foreign key back, then the triggers)', async () => {
      const migration = new ApplicationTransitionsCascade1795940000000();
      const runner = t.dataSource.createQueryRunner();
      const keys = async (): Promise<number> =>
        (
          await t.dataSource.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_constraint
              WHERE conrelid = 'application_transitions'::regclass AND contype = 'f'`,
          )
        )[0].n;
      try {
        await migration.down(runner);
        expect(await keys()).toBe(1);
        await migration.up(runner);
        expect(await keys()).toBe(0);
        const pending = await t.dataSource.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      } finally {
        await runner.release();
      }
    });
  });
});
