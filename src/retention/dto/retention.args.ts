import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RetentionCategory } from '../entities/retention-rule.entity';

@ArgsType()
export class SetRetentionRuleArgs {
  @Field(() => RetentionCategory)
  @IsEnum(RetentionCategory)
  category!: RetentionCategory;

  @Field(() => Int, {
    nullable: true,
    description: 'Days, 1 to 36500; null: remove the rule (the default applies).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  retentionDays?: number | null;
}
