import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('PersonSummary', {
  description: 'A person by name and organisation only, where a page names someone it already shows.',
})
export class PersonSummaryModel {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  /** Resolved as `organisation`. */
  organisationId!: string;
}
