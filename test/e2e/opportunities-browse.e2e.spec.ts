import { OpportunityKind } from '../../src/core/domain/enums';
import {
  aDraft,
  anOpenOpportunity,
  dayFromNow,
  lifecycle,
  someCompetences,
} from '../factories/opportunities.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const LIST = `query($filter: OpportunityFilterInput, $orderBy: OpportunityOrder, $first: Int, $after: String) {
  opportunities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title status applicationDeadline createdAt } }
  } }`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: {
    cursor: string;
    node: { id: string; title: string; status: string; applicationDeadline: string };
  }[];
}

/** Every opportunity of this file has the marker in its title; the demo seed's do not. */
const MARK = 'browse-mark';

describe('browsing opportunities', () => {
  let t: TestApp;
  let lumcSupervisor: string;
  let lumcHr: string;
  let janssenSupervisor: string;
  let janssenHr: string;
  let candidate: string;
  let admin: string;
  let lumcId: string;
  let competenceId: string;
  const created: Record<string, string> = {};

  async function list(
    variables: Record<string, unknown>,
    token = candidate,
  ): Promise<GqlResponse<{ opportunities: Page }>> {
    const filter = { text: MARK, ...(variables.filter as object) };
    return t.gql<{ opportunities: Page }>(LIST, { ...variables, filter }, token);
  }

  async function titles(variables: Record<string, unknown>, token = candidate): Promise<string[]> {
    const res = await list({ first: 20, ...variables }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.opportunities.edges.map((e) => e.node.title);
  }

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    [lumcSupervisor, lumcHr, janssenSupervisor, janssenHr, candidate, admin] = await Promise.all(
      [
        'supervisor@lumc.test',
        'hr@lumc.test',
        'supervisor@janssen.test',
        'hr@janssen.test',
        'candidate@leiden.test',
        'admin@talent-exchange.test',
      ].map((e) => t.login(e)),
    );
    const orgs = await t.gql<{ organisations: { id: string; code: string }[] }>(
      '{ organisations { id code } }',
      {},
      admin,
    );
    lumcId = orgs.data!.organisations.find((o) => o.code === 'LUMC')!.id;
    [{ id: competenceId }] = await someCompetences(t, 1);
    const deadline = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const sameDeadline = deadline(20);
    const specs: [string, string, string, OpportunityKind, Record<string, unknown>][] = [
      [
        'A',
        lumcSupervisor,
        lumcHr,
        OpportunityKind.INTERNSHIP,
        {
          applicationDeadline: deadline(10),
          requirements: [{ competenceId, minLevel: 2 }],
          description: 'Imaging of ZEBRAFISH-Organoid co-cultures for vaccine adjuvant screening.',
        },
      ],
      [
        'B',
        lumcSupervisor,
        lumcHr,
        OpportunityKind.EXCHANGE_SLOT,
        {
          applicationDeadline: sameDeadline,
          eligibleStages: [],
          startsOn: dayFromNow(40),
          endsOn: dayFromNow(45),
        },
      ],
      [
        'C',
        janssenSupervisor,
        janssenHr,
        OpportunityKind.WORKPLACE_VISIT,
        {
          applicationDeadline: sameDeadline,
          eligibleStages: ['PHD_CANDIDATE'],
          developedCompetenceIds: [competenceId],
        },
      ],
      ['D', janssenSupervisor, janssenHr, OpportunityKind.INTERNSHIP, { applicationDeadline: sameDeadline }],
      [
        'E',
        janssenSupervisor,
        janssenHr,
        OpportunityKind.INTERNSHIP,
        {
          applicationDeadline: deadline(5),
          startsOn: dayFromNow(300),
          endsOn: dayFromNow(330),
        },
      ],
      ['F', lumcSupervisor, lumcHr, OpportunityKind.EXCHANGE_SLOT, { applicationDeadline: deadline(40) }],
    ];
    for (const [name, s, h, kind, overrides] of specs) {
      const o = await anOpenOpportunity(t, s, h, kind, {
        title: `${name} ${MARK} opportunity`,
        ...overrides,
      });
      created[name] = o.id;
    }
    created.draft = (
      await aDraft(t, lumcSupervisor, OpportunityKind.INTERNSHIP, { title: `Draft ${MARK} lumc` })
    ).id;
    created.janssenDraft = (
      await aDraft(t, janssenSupervisor, OpportunityKind.INTERNSHIP, { title: `Draft ${MARK} janssen` })
    ).id;
    const pending = await aDraft(t, lumcSupervisor, OpportunityKind.INTERNSHIP, {
      title: `Pending ${MARK} lumc`,
    });
    await lifecycle(t, 'submitOpportunity', pending.id, lumcSupervisor);
    // An OPEN opportunity whose deadline has passed: candidates no longer see it.
    const late = await anOpenOpportunity(t, lumcSupervisor, lumcHr, OpportunityKind.INTERNSHIP, {
      title: `Late ${MARK} lumc`,
    });
    await t.dataSource.query(
      `UPDATE opportunities SET application_deadline = now() - interval '1 day' WHERE id = $1`,
      [late.id],
    );
    created.late = late.id;
  }, 120_000);
  afterAll(() => t.close());

  it('shows candidates only the OPEN opportunities before their deadline, earliest deadline first', async () => {
    const edges = (await list({ first: 20 })).data!.opportunities.edges.map((e) => e.node);
    expect(edges.map((n) => DEADLINE_RANK[n.title[0]])).toEqual([0, 1, 2, 2, 2, 3]);
    // Equal deadlines are ordered by id, so pages never overlap.
    const tied = edges.filter((n) => DEADLINE_RANK[n.title[0]] === 2).map((n) => n.id);
    expect(tied).toEqual([...tied].sort());
    const res = await list({ first: 2 });
    expect(res.data!.opportunities.totalCount).toBe(6);
    const late = await t.gql(
      'query($id: ID!) { opportunity(id: $id) { id } }',
      { id: created.late },
      candidate,
    );
    expect(late.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const draft = await t.gql(
      'query($id: ID!) { opportunity(id: $id) { id } }',
      { id: created.draft },
      candidate,
    );
    expect(draft.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('filters by kind, host organisation, competence, eligible stage, period and text', async () => {
    const first = (names: string[]) => names.map((n) => n[0]).sort();
    expect(first(await titles({ filter: { kind: 'EXCHANGE_SLOT' } }))).toEqual(['B', 'F']);
    expect(first(await titles({ filter: { hostOrganisationId: lumcId } }))).toEqual(['A', 'B', 'F']);
    expect(first(await titles({ filter: { competenceId } }))).toEqual(['A', 'C']);
    // Stage-less opportunities are open to every stage.
    expect(first(await titles({ filter: { eligibleStage: 'PHD_CANDIDATE' } }))).toEqual(['B', 'C']);
    expect(first(await titles({ filter: { startsAfter: dayFromNow(250) } }))).toEqual(['E']);
    expect(first(await titles({ filter: { endsBefore: dayFromNow(50) } }))).toEqual(['B']);
    expect(first(await titles({ filter: { text: 'zebrafish-ORGANOID' } }))).toEqual(['A']);
    expect(await titles({ filter: { text: '100%_' } })).toEqual([]);
  });

  it('pages through with keyset cursors in both orders, without duplicates or gaps', async () => {
    for (const orderBy of ['DEADLINE', 'NEWEST']) {
      const all = (await list({ orderBy, first: 20 })).data!.opportunities.edges.map((e) => e.node.id);
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const res: GqlResponse<{ opportunities: Page }> = await list({ orderBy, first: 2, after });
        expect(res.errors).toBeUndefined();
        const page: Page = res.data!.opportunities;
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(6);
    }
    const newest = (await list({ orderBy: 'NEWEST', first: 20 })).data!.opportunities.edges.map(
      (e) => e.node.title[0],
    );
    expect(newest).toEqual(['F', 'E', 'D', 'C', 'B', 'A']);
  });

  it('refuses more than 100 per page, and foreign or broken cursors', async () => {
    const big = await t.gql('{ opportunities(first: 101) { totalCount } }', {}, candidate);
    expect(big.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'first' }],
    });
    const deadlineCursor = (await list({ first: 1 })).data!.opportunities.pageInfo.endCursor;
    for (const [orderBy, after] of [
      ['NEWEST', deadlineCursor],
      ['DEADLINE', 'not-a-cursor'],
      ['DEADLINE', Buffer.from('["DEADLINE","x","y"]').toString('base64url')],
    ]) {
      const res = await list({ orderBy, after, first: 2 });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'after' }],
      });
    }
  });

  it("shows HR their own organisation's opportunities in every state, and admins everything", async () => {
    const hrNames = await titles({ filter: { status: ['DRAFT', 'PENDING_APPROVAL'] } }, lumcHr);
    expect(hrNames.sort()).toEqual([`Draft ${MARK} lumc`, `Pending ${MARK} lumc`]);
    const hrAll = await titles({}, lumcHr);
    expect(hrAll).toContain(`Late ${MARK} lumc`);
    expect(hrAll).toContain('C browse-mark opportunity');
    expect(hrAll).not.toContain(`Draft ${MARK} janssen`);
    const adminDrafts = await titles({ filter: { status: ['DRAFT'] } }, admin);
    expect(adminDrafts.sort()).toEqual([`Draft ${MARK} janssen`, `Draft ${MARK} lumc`]);
    expect(await titles({ filter: { status: ['DRAFT'] } }, candidate)).toEqual([]);
  });

  it('lists the supervisor their own opportunities in every state', async () => {
    const res = await t.gql<{ myOpportunities: { id: string; status: string }[] }>(
      '{ myOpportunities { id status } }',
      {},
      janssenSupervisor,
    );
    const ids = res.data!.myOpportunities.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([created.C, created.D, created.E, created.janssenDraft]));
    expect(ids).not.toContain(created.A);
    const candidateCall = await t.gql('{ myOpportunities { id } }', {}, candidate);
    expect(candidateCall.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});

/** E (5 days), A (10), B/C/D (20), F (40). */
const DEADLINE_RANK: Record<string, number> = { E: 0, A: 1, B: 2, C: 2, D: 2, F: 3 };
