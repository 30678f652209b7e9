import { aRound } from '../factories/rounds.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * The cost limit (GRAPHQL_MAX_COMPLEXITY, default 1000) against real pages: every page the README
 * shows, at its largest page size, on the living demo consortium, is served whole; a query that asks
 * for many such pages at once, or for expensive scoring many times over, is refused.
 */
describe('query cost: ordinary pages pass, abusive queries are refused', () => {
  let t: TestApp;
  const tokens: Record<'candidate' | 'supervisor' | 'hr' | 'admin', string> = {
    candidate: '',
    supervisor: '',
    hr: '',
    admin: '',
  };
  const ids = { opportunity: '', role: '', person: '', round: '', run: '' };

  beforeAll(async () => {
    t = await createTestApp({ seed: true, population: true });
    tokens.candidate = await t.login('candidate@lumc.test');
    tokens.supervisor = await t.login('supervisor@lumc.test');
    tokens.hr = await t.login('hr@lumc.test');
    tokens.admin = await t.login('admin@talent-exchange.test');

    const mine = await t.gql<{ myOpportunities: { id: string; status: string }[] }>(
      '{ myOpportunities { id status } }',
      {},
      tokens.supervisor,
    );
    ids.opportunity = mine.data!.myOpportunities.find((o) => o.status === 'OPEN')!.id;
    const roles = await t.gql<{ roleProfiles: { id: string }[] }>(
      '{ roleProfiles { id } }',
      {},
      tokens.candidate,
    );
    ids.role = roles.data!.roleProfiles[0].id;
    const me = await t.gql<{ me: { id: string; organisationId: string } }>(
      '{ me { id organisationId } }',
      {},
      tokens.candidate,
    );
    ids.person = me.data!.me.id;

    // Two open rounds over the open opportunities of LUMC, and a dry run of one.
    const open = await t.gql<{
      opportunities: { edges: { node: { id: string; hostOrganisationId: string } }[] };
    }>(
      '{ opportunities(first: 100, filter: { status: [OPEN] }) { edges { node { id hostOrganisationId } } } }',
      {},
      tokens.hr,
    );
    const hr = await t.gql<{ me: { organisationId: string } }>('{ me { organisationId } }', {}, tokens.hr);
    const lumc = open
      .data!.opportunities.edges.map((e) => e.node)
      .filter((o) => o.hostOrganisationId === hr.data!.me.organisationId)
      .map((o) => o.id);
    expect(lumc.length).toBeGreaterThanOrEqual(2);
    const half = Math.ceil(lumc.length / 2);
    const first = await aRound(t, tokens.hr, { opportunityIds: lumc.slice(0, half) });
    await aRound(t, tokens.hr, { opportunityIds: lumc.slice(half) });
    ids.round = first.id;
    const run = await t.gql<{ runRound: { id: string } }>(
      'mutation($id: ID!) { runRound(id: $id, dryRun: true) { id } }',
      { id: first.id },
      tokens.hr,
    );
    ids.run = run.data!.runRound.id;
  });
  afterAll(() => t.close());

  /** The README's pages and the examples, each at its maximum page size. */
  const PAGES: { name: string; as: keyof typeof tokens; query: () => string }[] = [
    {
      name: 'me with organisation and departments',
      as: 'candidate',
      query: () => '{ me { displayName email roles organisation { code name departments { name } } } }',
    },
    {
      name: 'recommendedOpportunities(first: 100), explained',
      as: 'candidate',
      query:
        () => `{ recommendedOpportunities(first: 100) { score opportunity { id title hostOrganisation { name } }
        parts { key weight value detail } missing { competence { name } requiredLevel currentLevel essential } } }`,
    },
    {
      name: 'opportunities(first: 100) browse page with requirements',
      as: 'candidate',
      query:
        () => `{ opportunities(first: 100, filter: { kind: INTERNSHIP, text: "vaccine" }, orderBy: DEADLINE) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id title applicationDeadline seatsAvailable
          requirements { competence { name } minLevel essential } } } } }`,
    },
    {
      name: 'opportunities(first: 50) with host organisation, lead supervisor, requirements',
      as: 'candidate',
      query: () => `{ opportunities(first: 50) { edges { node { title hostOrganisation { name }
        leadSupervisor { displayName } requirements { minLevel competence { name } } } } } }`,
    },
    {
      name: 'myApplications(first: 200) with history, notifications(first: 100)',
      as: 'candidate',
      query:
        () => `{ myApplications(first: 200) { opportunityTitle status responseDeadline history { from to at reason } }
        notifications(unreadOnly: true, first: 100) { id message createdAt } }`,
    },
    {
      name: 'openRounds(first: 200) with their opportunities',
      as: 'candidate',
      query: () => '{ openRounds(first: 200) { opportunities { title } } }',
    },
    {
      name: 'roleProfiles, gapAnalysis, developmentPath(first: 50)',
      as: 'candidate',
      query: () => `{ roleProfiles { id title organisation { code } careerStage researchLevel }
        gapAnalysis(roleId: "${ids.role}") { readinessShare readinessScore essentialGaps
          items { competence { name } currentLevel requiredLevel gap essential met retired }
          unknowns { competence { name } requiredLevel essential } }
        developmentPath(roleId: "${ids.role}", first: 50) { closedLevels share opportunity { title applicationDeadline } } }`,
    },
    {
      name: 'myTalentProfileShares, myPersonalDataReads(first: 200)',
      as: 'candidate',
      query: () => `{ myTalentProfileShares { id expiresAt revokedAt lastViewedAt viewCount active }
        myPersonalDataReads(first: 200) { kind readerOrganisationId readerRoles readAt } }`,
    },
    {
      name: 'myOpportunities',
      as: 'supervisor',
      query: () => '{ myOpportunities { id title status seatsAvailable } }',
    },
    {
      name: 'applicationsForOpportunity(first: 200) with applicant competences',
      as: 'supervisor',
      query: () => `{ applicationsForOpportunity(opportunityId: "${ids.opportunity}", first: 200) { id status
        applicant { displayName careerStage organisation { code } motivation competences { name requiredLevel level } } } }`,
    },
    {
      name: 'matchingCandidates(first: 100)',
      as: 'supervisor',
      query: () => `{ matchingCandidates(opportunityId: "${ids.opportunity}", first: 100) {
        displayName organisation { code } applied score eligible } }`,
    },
    {
      name: 'opportunities(first: 100) pending approval, users',
      as: 'hr',
      query:
        () => `{ opportunities(first: 100, filter: { status: [PENDING_APPROVAL] }) { edges { node { id title kind
        leadSupervisor { displayName } } } } users { displayName email roles } }`,
    },
    {
      name: 'findableProfiles(first: 100) with competences',
      as: 'hr',
      query:
        () => `{ findableProfiles(first: 100, filter: { careerStage: POSTDOC }) { edges { node { displayName
        organisation { code } competences { competence { name } level source } } } } }`,
    },
    {
      name: 'findableProfiles(first: 100) with competence names, unfiltered',
      as: 'hr',
      query: () =>
        '{ findableProfiles(first: 100) { edges { node { displayName competences { level competence { name } } } } } }',
    },
    {
      name: 'roundRun with its statistics, roleReadinessDistribution',
      as: 'hr',
      query: () => `{ roundRun(id: "${ids.run}") { status algorithm algorithmVersion seed inputHash stable
          stats { candidates candidatesMatched seatsFilled choiceRanks { rank count }
            flows { fromOrganisationId toOrganisationId count } } }
        roleReadinessDistribution(roleId: "${ids.role}", scope: CONSORTIUM) {
          population { count suppressed } buckets { bucket people { count suppressed } } } }`,
    },
    {
      name: 'personalDataReads(first: 200)',
      as: 'admin',
      query: () => `{ personalDataReads(personId: "${ids.person}", first: 200) { readerId kind readAt } }`,
    },
  ];

  it.each(PAGES)('serves $name', async ({ as, query }) => {
    const res = await t.gql(query(), {}, tokens[as]);
    expect(res.errors).toBeUndefined();
    expect(res.data).toBeTruthy();
  });

  it('serves two open rounds with the titles of their opportunities', async () => {
    const res = await t.gql<{ openRounds: { opportunities: { title: string }[] }[] }>(
      '{ openRounds { opportunities { title } } }',
      {},
      tokens.candidate,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.openRounds.length).toBeGreaterThanOrEqual(2);
    expect(res.data!.openRounds.every((r) => r.opportunities.length > 0)).toBe(true);
  });

  const aliases = (n: number, field: string) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

  it.each([
    [
      'fifteen pages of 100 findable profiles with their competences',
      'hr' as const,
      () =>
        aliases(15, 'findableProfiles(first: 100) { edges { node { displayName competences { level } } } }'),
    ],
    [
      'fifteen browse pages of 100 opportunities',
      'candidate' as const,
      () =>
        aliases(15, 'opportunities(first: 100) { edges { node { id title requirements { minLevel } } } }'),
    ],
    [
      'the candidate pool of an opportunity scored twice',
      'supervisor' as const,
      () => aliases(2, `matchingCandidates(opportunityId: "${ids.opportunity}", first: 100) { score }`),
    ],
  ])('refuses %s with QUERY_TOO_COMPLEX', async (_name, as, query) => {
    const res = await t.gql(query(), {}, tokens[as]);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.data).toBeUndefined();
  });
});
