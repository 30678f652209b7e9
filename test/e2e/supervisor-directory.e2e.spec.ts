import { randomBytes } from 'node:crypto';
import { UserRole } from '../../src/core/domain/enums';
import { aUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const DIRECTORY = `query($search: String, $org: ID, $partners: Boolean, $first: Int, $after: String) {
  supervisorDirectory(search: $search, organisationId: $org, partnersOnly: $partners, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id displayName organisation { code } department { name } } }
  }
}`;

interface Entry {
  id: string;
  displayName: string;
  organisation: { code: string };
  department: { name: string } | null;
}
interface Directory {
  supervisorDirectory: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: Entry }[];
  };
}

describe('supervisor directory', () => {
  let t: TestApp;
  /** A word only this file's people carry in their names. */
  const tag = `Zq${randomBytes(3).toString('hex')}`;
  let lumcSupervisor: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    lumcSupervisor = await t.login('supervisor@lumc.test');
    const people: [string, string, UserRole[]][] = [
      [`Anna ${tag} de Vries`, 'LUMC', [UserRole.SUPERVISOR]],
      [`Bram ${tag} Jansen`, 'JANSSEN', [UserRole.SUPERVISOR]],
      [`Carla ${tag} Bakker`, 'LEIDEN_UNIV', [UserRole.SUPERVISOR, UserRole.CANDIDATE]],
      [`Daan ${tag} Visser`, 'JANSSEN', [UserRole.SUPERVISOR]],
      [`Eva ${tag} Smit`, 'LEIDEN_UNIV', [UserRole.CANDIDATE]],
      [`Frank ${tag} Mulder`, 'LUMC', [UserRole.HR]],
    ];
    for (const [displayName, organisation, roles] of people)
      await aUser(t, { displayName, organisation, roles });
  });
  afterAll(() => t.close());

  const directory = (variables: Record<string, unknown>, token = lumcSupervisor) =>
    t.gql<Directory>(DIRECTORY, variables, token);

  it('lists only supervisors, by name, with organisation and department', async () => {
    const res = await directory({ search: tag });
    expect(res.errors).toBeUndefined();
    const { totalCount, edges } = res.data!.supervisorDirectory;
    expect(edges.map((e) => [e.node.displayName, e.node.organisation.code])).toEqual([
      [`Anna ${tag} de Vries`, 'LUMC'],
      [`Bram ${tag} Jansen`, 'JANSSEN'],
      [`Carla ${tag} Bakker`, 'LEIDEN_UNIV'],
      [`Daan ${tag} Visser`, 'JANSSEN'],
    ]);
    expect(totalCount).toBe(4);
  });

  it('finds by any words of the name, in any order and case; wildcards are literal', async () => {
    const found = await directory({ search: `VRIES ${tag.toLowerCase()}` });
    expect(found.data!.supervisorDirectory.edges.map((e) => e.node.displayName)).toEqual([
      `Anna ${tag} de Vries`,
    ]);
    const wildcard = await directory({ search: `${tag} %` });
    expect(wildcard.data!.supervisorDirectory.totalCount).toBe(0);
    const none = await directory({ search: `${tag} nobody` });
    expect(none.data!.supervisorDirectory.edges).toEqual([]);
  });

  it('narrows to one organisation, or to partners (other organisations than yours)', async () => {
    const orgs = await t.gql<{ organisations: { id: string; code: string }[] }>(
      '{ organisations { id code } }',
      {},
      lumcSupervisor,
    );
    const janssen = orgs.data!.organisations.find((o) => o.code === 'JANSSEN')!.id;
    const ofJanssen = await directory({ search: tag, org: janssen });
    expect(ofJanssen.data!.supervisorDirectory.edges.map((e) => e.node.organisation.code)).toEqual([
      'JANSSEN',
      'JANSSEN',
    ]);
    const partners = await directory({ search: tag, partners: true });
    expect(partners.data!.supervisorDirectory.edges.map((e) => e.node.displayName)).toEqual([
      `Bram ${tag} Jansen`,
      `Carla ${tag} Bakker`,
      `Daan ${tag} Visser`,
    ]);
    // Without a search: every partner supervisor, the demo ones too, none of the viewer's organisation.
    const all = await directory({ partners: true, first: 50 });
    const codes = new Set(all.data!.supervisorDirectory.edges.map((e) => e.node.organisation.code));
    expect(codes.has('LUMC')).toBe(false);
    expect(codes.size).toBe(2);
  });

  it('pages through the list with cursors, without overlap or gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const res: Awaited<ReturnType<typeof directory>> = await directory({ search: tag, first: 3, after });
      expect(res.errors).toBeUndefined();
      const d = res.data!.supervisorDirectory;
      seen.push(...d.edges.map((e) => e.node.displayName));
      if (!d.pageInfo.hasNextPage) break;
      after = d.pageInfo.endCursor;
    }
    expect(seen).toEqual([
      `Anna ${tag} de Vries`,
      `Bram ${tag} Jansen`,
      `Carla ${tag} Bakker`,
      `Daan ${tag} Visser`,
    ]);
    const bad = await directory({ search: tag, after: 'not-a-cursor' });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after' }],
    });
  });

  it('shows nothing else about a person: the type has only id, name, organisation and department', async () => {
    const res = await t.gql<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "DirectorySupervisor") { fields { name } } }',
    );
    expect(res.data!.__type.fields.map((f) => f.name).sort()).toEqual([
      'department',
      'displayName',
      'id',
      'organisation',
    ]);
  });

  it('is open to supervisors and HR only: candidates and admins without either role are refused', async () => {
    const hr = await t.login('hr@janssen.test');
    expect((await directory({ search: tag }, hr)).data?.supervisorDirectory.totalCount).toBe(4);
    for (const email of ['candidate@lumc.test', 'admin@talent-exchange.test']) {
      const res = await directory({ search: tag }, await t.login(email));
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    }
    const anonymous = await t.gql(DIRECTORY, { search: tag });
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
