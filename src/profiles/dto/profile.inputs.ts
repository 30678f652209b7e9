import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { LANGUAGE_LEVELS } from '../../core/fit/fit-score';
import { CareerStage, ResearchLevel, Visibility } from '../models/profile-enums';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The decorated (date string) property is on or after the date in `other`. */
function IsOnOrAfter(other: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOnOrAfter',
      target: target.constructor,
      propertyName,
      constraints: [other],
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const start = (args.object as Record<string, unknown>)[other];
          // Malformed dates are reported by their own rules.
          if (typeof value !== 'string' || typeof start !== 'string') return true;
          if (!ISO_DATE.test(value) || !ISO_DATE.test(start)) return true;
          return value >= start;
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must not be before ${other}`,
      },
    });
}

/** A calendar date that exists (2026-02-30 does not). */
function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must be a date YYYY-MM-DD`,
      },
    });
}

/** Validates when the field is given, null included (null is refused where it cannot be cleared). */
const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

@InputType()
export class LanguageInput {
  @Field({ description: 'ISO 639-1 code, lower-case, e.g. en.' })
  @Matches(/^[a-z]{2}$/, {
    message: 'code must be an ISO 639-1 language code (two lower-case letters), e.g. en',
  })
  code!: string;

  @Field({ description: `CEFR level or NATIVE: ${LANGUAGE_LEVELS.join(', ')}.` })
  @IsIn(LANGUAGE_LEVELS, { message: `level must be one of ${LANGUAGE_LEVELS.join(', ')}` })
  level!: string;
}

@InputType()
export class AvailabilityWindowInput {
  @Field({ description: 'First day, YYYY-MM-DD.' })
  @IsCalendarDate()
  start!: string;

  @Field({ description: 'Last day, YYYY-MM-DD, on or after start.' })
  @IsCalendarDate()
  @IsOnOrAfter('start')
  end!: string;
}

/** Omitted fields stay as they are; null clears the fields that may be empty. */
@InputType()
export class UpdateProfileInput {
  @Field(() => CareerStage, { nullable: true })
  @IsOptional()
  @IsEnum(CareerStage)
  careerStage?: CareerStage | null;

  @Field(() => ResearchLevel, { nullable: true })
  @IsOptional()
  @IsEnum(ResearchLevel)
  researchLevel?: ResearchLevel | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  headline?: string | null;

  @Field(() => Visibility, { nullable: true, description: 'Cannot be null.' })
  @IfPresent()
  @IsEnum(Visibility, { message: 'visibility must be PRIVATE or CONSORTIUM' })
  visibility?: Visibility;

  @Field(() => [LanguageInput], { nullable: true, description: 'Replaces the list; one entry per language.' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique((l: LanguageInput) => l?.code, { message: 'languages must name each language once' })
  @ValidateNested({ each: true })
  @Type(() => LanguageInput)
  languages?: LanguageInput[];

  @Field(() => [AvailabilityWindowInput], { nullable: true, description: 'Replaces the list.' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowInput)
  availability?: AvailabilityWindowInput[];
}

@ArgsType()
export class SetSupervisionCapacityArgs {
  @Field(() => ID, { description: 'The supervisor.' })
  @IsUUID()
  userId!: string;

  @Field(() => Int, { description: 'The most students at once over all their projects, 0..30.' })
  @IsInt()
  @Min(0)
  @Max(30)
  capacity!: number;

  @Field({ description: 'Why: required, and shown to the supervisor.' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

@ArgsType()
export class ProfileArgs {
  @Field(() => ID)
  @IsUUID()
  userId!: string;
}

@InputType()
export class FindableProfilesFilter {
  @Field(() => ID, { nullable: true, description: 'Only people rated in this competence.' })
  @IsOptional()
  @IsUUID()
  competenceId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'With competenceId: effective level at least this (1..4).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  minLevel?: number | null;

  @Field(() => CareerStage, { nullable: true })
  @IsOptional()
  @IsEnum(CareerStage)
  careerStage?: CareerStage | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;
}

@ArgsType()
export class FindableProfilesArgs {
  @Field(() => FindableProfilesFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FindableProfilesFilter)
  filter?: FindableProfilesFilter | null;

  @Field(() => Int, { defaultValue: 20, description: '1..100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first!: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  after?: string | null;
}

@ArgsType()
export class SelfAssessArgs {
  @Field(() => ID)
  @IsUUID()
  competenceId!: string;

  @Field(() => Int, { description: '1 Foundational, 2 Intermediate, 3 Advanced, 4 Expert.' })
  @IsInt()
  @Min(1)
  @Max(4)
  level!: number;
}

@ArgsType()
export class AssessCompetenceArgs extends SelfAssessArgs {
  @Field(() => ID)
  @IsUUID()
  personId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string | null;
}
