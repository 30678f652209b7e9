import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CareerStage, ResearchLevel } from '../../profiles/models/profile-enums';

@ObjectType('RoleRequirement', { description: 'A competence a role version requires.' })
export class RoleRequirementModel {
  @Field(() => ID)
  roleProfileId!: string;

  @Field(() => ID)
  competenceId!: string;

  @Field(() => Int, { description: 'Required level, 1 to 4.' })
  requiredLevel!: number;

  @Field()
  essential!: boolean;

  @Field(() => Float, { description: 'Relative importance, > 0.' })
  weight!: number;
}

@ObjectType('RoleProfile', {
  description:
    'A future role and the competences it requires. Versioned: an edit makes a new version (same lineageId) and supersedes the old one, which stays readable.',
})
export class RoleProfileModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The id of version 1; shared by every version of this role.' })
  lineageId!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  title!: string;

  @Field(() => ID, { nullable: true, description: 'Null: consortium-wide.' })
  organisationId!: string | null;

  @Field(() => CareerStage)
  careerStage!: CareerStage;

  @Field(() => ResearchLevel)
  researchLevel!: ResearchLevel;

  @Field()
  description!: string;

  @Field(() => ID, { nullable: true })
  createdById!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When a newer version replaced this one; null: current.',
  })
  supersededAt!: Date | null;
}

@ObjectType('GapItem', { description: 'One requirement of a role against a person’s effective level.' })
export class GapItemModel {
  @Field(() => ID)
  competenceId!: string;

  @Field(() => Int, { nullable: true, description: 'Effective level 1..4; null: unknown (not rated).' })
  currentLevel!: number | null;

  @Field(() => Int)
  requiredLevel!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'max(required - current, 0); null when the current level is unknown (never counted as 0).',
  })
  gap!: number | null;

  @Field()
  essential!: boolean;

  @Field({ description: 'current >= required.' })
  met!: boolean;

  @Field({
    description:
      'The competence was retired from the framework: reported, but not counted in readiness or development.',
  })
  retired!: boolean;

  @Field(() => Float)
  weight!: number;
}

@ObjectType('GapAnalysis', { description: 'A person against a role profile version.' })
export class GapAnalysisModel {
  @Field(() => ID)
  roleId!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => [GapItemModel], {
    description: 'Rated requirements: biggest gap first, then essential first, then competence id.',
    complexity: 10,
  })
  items!: GapItemModel[];

  @Field(() => [GapItemModel], {
    description: 'Unrated requirements (gap unknown), listed apart: essential first, then competence id.',
    complexity: 10,
  })
  unknowns!: GapItemModel[];

  @Field(() => Float, {
    description:
      'Share of the counted (not retired) requirements met: #met / #requirements; an unknown counts as not met. 1 for a role without requirements.',
  })
  readinessShare!: number;

  @Field(() => Float, {
    description:
      'Proportional readiness: Σ weight·min(current/required, 1) / Σ weight over the counted requirements; an unknown contributes 0. 1 for a role without requirements.',
  })
  readinessScore!: number;

  @Field(() => [ID], {
    description: 'Competence ids of essential counted requirements not met (gap > 0 or unknown).',
  })
  essentialGaps!: string[];
}

@ObjectType('DevelopedGap', { description: 'A gap competence an opportunity develops.' })
export class DevelopedGapModel {
  @Field(() => ID)
  competenceId!: string;

  @Field(() => Int, { description: 'The gap levels it addresses (the person’s gap in this competence).' })
  gapClosed!: number;
}

@ObjectType('DevelopmentStep', { description: 'An open opportunity that develops some of your gaps.' })
export class DevelopmentStepModel {
  @Field(() => ID)
  opportunityId!: string;

  @Field(() => Int, { description: 'Sum of the gap levels of the gap competences it develops.' })
  closedLevels!: number;

  @Field(() => Float, { description: 'closedLevels / all your gap levels for the role.' })
  share!: number;

  @Field(() => [DevelopedGapModel], { description: 'Biggest gap first.', complexity: 10 })
  develops!: DevelopedGapModel[];
}
