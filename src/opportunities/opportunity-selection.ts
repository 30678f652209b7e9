import { GraphQLResolveInfo } from 'graphql';
import { selectedFields } from '../common/graphql/selection';
import { OpportunityColumn, PageRead, RequirementCompetenceColumn } from './opportunities.repository';

/**
 * The columns each field of `Opportunity` needs from its row: its own, or what its resolver reads
 * (opportunities.resolver.ts). A field not listed here (one added later) reads every column.
 */
const OPPORTUNITY_FIELD_COLUMNS: Readonly<Record<string, readonly OpportunityColumn[]>> = {
  __typename: [],
  id: [],
  kind: ['kind'],
  title: ['title'],
  description: ['description'],
  status: ['status'],
  hostOrganisationId: ['hostOrganisationId'],
  hostDepartmentId: ['hostDepartmentId'],
  startsOn: ['startsOn'],
  endsOn: ['endsOn'],
  capacity: ['capacity'],
  seatsTaken: ['seatsTaken'],
  applicationDeadline: ['applicationDeadline'],
  eligibleStages: ['eligibleStages'],
  language: ['language'],
  workMode: ['workMode'],
  details: ['details'],
  cancelReason: ['cancelReason'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
  hostOrganisation: ['hostOrganisationId'],
  hostDepartment: ['hostDepartmentId'],
  leadSupervisor: ['leadSupervisorId'],
  seatsAvailable: ['capacity', 'seatsTaken'],
  requirements: [],
  developedCompetences: [],
  coSupervision: [],
  // Who manages the opportunity decides who reads these (access.policy managesOpportunity).
  confidentialDetails: ['confidentialDetails', 'leadSupervisorId', 'hostOrganisationId'],
  reviewComment: ['reviewComment', 'leadSupervisorId', 'hostOrganisationId'],
};

/** The columns each field of a requirement's `Competence` needs (its id always comes). */
const COMPETENCE_FIELD_COLUMNS: Readonly<Record<string, readonly RequirementCompetenceColumn[]>> = {
  __typename: [],
  id: [],
  code: ['code'],
  name: ['name'],
  description: ['description'],
  areaId: ['areaId'],
  area: ['areaId'],
  externalUri: ['externalUri'],
  retiredAt: ['retiredAt'],
};

/** What a page of `opportunities` reads for the operation being resolved: what its nodes select. */
export function pageReadOf(info: GraphQLResolveInfo): PageRead {
  const node = selectedFields(info, ['edges', 'node']);
  const requirements = node?.has('requirements')
    ? columnsFor(
        selectedFields(info, ['edges', 'node', 'requirements', 'competence']),
        COMPETENCE_FIELD_COLUMNS,
      )
    : null;
  return { columns: columnsFor(node, OPPORTUNITY_FIELD_COLUMNS), requirements };
}

function columnsFor<C extends string>(
  fields: ReadonlySet<string> | null,
  columnsOf: Readonly<Record<string, readonly C[]>>,
): ReadonlySet<C> | 'all' {
  const columns = new Set<C>();
  for (const field of fields ?? []) {
    const needed = Object.hasOwn(columnsOf, field) ? columnsOf[field] : undefined;
    if (!needed) return 'all';
    for (const c of needed) columns.add(c);
  }
  return columns;
}
