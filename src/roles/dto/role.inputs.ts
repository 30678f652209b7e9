import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CareerStage, ResearchLevel } from '../../profiles/models/profile-enums';
import { WithUseCaseChecks } from '../../common/validation/use-case-checks';

export const MAX_ROLE_REQUIREMENTS = 30;
export const MAX_TARGET_ROLES = 3;

@InputType()
export class RoleRequirementInput {
  @Field(() => ID)
  @IsUUID()
  competenceId!: string;

  @Field(() => Int, { description: 'Required proficiency level, 1 to 4.' })
  @IsInt()
  @Min(1)
  @Max(4)
  requiredLevel!: number;

  @Field({ defaultValue: false, description: 'Essential (true) or optional (false).' })
  @IsBoolean()
  essential!: boolean;

  @Field(() => Float, { defaultValue: 1, description: 'Relative importance, > 0.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(100)
  weight!: number;
}

/** The fields every version carries; an edit replaces all of them (a new version). */
@InputType()
export class RoleProfileFieldsInput {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title!: string;

  @Field(() => CareerStage)
  @IsEnum(CareerStage)
  careerStage!: CareerStage;

  @Field(() => ResearchLevel)
  @IsEnum(ResearchLevel)
  researchLevel!: ResearchLevel;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(5000)
  description!: string;

  @Field(() => [RoleRequirementInput], { description: `Up to ${MAX_ROLE_REQUIREMENTS}, one per competence.` })
  @IsArray()
  @ArrayMaxSize(MAX_ROLE_REQUIREMENTS)
  @ValidateNested({ each: true })
  @Type(() => RoleRequirementInput)
  requirements!: RoleRequirementInput[];
}

@WithUseCaseChecks()
@InputType()
export class CreateRoleProfileInput extends RoleProfileFieldsInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Null: consortium-wide (ADMIN only). HR: their own organisation only.',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;
}

@WithUseCaseChecks()
@InputType()
export class UpdateRoleProfileInput extends RoleProfileFieldsInput {}

@ArgsType()
export class RoleProfilesArgs {
  @Field(() => ID, { nullable: true, description: 'Only the roles of this organisation.' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field({ defaultValue: false, description: 'Also the superseded (older) versions.' })
  @IsBoolean()
  includeSuperseded!: boolean;
}

@ArgsType()
export class GapAnalysisArgs {
  @Field(() => ID)
  @IsUUID()
  roleId!: string;

  @Field(() => ID, { nullable: true, description: 'Omitted: yourself.' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

@ArgsType()
export class DevelopmentPathArgs {
  @Field(() => ID)
  @IsUUID()
  roleId!: string;

  @Field(() => Int, { defaultValue: 10, description: '1 to 50.' })
  @IsInt()
  @Min(1)
  @Max(50)
  first!: number;
}

@ArgsType()
export class SetTargetRolesArgs {
  @Field(() => [ID], { description: `Up to ${MAX_TARGET_ROLES} role profile ids, in your order.` })
  @IsArray()
  @IsUUID('all', { each: true })
  roleIds!: string[];
}
