import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

@ArgsType()
export class MyPersonalDataReadsArgs {
  @Field(() => Int, { defaultValue: 50, description: 'Newest first; at most 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first!: number;
}

@ArgsType()
export class PersonalDataReadsArgs extends MyPersonalDataReadsArgs {
  @Field(() => ID, { nullable: true, description: 'Whose data was read.' })
  @IsOptional()
  @IsUUID()
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Who read it.' })
  @IsOptional()
  @IsUUID()
  readerId?: string | null;
}

@ArgsType()
export class PrivacyActionsArgs extends MyPersonalDataReadsArgs {
  @Field(() => ID, { nullable: true, description: 'The person concerned.' })
  @IsOptional()
  @IsUUID()
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Who acted.' })
  @IsOptional()
  @IsUUID()
  actorId?: string | null;
}
