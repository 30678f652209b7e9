import { SchedulerRegistry } from '@nestjs/schedule';
import { Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { LIVE_EVENT_BATCH, LiveEventColumns, LiveEvents } from '../../src/common/events/live-events';
import {
  INLINE_PAYLOAD_LIMIT,
  LIVE_EVENTS_APPLICATION_NAME,
  LIVE_EVENTS_CHANNEL,
  PgLiveEvents,
} from '../../src/common/events/pg-live-events';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound } from '../factories/rounds.factory';
import { CreatedUser } from '../factories/users.factory';
import { collect, settle, wsClient } from '../utils/graphql-ws';
import { createTestApp, TestApp } from '../utils/test-app';

const SUBMIT = `mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "Keen" }) { id } }`;
const SHORTLIST = 'mutation($id: ID!) { shortlistApplication(id: $id) { id } }';
const RUN = 'mutation($id: ID!) { runRound(id: $id, dryRun: true) { id status } }';

/** Two API instances on one database, as behind a load balancer. */
describe('live events across API instances (PostgreSQL LISTEN/NOTIFY)', () => {
  let a: TestApp;
  let b: TestApp;
  let urlB: string;
  let host: CreatedUser;
  const clients: Client[] = [];

  beforeAll(async () => {
    a = await createTestApp({ seed: true });
    b = await createTestApp({ sharedDatabase: a.db });
    // Instance B never works on runs itself: whatever it pushes about them came from A.
    const scheduler = b.app.get(SchedulerRegistry);
    for (const name of scheduler.getIntervals()) scheduler.deleteInterval(name);
    await b.app.listen(0, '127.0.0.1');
    urlB = `ws://127.0.0.1:${(b.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    host = await aSupervisor(a, 'LUMC');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await b.close();
    await a.close();
  });

  function subscribeOnB<T>(token: string, query: string, variables: Record<string, unknown> = {}) {
    const client = wsClient(urlB, token);
    clients.push(client);
    return collect<T>(client, query, variables);
  }

  /** Collects what one instance's LiveEvents delivers on a topic. */
  function collectTopic(
    app: TestApp,
    topic: string,
    keys?: string[],
  ): { received: unknown[]; stop: () => void } {
    const live = app.app.get(LiveEvents);
    const iterator = keys ? live.subscribeKeys<unknown>(topic, keys) : live.subscribe<unknown>(topic);
    const received: unknown[] = [];
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

  async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  }

  it('pushes a status change made on instance A to the candidate connected to instance B, and to nobody else', async () => {
    const candidate = await aCandidate(a);
    const bystander = await aCandidate(a);
    const opportunity = await anOpportunityRow(a, { leadSupervisorId: host.user.id, title: 'Two-node lab' });
    const submitted = await a.gql<{ submitApplication: { id: string } }>(
      SUBMIT,
      { o: opportunity.id },
      candidate.token,
    );
    const applicationId = submitted.data!.submitApplication.id;
    const notifications = subscribeOnB<{ notificationAdded: { type: string; message: string } }>(
      candidate.token,
      'subscription { notificationAdded { type message applicationId } }',
    );
    const status = subscribeOnB<{ applicationStatusChanged: { from: string; to: string; at: string } }>(
      candidate.token,
      'subscription($id: ID) { applicationStatusChanged(applicationId: $id) { applicationId from to at } }',
      { id: applicationId },
    );
    const theirs = subscribeOnB(bystander.token, 'subscription { notificationAdded { id } }');
    await settle();

    const before = Date.now();
    expect((await a.gql(SHORTLIST, { id: applicationId }, host.token)).errors).toBeUndefined();
    await notifications.waitFor(1);
    await status.waitFor(1);

    expect(notifications.errors).toEqual([]);
    expect(notifications.events.map((e) => e.notificationAdded)).toEqual([
      expect.objectContaining({ type: 'APPLICATION_SHORTLISTED', applicationId }),
    ]);
    expect(notifications.events[0].notificationAdded.message).toContain('Two-node lab');
    expect(status.errors).toEqual([]);
    expect(status.events.map((e) => e.applicationStatusChanged)).toEqual([
      expect.objectContaining({ applicationId, from: 'SUBMITTED', to: 'SHORTLISTED' }),
    ]);
    // The time of the change crosses the wire as a time, not as whatever JSON made of it.
    const at = Date.parse(status.events[0].applicationStatusChanged.at);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    await theirs.waitFor(1, 500);
    expect(theirs.events).toEqual([]);
  });

  it('pushes QUEUED, RUNNING and DONE of a run that instance A works on to HR connected to instance B', async () => {
    const hr = await a.login('hr@lumc.test');
    const opportunity = await anOpportunityRow(a, { leadSupervisorId: host.user.id });
    const round = await aRound(a, hr, { opportunityIds: [opportunity.id] });
    const runs = subscribeOnB<{
      roundRunUpdated: { id: string; status: string; stable: boolean | null; assignment: unknown[] | null };
    }>(
      hr,
      'subscription($r: ID!) { roundRunUpdated(roundId: $r) { id status stable assignment { candidateId } } }',
      { r: round.id },
    );
    const raw = collectTopic(b, 'roundRunUpdated', [round.id]);
    await settle();

    const run = await a.gql<{ runRound: { id: string } }>(RUN, { id: round.id }, hr);
    expect(run.errors).toBeUndefined();
    await a.app.get(RoundWorker).processPending();
    await runs.waitFor(3);
    raw.stop();

    expect(runs.errors).toEqual([]);
    // The assignment is read when each event reaches the socket: none before the run is done.
    expect(runs.events.map((e) => e.roundRunUpdated)).toEqual([
      { id: run.data!.runRound.id, status: 'QUEUED', stable: null, assignment: null },
      { id: run.data!.runRound.id, status: 'RUNNING', stable: null, assignment: null },
      { id: run.data!.runRound.id, status: 'DONE', stable: true, assignment: [] },
    ]);
    // What travelled between the instances: the run's status, not its input or assignment.
    expect(raw.received).toHaveLength(3);
    for (const event of raw.received as { run: Record<string, unknown> }[]) {
      expect(event.run).toMatchObject({ id: run.data!.runRound.id });
      expect(event.run).not.toHaveProperty('input');
      expect(event.run).not.toHaveProperty('assignment');
    }
  });

  it('carries an event bigger than a PostgreSQL notification intact, dates included, in publish order', async () => {
    const onB = collectTopic(b, 'probe');
    const onA = collectTopic(a, 'probe');
    const at = new Date('2026-11-25T10:00:00.123Z');
    const big = { n: 2, at, text: 'é'.repeat(INLINE_PAYLOAD_LIMIT), nested: [{ at }] };
    const events = [{ n: 1, at }, big, { n: 3, at: null }];
    for (const event of events) await a.app.get(LiveEvents).publish('probe', event);

    await until(() => onB.received.length === 3 && onA.received.length === 3);
    expect(onB.received).toEqual(events);
    expect(onA.received).toEqual(events);
    expect((onB.received[1] as typeof big).nested[0].at).toBeInstanceOf(Date);
    // The big one went through the table, which keeps it only briefly.
    const [{ count }] = await a.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM live_event_payloads',
    );
    expect(Number(count)).toBe(1);
    onA.stop();
    onB.stop();
  });

  it('sends a batch as one notification per LIVE_EVENT_BATCH events, each event to the subscribers of its key only', async () => {
    const listener = new PgClient({ connectionString: a.db.url });
    await listener.connect();
    let notifications = 0;
    listener.on('notification', (m) => {
      if (m.channel === LIVE_EVENTS_CHANNEL) notifications += 1;
    });
    await listener.query(`LISTEN ${LIVE_EVENTS_CHANNEL}`);
    const keyed = (app: TestApp, keys: string[]) => {
      const iterator = app.app.get(LiveEvents).subscribeKeys<{ n: number }>('batch-probe', keys);
      const received: number[] = [];
      const pump = (): void => {
        void iterator.next().then((r) => {
          if (r.done) return;
          received.push(r.value.n);
          pump();
        });
      };
      pump();
      return { received, stop: () => void iterator.return?.() };
    };
    const onBForU1 = keyed(b, ['u1']);
    const onBForU2 = keyed(b, ['u2']);
    const onAForBoth = keyed(a, ['u1', 'u2']);
    const total = 2 * LIVE_EVENT_BATCH + 500;
    const items = Array.from({ length: total }, (_, n) => ({
      key: n % 3 === 0 ? 'u2' : 'u1',
      payload: { n },
    }));
    await a.app.get(LiveEvents).publishBatch('batch-probe', items);

    await until(() => onBForU1.received.length + onBForU2.received.length === total);
    await until(() => onAForBoth.received.length === total);
    expect(onBForU2.received).toEqual(items.filter((i) => i.key === 'u2').map((i) => i.payload.n));
    expect(onBForU1.received).toEqual(items.filter((i) => i.key === 'u1').map((i) => i.payload.n));
    expect(onAForBoth.received).toHaveLength(total);
    await until(() => notifications === 3);
    expect(notifications).toBe(3);
    for (const s of [onBForU1, onBForU2, onAForBoth]) s.stop();
    await listener.end();
  });

  it('delivers a columns item stored by reference to the subscribers of its members’ and shared keys only', async () => {
    const keyed = (app: TestApp, keys: string[]) => {
      const iterator = app.app
        .get(LiveEvents)
        .subscribeKeys<{ m: { c: string }; via: string }>('cols-probe', keys);
      const received: string[] = [];
      const pump = (): void => {
        void iterator.next().then((r) => {
          if (r.done) return;
          received.push(`${r.value.m.c} via ${r.value.via}`);
          pump();
        });
      };
      pump();
      return { received, stop: () => void iterator.return?.() };
    };
    const onBForC7 = keyed(b, ['u:candidate-7', 'u:none']);
    const onBForNobody = keyed(b, ['u:none']);
    const onAForHr = keyed(a, ['hr']);
    const candidates = Array.from({ length: 1000 }, (_, n) => `candidate-${n}`);
    const item: LiveEventColumns = {
      keys: ['u:candidate-9', 'hr'],
      payload: { shared: 1, m: { o: 'o1' } },
      columns: { m: { c: candidates } },
      memberKey: { prefix: 'u:', of: ['m', 'c'] },
    };
    // Over a notification's size: it travels by reference and B's database filter picks it by key.
    expect(JSON.stringify({ $batch: [item] }).length).toBeGreaterThan(INLINE_PAYLOAD_LIMIT);
    await a.app.get(LiveEvents).publishBatch('cols-probe', [item]);

    await until(() => onAForHr.received.length === candidates.length && onBForC7.received.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(onBForC7.received).toEqual(['candidate-7 via u:candidate-7']);
    expect(onBForNobody.received).toEqual([]);
    expect(onAForHr.received).toEqual(candidates.map((c) => `${c} via hr`));
    for (const s of [onBForC7, onBForNobody, onAForHr]) s.stop();
  });

  it('reconnects after the database drops its connections, and delivers again', async () => {
    const liveA = a.app.get(LiveEvents) as PgLiveEvents;
    const liveB = b.app.get(LiveEvents) as PgLiveEvents;
    expect(liveA.listening && liveB.listening).toBe(true);
    const killed = await a.dataSource.query<unknown[]>(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database()`,
      [LIVE_EVENTS_APPLICATION_NAME],
    );
    expect(killed).toHaveLength(2);
    await until(() => !liveA.listening && !liveB.listening, 2000);
    await until(() => liveA.listening && liveB.listening, 10_000);
    expect(liveA.listening && liveB.listening).toBe(true);

    const onB = collectTopic(b, 'after-reconnect');
    await a.app.get(LiveEvents).publish('after-reconnect', { ok: true });
    await until(() => onB.received.length === 1);
    expect(onB.received).toEqual([{ ok: true }]);
    onB.stop();
  });

  it('when a publish fails, still reaches the publishing instance’s subscribers, and starts a new connection', async () => {
    const liveA = a.app.get(LiveEvents) as PgLiveEvents;
    const onA = collectTopic(a, 'failing');
    const onB = collectTopic(b, 'failing');
    const pidOf = async (): Promise<number[]> =>
      (
        await a.dataSource.query<{ pid: number }[]>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
          [LIVE_EVENTS_APPLICATION_NAME],
        )
      ).map((r) => r.pid);
    const before = await pidOf();
    // A big event needs the payload table: without it the publish fails.
    await a.dataSource.query('ALTER TABLE live_event_payloads RENAME TO live_event_payloads_away');
    try {
      await liveA.publish('failing', { text: 'x'.repeat(INLINE_PAYLOAD_LIMIT + 1) });
    } finally {
      await a.dataSource.query('ALTER TABLE live_event_payloads_away RENAME TO live_event_payloads');
    }
    await until(() => onA.received.length === 1);
    expect(onA.received).toHaveLength(1);
    let after = await pidOf();
    for (let i = 0; i < 100 && !(liveA.listening && after.some((pid) => !before.includes(pid))); i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await pidOf();
    }
    expect(liveA.listening).toBe(true);
    expect(after).toHaveLength(2);
    expect(after.filter((pid) => !before.includes(pid))).toHaveLength(1); // A's new connection
    await new Promise((r) => setTimeout(r, 200));
    expect(onB.received).toEqual([]);
    onA.stop();
    onB.stop();
  });

  it('keeps events in the process with LIVE_EVENTS=memory, without a listening connection', async () => {
    const c = await createTestApp({ sharedDatabase: a.db, env: { LIVE_EVENTS: 'memory' } });
    try {
      const onC = collectTopic(c, 'local');
      const onB = collectTopic(b, 'local');
      await c.app.get(LiveEvents).publish('local', { from: 'c' });
      await until(() => onC.received.length === 1);
      expect(onC.received).toEqual([{ from: 'c' }]);
      await new Promise((r) => setTimeout(r, 300));
      expect(onB.received).toEqual([]);
      const listeners = await a.dataSource.query<unknown[]>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [LIVE_EVENTS_APPLICATION_NAME],
      );
      expect(listeners).toHaveLength(2); // A and B only
      onC.stop();
      onB.stop();
    } finally {
      await c.close();
    }
  });
});
