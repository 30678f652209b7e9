import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CareerStage, OpportunityKind, OpportunityStatus, WorkMode } from '../../core/domain/enums';
import { OpportunityOrder } from '../models/opportunity.model';
import { CourseLevel, ProjectLevel } from '../opportunity-details';
import { WithUseCaseChecks } from '../../common/validation/use-case-checks';
import { ValidatedOncePerValue } from '../../common/validation/validated-once';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

@InputType({
  description:
    'Kind-specific fields: give exactly those of the kind. EXCHANGE_SLOT: subject, teachingHours, courseLevel. ' +
    'INTERNSHIP: weeks, credits. WORKPLACE_VISIT: days, groupSize. CO_SUPERVISED_PROJECT: projectLevel, load.',
})
export class OpportunityDetailsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  subject?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  teachingHours?: number | null;

  @Field(() => CourseLevel, { nullable: true })
  @IsOptional()
  @IsEnum(CourseLevel)
  courseLevel?: CourseLevel | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(52)
  weeks?: number | null;

  @Field(() => Float, { nullable: true, description: 'European credits (EC), 0 to 60.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(60)
  credits?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 5.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  days?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  groupSize?: number | null;

  @Field(() => ProjectLevel, { nullable: true })
  @IsOptional()
  @IsEnum(ProjectLevel)
  projectLevel?: ProjectLevel | null;

  @Field(() => Int, { nullable: true, description: 'Supervision load in hours per week, 1 to 40.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(40)
  load?: number | null;
}

@InputType()
export class RequirementInput {
  @Field(() => ID)
  @IsUUID()
  competenceId!: string;

  @Field(() => Int, { description: '1 Foundational .. 4 Expert.' })
  @IsInt()
  @Min(1)
  @Max(4)
  minLevel!: number;

  @Field(() => Float, { defaultValue: 1, description: 'Relative weight, > 0.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(100)
  weight!: number;

  @Field({ defaultValue: false })
  @IsBoolean()
  essential!: boolean;
}

/** The fields a supervisor gives when drafting; `updateOpportunity` takes the same ones, all optional. */
@WithUseCaseChecks()
@InputType()
export class CreateOpportunityInput {
  @Field(() => OpportunityKind)
  @IsEnum(OpportunityKind)
  kind!: OpportunityKind;

  @Field()
  @IsString()
  @Length(5, 200)
  title!: string;

  @Field()
  @IsString()
  @Length(20, 10000)
  description!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A department of your organisation. Left out: your own department; null: none.',
  })
  @IsOptional()
  @IsUUID()
  hostDepartmentId?: string | null;

  @Field({ description: 'First day (YYYY-MM-DD).' })
  @Matches(DATE_ONLY, { message: 'startsOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  startsOn!: string;

  @Field({ description: 'Last day (YYYY-MM-DD), not before startsOn.' })
  @Matches(DATE_ONLY, { message: 'endsOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  endsOn!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity!: number;

  @Field(() => Date, { description: 'In the future and not after startsOn.' })
  @Type(() => Date)
  @IsDate()
  applicationDeadline!: Date;

  @Field(() => [CareerStage], { defaultValue: [], description: 'Empty: open to every career stage.' })
  @ArrayUnique()
  @IsEnum(CareerStage, { each: true })
  eligibleStages!: CareerStage[];

  @Field(() => [RequirementInput], { defaultValue: [] })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RequirementInput)
  requirements!: RequirementInput[];

  @Field(() => [ID], { defaultValue: [], description: 'Competences the opportunity develops.' })
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  developedCompetenceIds!: string[];

  @Field({ defaultValue: 'en', description: 'ISO 639-1 language code.' })
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code such as en or nl' })
  language!: string;

  @Field(() => WorkMode, { defaultValue: WorkMode.ON_SITE })
  @IsEnum(WorkMode)
  workMode!: WorkMode;

  @Field(() => OpportunityDetailsInput)
  @ValidateNested()
  @Type(() => OpportunityDetailsInput)
  details!: OpportunityDetailsInput;

  @Field(() => String, {
    nullable: true,
    description: 'Only host staff, HR of the host and shortlisted (or further) applicants see it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  confidentialDetails?: string | null;
}

/**
 * Changes to an opportunity; omitted fields stay. `requirements`, `developedCompetenceIds` and
 * `details` replace the whole list or object. A change of title, description, capacity or requirements
 * of a co-supervised project is substantive: it goes back to DRAFT and the co-supervisor confirms again.
 */
@WithUseCaseChecks()
@InputType()
export class UpdateOpportunityInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(5, 200)
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(20, 10000)
  description?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  hostDepartmentId?: string | null;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'startsOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  startsOn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'endsOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  endsOn?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity?: number;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  applicationDeadline?: Date;

  @Field(() => [CareerStage], { nullable: true })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(CareerStage, { each: true })
  eligibleStages?: CareerStage[];

  @Field(() => [RequirementInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RequirementInput)
  requirements?: RequirementInput[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  developedCompetenceIds?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code such as en or nl' })
  language?: string;

  @Field(() => WorkMode, { nullable: true })
  @IsOptional()
  @IsEnum(WorkMode)
  workMode?: WorkMode;

  @Field(() => OpportunityDetailsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OpportunityDetailsInput)
  details?: OpportunityDetailsInput;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  confidentialDetails?: string | null;
}

@InputType()
export class OpportunityFilterInput {
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

  @Field(() => CareerStage, {
    nullable: true,
    description: 'Open to this stage (or to every stage).',
  })
  @IsOptional()
  @IsEnum(CareerStage)
  eligibleStage?: CareerStage;

  @Field({ nullable: true, description: 'Starts on or after this date (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'startsAfter must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  startsAfter?: string;

  @Field({ nullable: true, description: 'Ends on or before this date (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'endsBefore must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  endsBefore?: string;

  @Field({
    nullable: true,
    description:
      'Words in the title or description, all of them, matched by their stems in English or Dutch ("trial design" finds "Designing clinical trials"; "samenwerking" finds "samenwerkingen"). "Quoted words" match as a phrase, -word excludes.',
  })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  text?: string;

  @Field(() => [OpportunityStatus], {
    nullable: true,
    description: 'Host staff and HR: states other than OPEN of their own opportunities.',
  })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(OpportunityStatus, { each: true })
  status?: OpportunityStatus[];
}

// Pure constraints (here and in OpportunityFilterInput): validated once per distinct arguments.
@ArgsType()
@ValidatedOncePerValue()
export class OpportunitiesArgs {
  @Field(() => OpportunityFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OpportunityFilterInput)
  filter?: OpportunityFilterInput;

  @Field(() => OpportunityOrder, { defaultValue: OpportunityOrder.DEADLINE })
  @IsEnum(OpportunityOrder)
  orderBy!: OpportunityOrder;

  @Field(() => Int, { defaultValue: 20, description: '1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first!: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}
