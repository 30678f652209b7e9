import type { CareerStage, OpportunityKind, ResearchLevel } from '../gql/graphql';

/** The schema's enums as lists, for pickers (typed by the generated enums: a schema change shows). */
export const OPPORTUNITY_KINDS: OpportunityKind[] = [
  'EXCHANGE_SLOT',
  'INTERNSHIP',
  'WORKPLACE_VISIT',
  'CO_SUPERVISED_PROJECT',
];

export const CAREER_STAGES: CareerStage[] = [
  'BACHELOR_STUDENT',
  'MASTER_STUDENT',
  'PHD_CANDIDATE',
  'POSTDOC',
  'LECTURER',
  'RESEARCHER',
  'INDUSTRY_SCIENTIST',
];

export const RESEARCH_LEVELS: ResearchLevel[] = ['R1', 'R2', 'R3', 'R4'];
