import { AccessService } from '../../src/access/access.service';
import { AuthUser } from '../../src/common/auth/auth-user';
import { OpportunityKind, UserRole } from '../../src/core/domain/enums';
import { UserEntity } from '../../src/users/entities/user.entity';
import { aDraft, OpportunityView } from '../factories/opportunities.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { countStatements } from '../utils/statement-counter';

/** AccessService on real PostgreSQL: set-based checks answer the allowed subset of a page in one query. */
describe('AccessService', () => {
  let t: TestApp;
  let access: AccessService;
  let lead: CreatedUser;
  let invited: CreatedUser;
  let accepted: CreatedUser;
  let invitedOn: OpportunityView;
  let acceptedOn: OpportunityView;
  let other: OpportunityView;

  const viewer = (u: UserEntity): AuthUser => ({
    id: u.id,
    email: u.email,
    organisationId: u.organisationId,
    departmentId: null,
    roles: u.roles,
  });
  const ref = (o: OpportunityView & { leadSupervisor: { id: string } }) => ({
    id: o.id,
    hostOrganisationId: o.hostOrganisationId,
    leadSupervisorId: o.leadSupervisor.id,
  });

  async function invite(opportunityId: string, userId: string): Promise<void> {
    const res = await t.gql(
      `mutation($o: ID!, $u: ID!) { inviteCoSupervisor(opportunityId: $o, userId: $u) { status } }`,
      { o: opportunityId, u: userId },
      lead.token,
    );
    expect(res.errors).toBeUndefined();
  }

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    access = t.app.get(AccessService);
    lead = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
    invited = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'JANSSEN' });
    accepted = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'JANSSEN' });
    invitedOn = await aDraft(t, lead.token, OpportunityKind.CO_SUPERVISED_PROJECT);
    acceptedOn = await aDraft(t, lead.token, OpportunityKind.CO_SUPERVISED_PROJECT);
    other = await aDraft(t, lead.token, OpportunityKind.CO_SUPERVISED_PROJECT);
    await invite(invitedOn.id, invited.user.id);
    await invite(acceptedOn.id, accepted.user.id);
    const res = await t.gql(
      `mutation($o: ID!) { respondToCoSupervision(opportunityId: $o, accept: true) { status } }`,
      { o: acceptedOn.id },
      accepted.token,
    );
    expect(res.errors).toBeUndefined();
  });

  afterAll(() => t.close());

  it('counts an invited co-supervisor as host staff, but not when acting on candidates', async () => {
    const all = [invitedOn, acceptedOn, other].map(ref);
    expect(await access.managedOpportunities(viewer(invited.user), all, { acceptedOnly: false })).toEqual(
      new Set([invitedOn.id]),
    );
    expect(await access.managedOpportunities(viewer(invited.user), all, { acceptedOnly: true })).toEqual(
      new Set(),
    );
    expect(await access.managedOpportunities(viewer(accepted.user), all, { acceptedOnly: true })).toEqual(
      new Set([acceptedOn.id]),
    );
  });

  it('answers the lead supervisor and HR of the host without a lookup', async () => {
    const hr = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
    const all = [invitedOn, acceptedOn, other].map(ref);
    const statements = await countStatements(t).during(async () => {
      expect(await access.managedOpportunities(viewer(lead.user), all, { acceptedOnly: true })).toEqual(
        new Set(all.map((o) => o.id)),
      );
      expect(await access.managedOpportunities(viewer(hr.user), all, { acceptedOnly: true })).toEqual(
        new Set(all.map((o) => o.id)),
      );
    });
    expect(statements).toBe(0);
  });

  it('checks a whole page for a co-supervisor in one query', async () => {
    const all = [invitedOn, acceptedOn, other].map(ref);
    const statements = await countStatements(t).during(() =>
      access.managedOpportunities(viewer(accepted.user), all, { acceptedOnly: false }),
    );
    expect(statements).toBe(1);
  });

  it('refuses HR of another organisation and a stranger supervisor', async () => {
    const otherHr = await aUser(t, { roles: [UserRole.HR], organisation: 'JANSSEN' });
    const stranger = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
    const all = [invitedOn, acceptedOn, other].map(ref);
    expect(await access.managedOpportunities(viewer(otherHr.user), all, { acceptedOnly: false })).toEqual(
      new Set(),
    );
    expect(await access.managedOpportunities(viewer(stranger.user), all, { acceptedOnly: false })).toEqual(
      new Set(),
    );
  });
});
