import { UserRole } from '../../../../src/core/domain/enums';
import { managesOpportunity } from '../../../../src/core/opportunities/host-staff';

const opportunity = { leadSupervisorId: 'lead', hostOrganisationId: 'lumc' };
const user = (id: string, organisationId: string, ...roles: UserRole[]) => ({ id, organisationId, roles });

describe('who manages an opportunity', () => {
  it.each([
    ['its lead supervisor', user('lead', 'lumc', UserRole.SUPERVISOR), [], true],
    ['a co-supervisor the caller counts', user('co', 'janssen', UserRole.SUPERVISOR), ['co'], true],
    ['a co-supervisor the caller does not count', user('co', 'janssen', UserRole.SUPERVISOR), [], false],
    ['HR of the host organisation', user('hr', 'lumc', UserRole.HR), [], true],
    ['HR of another organisation', user('hr2', 'janssen', UserRole.HR), [], false],
    ['another supervisor of the host organisation', user('sup', 'lumc', UserRole.SUPERVISOR), [], false],
    ['a candidate of the host organisation', user('cand', 'lumc', UserRole.CANDIDATE), [], false],
    ['an admin of any organisation', user('admin', 'janssen', UserRole.ADMIN), [], true],
  ])('%s: %s', (_who, viewer, coSupervisors, expected) => {
    expect(managesOpportunity(viewer, opportunity, coSupervisors)).toBe(expected);
  });
});
