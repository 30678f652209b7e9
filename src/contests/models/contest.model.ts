import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ContestKind, ContestStatus } from '../entities/contest.entity';

registerEnumType(ContestKind, {
  name: 'ContestKind',
  description:
    'RECOMMENDATION: an opportunity’s fit with you, as the matching computed it; APPLICATION_REJECTION: the rejection of your application; ROUND_OUTCOME: what an allocation round’s published run gave you.',
});
registerEnumType(ContestStatus, {
  name: 'ContestStatus',
  description: 'OPEN: waiting for HR’s answer; UPHELD: HR agreed with you; DISMISSED: HR did not.',
});

/** The answer HR gives: a contest's status other than OPEN. */
export enum ContestOutcome {
  UPHELD = 'UPHELD',
  DISMISSED = 'DISMISSED',
}
registerEnumType(ContestOutcome, { name: 'ContestOutcome' });

@ObjectType('ContestPerson', { description: 'Who a contest is about, or who decided or answered.' })
export class ContestPersonModel {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;
}

@ObjectType('ContestComputed', {
  description:
    'What the matching computed, as it stood when the contest was filed: figures a person did not decide.',
})
export class ContestComputedModel {
  @Field(() => ID, { nullable: true, description: 'The opportunity the figures are about.' })
  opportunityId!: string | null;

  @Field(() => Float, { nullable: true, description: 'Fit score 0..100 (as recommendations compute it).' })
  fitScore!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the fit score found you eligible.' })
  eligible!: boolean | null;

  @Field(() => ID, { nullable: true, description: 'ROUND_OUTCOME: the allocation run whose outcome it is.' })
  roundRunId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'ROUND_OUTCOME: the opportunity the run gave you; null when it gave you none.',
  })
  roundResultOpportunityId!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'ROUND_OUTCOME: the rank you gave that opportunity among your choices (1 = first).',
  })
  choiceRank!: number | null;
}

@ObjectType('ContestDecision', {
  description: 'What a person decided, as it stood when the contest was filed.',
})
export class ContestDecisionModel {
  @Field({
    description:
      'The decision: an application status (REJECTED), a round override (PRE_ASSIGN, EXCLUDE) or PUBLISHED for a round’s outcome.',
  })
  status!: string;

  @Field(() => ContestPersonModel, {
    nullable: true,
    description: 'Who decided; null when nobody is recorded.',
  })
  by!: ContestPersonModel | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => Date, { nullable: true })
  at!: Date | null;
}

@ObjectType('ContestAnswer', { description: 'HR’s (or an admin’s) answer to a contest.' })
export class ContestAnswerModel {
  @Field(() => ContestOutcome)
  outcome!: ContestOutcome;

  @Field()
  reason!: string;

  @Field()
  answeredAt!: Date;

  @Field(() => ContestPersonModel, { nullable: true })
  by!: ContestPersonModel | null;
}

@ObjectType('Contest', {
  description:
    'A candidate’s contest of a recommendation, a rejection or a round outcome, with what the matching computed next to what a person decided, and HR’s answer. Decisions stay with people: an upheld contest changes nothing by itself; HR acts through the usual operations.',
})
export class ContestModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ContestPersonModel, { description: 'Who contests.' })
  person!: ContestPersonModel;

  @Field(() => ContestKind)
  kind!: ContestKind;

  @Field(() => ID, {
    description:
      'The opportunity (RECOMMENDATION), application (APPLICATION_REJECTION) or round (ROUND_OUTCOME).',
  })
  subjectId!: string;

  @Field(() => ID, { description: 'The organisation whose HR answers.' })
  organisationId!: string;

  @Field({ description: 'Why the person contests it, in their words.' })
  reason!: string;

  @Field(() => ContestStatus)
  status!: ContestStatus;

  @Field()
  filedAt!: Date;

  @Field(() => ContestComputedModel)
  computed!: ContestComputedModel;

  @Field(() => ContestDecisionModel, {
    nullable: true,
    description: 'Null for a recommendation: nobody decided.',
  })
  decided!: ContestDecisionModel | null;

  @Field(() => ContestAnswerModel, { nullable: true, description: 'Null while OPEN.' })
  answer!: ContestAnswerModel | null;
}
