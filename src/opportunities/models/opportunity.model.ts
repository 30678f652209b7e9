import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/graphql/pagination';
import { CompetenceModel } from '../../competences/models/competence.model';
import { OpportunityKind, OpportunityStatus, WorkMode } from '../../core/domain/enums';
// CareerStage is registered as a GraphQL enum by the profiles feature.
import { CareerStage } from '../../profiles/models/profile-enums';
import { CoSupervisionStatus } from '../../core/opportunities/co-supervision';
import { CourseLevel, ProjectLevel } from '../opportunity-details';

registerEnumType(OpportunityKind, { name: 'OpportunityKind' });
registerEnumType(OpportunityStatus, { name: 'OpportunityStatus' });
registerEnumType(WorkMode, { name: 'WorkMode' });
registerEnumType(CoSupervisionStatus, { name: 'CoSupervisionStatus' });
registerEnumType(CourseLevel, { name: 'CourseLevel' });
registerEnumType(ProjectLevel, { name: 'ProjectLevel' });

export enum OpportunityOrder {
  /** Earliest application deadline first. */
  DEADLINE = 'DEADLINE',
  /** Most recently created first. */
  NEWEST = 'NEWEST',
}
registerEnumType(OpportunityOrder, { name: 'OpportunityOrder' });

@ObjectType('OpportunityDetails', {
  description:
    'Kind-specific fields. EXCHANGE_SLOT: subject, teachingHours, courseLevel. INTERNSHIP: weeks, credits. ' +
    'WORKPLACE_VISIT: days, groupSize. CO_SUPERVISED_PROJECT: projectLevel, load.',
})
export class OpportunityDetailsModel {
  @Field(() => String, { nullable: true })
  subject?: string;

  @Field(() => Int, { nullable: true })
  teachingHours?: number;

  @Field(() => CourseLevel, { nullable: true })
  courseLevel?: string;

  @Field(() => Int, { nullable: true })
  weeks?: number;

  @Field(() => Float, { nullable: true, description: 'European credits (EC).' })
  credits?: number;

  @Field(() => Int, { nullable: true, description: 'Length of a workplace visit: 1 to 5 days.' })
  days?: number;

  @Field(() => Int, { nullable: true })
  groupSize?: number;

  @Field(() => ProjectLevel, { nullable: true })
  projectLevel?: string;

  @Field(() => Int, { nullable: true, description: 'Supervision load in hours per week.' })
  load?: number;
}

@ObjectType('SupervisorSummary', { description: 'A supervisor as others see them: name and organisation.' })
export class SupervisorSummaryModel {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  @Field(() => ID)
  organisationId!: string;
}

@ObjectType('OpportunityRequirement', { description: 'A competence an opportunity requires.' })
export class OpportunityRequirementModel {
  @Field(() => ID)
  competenceId!: string;

  @Field(() => Int, { description: 'Minimum level: 1 Foundational .. 4 Expert.' })
  minLevel!: number;

  @Field(() => Float, { description: 'Relative weight in the fit score (> 0).' })
  weight!: number;

  @Field({ description: 'Unmet essential requirements make a candidate ineligible.' })
  essential!: boolean;

  /** Read with the requirement (one query per page), so no resolver runs per row. */
  @Field(() => CompetenceModel)
  competence!: CompetenceModel;
}

@ObjectType('CoSupervision', {
  description: 'The co-supervisor of a co-supervised project and their answer.',
})
export class CoSupervisionModel {
  @Field(() => ID)
  opportunityId!: string;

  @Field(() => ID)
  coSupervisorId!: string;

  @Field(() => CoSupervisionStatus)
  status!: string;

  @Field(() => String, { nullable: true })
  declineReason!: string | null;

  @Field(() => Date, { nullable: true })
  respondedAt!: Date | null;
}

@ObjectType('Opportunity', {
  description: 'An exchange slot, internship, workplace visit or co-supervised project.',
})
export class OpportunityModel {
  @Field(() => ID)
  id!: string;

  @Field(() => OpportunityKind)
  kind!: OpportunityKind;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => OpportunityStatus)
  status!: OpportunityStatus;

  @Field(() => ID)
  hostOrganisationId!: string;

  @Field(() => ID, { nullable: true })
  hostDepartmentId!: string | null;

  @Field({ description: 'First day (YYYY-MM-DD).' })
  startsOn!: string;

  @Field({ description: 'Last day (YYYY-MM-DD).' })
  endsOn!: string;

  @Field(() => Int)
  capacity!: number;

  @Field(() => Int, { description: 'Seats taken by accepted offers.' })
  seatsTaken!: number;

  @Field(() => Date)
  applicationDeadline!: Date;

  @Field(() => [CareerStage], { description: 'Empty: open to every career stage.' })
  eligibleStages!: CareerStage[];

  @Field({ description: 'ISO 639-1 language code.' })
  language!: string;

  @Field(() => WorkMode)
  workMode!: WorkMode;

  @Field(() => OpportunityDetailsModel)
  details!: OpportunityDetailsModel;

  @Field(() => String, { nullable: true, description: 'Set when cancelled.' })
  cancelReason!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType('OpportunityEdge')
export class OpportunityEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => OpportunityModel)
  node!: OpportunityModel;
}

@ObjectType('OpportunityConnection')
export class OpportunityConnectionModel {
  @Field(() => [OpportunityEdgeModel])
  edges!: OpportunityEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  /** Counts lazily: only when the client asks for totalCount. */
  count!: () => Promise<number>;
}
