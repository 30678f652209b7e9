import { DepartmentEntity } from '../../src/organisations/entities/department.entity';
import { OrganisationEntity } from '../../src/organisations/entities/organisation.entity';
import { UserEntity } from '../../src/users/entities/user.entity';
import { seedDemoOpportunities } from '../../src/database/seeds/demo-opportunities';
import { createTestApp, TestApp } from '../utils/test-app';

describe('demo opportunities seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  }, 120_000);
  afterAll(() => t.close());

  it('creates about 40 opportunities of every kind and state with requirements and co-supervisions', async () => {
    const ds = t.dataSource;
    const orgs = await ds.getRepository(OrganisationEntity).find();
    const departments = await ds.getRepository(DepartmentEntity).find();
    const users = await ds.getRepository(UserEntity).find();
    const codeOf = new Map(orgs.map((o) => [o.id, o.code]));
    const before: { n: string }[] = await ds.query('SELECT count(*) AS n FROM opportunities');

    const summary = await ds.transaction((em) =>
      seedDemoOpportunities(em, {
        now: new Date(),
        organisationIds: new Map(orgs.map((o) => [o.code, o.id])),
        departmentIds: new Map(departments.map((d) => [`${codeOf.get(d.organisationId)}/${d.name}`, d.id])),
        accountIds: new Map(users.map((u) => [u.email, u.id])),
      }),
    );

    expect(summary.opportunities).toBeGreaterThanOrEqual(35);
    expect(summary.requirements).toBeGreaterThan(summary.opportunities);
    const combos: { kind: string; status: string }[] = await ds.query(
      `SELECT DISTINCT kind, status FROM opportunities WHERE created_at < now() - interval '1 minute'`,
    );
    for (const kind of ['EXCHANGE_SLOT', 'INTERNSHIP', 'WORKPLACE_VISIT', 'CO_SUPERVISED_PROJECT']) {
      expect(combos.filter((c) => c.kind === kind).length).toBeGreaterThanOrEqual(5);
    }
    const statuses = new Set(combos.map((c) => c.status));
    expect([...statuses].sort()).toEqual(
      ['ALLOCATED', 'CANCELLED', 'CLOSED', 'COMPLETED', 'DRAFT', 'OPEN', 'PENDING_APPROVAL'].sort(),
    );
    const after: { n: string }[] = await ds.query('SELECT count(*) AS n FROM opportunities');
    expect(Number(after[0].n) - Number(before[0].n)).toBe(summary.opportunities);
    const crossOrg: { n: string }[] = await ds.query(
      `SELECT count(*) AS n FROM co_supervisions cs JOIN opportunities o ON o.id = cs.opportunity_id
        JOIN users u ON u.id = cs.co_supervisor_id WHERE u.organisation_id = o.host_organisation_id`,
    );
    expect(Number(crossOrg[0].n)).toBe(0);

    const candidate = await t.login('candidate@lumc.test');
    const res = await t.gql<{ opportunities: { totalCount: number } }>(
      '{ opportunities(filter: { text: "lipid nanoparticles" }) { totalCount } }',
      {},
      candidate,
    );
    expect(res.data!.opportunities.totalCount).toBeGreaterThanOrEqual(1);
  });
});
