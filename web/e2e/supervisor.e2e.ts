import { seriousViolations, shows, signIn, startWorld, type BrowserWorld } from './harness';

/**
 * The supervisor journey: a supervisor proposes a co-supervised project and invites a partner's
 * supervisor by name; the co-supervisor (another browser) accepts; HR approves (GraphQL); the project
 * opens and a candidate (a third browser) finds it.
 */
describe('supervisor journey (browser, two people)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  it('proposes a co-supervised project, the partner accepts, HR approves, a candidate finds it', async () => {
    const title = `Co-supervised project: lipid nanoparticle stability ${Date.now().toString(36)}`;
    const lead = await world.person();
    const partner = await world.person();
    const l = lead.page;
    const p = partner.page;

    // The lead supervisor drafts the project with the kind's own fields.
    await signIn(l, 'supervisor@lumc.test');
    await shows(l, l.getByRole('heading', { level: 1, name: 'My opportunities' }));
    await l.getByRole('link', { name: 'New opportunity' }).click();
    await shows(l, l.getByRole('heading', { level: 1, name: 'New opportunity' }));
    await l.getByRole('combobox', { name: 'Kind' }).click();
    await l.getByRole('option', { name: 'Co-supervised project' }).click();
    await l.getByRole('textbox', { name: 'Title' }).fill(title);
    await l
      .getByRole('textbox', { name: 'Description' })
      .fill('Measure how lipid nanoparticles age in storage.');
    await l.getByRole('combobox', { name: 'Project level' }).click();
    await l.getByRole('option', { name: 'Master' }).click();
    await l.getByRole('textbox', { name: 'Supervision hours per week' }).fill('4');
    expect(await seriousViolations(l)).toEqual([]);
    await l.getByRole('button', { name: 'Save draft' }).click();
    const card = l.getByRole('article', { name: title });
    await shows(l, card);

    // ... and invites a supervisor of Leiden University found by name.
    await card.getByRole('textbox', { name: 'Find a supervisor of a partner organisation' }).fill('visser');
    await card.getByRole('button', { name: 'Invite Prof. Marit Visser' }).click();
    await shows(l, card.getByText(/Co-supervisor: Prof\. Marit Visser \(Leiden University\), Invited/));
    expect(await seriousViolations(l)).toEqual([]);

    // The co-supervisor accepts in another browser.
    await signIn(p, 'supervisor@leiden.test');
    await p.getByRole('link', { name: 'Co-supervision' }).click();
    const invitation = p.getByRole('article', { name: title });
    await shows(p, invitation);
    expect(await seriousViolations(p)).toEqual([]);
    await invitation.getByRole('button', { name: 'Accept' }).click();
    await shows(p, invitation.getByText('Accepted'));

    // The lead sees the answer and submits for approval.
    await l.reload();
    await shows(l, card.getByText(/Prof\. Marit Visser \(Leiden University\), Accepted/));
    await card.getByRole('button', { name: 'Submit for approval' }).click();
    await shows(l, card.getByText('Waiting for approval'));

    // HR of LUMC approves through GraphQL.
    const hr = await world.t.login('hr@lumc.test');
    const pending = await world.t.gql<{
      opportunities: { edges: { node: { id: string; title: string } }[] };
    }>(
      '{ opportunities(filter: { status: [PENDING_APPROVAL] }, first: 50) { edges { node { id title } } } }',
      {},
      hr,
    );
    const project = pending.data?.opportunities.edges.find((e) => e.node.title === title);
    expect(project).toBeDefined();
    const approved = await world.t.gql(
      'mutation($id: ID!) { approveOpportunity(id: $id) { status } }',
      { id: project?.node.id },
      hr,
    );
    expect(approved.errors).toBeUndefined();
    await l.reload();
    await shows(l, card.getByText('Open', { exact: true }));

    // A candidate finds the open project.
    const candidate = await world.person();
    const c = candidate.page;
    await signIn(c, 'candidate@janssen.test');
    await c.goto('/opportunities?tab=search');
    await c.getByRole('textbox', { name: 'Words' }).fill('lipid nanoparticle stability');
    await c.getByRole('button', { name: 'Search', exact: true }).click();
    await c.getByTestId('search-results').getByRole('link', { name: title }).click();
    await shows(c, c.getByRole('heading', { level: 1, name: title }));
    await shows(c, c.getByText('Co-supervised project').first());
    expect(await seriousViolations(c)).toEqual([]);
    expect([...lead.problems, ...partner.problems, ...candidate.problems]).toEqual([]);
  });
});
