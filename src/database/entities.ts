import {
  ApplicantRankingEntity,
  ApplicationEntity,
  ApplicationTransitionEntity,
} from '../applications/entities/application.entity';
import { ApplicationStateEntity } from '../applications/entities/application-state.entity';
import { EligibilityOverrideEntity } from '../applications/entities/eligibility-override.entity';
import { AccountActivityEntity } from '../auth/entities/account-activity.entity';
import { AuthSessionEntity, RefreshTokenEntity } from '../auth/entities/auth-session.entity';
import { ContestEntity } from '../contests/entities/contest.entity';
import { DataCorrectionEntity } from '../profiles/entities/data-correction.entity';
import { CompetenceAreaEntity, CompetenceEntity } from '../competences/entities/competence.entity';
import { NotificationEntity } from '../notifications/entities/notification.entity';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from '../opportunities/entities/opportunity.entity';
import { DepartmentEntity } from '../organisations/entities/department.entity';
import { OrganisationEntity } from '../organisations/entities/organisation.entity';
import { AssessmentEntity } from '../profiles/entities/assessment.entity';
import { ProfileEntity } from '../profiles/entities/profile.entity';
import {
  AllocationRoundEntity,
  RoundChoiceEntity,
  RoundOpportunityEntity,
  RoundOverrideEntity,
  RoundRunEntity,
} from '../rounds/entities/round.entity';
import { RoundRunCandidateEntity } from '../rounds/entities/round-run-candidate.entity';
import { OpportunityMarkEntity } from '../recommendations/entities/opportunity-mark.entity';
import {
  PersonTargetRoleEntity,
  RoleProfileEntity,
  RoleRequirementEntity,
} from '../roles/entities/role-profile.entity';
import { TalentProfileShareEntity } from '../talent-profiles/entities/talent-profile-share.entity';
import { PersonalDataReadEntity } from '../audit/entities/personal-data-read.entity';
import { PrivacyActionEntity } from '../audit/entities/privacy-action.entity';
import { ConsentEntity } from '../privacy/entities/consent.entity';
import { ProcessingPurposeEntity } from '../privacy/entities/processing-purpose.entity';
import { ProcessingRestrictionEntity } from '../privacy/entities/processing-restriction.entity';
import { DataSubjectRequestEntity } from '../privacy-rights/entities/data-subject-request.entity';
import { RetentionRuleEntity } from '../retention/entities/retention-rule.entity';
import { UserEntity } from '../users/entities/user.entity';

/** Every TypeORM entity, listed once for the one DataSource definition. */
export const ENTITIES = [
  OrganisationEntity,
  DepartmentEntity,
  UserEntity,
  CompetenceAreaEntity,
  CompetenceEntity,
  ProfileEntity,
  AssessmentEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
  OpportunityDevelopedCompetenceEntity,
  CoSupervisionEntity,
  ApplicationEntity,
  ApplicationStateEntity,
  ApplicationTransitionEntity,
  ApplicantRankingEntity,
  EligibilityOverrideEntity,
  NotificationEntity,
  OpportunityMarkEntity,
  AllocationRoundEntity,
  RoundOpportunityEntity,
  RoundChoiceEntity,
  RoundOverrideEntity,
  RoundRunEntity,
  RoundRunCandidateEntity,
  RoleProfileEntity,
  RoleRequirementEntity,
  PersonTargetRoleEntity,
  TalentProfileShareEntity,
  PersonalDataReadEntity,
  PrivacyActionEntity,
  ProcessingPurposeEntity,
  ConsentEntity,
  ProcessingRestrictionEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  DataSubjectRequestEntity,
  RetentionRuleEntity,
  ContestEntity,
  DataCorrectionEntity,
  AccountActivityEntity,
];
