import { IsString, IsUUID, Length } from 'class-validator';
import { Field, ID, InputType } from '@nestjs/graphql';

@InputType({ description: 'HR lets one candidate apply to one opportunity although not eligible.' })
export class GrantEligibilityOverrideInput {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;

  @Field(() => ID, { description: 'The candidate’s user id.' })
  @IsUUID()
  candidateId!: string;

  @Field({ description: 'Why: shown to the candidate; 1 to 2000 characters.' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

@InputType({ description: 'HR places a candidate directly on an opportunity outside rounds.' })
export class PlaceCandidateInput {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;

  @Field(() => ID, { description: 'The candidate’s user id.' })
  @IsUUID()
  candidateId!: string;

  @Field({ description: 'Why: kept in the history and shown to the candidate; 1 to 2000 characters.' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
