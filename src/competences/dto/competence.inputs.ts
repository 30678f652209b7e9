import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { WithUseCaseChecks } from '../../common/validation/use-case-checks';

/** An ESCO concept: the host and the /esco/ path exactly, then unreserved or percent-encoded path characters. */
export const ESCO_URI = /^https?:\/\/data\.europa\.eu\/esco\/[A-Za-z0-9\-._~%/]+$/;

@WithUseCaseChecks()
@InputType()
export class CreateCompetenceInput {
  @Field({ description: 'Upper-case code, 2-60 characters: letters, digits, underscores. Never reused.' })
  @Matches(/^[A-Z][A-Z0-9_]{1,59}$/, {
    message: 'code must be 2-60 upper-case letters, digits or underscores, starting with a letter',
  })
  code!: string;

  @Field()
  @IsString()
  @Length(2, 200)
  name!: string;

  @Field()
  @IsString()
  @Length(1, 2000)
  description!: string;

  @Field(() => ID)
  @IsUUID()
  areaId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'An ESCO concept URI: http(s)://data.europa.eu/esco/... (e.g. .../esco/skill/<id>).',
  })
  @IsOptional()
  @Matches(ESCO_URI, {
    message: 'externalUri must be an ESCO concept URI: http(s)://data.europa.eu/esco/...',
  })
  @Length(1, 500)
  externalUri?: string | null;
}

@ArgsType()
export class CompetenceIdArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@ArgsType()
export class RenameCompetenceArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field()
  @IsString()
  @Length(2, 200)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Omitted: the description stays as it is.' })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 2000)
  description?: string;
}

@ArgsType()
export class CompetencesArgs {
  @Field({ defaultValue: false, description: 'Include retired competences.' })
  @IsBoolean()
  includeRetired!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Part of the code, name or description (case-insensitive), or words of the name and description by their stems in English or Dutch ("models" finds "Statistical modelling").',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string | null;
}

@ArgsType()
export class AreaCompetencesArgs {
  @Field({ defaultValue: false, description: 'Include retired competences.' })
  @IsBoolean()
  includeRetired!: boolean;
}
