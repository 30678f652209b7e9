/**
 * Domain vocabulary shared by the pure core and the feature modules.
 * Plain string enums: they are stored as text in PostgreSQL and exposed as GraphQL enums.
 */

export enum UserRole {
  CANDIDATE = 'CANDIDATE',
  SUPERVISOR = 'SUPERVISOR',
  HR = 'HR',
  ADMIN = 'ADMIN',
}

export enum CareerStage {
  BACHELOR_STUDENT = 'BACHELOR_STUDENT',
  MASTER_STUDENT = 'MASTER_STUDENT',
  PHD_CANDIDATE = 'PHD_CANDIDATE',
  POSTDOC = 'POSTDOC',
  LECTURER = 'LECTURER',
  RESEARCHER = 'RESEARCHER',
  INDUSTRY_SCIENTIST = 'INDUSTRY_SCIENTIST',
}

/** Research career level (European framework R1 first stage .. R4 leading). */
export enum ResearchLevel {
  R1 = 'R1',
  R2 = 'R2',
  R3 = 'R3',
  R4 = 'R4',
}

/** The four-level proficiency scale. Unrated is represented as `null`, never 0. */
export enum ProficiencyLevel {
  FOUNDATIONAL = 1,
  INTERMEDIATE = 2,
  ADVANCED = 3,
  EXPERT = 4,
}

export enum AssessmentSource {
  SELF = 'SELF',
  EVIDENCE = 'EVIDENCE',
  SUPERVISOR = 'SUPERVISOR',
}

export enum OpportunityKind {
  EXCHANGE_SLOT = 'EXCHANGE_SLOT',
  INTERNSHIP = 'INTERNSHIP',
  WORKPLACE_VISIT = 'WORKPLACE_VISIT',
  CO_SUPERVISED_PROJECT = 'CO_SUPERVISED_PROJECT',
}

export enum OpportunityStatus {
  DRAFT = 'DRAFT',
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  ALLOCATED = 'ALLOCATED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  WITHDRAWN = 'WITHDRAWN',
  SHORTLISTED = 'SHORTLISTED',
  REJECTED = 'REJECTED',
  OFFERED = 'OFFERED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  COMPLETED = 'COMPLETED',
  /** The candidate did not turn up for an accepted placement that started (recorded by the host). */
  NO_SHOW = 'NO_SHOW',
}

export enum WorkMode {
  ON_SITE = 'ON_SITE',
  HYBRID = 'HYBRID',
  REMOTE = 'REMOTE',
}

export enum Visibility {
  PRIVATE = 'PRIVATE',
  CONSORTIUM = 'CONSORTIUM',
}
