import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RetentionCategory } from '../entities/retention-rule.entity';

registerEnumType(RetentionCategory, {
  name: 'RetentionCategory',
  description: 'A category of personal data with its own retention (docs/privacy.md, "Retention").',
});

@ObjectType('RetentionRule', { description: 'How long a category of data is kept.' })
export class RetentionRuleModel {
  @Field(() => RetentionCategory)
  category!: RetentionCategory;

  @Field(() => Int, { nullable: true, description: 'The admin’s rule in days; null: none set.' })
  retentionDays!: number | null;

  @Field(() => Int, { nullable: true, description: 'The built-in default in days; null: kept.' })
  defaultDays!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'What applies: the rule, else the default; null: nothing of this category is removed.',
  })
  effectiveDays!: number | null;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType('RetentionPreviewItem', { description: 'What the next run of the retention job would remove.' })
export class RetentionPreviewItemModel {
  @Field(() => RetentionCategory)
  category!: RetentionCategory;

  @Field(() => Int, { nullable: true, description: 'The retention that applies; null: nothing is removed.' })
  effectiveDays!: number | null;

  @Field(() => Date, { nullable: true, description: 'Records from before this moment would go.' })
  cutoff!: Date | null;

  @Field(() => Int, { description: 'How many records would be removed (or, for run data, cleared).' })
  count!: number;
}
