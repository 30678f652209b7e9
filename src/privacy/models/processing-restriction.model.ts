import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('ProcessingRestriction', {
  description:
    'A restriction of processing of your data, with its reasons (for you and admins). While in force you are left out of recommendations, candidate and findable lists, allocation runs and analytics.',
})
export class ProcessingRestrictionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  personId!: string;

  @Field({ description: 'Not lifted yet.' })
  inForce!: boolean;

  @Field({ description: 'You asked for it yourself (otherwise HR or an admin set it).' })
  requestedByPerson!: boolean;

  @Field()
  reason!: string;

  @Field()
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  liftedAt!: Date | null;

  @Field(() => String, { nullable: true })
  liftReason!: string | null;
}

@ObjectType('ProcessingRestrictionStatus', {
  description:
    'Whether processing of a person is restricted, and since when; never why (HR of their organisation, admins).',
})
export class ProcessingRestrictionStatusModel {
  @Field(() => ID)
  personId!: string;

  @Field()
  restricted!: boolean;

  @Field(() => Date, { nullable: true })
  since!: Date | null;
}
