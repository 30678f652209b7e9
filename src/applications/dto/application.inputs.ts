import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { WithUseCaseChecks } from '../../common/validation/use-case-checks';
import { ApplicationStatus } from '../../core/domain/enums';
import { KeysetPageArgs } from '../../common/graphql/pagination';

@InputType()
export class SubmitApplicationInput {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;

  @Field({ description: 'Why the candidate applies; 1 to 5000 characters.' })
  @IsString()
  @Length(1, 5000)
  motivation!: string;
}

@ArgsType()
export class ApplicationIdArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@ArgsType()
export class ApplicationReasonArgs extends ApplicationIdArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;
}

@ArgsType()
export class OfferApplicationArgs extends ApplicationIdArgs {
  @Field(() => Date, { description: 'The candidate must answer by then; must lie in the future.' })
  @Type(() => Date)
  @IsDate()
  responseDeadline!: Date;
}

@ArgsType()
export class MyApplicationsArgs {
  @Field(() => ApplicationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus | null;

  @Field(() => Int, { defaultValue: 20, description: 'At most 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 20;
}

@ArgsType()
export class ApplicationsForOpportunityArgs extends MyApplicationsArgs {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;
}

@ArgsType()
export class ApplicantsConnectionArgs extends KeysetPageArgs {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;

  @Field(() => ApplicationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus | null;
}

@ArgsType()
export class OpportunityIdArgs {
  @Field(() => ID)
  @IsUUID()
  opportunityId!: string;
}

@ArgsType()
export class RankApplicantsArgs extends OpportunityIdArgs {
  @Field(() => [ID], { description: 'Live applications of the opportunity, most preferred first.' })
  @ArrayMaxSize(2000)
  @ArrayUnique({ message: 'applicationIds must not repeat an application' })
  @IsUUID('all', { each: true })
  applicationIds!: string[];
}

@ArgsType()
export class ApplicationStatusChangedArgs {
  @Field(() => ID, { nullable: true, description: 'Only this application; all yours when omitted.' })
  @IsOptional()
  @IsUUID()
  applicationId?: string | null;
}

@InputType()
export class PlacementEvidenceItemInput {
  @Field(() => ID, { description: 'A competence the opportunity lists as developed.' })
  @IsUUID()
  competenceId!: string;

  @Field(() => Int, { description: 'The level the candidate showed: 1 Foundational .. 4 Expert.' })
  @IsInt()
  @Min(1)
  @Max(4)
  level!: number;
}

@InputType()
@WithUseCaseChecks()
export class RecordPlacementEvidenceInput {
  @Field(() => ID, { description: 'A COMPLETED application (the placement).' })
  @IsUUID()
  applicationId!: string;

  @Field(() => [PlacementEvidenceItemInput], {
    description: 'One entry per competence, each one the opportunity develops; 1 to 50 entries.',
  })
  @ValidateNested({ each: true })
  @Type(() => PlacementEvidenceItemInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  assessments!: PlacementEvidenceItemInput[];

  @Field(() => String, { nullable: true, description: 'A short note kept with each assessment.' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string | null;
}
