import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/graphql/pagination';
import { ApplicationStatus, CareerStage } from '../../core/domain/enums';

registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });
// CareerStage is registered by the profiles and opportunities features.

@ObjectType('ApplicationActor', { description: 'Who made a transition.' })
export class ApplicationActorModel {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;
}

@ObjectType('ApplicationTransition', { description: 'One recorded status change of an application.' })
export class ApplicationTransitionModel {
  @Field(() => ApplicationStatus, { nullable: true, description: 'Null for the submission.' })
  from!: ApplicationStatus | null;

  @Field(() => ApplicationStatus)
  to!: ApplicationStatus;

  @Field()
  at!: Date;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => ApplicationActorModel, {
    nullable: true,
    description: 'Null when the system made it (offer expiry, allocation round).',
  })
  actor!: ApplicationActorModel | null;
}

@ObjectType('ApplicantCompetence', {
  description: 'A competence the opportunity asks for, with the applicant’s effective level.',
})
export class ApplicantCompetenceModel {
  @Field(() => ID)
  competenceId!: string;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: '1 Foundational .. 4 Expert.' })
  requiredLevel!: number;

  @Field()
  essential!: boolean;

  @Field(() => Int, { nullable: true, description: 'The effective level; null when unrated.' })
  level!: number | null;
}

@ObjectType('Applicant', {
  description: 'An applicant as the host sees them: only what the host needs to review the application.',
})
export class ApplicantModel {
  @Field(() => ID, { description: 'The candidate’s user id.' })
  id!: string;

  @Field()
  displayName!: string;

  @Field(() => CareerStage, { nullable: true })
  careerStage!: CareerStage | null;

  /** Resolved as `organisation` (ApplicantResolver). */
  organisationId!: string;

  @Field(() => [ApplicantCompetenceModel], { complexity: 10 })
  competences!: ApplicantCompetenceModel[];

  @Field(() => String, { nullable: true })
  motivation!: string | null;
}

@ObjectType('Application', { description: 'A candidate’s application to an opportunity.' })
export class ApplicationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  opportunityId!: string;

  candidateId!: string;

  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field(() => String, { nullable: true })
  motivation!: string | null;

  @Field(() => Date, { nullable: true, description: 'The answer to an offer is due by then.' })
  responseDeadline!: Date | null;

  @Field({ description: 'When it was submitted.' })
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('RankedApplication', { description: 'One place in a host’s ranking of applicants.' })
export class RankedApplicationModel {
  @Field(() => Int, { description: '1 = most preferred.' })
  rank!: number;

  @Field(() => ApplicationModel)
  application!: ApplicationModel;
}

@ObjectType('ApplicationStatusChange', { description: 'A live status change of an application.' })
export class ApplicationStatusChangeModel {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => ID)
  opportunityId!: string;

  @Field(() => ApplicationStatus, { nullable: true })
  from!: ApplicationStatus | null;

  @Field(() => ApplicationStatus)
  to!: ApplicationStatus;

  @Field()
  at!: Date;
}

@ObjectType('ApplicationEdge')
export class ApplicationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => ApplicationModel)
  node!: ApplicationModel;
}

@ObjectType('ApplicationConnection')
export class ApplicationConnectionModel {
  @Field(() => [ApplicationEdgeModel])
  edges!: ApplicationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  /** Counts lazily: only when the client asks for totalCount. */
  count!: () => Promise<number>;
}
