import { UserRole } from '../../src/core/domain/enums';
import { encodeCursor } from '../../src/common/graphql/pagination';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

interface Page<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: N }[];
}

const NOTIFICATIONS = `query($first: Int, $after: String, $unread: Boolean) {
  notificationsConnection(first: $first, after: $after, unreadOnly: $unread) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id message read } }
  }
}`;

const USERS = `query($first: Int, $after: String, $org: ID) {
  usersConnection(first: $first, after: $after, organisationId: $org) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id displayName organisation { code } } }
  }
}`;

describe('lists that grow, as connections (keyset pages)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  }, 60_000);
  afterAll(() => t.close());

  /** Every page of a connection, `first` at a time: the nodes in order and how many pages it took. */
  async function walk<N>(
    field: string,
    query: string,
    vars: Record<string, unknown>,
    token: string,
  ): Promise<{ nodes: N[]; pages: number; totalCount: number }> {
    const nodes: N[] = [];
    let after: string | null = null;
    let pages = 0;
    let totalCount = -1;
    for (;;) {
      const res: GqlResponse<Record<string, Page<N>>> = await t.gql<Record<string, Page<N>>>(
        query,
        { ...vars, after },
        token,
      );
      expect(res.errors).toBeUndefined();
      const page: Page<N> = res.data![field];
      pages += 1;
      totalCount = page.totalCount;
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(100);
    }
    return { nodes, pages, totalCount };
  }

  describe('notificationsConnection', () => {
    let person: CreatedUser;
    let other: CreatedUser;

    beforeAll(async () => {
      person = await aUser(t);
      other = await aUser(t);
      // 23 notifications stored in one statement share their created_at (one transaction's now()):
      // the order among them is by id, and no page may repeat or skip one at such a tie.
      await t.dataSource.query(
        `INSERT INTO notifications (user_id, type, message, data, read_at)
         SELECT $1, 'TEST', 'note ' || n, '{}', CASE WHEN n % 3 = 0 THEN now() END
           FROM generate_series(1, 23) AS n`,
        [person.user.id],
      );
      await t.dataSource.query(
        `INSERT INTO notifications (user_id, type, message, data, created_at)
         VALUES ($1, 'TEST', 'newest', '{}', now() + interval '1 minute'),
                ($2, 'TEST', 'not yours', '{}', now())`,
        [person.user.id, other.user.id],
      );
    });

    it('pages through all of your notifications, newest first, none repeated or skipped at a tie', async () => {
      const { nodes, pages, totalCount } = await walk<{ id: string; message: string }>(
        'notificationsConnection',
        NOTIFICATIONS,
        { first: 5 },
        person.token,
      );
      expect(totalCount).toBe(24);
      expect(pages).toBe(5);
      expect(nodes).toHaveLength(24);
      expect(new Set(nodes.map((n) => n.id)).size).toBe(24);
      expect(nodes[0].message).toBe('newest');
      expect(nodes.map((n) => n.message)).not.toContain('not yours');
      const tied = nodes.slice(1).map((n) => n.id);
      expect(tied).toEqual([...tied].sort().reverse());
    });

    it('pages through the unread ones only, with their count', async () => {
      const { nodes, totalCount } = await walk<{ read: boolean }>(
        'notificationsConnection',
        NOTIFICATIONS,
        { first: 4, unread: true },
        person.token,
      );
      expect(totalCount).toBe(17);
      expect(nodes).toHaveLength(17);
      expect(nodes.every((n) => !n.read)).toBe(true);
    });

    it('refuses a cursor that is not one of this list, and more than 100 a page', async () => {
      for (const after of [
        'not-a-cursor',
        encodeCursor('USERS_NAME', ['Anna', '00000000-0000-4000-8000-000000000000']),
        encodeCursor('NOTIFICATIONS_NEWEST', ['yesterday', '00000000-0000-4000-8000-000000000000']),
      ]) {
        const res = await t.gql(NOTIFICATIONS, { first: 5, after }, person.token);
        expect(res.errors?.[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'after' }],
        });
      }
      const big = await t.gql(NOTIFICATIONS, { first: 101 }, person.token);
      expect(big.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('a cursor of someone else’s list shows only your own notifications after it', async () => {
      const theirs = await t.gql<{ notificationsConnection: Page<unknown> }>(
        NOTIFICATIONS,
        { first: 1 },
        other.token,
      );
      const after = theirs.data!.notificationsConnection.pageInfo.endCursor;
      const mine = await t.gql<{ notificationsConnection: Page<{ message: string }> }>(
        NOTIFICATIONS,
        { first: 100, after },
        person.token,
      );
      expect(mine.errors).toBeUndefined();
      expect(mine.data!.notificationsConnection.edges.map((e) => e.node.message)).not.toContain('not yours');
    });
  });

  describe('applicantsConnection', () => {
    const APPLICANTS = `query($o: ID!, $first: Int, $after: String, $status: ApplicationStatus) {
      applicantsConnection(opportunityId: $o, first: $first, after: $after, status: $status) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } }
      }
    }`;
    let host: CreatedUser;
    let opportunityId: string;
    let ids: string[];

    beforeAll(async () => {
      host = await aSupervisor(t, 'LUMC');
      opportunityId = (await anOpportunityRow(t, { leadSupervisorId: host.user.id })).id;
      const candidates: string[] = [];
      for (let i = 0; i < 7; i += 1) candidates.push((await aCandidate(t)).user.id);
      // Six arrive in one statement (one created_at: ordered by id), the last a minute later.
      const tied = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO applications (opportunity_id, candidate_id, status)
         SELECT $1, c, CASE WHEN n % 2 = 0 THEN 'SHORTLISTED' ELSE 'SUBMITTED' END
           FROM unnest($2::uuid[]) WITH ORDINALITY AS x(c, n) RETURNING id`,
        [opportunityId, candidates.slice(0, 6)],
      );
      const [late] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO applications (opportunity_id, candidate_id, status, created_at)
         VALUES ($1, $2, 'SUBMITTED', now() + interval '1 minute') RETURNING id`,
        [opportunityId, candidates[6]],
      );
      ids = [...tied.map((r) => r.id).sort(), late.id];
    });

    it('host staff page through the applications oldest first, ties by id, with the count', async () => {
      const { nodes, pages, totalCount } = await walk<{ id: string }>(
        'applicantsConnection',
        APPLICANTS,
        { o: opportunityId, first: 3 },
        host.token,
      );
      expect(nodes.map((n) => n.id)).toEqual(ids);
      expect([pages, totalCount]).toEqual([3, 7]);
      const shortlisted = await walk<{ status: string }>(
        'applicantsConnection',
        APPLICANTS,
        { o: opportunityId, first: 2, status: 'SHORTLISTED' },
        host.token,
      );
      expect(shortlisted.totalCount).toBe(3);
      expect(shortlisted.nodes.map((n) => n.status)).toEqual(['SHORTLISTED', 'SHORTLISTED', 'SHORTLISTED']);
    });

    it('is NOT_FOUND for staff of another organisation, and refuses a foreign cursor', async () => {
      const other = await aSupervisor(t, 'JANSSEN');
      const res = await t.gql(APPLICANTS, { o: opportunityId }, other.token);
      expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const foreign = encodeCursor('NOTIFICATIONS_NEWEST', ['2026-01-01T00:00:00.000000Z', ids[0]]);
      const bad = await t.gql(APPLICANTS, { o: opportunityId, after: foreign }, host.token);
      expect(bad.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'after' }],
      });
    });
  });

  describe('usersConnection', () => {
    let hr: string;
    let admin: string;

    beforeAll(async () => {
      hr = await t.login('hr@lumc.test');
      admin = await t.login('admin@talent-exchange.test');
      // Namesakes: the order among them is by id.
      for (let i = 0; i < 3; i += 1) await aUser(t, { displayName: 'Jan de Vries', organisation: 'LUMC' });
      await aUser(t, { displayName: 'Jan de Vries', organisation: 'JANSSEN' });
    });

    it('HR pages through the people of their organisation in the order of the full list', async () => {
      const list = await t.gql<{ users: { id: string }[] }>('{ users { id } }', {}, hr);
      const { nodes, pages, totalCount } = await walk<{
        id: string;
        displayName: string;
        organisation: { code: string };
      }>('usersConnection', USERS, { first: 3 }, hr);
      expect(nodes.map((n) => n.id).sort()).toEqual(list.data!.users.map((u) => u.id).sort());
      expect(totalCount).toBe(list.data!.users.length);
      expect(pages).toBe(Math.ceil(totalCount / 3));
      expect(new Set(nodes.map((n) => n.organisation.code))).toEqual(new Set(['LUMC']));
      const namesakes = nodes.filter((n) => n.displayName === 'Jan de Vries');
      expect(namesakes).toHaveLength(3);
      expect(namesakes.map((n) => n.id)).toEqual(namesakes.map((n) => n.id).sort());
    });

    it('HR asking for another organisation gets an empty list; admins any organisation, or all', async () => {
      const janssen = (
        await t.dataSource.query<{ id: string }[]>(`SELECT id FROM organisations WHERE code = 'JANSSEN'`)
      )[0].id;
      const hrOther = await t.gql<{ usersConnection: Page<unknown> }>(USERS, { org: janssen }, hr);
      expect(hrOther.errors).toBeUndefined();
      expect(hrOther.data!.usersConnection).toMatchObject({ totalCount: 0, edges: [] });

      const adminJanssen = await walk<{ organisation: { code: string } }>(
        'usersConnection',
        USERS,
        { first: 50, org: janssen },
        admin,
      );
      expect(new Set(adminJanssen.nodes.map((n) => n.organisation.code))).toEqual(new Set(['JANSSEN']));
      const [{ n }] = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users');
      const all = await walk<unknown>('usersConnection', USERS, { first: 100 }, admin);
      expect(all.totalCount).toBe(n);
      expect(all.nodes).toHaveLength(n);
    });

    it('is not for candidates or supervisors', async () => {
      const candidate = await aUser(t, { roles: [UserRole.CANDIDATE] });
      const res = await t.gql(USERS, {}, candidate.token);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });
  });
});
