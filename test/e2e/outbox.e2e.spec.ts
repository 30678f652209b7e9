import { Client } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { TransactionRunner } from '../../src/common/database/transaction';
import { LiveEvents } from '../../src/common/events/live-events';
import { liveEventDateSql } from '../../src/common/events/live-event-codec';
import { Outbox } from '../../src/common/events/outbox';
import { OutboxRepository } from '../../src/common/events/outbox.repository';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { collect, settle, wsClient } from '../utils/graphql-ws';
import { createTestApp, TestApp } from '../utils/test-app';

const SUBMIT = `mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "Keen" }) { id } }`;
const SHORTLIST = 'mutation($id: ID!) { shortlistApplication(id: $id) { id } }';
const NOTIFICATIONS = 'query { notifications { type applicationId } }';
/** Only explicit calls publish what is left in the outbox: the tests decide when a poller runs. */
const NO_POLLING = { OUTBOX_POLL_INTERVAL_MS: '3600000' };

/** Collects what one instance's LiveEvents delivers on a topic. */
/** What one instance delivers on a topic (with keys: the events under those keys). */
function collectTopic<T>(app: TestApp, topic: string, keys?: string[]): { received: T[]; stop: () => void } {
  const live = app.app.get(LiveEvents);
  const iterator = keys ? live.subscribeKeys<T>(topic, keys) : live.subscribe<T>(topic);
  const received: T[] = [];
  const pump = (): void => {
    void iterator.next().then((r) => {
      if (r.done) return;
      received.push(r.value);
      pump();
    });
  };
  pump();
  return { received, stop: () => void iterator.return?.() };
}

async function until(check: () => boolean, timeoutMs = 5000, refresh?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await refresh?.();
  while (!check() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    await refresh?.();
  }
}

/**
 * Submits an application. Its own SUBMITTED event may still be on its way to this instance's
 * listener when this returns (the outbox's NOTIFY goes out with its delivery's commit, from another
 * connection): the tests below look for the shortlisting's event only.
 */
async function applied(t: TestApp, host: CreatedUser, candidate: CreatedUser): Promise<string> {
  const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, title: 'Outbox lab' });
  const res = await t.gql<{ submitApplication: { id: string } }>(
    SUBMIT,
    { o: opportunity.id },
    candidate.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.submitApplication.id;
}

/** Two API instances on one database: `survivor` owns it, `doomed` dies in the last test. */
describe('the outbox of live events', () => {
  let survivor: TestApp;
  let doomed: TestApp;
  let host: CreatedUser;
  const clients: Client[] = [];

  beforeAll(async () => {
    survivor = await createTestApp({ seed: true, env: NO_POLLING });
    doomed = await createTestApp({ sharedDatabase: survivor.db, env: NO_POLLING });
    await survivor.app.listen(0, '127.0.0.1');
    host = await aSupervisor(survivor, 'LUMC');
  }, 90_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await doomed?.close();
    await survivor?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  it('publishes a step’s events right after its commit and leaves nothing behind', async () => {
    const candidate = await aCandidate(survivor);
    const applicationId = await applied(survivor, host, candidate);
    // Notifications are keyed by their recipient; the push names the stored notification.
    const added = collectTopic<{ notificationId: string }>(survivor, 'notificationAdded', [
      candidate.user.id,
    ]);
    expect((await doomed.gql(SHORTLIST, { id: applicationId }, host.token)).errors).toBeUndefined();
    await until(() => added.received.length > 0);
    added.stop();
    const stored = await survivor.dataSource
      .getRepository(NotificationEntity)
      .findOneByOrFail({ userId: candidate.user.id, type: 'APPLICATION_SHORTLISTED' });
    expect(added.received).toEqual([{ notificationId: stored.id }]);
    expect(await survivor.app.get(Outbox).pendingCount()).toBe(0);
  });

  it('sends nothing for a use case that rolls back: no notification stored, no event published', async () => {
    const candidate = await aCandidate(survivor);
    const added = collectTopic<{ notificationId: string }>(survivor, 'notificationAdded', [
      candidate.user.id,
    ]);
    const notifications = survivor.app.get(NotificationsService);
    await expect(
      survivor.app.get(TransactionRunner).run(async (em) => {
        await notifications.record(em, [
          { userId: candidate.user.id, type: 'APPLICATION_OFFERED', message: 'You got it' },
        ]);
        throw new Error('the use case fails after writing its notification');
      }),
    ).rejects.toThrow('the use case fails');
    expect(await survivor.app.get(Outbox).pendingCount()).toBe(0);
    expect(await survivor.app.get(Outbox).deliverPending()).toBe(0);
    await settle();
    added.stop();
    expect(added.received).toEqual([]);
    expect(
      await survivor.dataSource.getRepository(NotificationEntity).countBy({ userId: candidate.user.id }),
    ).toBe(0);
  });

  it('keeps the events of a commit whose publish failed, and the poller publishes them', async () => {
    const candidate = await aCandidate(survivor);
    const applicationId = await applied(survivor, host, candidate);
    const live = doomed.app.get(LiveEvents);
    jest.spyOn(live, 'publish').mockRejectedValue(new Error('connection lost'));
    jest.spyOn(live, 'publishBatch').mockRejectedValue(new Error('connection lost'));
    jest.spyOn(live, 'publishStored').mockRejectedValue(new Error('connection lost'));
    const status = collectTopic<{ change: { applicationId: string; to: string } }>(
      survivor,
      'applicationStatusChanged',
      [`user:${candidate.user.id}`],
    );
    expect((await doomed.gql(SHORTLIST, { id: applicationId }, host.token)).errors).toBeUndefined();
    await settle();
    expect(
      status.received.filter(
        (e) => e.change.applicationId === applicationId && e.change.to === 'SHORTLISTED',
      ),
    ).toEqual([]);
    expect(await survivor.app.get(Outbox).pendingCount()).toBe(2);

    expect(await survivor.app.get(Outbox).deliverPending()).toBe(2);
    await until(() =>
      status.received.some((e) => e.change.applicationId === applicationId && e.change.to === 'SHORTLISTED'),
    );
    status.stop();
    expect(
      status.received.filter(
        (e) => e.change.applicationId === applicationId && e.change.to === 'SHORTLISTED',
      ),
    ).toEqual([expect.objectContaining({ change: expect.objectContaining({ to: 'SHORTLISTED' }) })]);
    expect(await survivor.app.get(Outbox).pendingCount()).toBe(0);
  });

  it('publishes each waiting event once when the pollers of several instances run at the same time', async () => {
    const outbox = doomed.app.get(Outbox);
    jest.spyOn(outbox, 'deliver').mockResolvedValue(0);
    const seen = collectTopic<{ n: number }>(survivor, 'outbox.test');
    await doomed.app.get(TransactionRunner).run((em) =>
      outbox.stage(
        em,
        Array.from({ length: 1200 }, (_, n) => ({ topic: 'outbox.test', payload: { n } })),
      ),
    );
    const [one, two] = await Promise.all([
      survivor.app.get(Outbox).deliverPending(),
      doomed.app.get(Outbox).deliverPending(),
    ]);
    expect(one + two).toBe(1200);
    await until(() => seen.received.length >= 1200, 15_000);
    await settle();
    seen.stop();
    expect(seen.received).toHaveLength(1200);
    expect(new Set(seen.received.map((e) => e.n)).size).toBe(1200);
  }, 30_000);

  it('loses nothing when an instance dies right after a commit: another instance’s poller publishes it', async () => {
    const candidate = await aCandidate(survivor);
    const applicationId = await applied(survivor, host, candidate);
    const { port } = survivor.app.getHttpServer().address() as AddressInfo;
    const client = wsClient(`ws://127.0.0.1:${port}/graphql`, candidate.token);
    clients.push(client);
    const pushed = collect<{ notificationAdded: { type: string; applicationId: string } }>(
      client,
      'subscription { notificationAdded { type applicationId } }',
    );
    await settle();
    // The instance commits and dies before its after-commit work runs.
    jest.spyOn(doomed.app.get(Outbox), 'deliver').mockResolvedValue(0);
    expect((await doomed.gql(SHORTLIST, { id: applicationId }, host.token)).errors).toBeUndefined();
    await doomed.close();
    doomed = undefined as unknown as TestApp;

    // The notification was stored with the commit; its push waits in the outbox.
    const stored = await survivor.gql<{ notifications: { type: string }[] }>(
      NOTIFICATIONS,
      {},
      candidate.token,
    );
    expect(stored.data?.notifications.map((n) => n.type)).toEqual(['APPLICATION_SHORTLISTED']);
    await settle();
    expect(pushed.events).toEqual([]);

    expect(await survivor.app.get(Outbox).deliverPending()).toBe(2);
    await pushed.waitFor(1);
    await settle();
    expect(pushed.errors).toEqual([]);
    expect(pushed.events).toEqual([
      { notificationAdded: { type: 'APPLICATION_SHORTLISTED', applicationId } },
    ]);
  });
});

describe('the outbox poller', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seed: true, env: { OUTBOX_POLL_INTERVAL_MS: '200' } });
  }, 60_000);
  afterAll(() => t?.close());

  it('runs on its own on every instance and publishes what a commit left behind', async () => {
    const host = await aSupervisor(t, 'LUMC');
    const candidate = await aCandidate(t);
    const applicationId = await applied(t, host, candidate);
    jest.spyOn(t.app.get(Outbox), 'deliver').mockResolvedValue(0);
    const status = collectTopic<{ change: { applicationId: string; to: string } }>(
      t,
      'applicationStatusChanged',
      [`user:${candidate.user.id}`],
    );
    expect((await t.gql(SHORTLIST, { id: applicationId }, host.token)).errors).toBeUndefined();
    await until(() =>
      status.received.some((e) => e.change.applicationId === applicationId && e.change.to === 'SHORTLISTED'),
    );
    status.stop();
    expect(
      status.received.filter(
        (e) => e.change.applicationId === applicationId && e.change.to === 'SHORTLISTED',
      ),
    ).toEqual([expect.objectContaining({ change: expect.objectContaining({ to: 'SHORTLISTED' }) })]);
    // Rows go once their publish is done (the pass commits after it).
    let pending = -1;
    const outbox = t.app.get(Outbox);
    await until(
      () => pending === 0,
      5000,
      async () => {
        pending = await outbox.pendingCount();
      },
    );
    expect(pending).toBe(0);
  });
});

/**
 * `n` keyed events built in SQL: `{ n, at }` under key u0, u1 or u2 (n % 3), or none (n % 7 = 6);
 * `at` is a time, written the way the codec reads it.
 */
function keyedEvents(n: number) {
  return {
    sql: `SELECT CASE WHEN g % 7 = 6 THEN NULL ELSE 'u' || (g % 3) END AS key,
                 json_build_object('n', g, 'at', ${liveEventDateSql(`timestamptz '2026-12-04 10:00:00.123Z'`)}) AS payload
            FROM generate_series(0, $1::int - 1) AS g ORDER BY g`,
    params: [n],
  };
}
const AT = new Date('2026-12-04T10:00:00.123Z');

describe('batches the outbox hands to PostgreSQL (two instances)', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp({ env: NO_POLLING });
    b = await createTestApp({ sharedDatabase: a.db, env: NO_POLLING });
  }, 90_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  const storedPayloads = async (): Promise<number> =>
    Number((await a.dataSource.query<{ c: string }[]>('SELECT count(*) AS c FROM live_event_payloads'))[0].c);

  it('a batch committed on A reaches the subscribers of its keys on B, in order, times intact, and A reads none of it', async () => {
    const read = jest.spyOn(a.app.get(OutboxRepository), 'read');
    const publishBatch = jest.spyOn(a.app.get(LiveEvents), 'publishBatch');
    const publish = jest.spyOn(a.app.get(LiveEvents), 'publish');
    const forU1 = collectTopic<{ n: number; at: Date; via?: string }>(b, 'sql.batch', ['u1']);
    const forU1AndU2 = collectTopic<{ n: number }>(b, 'sql.batch', ['u1', 'u2']);
    const unkeyed = collectTopic<{ n: number }>(b, 'sql.batch');
    const total = 2 * 1000 + 500;
    await settle();

    await a.app
      .get(TransactionRunner)
      .run((em) => a.app.get(Outbox).stageBatchFrom(em, 'sql.batch', keyedEvents(total), 'key'));

    const all = Array.from({ length: total }, (_, n) => n);
    const expectU1 = all.filter((n) => n % 7 !== 6 && n % 3 === 1);
    const expectU1U2 = all.filter((n) => n % 7 !== 6 && n % 3 !== 0);
    const expectUnkeyed = all.filter((n) => n % 7 === 6);
    await until(
      () =>
        forU1.received.length >= expectU1.length &&
        forU1AndU2.received.length >= expectU1U2.length &&
        unkeyed.received.length >= expectUnkeyed.length,
      15_000,
    );
    await settle();
    for (const s of [forU1, forU1AndU2, unkeyed]) s.stop();
    expect(forU1.received.map((e) => e.n)).toEqual(expectU1);
    expect(forU1AndU2.received.map((e) => e.n)).toEqual(expectU1U2);
    expect(unkeyed.received.map((e) => e.n)).toEqual(expectUnkeyed);
    expect(forU1.received[0]).toEqual({ n: 1, at: AT });
    expect(forU1.received[0].at).toBeInstanceOf(Date);
    // The publishing instance handed the rows over in SQL: it neither read nor sent them itself.
    expect(read).not.toHaveBeenCalled();
    expect(publishBatch).not.toHaveBeenCalled();
    expect(publish).not.toHaveBeenCalled();
    expect(await a.app.get(Outbox).pendingCount()).toBe(0);
  }, 30_000);

  it('a batch with several keys per event reaches each key’s subscribers on either instance, once per key', async () => {
    const onA = collectTopic<{ n: number; via: string }>(a, 'sql.keys', ['odd']);
    const onB = collectTopic<{ n: number; via: string }>(b, 'sql.keys', ['even', 'all']);
    await settle();
    await a.app.get(TransactionRunner).run((em) =>
      a.app.get(Outbox).stageBatchFrom(
        em,
        'sql.keys',
        {
          sql: `SELECT ARRAY[CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END, 'all'] AS keys,
                       json_build_object('n', g) AS payload
                  FROM generate_series(0, 1499) AS g ORDER BY g`,
          params: [],
        },
        'keys',
      ),
    );
    await until(() => onA.received.length >= 750 && onB.received.length >= 2250, 15_000);
    await settle();
    onA.stop();
    onB.stop();
    expect(onA.received).toEqual(Array.from({ length: 750 }, (_, i) => ({ n: 2 * i + 1, via: 'odd' })));
    // B follows two of each even event's keys: it gets both copies, each saying which key it came by.
    expect(onB.received.filter((e) => e.via === 'all').map((e) => e.n)).toEqual(
      Array.from({ length: 1500 }, (_, n) => n),
    );
    expect(onB.received.filter((e) => e.via === 'even').map((e) => e.n)).toEqual(
      Array.from({ length: 750 }, (_, i) => 2 * i),
    );
  }, 30_000);

  it('a small batch travels inside its notification, with nothing stored', async () => {
    const before = await storedPayloads();
    const onB = collectTopic<{ n: number; at: Date }>(b, 'sql.small', ['u0']);
    await settle();
    await a.app
      .get(TransactionRunner)
      .run((em) => a.app.get(Outbox).stageBatchFrom(em, 'sql.small', keyedEvents(5), 'key'));
    await until(() => onB.received.length >= 2);
    await settle();
    onB.stop();
    expect(onB.received).toEqual([
      { n: 0, at: AT },
      { n: 3, at: AT },
    ]);
    expect(await storedPayloads()).toBe(before);
  });

  it('a transaction that rolls back delivers nothing and stores nothing', async () => {
    const before = await storedPayloads();
    const onA = collectTopic<{ n: number }>(a, 'sql.rollback', ['u0', 'u1', 'u2']);
    const onB = collectTopic<{ n: number }>(b, 'sql.rollback', ['u0', 'u1', 'u2']);
    await settle();
    await expect(
      a.app.get(TransactionRunner).run(async (em) => {
        await a.app.get(Outbox).stageBatchFrom(em, 'sql.rollback', keyedEvents(3000), 'key');
        throw new Error('the use case fails after staging its events');
      }),
    ).rejects.toThrow('the use case fails');
    expect(await a.app.get(Outbox).deliverPending()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    onA.stop();
    onB.stop();
    expect(onA.received).toEqual([]);
    expect(onB.received).toEqual([]);
    expect(await storedPayloads()).toBe(before);
  });

  it('held rows wait for their release: not delivered or polled before, kept by a release rolled back, published once after one commits, gone when dropped', async () => {
    const outbox = a.app.get(Outbox);
    const tx = a.app.get(TransactionRunner);
    const onB = collectTopic<{ n: number }>(b, 'sql.held', ['u0']);
    const holder = randomUUID();
    const other = randomUUID();
    await settle();
    await tx.run(async (em) => {
      await outbox.stageBatchFrom(em, 'sql.held', keyedEvents(3000), 'key', { heldBy: holder });
      await outbox.stageBatchFrom(em, 'sql.held', keyedEvents(5), 'key', { heldBy: other });
    });
    // Committed, but held: neither instance's poller takes them.
    expect(await outbox.deliverPending()).toBe(0);
    expect(await b.app.get(Outbox).deliverPending()).toBe(0);
    expect(await outbox.pendingCount()).toBe(4);
    await expect(
      tx.run(async (em) => {
        expect(await outbox.release(em, holder)).toBe(3);
        throw new Error('the releasing transaction fails');
      }),
    ).rejects.toThrow('the releasing transaction fails');
    expect(await outbox.deliverPending()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.received).toEqual([]);

    // Released by a transaction that commits: published after it, in order, once.
    expect(await tx.run((em) => outbox.release(em, holder))).toBe(3);
    const expected = Array.from({ length: 3000 }, (_, n) => n).filter((n) => n % 7 !== 6 && n % 3 === 0);
    await until(() => onB.received.length >= expected.length);
    expect(await outbox.deliverPending()).toBe(0);
    expect(await tx.run((em) => outbox.release(em, holder))).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    expect(onB.received.map((e) => e.n)).toEqual(expected);

    // The other holder's row is dropped: never told (its events 0 and 3 would show above twice).
    expect(await outbox.pendingCount()).toBe(1);
    expect(await tx.run((em) => outbox.dropHeld(em, [other, holder]))).toBe(1);
    expect(await outbox.pendingCount()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    onB.stop();
    expect(onB.received).toHaveLength(expected.length);
  }, 30_000);

  it('a delivery that fails in PostgreSQL leaves the rows for the poller, which publishes them once', async () => {
    const onB = collectTopic<{ n: number }>(b, 'sql.retry', ['u0']);
    await settle();
    // The stored copy cannot be written: the delivery's transaction rolls back, nothing is sent.
    await a.dataSource.query('ALTER TABLE live_event_payloads RENAME TO live_event_payloads_away');
    try {
      await a.app
        .get(TransactionRunner)
        .run((em) => a.app.get(Outbox).stageBatchFrom(em, 'sql.retry', keyedEvents(3000), 'key'));
    } finally {
      await a.dataSource.query('ALTER TABLE live_event_payloads_away RENAME TO live_event_payloads');
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.received).toEqual([]);
    expect(await a.app.get(Outbox).pendingCount()).toBe(3);

    expect(await b.app.get(Outbox).deliverPending()).toBe(3);
    await until(() => onB.received.length >= 857);
    await settle();
    onB.stop();
    const expected = Array.from({ length: 3000 }, (_, n) => n).filter((n) => n % 7 !== 6 && n % 3 === 0);
    expect(onB.received.map((e) => e.n)).toEqual(expected);
    expect(await a.app.get(Outbox).pendingCount()).toBe(0);
  }, 30_000);

  it('with LIVE_EVENTS=memory, an instance publishes the batches it commits to its own subscribers', async () => {
    const c = await createTestApp({ sharedDatabase: a.db, env: { ...NO_POLLING, LIVE_EVENTS: 'memory' } });
    try {
      const onC = collectTopic<{ n: number; at: Date }>(c, 'sql.memory', ['u2']);
      const onB = collectTopic<{ n: number }>(b, 'sql.memory', ['u2']);
      await c.app
        .get(TransactionRunner)
        .run((em) => c.app.get(Outbox).stageBatchFrom(em, 'sql.memory', keyedEvents(1500), 'key'));
      const expected = Array.from({ length: 1500 }, (_, n) => n).filter((n) => n % 7 !== 6 && n % 3 === 2);
      await until(() => onC.received.length >= expected.length);
      await settle();
      onC.stop();
      onB.stop();
      expect(onC.received.map((e) => e.n)).toEqual(expected);
      expect(onC.received[0].at).toEqual(AT);
      expect(onB.received).toEqual([]);
      expect(await c.app.get(Outbox).pendingCount()).toBe(0);
    } finally {
      await c.close();
    }
  }, 60_000);
});
