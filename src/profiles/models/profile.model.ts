import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/graphql/pagination';
import { AssessmentSource, CareerStage, ResearchLevel, Visibility } from './profile-enums';

@ObjectType('LanguageSkill')
export class LanguageSkillModel {
  @Field({ description: 'ISO 639-1 code, e.g. en.' })
  code!: string;

  @Field({ description: 'CEFR A1..C2, or NATIVE.' })
  level!: string;
}

@ObjectType('AvailabilityWindow')
export class AvailabilityWindowModel {
  @Field({ description: 'First day, YYYY-MM-DD.' })
  start!: string;

  @Field({ description: 'Last day, YYYY-MM-DD (on or after start).' })
  end!: string;
}

@ObjectType('EffectiveCompetence', {
  description: 'The level a person counts as having: supervisor, then evidence, then self; the latest wins.',
})
export class EffectiveCompetenceModel {
  @Field(() => ID)
  competenceId!: string;

  @Field(() => Int, { description: '1..4; competences never assessed are absent (unknown, not 0).' })
  level!: number;

  @Field()
  levelName!: string;

  @Field(() => AssessmentSource)
  source!: AssessmentSource;

  @Field()
  assessedAt!: Date;
}

@ObjectType('Assessment', { description: 'One assessment of a competence. Append-only: the history stays.' })
export class AssessmentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => ID)
  competenceId!: string;

  @Field(() => Int)
  level!: number;

  @Field()
  levelName!: string;

  @Field(() => AssessmentSource)
  source!: AssessmentSource;

  @Field(() => ID, { nullable: true, description: 'The supervisor who assessed; null for SELF.' })
  assessorId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The placement that produced EVIDENCE.' })
  applicationId!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field()
  assessedAt!: Date;
}

/** Who may see what of a profile; decided by the service, never sent to clients. */
import type { ProfileAccessLevel } from '../../access/access.policy';
export type { ProfileAccessLevel };

@ObjectType('Profile', {
  description: 'A person’s competence profile. Without a saved profile: empty and PRIVATE.',
})
export class ProfileModel {
  @Field(() => ID)
  userId!: string;

  @Field()
  displayName!: string;

  organisationId!: string;
  departmentId!: string | null;
  /** FULL: the viewer may see the assessment history too. */
  access!: ProfileAccessLevel;

  @Field(() => CareerStage, { nullable: true })
  careerStage!: CareerStage | null;

  @Field(() => ResearchLevel, { nullable: true })
  researchLevel!: ResearchLevel | null;

  @Field(() => String, { nullable: true })
  headline!: string | null;

  @Field(() => Visibility)
  visibility!: Visibility;

  @Field(() => [LanguageSkillModel])
  languages!: LanguageSkillModel[];

  @Field(() => [AvailabilityWindowModel])
  availability!: AvailabilityWindowModel[];

  @Field(() => Int, { description: 'Supervisors: the most students at once over all their projects.' })
  supervisionCapacity!: number;

  @Field(() => Date, {
    nullable: true,
    description: 'When the profile was last saved; null while never saved.',
  })
  updatedAt!: Date | null;
}

@ObjectType('ProfileEdge')
export class ProfileEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => ProfileModel)
  node!: ProfileModel;
}

@ObjectType('ProfileConnection')
export class ProfileConnectionModel {
  @Field(() => [ProfileEdgeModel])
  edges!: ProfileEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
