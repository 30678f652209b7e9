import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('EligibilityOverride', {
  description:
    'HR lets a candidate apply to (and be chosen in a round for) one opportunity although they are not eligible, with a reason the candidate sees.',
})
export class EligibilityOverrideModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  opportunityId!: string;

  @Field(() => ID)
  candidateId!: string;

  @Field({ description: 'Why HR made the exception.' })
  reason!: string;

  @Field({ description: 'When HR granted it.' })
  createdAt!: Date;
}
