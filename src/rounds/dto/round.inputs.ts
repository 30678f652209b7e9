import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { RoundAlgorithm, RoundOptimal, RoundStatus } from '../entities/round.entity';
import { WithUseCaseChecks } from '../../common/validation/use-case-checks';

export const MAX_SEED = 2147483647;

@WithUseCaseChecks()
@InputType()
export class CreateRoundInput {
  @Field({ description: '1 to 200 characters, e.g. "Co-supervised master projects, spring 2027".' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => [ID], {
    description:
      'OPEN opportunities of your organisation (or co-supervised projects led from it); 1 to 1000.',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  opportunityIds!: string[];

  @Field(() => Date, { description: 'Candidates submit and change their choices until then.' })
  @Type(() => Date)
  @IsDate()
  rankingDeadline!: Date;

  @Field(() => Int, { description: 'How many opportunities a candidate may rank: 1 to 50.' })
  @IsInt()
  @Min(1)
  @Max(50)
  maxChoices!: number;

  @Field(() => Int, { description: 'Hours a candidate has to answer an offer: 1 to 2160.' })
  @IsInt()
  @Min(1)
  @Max(2160)
  responseWindowHours!: number;

  @Field(() => RoundAlgorithm, {
    description:
      'SEATS_DA: deferred acceptance over seats; SPA: co-supervised projects with supervisor load caps.',
  })
  @IsEnum(RoundAlgorithm)
  algorithm!: RoundAlgorithm;

  @Field(() => RoundOptimal, { defaultValue: RoundOptimal.CANDIDATE })
  @IsEnum(RoundOptimal)
  optimal: RoundOptimal = RoundOptimal.CANDIDATE;
}

@ArgsType()
export class RoundIdArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@ArgsType()
export class RoundRefArgs {
  @Field(() => ID)
  @IsUUID()
  roundId!: string;
}

@ArgsType()
export class RoundsArgs {
  @Field(() => RoundStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RoundStatus)
  status?: RoundStatus | null;

  @Field(() => Int, { defaultValue: 20, description: 'At most 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 20;
}

@ArgsType()
export class OpenRoundsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'At most 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 20;
}

@WithUseCaseChecks()
@ArgsType()
export class SubmitRoundChoicesArgs extends RoundRefArgs {
  @Field(() => [ID], {
    description:
      'Opportunities of the round, most preferred first; at most the round’s maxChoices. Replaces earlier choices.',
  })
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  opportunityIds!: string[];
}

@ArgsType()
export class RoundOverrideArgs extends RoundRefArgs {
  @Field(() => ID)
  @IsUUID()
  candidateId!: string;

  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;

  @Field({ description: 'Why: recorded with the override; 1 to 2000 characters, not blank.' })
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

@ArgsType()
export class ReassignPlacementArgs extends RoundRefArgs {
  @Field(() => ID, { description: 'The opportunity whose seat changes hands.' })
  @IsUUID()
  opportunityId!: string;

  @Field(() => ID, { description: 'The candidate holding the round’s offer for it (withdrawn).' })
  @IsUUID()
  fromCandidateId!: string;

  @Field(() => ID, { description: 'A candidate who chose it and is still waiting (offered it instead).' })
  @IsUUID()
  toCandidateId!: string;

  @Field({
    description:
      'Why: kept on the run and in both histories, shown to both candidates; 1 to 2000 characters, not blank.',
  })
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

@ArgsType()
export class RunRoundArgs extends RoundIdArgs {
  @Field({
    description:
      'true: propose only (applications unchanged); false: publish offers (or fill freed seats after publication).',
  })
  @IsBoolean()
  dryRun!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Tie-break seed, 0 to 2147483647; a random one is drawn (and recorded) when omitted.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SEED)
  seed?: number | null;
}

@ArgsType()
export class RoundRunsArgs extends RoundRefArgs {
  @Field(() => Int, { defaultValue: 20, description: 'At most 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;
}

@WithUseCaseChecks()
@ArgsType()
export class AddRoundOpportunitiesArgs extends RoundRefArgs {
  @Field(() => [ID], {
    description: 'More OPEN opportunities of the round’s organisation; 1 to 1000 per call.',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  opportunityIds!: string[];
}

@ArgsType()
export class RunAssignmentPageArgs {
  @Field(() => Int, { defaultValue: 100, description: '1..1000.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  first: number = 100;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  after?: string | null;
}
