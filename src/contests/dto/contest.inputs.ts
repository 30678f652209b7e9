import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { ContestKind, ContestStatus } from '../entities/contest.entity';
import { ContestOutcome } from '../models/contest.model';

@ArgsType()
export class FileContestArgs {
  @Field(() => ContestKind)
  @IsEnum(ContestKind, { message: 'kind must be RECOMMENDATION, APPLICATION_REJECTION or ROUND_OUTCOME' })
  kind!: ContestKind;

  @Field(() => ID, {
    description:
      'The opportunity (RECOMMENDATION), your application (APPLICATION_REJECTION) or the round (ROUND_OUTCOME).',
  })
  @IsUUID()
  subjectId!: string;

  @Field({
    description: 'Why you contest it (kept with the contest; HR of the organisation concerned reads it).',
  })
  @IsString()
  @Length(1, 4000)
  reason!: string;
}

@ArgsType()
export class AnswerContestArgs {
  @Field(() => ID)
  @IsUUID()
  contestId!: string;

  @Field(() => ContestOutcome)
  @IsEnum(ContestOutcome, { message: 'outcome must be UPHELD or DISMISSED' })
  outcome!: ContestOutcome;

  @Field({ description: 'Why; the person reads it.' })
  @IsString()
  @Length(1, 4000)
  reason!: string;
}

@ArgsType()
export class ContestArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@ArgsType()
export class ContestsToAnswerArgs {
  @Field(() => ContestStatus, {
    nullable: true,
    description: 'Only contests in this status (all when null).',
  })
  @IsOptional()
  @IsEnum(ContestStatus, { message: 'status must be OPEN, UPHELD or DISMISSED' })
  status?: ContestStatus | null;

  @Field(() => Int, { defaultValue: 50, description: 'Newest first; at most 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first!: number;
}
