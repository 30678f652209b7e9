import { Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import { TransactionRunner } from '../../src/common/database/transaction';
import { LiveEvents } from '../../src/common/events/live-events';
import { Outbox } from '../../src/common/events/outbox';
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
    const status = collectTopic<{ change: { applicationId: string; to: string } }>(
      survivor,
      'applicationStatusChanged',
      [`user:${candidate.user.id}`],
    );
    expect((await doomed.gql(SHORTLIST, { id: applicationId }, host.token)).errors).toBeUndefined();
    await settle();
    expect(status.received.filter((e) => e.change.applicationId === applicationId)).toEqual([]);
    expect(await survivor.app.get(Outbox).pendingCount()).toBe(2);

    expect(await survivor.app.get(Outbox).deliverPending()).toBe(2);
    await until(() => status.received.some((e) => e.change.applicationId === applicationId));
    status.stop();
    expect(status.received.filter((e) => e.change.applicationId === applicationId)).toEqual([
      expect.objectContaining({ change: expect.objectContaining({ to: 'SHORTLISTED' }) }),
    ]);
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
    await until(() => status.received.some((e) => e.change.applicationId === applicationId));
    status.stop();
    expect(status.received.filter((e) => e.change.applicationId === applicationId)).toEqual([
      expect.objectContaining({ change: expect.objectContaining({ to: 'SHORTLISTED' }) }),
    ]);
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
