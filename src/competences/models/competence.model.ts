import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ProficiencyLevelInfo', { description: 'One level of the four-level proficiency scale.' })
export class ProficiencyLevelInfoModel {
  @Field(() => Int, { description: '1 Foundational, 2 Intermediate, 3 Advanced, 4 Expert.' })
  level!: number;

  @Field()
  name!: string;

  @Field({ description: 'What a person at this level can do, in one line.' })
  descriptor!: string;
}

@ObjectType('CompetenceArea', { description: 'A group of competences of the framework.' })
export class CompetenceAreaModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable code, e.g. DOING_RESEARCH.' })
  code!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => Int, { description: 'Display order.' })
  position!: number;
}

@ObjectType('Competence', { description: 'A competence of the framework.' })
export class CompetenceModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable code, e.g. DOM_CLINICAL_TRIAL_DESIGN; never reused.' })
  code!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => ID)
  areaId!: string;

  @Field(() => String, { nullable: true, description: 'An ESCO concept URI, for import and alignment.' })
  externalUri!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when retired: still shown on old records, refused for new use.',
  })
  retiredAt!: Date | null;
}
