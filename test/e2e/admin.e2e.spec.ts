import { createTestApp, TestApp } from '../utils/test-app';

describe('admin manages organisations and users', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
  });
  afterAll(() => t.close());

  it('creates an organisation with a department and a user who can then log in', async () => {
    const org = await t.gql<{ createOrganisation: { id: string; code: string } }>(
      'mutation { createOrganisation(input: { code: "NAT_BIO", name: "Naturalis Biodiversity Center" }) { id code } }',
      {},
      admin,
    );
    expect(org.errors).toBeUndefined();
    const orgId = org.data?.createOrganisation.id;
    const dept = await t.gql<{ createDepartment: { id: string } }>(
      'mutation($o: ID!) { createDepartment(input: { organisationId: $o, name: "Collections" }) { id name } }',
      { o: orgId },
      admin,
    );
    expect(dept.errors).toBeUndefined();
    const user = await t.gql<{
      createUser: { email: string; roles: string[]; department: { name: string } };
    }>(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { email roles department { name } } }`,
      {
        i: {
          email: 'New.Person@naturalis.test',
          displayName: 'New Person',
          password: 'a-long-enough-password',
          organisationId: orgId,
          departmentId: dept.data?.createDepartment.id,
          roles: ['CANDIDATE'],
        },
      },
      admin,
    );
    expect(user.errors).toBeUndefined();
    expect(user.data?.createUser).toEqual({
      email: 'new.person@naturalis.test',
      roles: ['CANDIDATE'],
      department: { name: 'Collections' },
    });
    await expect(t.login('new.person@naturalis.test', 'a-long-enough-password')).resolves.toMatch(/\./);
  });

  it('refuses a duplicate organisation code with CONFLICT', async () => {
    const res = await t.gql(
      'mutation { createOrganisation(input: { code: "LUMC", name: "Again" }) { id } }',
      {},
      admin,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ORGANISATION_CODE_TAKEN' });
  });

  it('refuses a short password and a bad e-mail, naming both fields, and creates nothing', async () => {
    const orgs = await t.gql<{ organisations: { id: string; code: string }[] }>(
      '{ organisations { id code } }',
      {},
      admin,
    );
    const lumc = orgs.data?.organisations.find((o) => o.code === 'LUMC')?.id;
    const res = await t.gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email: 'nope', displayName: 'X Y', password: 'short', organisationId: lumc, roles: ['HR'] } },
      admin,
    );
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const fields = (res.errors?.[0].extensions.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['email', 'password']);
    const users = await t.gql<{ users: { email: string }[] }>('{ users { email } }', {}, admin);
    expect(users.data?.users.some((u) => u.email === 'nope')).toBe(false);
  });

  it('refuses a department of another organisation', async () => {
    const orgs = await t.gql<{
      organisations: { id: string; code: string; departments: { id: string }[] }[];
    }>('{ organisations { id code departments { id } } }', {}, admin);
    const lumc = orgs.data?.organisations.find((o) => o.code === 'LUMC');
    const janssen = orgs.data?.organisations.find((o) => o.code === 'JANSSEN');
    const res = await t.gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      {
        i: {
          email: 'mixed@lumc.test',
          displayName: 'Mixed Up',
          password: 'a-long-enough-password',
          organisationId: lumc?.id,
          departmentId: janssen?.departments[0].id,
          roles: ['CANDIDATE'],
        },
      },
      admin,
    );
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'departmentId' }],
    });
  });

  it('refuses an unknown field in an input instead of dropping it silently', async () => {
    const res = await t.gql(
      'mutation { createOrganisation(input: { code: "X1", name: "Y", extra: 1 }) { id } }',
      {},
      admin,
    );
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
