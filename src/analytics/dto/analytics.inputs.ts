import { ArgsType, Field, ID, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/**
 * ORGANISATION: one organisation (HR: their own; admins: any, `organisationId`), its people with a
 * profile. CONSORTIUM: every organisation, people who consented to CONSORTIUM_ANALYTICS only, aggregates only.
 *
 * These classes are the GraphQL arguments AND the CSV routes' query parameters (the same validation;
 * defaults are property initialisers so that a missing query parameter gets them too).
 */
export enum AnalyticsScope {
  ORGANISATION = 'ORGANISATION',
  CONSORTIUM = 'CONSORTIUM',
}

registerEnumType(AnalyticsScope, {
  name: 'AnalyticsScope',
  description:
    'ORGANISATION: one organisation’s people with a profile. CONSORTIUM: the people of every organisation who consented to consortium-wide analytics (CONSORTIUM_ANALYTICS), aggregates only.',
});

export const MAX_MOST_READY = 50;

@ArgsType()
export class AnalyticsScopeArgs {
  @Field(() => AnalyticsScope, { defaultValue: AnalyticsScope.ORGANISATION })
  @IsEnum(AnalyticsScope)
  scope: AnalyticsScope = AnalyticsScope.ORGANISATION;

  @Field(() => ID, {
    nullable: true,
    description: 'ORGANISATION scope: admins any organisation; HR only their own. Omitted: your own.',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

@ArgsType()
export class RoleReadinessArgs extends AnalyticsScopeArgs {
  @Field(() => ID)
  @IsUUID()
  roleId!: string;
}

@ArgsType()
export class MostReadyCandidatesArgs extends RoleReadinessArgs {
  @Field(() => Int, { defaultValue: 10, description: `1 to ${MAX_MOST_READY}.` })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MOST_READY)
  first: number = 10;
}

@ArgsType()
export class CompetenceCoverageArgs extends AnalyticsScopeArgs {}

@ArgsType()
export class PlacementFlowsArgs extends AnalyticsScopeArgs {
  @Field(() => Date, { nullable: true, description: 'Placements completed at or after this instant.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Placements completed before this instant.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

@ArgsType()
export class RoundStatisticsArgs extends AnalyticsScopeArgs {}
