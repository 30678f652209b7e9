import { randomUUID } from 'crypto';
import { Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import { TransactionRunner } from '../../src/common/database/transaction';
import { NotificationJobs, NOTIFICATION_JOB_ATTEMPTS } from '../../src/notifications/notification-jobs';
import { NotificationsRetention } from '../../src/notifications/notifications.retention';
import { RoundRunsService } from '../../src/rounds/round-runs.service';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { CreatedUser } from '../factories/users.factory';
import { collect, wsClient } from '../utils/graphql-ws';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const RUN = `mutation($id: ID!) { runRound(id: $id, dryRun: false) { id } }`;
const SUBMIT_CHOICES = `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }`;
const MY_APPLICATIONS = `query { myApplications(first: 20) { opportunityId status } }`;
const MY_NOTIFICATIONS = `query { notifications(first: 50) { type message params { round title count } } }`;
const ERASE = `mutation($id: ID!, $reason: String!) { erasePerson(userId: $id, reason: $reason) { subjectId } }`;

interface Notice {
  type: string;
  message: string;
  params: { round: string | null; title: string | null; count: number | null };
}

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/**
 * Notices queued by a use case (`NotificationJobs`) and written after it commits: a round's
 * publication queues its announcements, a job writes them with their pushes, a job that fails is
 * tried again later and then kept as failed, erasure takes the person out of queued jobs. The
 * instance does no background work (BACKGROUND_WORK=off): the jobs run when the test says so.
 */
describe('notification jobs', () => {
  let t: TestApp;
  let hr: string;
  let admin: string;
  let jobs: NotificationJobs;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp({ seed: true, env: { BACKGROUND_WORK: 'off' } });
    hr = await t.login('hr@lumc.test');
    admin = await t.login('admin@talent-exchange.test');
    jobs = t.app.get(NotificationJobs);
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });
  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM notification_jobs');
  });

  const noticesOf = async (person: CreatedUser): Promise<Notice[]> =>
    dataOf(await t.gql<{ notifications: Notice[] }>(MY_NOTIFICATIONS, {}, person.token)).notifications;

  const queuedJobs = (): Promise<{ type: string; user_ids: string[]; messages: string[] | null }[]> =>
    t.dataSource.query('SELECT type, user_ids, messages FROM notification_jobs ORDER BY type');

  /** Queues `notices` in a use case's transaction (committed, as a use case's would be). */
  const queue = (...notices: Parameters<NotificationJobs['queue']>[1][]): Promise<void> =>
    t.app.get(TransactionRunner).run(async (em) => {
      for (const n of notices) await jobs.queue(em, n);
    });

  it('publishes a round with its notices queued, and writes them (with their pushes) once the job runs', async () => {
    const host = await aSupervisor(t, 'LUMC');
    const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1, title: 'Queued lab' });
    const round = await aRound(t, hr, { opportunityIds: [o.id], optimal: 'HOST' });
    const first = await aCandidate(t);
    const second = await aCandidate(t);
    for (const c of [first, second]) {
      dataOf(await t.gql(SUBMIT_CHOICES, { r: round.id, o: [o.id] }, c.token));
    }
    await closeRankingOf(t, round.id);
    dataOf(await t.gql(RUN, { id: round.id }, hr));
    const runs = t.app.get(RoundRunsService);
    const run = await runs.process((await runs.claim())!);
    expect(run.status).toBe('DONE');

    // Published: one offer out, and nobody told yet; the three announcements wait as jobs.
    const statuses = await Promise.all(
      [first, second].map(
        async (c) =>
          dataOf(await t.gql<{ myApplications: { status: string }[] }>(MY_APPLICATIONS, {}, c.token))
            .myApplications[0].status,
      ),
    );
    expect([...statuses].sort()).toEqual(['OFFERED', 'SUBMITTED']);
    const offered = statuses[0] === 'OFFERED' ? first : second;
    const waiting = offered === first ? second : first;
    expect(await noticesOf(offered)).toEqual([]);
    expect(await noticesOf(waiting)).toEqual([]);
    expect((await queuedJobs()).map((j) => [j.type, j.user_ids])).toEqual([
      ['ROUND_NOT_MATCHED', [waiting.user.id]],
      ['ROUND_OFFERS_SENT', [host.user.id]],
      ['ROUND_OUTCOME', [offered.user.id]],
    ]);

    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const client = wsClient(`ws://127.0.0.1:${port}/graphql`, offered.token);
    clients.push(client);
    const pushed = collect<{ notificationAdded: { type: string } }>(
      client,
      'subscription { notificationAdded { type } }',
    );
    await new Promise((r) => setTimeout(r, 300));

    expect(await jobs.processPending()).toBe(3);
    expect(await queuedJobs()).toEqual([]);
    expect(await noticesOf(offered)).toEqual([
      expect.objectContaining({
        type: 'ROUND_OUTCOME',
        params: expect.objectContaining({ title: 'Queued lab' }),
      }),
    ]);
    expect(await noticesOf(waiting)).toEqual([
      expect.objectContaining({
        type: 'ROUND_NOT_MATCHED',
        params: expect.objectContaining({ round: round.name }),
      }),
    ]);
    expect((await noticesOf(host)).filter((n) => n.type.startsWith('ROUND_'))).toEqual([
      expect.objectContaining({ type: 'ROUND_OFFERS_SENT', params: expect.objectContaining({ count: 1 }) }),
    ]);
    await pushed.waitFor(1);
    expect(pushed.events.map((e) => e.notificationAdded.type)).toEqual(['ROUND_OUTCOME']);
    pushed.dispose();
  });

  it('queues nothing when the use case rolls back', async () => {
    const person = await aCandidate(t);
    await expect(
      t.app.get(TransactionRunner).run(async (em) => {
        await jobs.queueShared(em, { type: 'ROUND_NOT_MATCHED', message: 'Never sent.' }, [person.user.id]);
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await queuedJobs()).toEqual([]);
    expect(await jobs.processPending()).toBe(0);
    expect(await noticesOf(person)).toEqual([]);
  });

  it('tries a failing job again later, writes none of it meanwhile, and keeps it as failed after the last attempt', async () => {
    const person = await aCandidate(t);
    const nobody = randomUUID(); // names no user: the notices' user check refuses the whole job
    await queue(
      {
        type: 'ROUND_NOT_MATCHED',
        userIds: [person.user.id, nobody],
        texts: { shared: { message: 'Bad job.', data: '{}' } },
      },
      {
        type: 'ROUND_NOT_MATCHED',
        userIds: [person.user.id],
        texts: { shared: { message: 'Good job.', data: '{}' } },
      },
    );
    // Both taken in one pass: the failed one does not hold up the other.
    expect(await jobs.processPending()).toBe(2);
    expect((await noticesOf(person)).map((n) => n.message)).toEqual(['Good job.']);
    const [failed]: { attempts: number; last_error: string; failed_at: Date | null }[] =
      await t.dataSource.query('SELECT attempts, available_at, last_error, failed_at FROM notification_jobs');
    expect(failed).toMatchObject({ attempts: 1, failed_at: null });
    expect(failed.last_error).toContain('foreign key');
    const [{ wait }]: { wait: number }[] = await t.dataSource.query(
      'SELECT extract(epoch FROM available_at - now()) AS wait FROM notification_jobs',
    );
    expect(Number(wait)).toBeGreaterThan(0.5); // a second after the failure
    // Not due yet: a pass leaves it.
    expect(await jobs.processPending()).toBe(0);

    for (let attempt = 2; attempt <= NOTIFICATION_JOB_ATTEMPTS; attempt++) {
      await t.dataSource.query("UPDATE notification_jobs SET available_at = now() - interval '1 second'");
      expect(await jobs.processPending()).toBe(1);
    }
    const [kept]: { attempts: number; failed_at: Date | null }[] = await t.dataSource.query(
      'SELECT attempts, failed_at FROM notification_jobs',
    );
    expect(kept.attempts).toBe(NOTIFICATION_JOB_ATTEMPTS);
    expect(kept.failed_at).not.toBeNull();
    await t.dataSource.query("UPDATE notification_jobs SET available_at = now() - interval '1 second'");
    expect(await jobs.processPending()).toBe(0);
    expect((await noticesOf(person)).map((n) => n.message)).toEqual(['Good job.']);

    // Retention counts and deletes it with the notifications of its age.
    const retention = t.app.get(NotificationsRetention);
    const future = new Date(Date.now() + 60_000);
    const counted = await retention.countBefore(future);
    const [{ n }]: { n: number }[] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM notifications WHERE created_at < $1',
      [future],
    );
    expect(counted).toBe(n + 1);
    await retention.deleteBefore(future);
    expect(await queuedJobs()).toEqual([]);
  });

  it('takes an erased person out of every queued job, the others’ notices kept with them', async () => {
    const erased = await aCandidate(t);
    const kept = await aCandidate(t);
    await queue(
      {
        type: 'ROUND_OFFERS_SENT',
        userIds: [erased.user.id, kept.user.id],
        texts: {
          each: {
            messages: [`For ${erased.user.id}.`, 'For the other.'],
            data: [JSON.stringify({ count: '1' }), JSON.stringify({ count: '2' })],
          },
        },
      },
      {
        type: 'ROUND_NOT_MATCHED',
        userIds: [kept.user.id, erased.user.id],
        texts: { shared: { message: 'Not matched.', data: '{"round":"R"}' } },
      },
    );
    dataOf(await t.gql(ERASE, { id: erased.user.id, reason: 'Asked to be forgotten' }, admin));

    const left = await queuedJobs();
    expect(left.map((j) => [j.type, j.user_ids, j.messages])).toEqual([
      ['ROUND_NOT_MATCHED', [kept.user.id], null],
      ['ROUND_OFFERS_SENT', [kept.user.id], ['For the other.']],
    ]);
    const [{ trace }]: { trace: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS trace FROM notification_jobs j WHERE row_to_json(j)::text LIKE '%' || $1 || '%'`,
      [erased.user.id],
    );
    expect(trace).toBe(0);

    expect(await jobs.processPending()).toBe(2);
    const notices = await noticesOf(kept);
    expect(notices.map((n) => [n.type, n.message]).sort()).toEqual([
      ['ROUND_NOT_MATCHED', 'Not matched.'],
      ['ROUND_OFFERS_SENT', 'For the other.'],
    ]);
    expect(notices.find((n) => n.type === 'ROUND_OFFERS_SENT')!.params.count).toBe(2);
    const [{ theirs }]: { theirs: number }[] = await t.dataSource.query(
      'SELECT count(*)::int AS theirs FROM notifications WHERE user_id = $1',
      [erased.user.id],
    );
    expect(theirs).toBe(0);
  });
});
