import { CompetenceEntity } from '../../src/competences/entities/competence.entity';
import { OpportunityKind } from '../../src/core/domain/enums';
import { anOpenOpportunity, someCompetences } from '../factories/opportunities.factory';
import { countStatements, StatementCounter } from '../utils/statement-counter';
import { createTestApp, TestApp } from '../utils/test-app';

const KINDS = Object.values(OpportunityKind).filter((k) => k !== OpportunityKind.CO_SUPERVISED_PROJECT);

/** Every opportunity of this file has the marker in its title; the demo seed's do not. */
const PAGE = `query($first: Int!) { opportunities(first: $first, filter: { text: "sql-count" }) {
  totalCount
  pageInfo { hasNextPage endCursor }
  edges { cursor node {
    id title kind status capacity seatsTaken seatsAvailable confidentialDetails reviewComment
    hostOrganisation { code name }
    hostDepartment { name }
    leadSupervisor { displayName organisation { code } }
    coSupervision { status }
    requirements { minLevel weight essential competence { code name } }
    developedCompetences { code name }
  } }
} }`;

describe('opportunity list queries', () => {
  let t: TestApp;
  let candidate: string;
  let counter: StatementCounter;

  beforeAll(async () => {
    // Pages of 50 with nested lists cost more than the default complexity limit allows.
    // No account cache: an invalidation arriving late under load would add a read to a counted request.
    t = await createTestApp({
      seed: true,
      env: { GRAPHQL_MAX_COMPLEXITY: '100000', AUTH_USER_CACHE_SECONDS: '0' },
    });
    candidate = await t.login('candidate@lumc.test');
    const orgs = await t.gql<{ organisations: { code: string; departments: { id: string }[] }[] }>(
      '{ organisations { code departments { id } } }',
      {},
      candidate,
    );
    const departmentOf = (code: string) =>
      orgs.data!.organisations.find((o) => o.code === code)!.departments[0].id;
    const hosts = await Promise.all(
      [
        ['LUMC', 'supervisor@lumc.test', 'hr@lumc.test'],
        ['LEIDEN_UNIV', 'supervisor@leiden.test', 'hr@leiden.test'],
        ['JANSSEN', 'supervisor@janssen.test', 'hr@janssen.test'],
      ].map(async ([code, s, h]) => ({
        supervisor: await t.login(s),
        hr: await t.login(h),
        department: departmentOf(code),
      })),
    );
    const competences: CompetenceEntity[] = await someCompetences(t, 12);
    for (let i = 0; i < 50; i++) {
      const host = hosts[i % hosts.length];
      await anOpenOpportunity(t, host.supervisor, host.hr, KINDS[i % KINDS.length], {
        title: `Internship sql-count ${i}: assay development`,
        hostDepartmentId: host.department,
        confidentialDetails: `Secret ${i}`,
        requirements: [
          { competenceId: competences[i % 12].id, minLevel: 2, essential: true },
          { competenceId: competences[(i + 5) % 12].id, minLevel: 1 },
        ],
        developedCompetenceIds: [competences[(i + 7) % 12].id],
      });
    }

    counter = countStatements(t);
  }, 120_000);
  afterAll(() => t.close());

  async function statementsFor(first: number): Promise<number> {
    return counter.during(async () => {
      const res = await t.gql<{ opportunities: { edges: unknown[] } }>(PAGE, { first }, candidate);
      expect(res.errors).toBeUndefined();
      expect(res.data!.opportunities.edges).toHaveLength(first);
    });
  }

  it('reads a page of 50 with host organisation, requirements and competences in as many statements as a page of 5', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(small).toBeGreaterThan(0);
    // Not more for ten times the rows (fewer is fine: the first page left accounts and organisations
    // in the instance's caches).
    expect(large).toBeLessThanOrEqual(small);
    // Auth lookup, page, count, organisations, departments, supervisors, co-supervisions,
    // requirements, developed competences, confidential access: a constant handful.
    expect(large).toBeLessThanOrEqual(12);
  });

  it('reads the requirements and their competences in the statement of the page itself', async () => {
    const page = (node: string, fragments = '') =>
      `query { opportunities(first: 25, filter: { text: "sql-count" }) { edges { node { ${node} } } } } ${fragments}`;
    const statementsOf = (query: string) =>
      counter.during(async () => {
        const res = await t.gql<{ opportunities: { edges: { node: Record<string, unknown> }[] } }>(
          query,
          {},
          candidate,
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.opportunities.edges).toHaveLength(25);
      });
    // Once first: the viewer's reach (whether their pages are shared, page-answers.ts) is then known.
    await statementsOf(page('id'));
    const bare = await statementsOf(page('id title'));
    expect(await statementsOf(page('id title requirements { minLevel competence { name } }'))).toBe(bare);
    // Asked for through a fragment, the same.
    expect(
      await statementsOf(
        page('id ...Reqs', 'fragment Reqs on Opportunity { requirements { essential competence { code } } }'),
      ),
    ).toBe(bare);
  });

  it('lists requirements essential first, then by weight, through a fragment as without one', async () => {
    const res = await t.gql<{
      opportunities: { edges: { node: { requirements: { essential: boolean; weight: number }[] } }[] };
    }>(
      `{ opportunities(first: 5, filter: { text: "sql-count" }) { edges { node { ...R } } } }
       fragment R on Opportunity { requirements { essential weight competence { code retiredAt } } }`,
      {},
      candidate,
    );
    expect(res.errors).toBeUndefined();
    for (const { node } of res.data!.opportunities.edges) {
      expect(node.requirements.map((r) => r.essential)).toEqual([true, false]);
    }
  });

  it('resolves every relation of the page', async () => {
    const res = await t.gql<{
      opportunities: {
        totalCount: number;
        edges: {
          node: {
            hostOrganisation: { code: string };
            requirements: { competence: { code: string } }[];
            developedCompetences: unknown[];
            confidentialDetails: string | null;
          };
        }[];
      };
    }>(PAGE, { first: 50 }, candidate);
    expect(res.data!.opportunities.totalCount).toBe(50);
    for (const { node } of res.data!.opportunities.edges) {
      expect(['LUMC', 'LEIDEN_UNIV', 'JANSSEN']).toContain(node.hostOrganisation.code);
      expect(node.requirements).toHaveLength(2);
      expect(node.requirements[0].competence.code).toMatch(/^TEST_/);
      expect(node.developedCompetences).toHaveLength(1);
      expect(node.confidentialDetails).toBeNull();
    }
  });

  it('answers every field alike whether the page reads every column or only those selected', async () => {
    const hr = await t.login('hr@lumc.test');
    const page = async (node: string, fragments = '') => {
      const res = await t.gql<{ opportunities: { edges: { node: Record<string, unknown> }[] } }>(
        `{ opportunities(first: 30, filter: { text: "sql-count" }) { edges { node { ${node} } } } } ${fragments}`,
        {},
        hr,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.opportunities.edges.map((e) => e.node);
    };
    const everything =
      await page(`__typename id kind title description status hostOrganisationId hostDepartmentId
      startsOn endsOn capacity seatsTaken seatsAvailable applicationDeadline eligibleStages language workMode
      details { subject teachingHours courseLevel weeks credits days groupSize projectLevel load }
      cancelReason createdAt updatedAt confidentialDetails reviewComment hostOrganisation { code name }
      hostDepartment { name } leadSupervisor { id displayName } coSupervision { status }
      requirements { competenceId minLevel weight essential
        competence { id code name description areaId externalUri retiredAt area { code } } }
      developedCompetences { code }`);
    expect(everything.filter((n) => n.confidentialDetails !== null).length).toBeGreaterThan(0);
    /** The same fields of `full` as `part` has, lists item by item. */
    const project = (full: unknown, part: unknown): unknown =>
      Array.isArray(part)
        ? part.map((p, i) => project((full as unknown[])[i], p))
        : part !== null && typeof part === 'object'
          ? Object.fromEntries(
              Object.keys(part).map((k) => [
                k,
                project((full as Record<string, unknown>)[k], (part as Record<string, unknown>)[k]),
              ]),
            )
          : full;
    for (const [node, fragments] of [
      [
        'id title hostOrganisation { name } leadSupervisor { displayName } requirements { minLevel essential competence { name } }',
        '',
      ],
      ['id confidentialDetails reviewComment', ''],
      ['id seatsAvailable applicationDeadline eligibleStages', ''],
      ['__typename id details { weeks credits }', ''],
      ['id requirements { weight }', ''],
      [
        'id ...F',
        'fragment F on Opportunity { title requirements { competence { retiredAt code area { code } } } }',
      ],
    ]) {
      const part = await page(node, fragments);
      expect(part.length).toBe(everything.length);
      expect(part).toEqual(project(everything, part));
    }
  });
});
