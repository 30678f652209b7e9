import { Type } from 'class-transformer';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { LawfulBasis } from '../models/privacy-enums';

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

@ArgsType()
export class GiveConsentArgs {
  @Field({ description: 'The purpose’s code (processingPurposes).' })
  @Matches(CODE, { message: 'purpose must be a purpose code' })
  purpose!: string;

  @Field({ description: 'The consent text version you were shown; it must be the current one.' })
  @IsString()
  @Length(1, 40)
  textVersion!: string;
}

@ArgsType()
export class WithdrawConsentArgs {
  @Field({ description: 'The purpose’s code.' })
  @Matches(CODE, { message: 'purpose must be a purpose code' })
  purpose!: string;
}

@InputType()
export class UpdateProcessingPurposeInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  description?: string;

  @Field(() => LawfulBasis, { nullable: true })
  @IsOptional()
  @IsEnum(LawfulBasis, {
    message: 'lawfulBasis must be CONTRACT, LEGITIMATE_INTEREST, CONSENT or LEGAL_OBLIGATION',
  })
  lawfulBasis?: LawfulBasis;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  dataCategories?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  retention?: string;

  @Field(() => String, { nullable: true, description: 'Required for CONSENT purposes.' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  consentText?: string | null;

  @Field(() => String, { nullable: true, description: 'Change it whenever the consent text changes.' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  consentTextVersion?: string | null;
}

@InputType()
export class CreateProcessingPurposeInput {
  @Field({ description: 'Stable key: capitals, digits and _.' })
  @Matches(CODE, { message: 'code must be capitals, digits and _ (2 to 64), starting with a letter' })
  code!: string;

  @Field()
  @IsString()
  @Length(1, 200)
  name!: string;

  @Field()
  @IsString()
  @Length(1, 4000)
  description!: string;

  @Field(() => LawfulBasis)
  @IsEnum(LawfulBasis, {
    message: 'lawfulBasis must be CONTRACT, LEGITIMATE_INTEREST, CONSENT or LEGAL_OBLIGATION',
  })
  lawfulBasis!: LawfulBasis;

  @Field(() => [String], { description: 'The categories of personal data, in words.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  dataCategories!: string[];

  @Field()
  @IsString()
  @Length(1, 400)
  retention!: string;

  @Field(() => String, { nullable: true, description: 'Required for CONSENT purposes.' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  consentText?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for CONSENT purposes.' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  consentTextVersion?: string | null;
}

@ArgsType()
export class UpdateProcessingPurposeArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field(() => UpdateProcessingPurposeInput)
  @ValidateNested()
  @Type(() => UpdateProcessingPurposeInput)
  input!: UpdateProcessingPurposeInput;
}

@ArgsType()
export class RequestRestrictionArgs {
  @Field({ description: 'Why you ask (for instance: your data is wrong and you asked HR to correct it).' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

@ArgsType()
export class PersonRestrictionArgs {
  @Field(() => ID)
  @IsUUID()
  personId!: string;

  @Field({
    description: 'Why: kept for the person and admins; other HR see only that a restriction applies.',
  })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

@ArgsType()
export class RestrictionStatusArgs {
  @Field(() => ID)
  @IsUUID()
  personId!: string;
}
