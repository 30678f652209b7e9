import {
  administers,
  candidatePool,
  countedCoSupervisors,
  findableProfiles,
  managesOpportunity,
  managesRound,
  mayFollowApplication,
  mayFollowRound,
  mayManageRoleProfilesOf,
  mayManageSupervisionOf,
  mayPlaceInRound,
  maySeeGapsOf,
  opportunityActorKinds,
  opportunityVisibility,
  profileAccess,
  readsAreAudited,
  readsPartnerTalentProfiles,
  roundListOrganisation,
  seesRoundAsCandidate,
  userListOrganisation,
  Viewer,
} from '../../../src/access/access.policy';
import { UserRole, Visibility } from '../../../src/core/domain/enums';

const user = (id: string, organisationId: string, ...roles: UserRole[]): Viewer => ({
  id,
  organisationId,
  roles,
});

const lead = user('lead', 'lumc', UserRole.SUPERVISOR);
const coSupervisor = user('co', 'janssen', UserRole.SUPERVISOR);
const hostHr = user('hr', 'lumc', UserRole.HR);
const otherHr = user('hr2', 'janssen', UserRole.HR);
const hostSupervisor = user('sup', 'lumc', UserRole.SUPERVISOR);
const hostCandidate = user('cand', 'lumc', UserRole.CANDIDATE);
const admin = user('admin', 'janssen', UserRole.ADMIN);

const opportunity = { leadSupervisorId: 'lead', hostOrganisationId: 'lumc' };

describe('access policy', () => {
  describe('who manages an opportunity', () => {
    it.each([
      ['its lead supervisor', lead, [], true],
      ['a co-supervisor the caller counts', coSupervisor, ['co'], true],
      ['a co-supervisor the caller does not count', coSupervisor, [], false],
      ['HR of the host organisation', hostHr, [], true],
      ['HR of another organisation', otherHr, [], false],
      ['another supervisor of the host organisation', hostSupervisor, [], false],
      ['a candidate of the host organisation', hostCandidate, [], false],
      ['an admin of any organisation', admin, [], true],
    ])('%s: %s', (_who, viewer, coSupervisors, expected) => {
      expect(managesOpportunity(viewer, opportunity, coSupervisors)).toBe(expected);
    });

    it('counts invited and accepted co-supervisors, and only accepted ones when acting on candidates', () => {
      const rows = [
        { coSupervisorId: 'a', status: 'INVITED' },
        { coSupervisorId: 'b', status: 'ACCEPTED' },
        { coSupervisorId: 'c', status: 'DECLINED' },
      ];
      expect(countedCoSupervisors(rows, { acceptedOnly: false })).toEqual(['a', 'b']);
      expect(countedCoSupervisors(rows, { acceptedOnly: true })).toEqual(['b']);
    });

    it('gives the lifecycle actor kinds a viewer holds (none for a co-supervisor)', () => {
      expect(opportunityActorKinds(lead, opportunity)).toEqual(['HOST_SUPERVISOR']);
      expect(opportunityActorKinds(hostHr, opportunity)).toEqual(['HR']);
      expect(opportunityActorKinds(otherHr, opportunity)).toEqual([]);
      expect(opportunityActorKinds(coSupervisor, opportunity)).toEqual([]);
      expect(opportunityActorKinds(admin, opportunity)).toEqual(['ADMIN']);
    });

    it('scopes lists: admins see all, HR their organisation too, others only themselves and open ones', () => {
      expect(opportunityVisibility(admin)).toEqual({ all: true });
      expect(opportunityVisibility(hostHr)).toEqual({ all: false, userId: 'hr', hrOrganisationId: 'lumc' });
      expect(opportunityVisibility(lead)).toEqual({ all: false, userId: 'lead', hrOrganisationId: null });
    });

    it('widens the candidate pool for admins and HR of the host only', () => {
      expect(candidatePool(admin, opportunity)).toEqual({ all: true, hrOrganisationId: null });
      expect(candidatePool(hostHr, opportunity)).toEqual({ all: false, hrOrganisationId: 'lumc' });
      expect(candidatePool(otherHr, opportunity)).toEqual({ all: false, hrOrganisationId: null });
      expect(candidatePool(lead, opportunity)).toEqual({ all: false, hrOrganisationId: null });
    });
  });

  describe('who sees a round as a candidate', () => {
    it.each([
      ['a candidate, open round', hostCandidate, true, false, true],
      ['a candidate, published round they chose in', hostCandidate, false, true, true],
      ['a candidate, published round they did not choose in', hostCandidate, false, false, false],
      ['HR, open round', hostHr, true, true, false],
      ['a supervisor, open round', hostSupervisor, true, false, false],
    ])('%s', (_who, viewer, open, chose, expected) => {
      expect(seesRoundAsCandidate(viewer, { open }, chose)).toBe(expected);
    });
  });

  describe('"an admin, or HR of that organisation"', () => {
    it.each([
      ['HR of the organisation', hostHr, true],
      ['HR of another organisation', otherHr, false],
      ['a supervisor of the organisation', hostSupervisor, false],
      ['a candidate of the organisation', hostCandidate, false],
      ['an admin of another organisation', admin, true],
    ])('%s: %s', (_who, viewer, expected) => {
      expect(administers(viewer, 'lumc')).toBe(expected);
      expect(managesRound(viewer, { organisationId: 'lumc' })).toBe(expected);
      expect(mayFollowRound(viewer, { organisationId: 'lumc' })).toBe(expected);
      expect(mayManageSupervisionOf(viewer, { organisationId: 'lumc' })).toBe(expected);
    });

    it('never holds for an organisation that is not given', () => {
      expect(administers(hostHr, null)).toBe(false);
      expect(administers(hostHr, undefined)).toBe(false);
    });

    it('does not let a supervisor set their own supervision capacity', () => {
      expect(mayManageSupervisionOf(lead, { organisationId: lead.organisationId })).toBe(false);
    });

    it('keeps consortium-wide role profiles to admins', () => {
      expect(mayManageRoleProfilesOf(admin, null)).toBe(true);
      expect(mayManageRoleProfilesOf(hostHr, null)).toBe(false);
      expect(mayManageRoleProfilesOf(hostHr, 'lumc')).toBe(true);
      expect(mayManageRoleProfilesOf(otherHr, 'lumc')).toBe(false);
    });

    it('lists the rounds of all organisations for admins, of their own for everyone else', () => {
      expect(roundListOrganisation(admin)).toBeNull();
      expect(roundListOrganisation(hostHr)).toBe('lumc');
    });

    it('lists the people of another organisation as empty for non-admins', () => {
      expect(userListOrganisation(admin, 'lumc')).toBe('lumc');
      expect(userListOrganisation(admin, undefined)).toBeNull();
      expect(userListOrganisation(otherHr, 'lumc')).toBeUndefined();
      expect(userListOrganisation(otherHr, null)).toBe('janssen');
    });

    it('lets HR put into a round what their organisation hosts or leads as a co-supervised project', () => {
      const hosted = { hostOrganisationId: 'lumc', coSupervised: false };
      const ledElsewhere = { hostOrganisationId: 'janssen', coSupervised: true };
      expect(mayPlaceInRound(hostHr, hosted, 'lumc')).toBe(true);
      expect(mayPlaceInRound(hostHr, ledElsewhere, 'lumc')).toBe(true);
      expect(mayPlaceInRound(hostHr, { ...ledElsewhere, coSupervised: false }, 'lumc')).toBe(false);
      expect(mayPlaceInRound(hostHr, ledElsewhere, 'janssen')).toBe(false);
    });
  });

  describe('people', () => {
    const person = { id: 'cand', organisationId: 'lumc' };

    it.each([
      ['the person', hostCandidate, true],
      ['HR of their organisation', hostHr, true],
      ['HR of another organisation', otherHr, false],
      ['a supervisor of their organisation', hostSupervisor, false],
      ['an admin', admin, true],
    ])('gaps: %s: %s', (_who, viewer, expected) => {
      expect(maySeeGapsOf(viewer, person)).toBe(expected);
    });

    it.each([
      ['the person, private', hostCandidate, Visibility.PRIVATE, 'FULL'],
      ['HR of their organisation, private', hostHr, Visibility.PRIVATE, 'FULL'],
      ['an admin, private', admin, Visibility.PRIVATE, 'FULL'],
      ['HR of another organisation, private', otherHr, Visibility.PRIVATE, null],
      ['HR of another organisation, findable', otherHr, Visibility.CONSORTIUM, 'LEVELS'],
      ['a supervisor, findable', coSupervisor, Visibility.CONSORTIUM, 'LEVELS'],
      ['a supervisor, private', coSupervisor, Visibility.PRIVATE, null],
      ['another candidate, findable', user('c2', 'lumc', UserRole.CANDIDATE), Visibility.CONSORTIUM, null],
    ])('profile: %s: %s', (_who, viewer, visibility, expected) => {
      expect(profileAccess(viewer, { userId: 'cand', organisationId: 'lumc', visibility })).toBe(expected);
    });

    it('finds all for admins, the own organisation for HR, findable profiles for the rest', () => {
      expect(findableProfiles(admin)).toEqual({ viewerId: 'admin', all: true, ownOrganisationId: null });
      expect(findableProfiles(hostHr)).toEqual({ viewerId: 'hr', all: false, ownOrganisationId: 'lumc' });
      expect(findableProfiles(lead)).toEqual({ viewerId: 'lead', all: false, ownOrganisationId: null });
    });

    it('opens talent profiles shared with partners to supervisors and HR only', () => {
      expect(readsPartnerTalentProfiles(coSupervisor)).toBe(true);
      expect(readsPartnerTalentProfiles(otherHr)).toBe(true);
      expect(readsPartnerTalentProfiles(hostCandidate)).toBe(false);
    });

    it('audits the reads of HR and admins only', () => {
      expect(readsAreAudited(hostHr)).toBe(true);
      expect(readsAreAudited(admin)).toBe(true);
      expect(readsAreAudited(lead)).toBe(false);
    });
  });

  describe('who may follow an application', () => {
    const audience = { candidateId: 'cand', hostUserIds: ['lead', 'co'], hostOrganisationId: 'lumc' };
    it.each([
      ['the candidate', hostCandidate, true],
      ['a host user', coSupervisor, true],
      ['HR of the host organisation', hostHr, true],
      ['HR of another organisation', otherHr, false],
      ['another supervisor', hostSupervisor, false],
      ['an admin', admin, true],
    ])('%s: %s', (_who, viewer, expected) => {
      expect(mayFollowApplication(viewer, audience)).toBe(expected);
    });
  });
});
