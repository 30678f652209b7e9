import { ArgsType, Field, ID, InputType, Int, OmitType } from '@nestjs/graphql';
import { IsInt, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { UpdateProfileInput } from './profile.inputs';

/** The profile fields HR or an admin may correct: all but the visibility, which is the person's consent. */
@InputType()
export class CorrectProfileInput extends OmitType(UpdateProfileInput, ['visibility'] as const, InputType) {}

@ArgsType()
export class CorrectProfileArgs {
  @Field(() => ID)
  @IsUUID()
  personId!: string;

  @Field(() => CorrectProfileInput)
  @ValidateNested()
  @Type(() => CorrectProfileInput)
  input!: CorrectProfileInput;

  @Field({ description: 'Why: required, and shown to the person.' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

@ArgsType()
export class CorrectAssessmentArgs {
  @Field(() => ID)
  @IsUUID()
  personId!: string;

  @Field(() => ID)
  @IsUUID()
  competenceId!: string;

  @Field(() => Int, { description: 'The corrected level, 1..4.' })
  @IsInt()
  @Min(1)
  @Max(4)
  level!: number;

  @Field({ description: 'Why: required, and shown to the person.' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

@ArgsType()
export class DataCorrectionsArgs {
  @Field(() => ID)
  @IsUUID()
  personId!: string;
}
