import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { OpportunityKind } from '../../core/domain/enums';
import { OpportunityMarkKind } from '../entities/opportunity-mark.entity';

@InputType({ description: 'Narrows recommendations; every field optional.' })
export class RecommendationFilterInput {
  @Field(() => OpportunityKind, { nullable: true })
  @IsOptional()
  @IsEnum(OpportunityKind)
  kind?: OpportunityKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  hostOrganisationId?: string;

  @Field(() => ID, { nullable: true, description: 'Requires or develops this competence.' })
  @IsOptional()
  @IsUUID()
  competenceId?: string;
}

@ArgsType()
export class RecommendedOpportunitiesArgs {
  @Field(() => Int, { defaultValue: 20, description: '1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first!: number;

  @Field(() => RecommendationFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecommendationFilterInput)
  filter?: RecommendationFilterInput;

  @Field({
    defaultValue: false,
    description: 'Also list opportunities you are not eligible for, with the reasons.',
  })
  @IsBoolean()
  includeIneligible!: boolean;
}

@ArgsType()
export class MatchingCandidatesArgs {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;

  @Field(() => Int, { defaultValue: 20, description: '1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first!: number;

  @Field({
    defaultValue: false,
    description:
      'Only the candidates with a live application (the applicants page): no findable profiles, so every applicant is among the first ones.',
  })
  @IsBoolean()
  applicantsOnly!: boolean;
}

@ArgsType()
export class MarkOpportunityArgs {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;

  @Field(() => OpportunityMarkKind)
  @IsEnum(OpportunityMarkKind)
  mark!: OpportunityMarkKind;
}

@ArgsType()
export class UnmarkOpportunityArgs {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;
}

@ArgsType()
export class MyFitArgs {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;
}
