import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const MAX_SHARE_DAYS = 90;
export const DEFAULT_SHARE_DAYS = 30;

@ArgsType()
export class TalentProfileArgs {
  @Field(() => ID, { nullable: true, description: 'Omitted: yourself.' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

@ArgsType()
export class CreateTalentProfileShareArgs {
  @Field(() => Int, { defaultValue: DEFAULT_SHARE_DAYS, description: `1 to ${MAX_SHARE_DAYS} days.` })
  @IsInt()
  @Min(1)
  @Max(MAX_SHARE_DAYS)
  expiresInDays!: number;
}

@ArgsType()
export class RevokeTalentProfileShareArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}
