import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DataCorrectionTarget } from '../entities/data-correction.entity';

registerEnumType(DataCorrectionTarget, {
  name: 'DataCorrectionTarget',
  description: 'PROFILE: fields of the profile; ASSESSMENT: the level of a competence someone else assessed.',
});

@ObjectType('DataCorrectionChange', { description: 'One corrected field, its values as JSON.' })
export class DataCorrectionChangeModel {
  @Field({
    description:
      'careerStage, researchLevel, headline, languages, availability, supervisionCapacity, or level.',
  })
  field!: string;

  @Field(() => String, { nullable: true, description: 'The value before, as JSON.' })
  from!: string | null;

  @Field(() => String, { nullable: true, description: 'The value after, as JSON.' })
  to!: string | null;
}

@ObjectType('DataCorrection', {
  description:
    'A correction of a person’s data by HR of their organisation or an admin: what changed, who and why.',
})
export class DataCorrectionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => DataCorrectionTarget)
  target!: DataCorrectionTarget;

  @Field(() => ID, {
    nullable: true,
    description: 'ASSESSMENT: the new assessment holding the corrected level.',
  })
  assessmentId!: string | null;

  @Field(() => ID, { nullable: true, description: 'ASSESSMENT: the competence.' })
  competenceId!: string | null;

  @Field(() => [DataCorrectionChangeModel])
  changes!: DataCorrectionChangeModel[];

  @Field()
  reason!: string;

  @Field(() => ID, { description: 'Who corrected it.' })
  correctedById!: string;

  @Field()
  correctedByName!: string;

  @Field()
  correctedAt!: Date;
}
