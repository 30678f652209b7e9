import { AddressInfo } from 'node:net';
import { Client } from 'graphql-ws';
import { JwtService } from '@nestjs/jwt';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { LiveEvents } from '../../src/common/events/live-events';
import { UserRole } from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { collect, settle, wsClient } from '../utils/graphql-ws';
import { createTestApp, TestApp } from '../utils/test-app';

const HOUR = 3600_000;

const SUBMIT = `mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "Keen" }) { id } }`;
const SHORTLIST = 'mutation($id: ID!) { shortlistApplication(id: $id) { id } }';
const OFFER = 'mutation($id: ID!, $d: DateTime!) { offerApplication(id: $id, responseDeadline: $d) { id } }';
const ACCEPT = 'mutation($id: ID!) { acceptOffer(id: $id) { id } }';
const REJECT = 'mutation($id: ID!, $r: String) { rejectApplication(id: $id, reason: $r) { id } }';
const NOTIFICATIONS = `query($u: Boolean, $f: Int) { notifications(unreadOnly: $u, first: $f) {
  id type message applicationId opportunityId read readAt createdAt
  params { title reason responseDeadline round count } } }`;

interface Notification {
  id: string;
  type: string;
  message: string;
  applicationId: string | null;
  opportunityId: string | null;
  read: boolean;
  readAt: string | null;
  params: {
    title: string | null;
    reason: string | null;
    responseDeadline: string | null;
    round: string | null;
    count: number | null;
  };
}

describe('notifications', () => {
  let t: TestApp;
  let host: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
  }, 60_000);
  afterAll(() => t.close());

  async function notificationsOf(token: string, vars: { u?: boolean; f?: number } = {}) {
    const res = await t.gql<{ notifications: Notification[] }>(NOTIFICATIONS, vars, token);
    expect(res.errors).toBeUndefined();
    return res.data!.notifications;
  }

  async function apply(candidate: CreatedUser, title = 'Notified internship') {
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, title });
    const res = await t.gql<{ submitApplication: { id: string } }>(
      SUBMIT,
      { o: opportunity.id },
      candidate.token,
    );
    expect(res.errors).toBeUndefined();
    return { opportunity, applicationId: res.data!.submitApplication.id };
  }

  it('tells the candidate and the host about each step of their application, newest first', async () => {
    const candidate = await aCandidate(t);
    const { opportunity, applicationId } = await apply(candidate, 'Immunology summer lab');
    await t.gql(SHORTLIST, { id: applicationId }, host.token);
    await t.gql(OFFER, { id: applicationId, d: new Date(Date.now() + 24 * HOUR).toISOString() }, host.token);
    await t.gql(ACCEPT, { id: applicationId }, candidate.token);

    const mine = await notificationsOf(candidate.token);
    expect(mine.map((n) => n.type)).toEqual([
      'APPLICATION_ACCEPTANCE_CONFIRMED',
      'APPLICATION_OFFERED',
      'APPLICATION_SHORTLISTED',
    ]);
    for (const n of mine) {
      expect(n).toMatchObject({ applicationId, opportunityId: opportunity.id, read: false, readAt: null });
      expect(n.message).toContain('Immunology summer lab');
    }
    const hosts = (await notificationsOf(host.token)).filter((n) => n.applicationId === applicationId);
    expect(hosts.map((n) => n.type)).toEqual(['APPLICATION_ACCEPTED', 'APPLICATION_SUBMITTED']);
  });

  it('gives the facts of each text as params, so a client writes it in its own language', async () => {
    const candidate = await aCandidate(t);
    const { opportunity, applicationId } = await apply(candidate, 'Proteomics bench week');
    await t.gql(SHORTLIST, { id: applicationId }, host.token);
    const deadline = new Date(Date.now() + 24 * HOUR);
    await t.gql(OFFER, { id: applicationId, d: deadline.toISOString() }, host.token);
    const [offered, shortlisted] = await notificationsOf(candidate.token, { f: 2 });
    expect(offered.type).toBe('APPLICATION_OFFERED');
    expect(offered.params).toEqual({
      title: opportunity.title,
      reason: null,
      responseDeadline: deadline.toISOString(),
      round: null,
      count: null,
    });
    expect(shortlisted.params).toMatchObject({ title: opportunity.title, responseDeadline: null });
  });

  it('tells the candidate the reason of a rejection', async () => {
    const candidate = await aCandidate(t);
    const { applicationId } = await apply(candidate);
    await t.gql(REJECT, { id: applicationId, r: 'All places went to PhD candidates' }, host.token);
    const [latest] = await notificationsOf(candidate.token, { f: 1 });
    expect(latest.type).toBe('APPLICATION_REJECTED');
    expect(latest.message).toContain('All places went to PhD candidates');
    expect(latest.params).toMatchObject({ reason: 'All places went to PhD candidates' });
  });

  it('filters unread ones, limits with first, marks one read and then all', async () => {
    const candidate = await aCandidate(t);
    const { applicationId } = await apply(candidate);
    await t.gql(SHORTLIST, { id: applicationId }, host.token);
    await t.gql(OFFER, { id: applicationId, d: new Date(Date.now() + HOUR).toISOString() }, host.token);
    const [newest, older] = await notificationsOf(candidate.token);
    expect(await notificationsOf(candidate.token, { f: 1 })).toHaveLength(1);

    const marked = await t.gql<{ markNotificationRead: Notification }>(
      'mutation($id: ID!) { markNotificationRead(id: $id) { id read readAt } }',
      { id: older.id },
      candidate.token,
    );
    expect(marked.data?.markNotificationRead).toMatchObject({ id: older.id, read: true });
    expect(marked.data?.markNotificationRead.readAt).not.toBeNull();
    expect((await notificationsOf(candidate.token, { u: true })).map((n) => n.id)).toEqual([newest.id]);

    const all = await t.gql<{ markAllNotificationsRead: number }>(
      'mutation { markAllNotificationsRead }',
      {},
      candidate.token,
    );
    expect(all.data?.markAllNotificationsRead).toBe(1);
    expect(await notificationsOf(candidate.token, { u: true })).toEqual([]);
    expect(await notificationsOf(candidate.token)).toHaveLength(2);
  });

  it('answers NOT_FOUND when someone marks another person’s notification read', async () => {
    const candidate = await aCandidate(t);
    const other = await aCandidate(t);
    const { applicationId } = await apply(candidate);
    await t.gql(SHORTLIST, { id: applicationId }, host.token);
    const [n] = await notificationsOf(candidate.token);
    const res = await t.gql(
      'mutation($id: ID!) { markNotificationRead(id: $id) { id } }',
      { id: n.id },
      other.token,
    );
    expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await notificationsOf(candidate.token))[0].read).toBe(false);
  });

  describe('live over graphql-ws', () => {
    let url: string;
    const clients: Client[] = [];

    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      url = `ws://127.0.0.1:${port}/graphql`;
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.dispose()));
    });

    function connect(token?: string): Client {
      const client = wsClient(url, token);
      clients.push(client);
      return client;
    }

    it('pushes notificationAdded and applicationStatusChanged to the candidate whose application changes, and not to others', async () => {
      const candidate = await aCandidate(t);
      const bystander = await aCandidate(t);
      const { applicationId } = await apply(candidate, 'Live lab');
      const mine = collect<{ notificationAdded: Notification }>(
        connect(candidate.token),
        'subscription { notificationAdded { id type message applicationId } }',
      );
      const status = collect<{
        applicationStatusChanged: { applicationId: string; from: string; to: string };
      }>(
        connect(candidate.token),
        'subscription($id: ID) { applicationStatusChanged(applicationId: $id) { applicationId from to at } }',
        { id: applicationId },
      );
      const theirs = collect<{ notificationAdded: Notification }>(
        connect(bystander.token),
        'subscription { notificationAdded { id } }',
      );
      await settle();

      await t.gql(SHORTLIST, { id: applicationId }, host.token);
      await mine.waitFor(1);
      await status.waitFor(1);

      expect(mine.errors).toEqual([]);
      expect(mine.events).toHaveLength(1);
      expect(mine.events[0].notificationAdded).toMatchObject({
        type: 'APPLICATION_SHORTLISTED',
        applicationId,
      });
      expect(mine.events[0].notificationAdded.message).toContain('Live lab');
      expect(status.errors).toEqual([]);
      expect(status.events.map((e) => e.applicationStatusChanged)).toEqual([
        expect.objectContaining({ applicationId, from: 'SUBMITTED', to: 'SHORTLISTED' }),
      ]);
      await theirs.waitFor(1, 500);
      expect(theirs.events).toEqual([]);
      mine.dispose();
      status.dispose();
      theirs.dispose();
    });

    it('keys a status change to its audience: each follower gets it once, other sockets never see it', async () => {
      // The lead supervisor is HR of the host too: two of the event's keys, one delivery.
      const leadAndHr = await aUser(t, { roles: [UserRole.SUPERVISOR, UserRole.HR], organisation: 'LUMC' });
      const opportunity = await anOpportunityRow(t, {
        leadSupervisorId: leadAndHr.user.id,
        title: 'Keyed lab',
      });
      const candidate = await aCandidate(t);
      const submitted = await t.gql<{ submitApplication: { id: string } }>(
        SUBMIT,
        { o: opportunity.id },
        candidate.token,
      );
      const applicationId = submitted.data!.submitApplication.id;
      const STATUS = 'subscription { applicationStatusChanged { applicationId to } }';
      type Change = { applicationStatusChanged: { applicationId: string; to: string } };
      const followers = {
        candidate: candidate.token,
        leadAndHr: leadAndHr.token,
        hr: await t.login('hr@lumc.test'),
        admin: await t.login('admin@talent-exchange.test'),
      };
      const outsiders = {
        otherHr: await t.login('hr@janssen.test'),
        otherCandidate: (await aCandidate(t)).token,
      };
      const subs = Object.fromEntries(
        Object.entries({ ...followers, ...outsiders }).map(([who, token]) => [
          who,
          collect<Change>(connect(token), STATUS),
        ]),
      );
      // What a socket that filters every change would see: the topic's unkeyed events.
      const broadcast: unknown[] = [];
      const all = t.app.get(LiveEvents).subscribe('applicationStatusChanged');
      void (async () => {
        for await (const event of all) broadcast.push(event);
      })();
      await settle();

      expect((await t.gql(SHORTLIST, { id: applicationId }, leadAndHr.token)).errors).toBeUndefined();
      for (const who of Object.keys(followers)) await subs[who].waitFor(1);
      await new Promise((r) => setTimeout(r, 500));

      for (const who of Object.keys(followers)) {
        expect([who, subs[who].errors]).toEqual([who, []]);
        expect([who, subs[who].events.map((e) => e.applicationStatusChanged)]).toEqual([
          who,
          [{ applicationId, to: 'SHORTLISTED' }],
        ]);
      }
      for (const who of Object.keys(outsiders)) expect([who, subs[who].events]).toEqual([who, []]);
      expect(broadcast).toEqual([]);
      await all.return?.();
      for (const sub of Object.values(subs)) sub.dispose();
    });

    it('pushes a round’s outcome: one notificationAdded per candidate, each status change once to each follower', async () => {
      const leadAndHr = await aUser(t, { roles: [UserRole.SUPERVISOR, UserRole.HR], organisation: 'LUMC' });
      const first = await anOpportunityRow(t, { leadSupervisorId: leadAndHr.user.id, title: 'Round lab 1' });
      const second = await anOpportunityRow(t, { leadSupervisorId: leadAndHr.user.id, title: 'Round lab 2' });
      const hr = await t.login('hr@lumc.test');
      const round = await aRound(t, hr, { name: 'Live round', opportunityIds: [first.id, second.id] });
      const candidate = await aCandidate(t);
      const choices = await t.gql(
        `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }`,
        { r: round.id, o: [first.id, second.id] },
        candidate.token,
      );
      expect(choices.errors).toBeUndefined();
      await closeRankingOf(t, round.id);
      type Change = { applicationStatusChanged: { applicationId: string; from: string; to: string } };
      const STATUS = 'subscription { applicationStatusChanged { applicationId from to } }';
      const followers = {
        candidate: candidate.token,
        leadAndHr: leadAndHr.token,
        hr,
        admin: await t.login('admin@talent-exchange.test'),
      };
      const changes = Object.fromEntries(
        Object.entries({ ...followers, otherHr: await t.login('hr@janssen.test') }).map(([who, token]) => [
          who,
          collect<Change>(connect(token), STATUS),
        ]),
      );
      const added = collect<{ notificationAdded: Notification }>(
        connect(candidate.token),
        'subscription { notificationAdded { id type message applicationId opportunityId } }',
      );
      await settle();

      const run = await t.gql<{ runRound: { id: string } }>(
        `mutation($id: ID!) { runRound(id: $id, dryRun: false, seed: 1) { id } }`,
        { id: round.id },
        hr,
      );
      expect(run.errors).toBeUndefined();
      await t.app.get(RoundWorker).processPending();
      await added.waitFor(1);
      for (const who of Object.keys(followers)) await changes[who].waitFor(2);
      await new Promise((r) => setTimeout(r, 500));

      expect(added.errors).toEqual([]);
      expect(added.events.map((e) => e.notificationAdded)).toEqual([
        expect.objectContaining({ type: 'ROUND_OUTCOME', opportunityId: first.id }),
      ]);
      expect(added.events[0].notificationAdded.message).toContain('"Round lab 2"');
      for (const who of Object.keys(followers)) {
        expect([who, changes[who].errors]).toEqual([who, []]);
        expect([who, changes[who].events.map((e) => e.applicationStatusChanged.to).sort()]).toEqual([
          who,
          ['OFFERED', 'REJECTED'],
        ]);
      }
      expect(changes.otherHr.events).toEqual([]);
      added.dispose();
      for (const sub of Object.values(changes)) sub.dispose();
    });

    it('answers NOT_FOUND when subscribing to the status of someone else’s application', async () => {
      const candidate = await aCandidate(t);
      const other = await aCandidate(t);
      const { applicationId } = await apply(candidate);
      const sub = collect(
        connect(other.token),
        'subscription($id: ID) { applicationStatusChanged(applicationId: $id) { to } }',
        { id: applicationId },
      );
      await sub.waitFor(1, 2000);
      expect(sub.events).toEqual([]);
      expect(JSON.stringify(sub.errors)).toContain('NOT_FOUND');
    });

    it('holds subscriptions to the same alias limit as queries', async () => {
      const candidate = await aCandidate(t);
      const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: id`).join(' ');
      const sub = collect(connect(candidate.token), `subscription { notificationAdded { ${aliases} } }`);
      await sub.waitFor(1, 2000);
      expect(sub.events).toEqual([]);
      expect(JSON.stringify(sub.errors)).toContain('TOO_MANY_ALIASES');
    });

    it('serves a socket while its token is valid and closes it with 4401 when the token expires', async () => {
      const candidate = await aCandidate(t);
      const { applicationId } = await apply(candidate, 'Short-lived socket');
      const token = await t.app.get(JwtService).signAsync({ sub: candidate.user.id }, { expiresIn: 2 });
      const sub = collect<{ notificationAdded: Notification }>(
        connect(token),
        'subscription { notificationAdded { type } }',
      );
      await settle();
      await t.gql(SHORTLIST, { id: applicationId }, host.token);
      await sub.waitFor(1);
      expect(sub.events).toEqual([{ notificationAdded: { type: 'APPLICATION_SHORTLISTED' } }]);
      expect(sub.errors).toEqual([]);

      await sub.waitFor(2, 4000); // stops at the close
      expect(sub.errors).toHaveLength(1);
      expect((sub.errors[0] as { code?: number }).code).toBe(4401);
    });

    it('refuses a connection without a valid token', async () => {
      for (const token of [undefined, 'not-a-jwt']) {
        const sub = collect(connect(token), 'subscription { notificationAdded { id } }');
        await sub.waitFor(1, 2000);
        expect(sub.events).toEqual([]);
        expect(sub.errors).toHaveLength(1);
        expect((sub.errors[0] as { code?: number }).code).toBe(4403);
      }
    });
  });
});
