import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { AssessmentSource, CareerStage, ResearchLevel } from '../../profiles/models/profile-enums';

@ObjectType('TalentProfilePerson', { description: 'Who the talent profile is of.' })
export class TalentProfilePersonModel {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field()
  organisationName!: string;

  @Field(() => CareerStage, { nullable: true })
  careerStage!: CareerStage | null;

  @Field(() => ResearchLevel, { nullable: true })
  researchLevel!: ResearchLevel | null;

  @Field(() => String, { nullable: true })
  headline!: string | null;
}

@ObjectType('TalentProfileCompetence', {
  description:
    'A competence the person has an effective level in (supervisor, then evidence, then self; the latest wins). Never-assessed competences are absent.',
})
export class TalentProfileCompetenceModel {
  @Field(() => ID)
  competenceId!: string;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => ID)
  areaId!: string;

  @Field()
  areaName!: string;

  @Field(() => Int, { description: '1..4.' })
  level!: number;

  @Field()
  levelName!: string;

  @Field(() => AssessmentSource)
  source!: AssessmentSource;

  @Field()
  assessedAt!: Date;

  @Field({ description: 'Retired from the framework (still shown on old records).' })
  retired!: boolean;
}

@ObjectType('TalentProfileGapItem', {
  description:
    'One requirement of a target role against the person’s effective level (as GapItem, with names).',
})
export class TalentProfileGapItemModel {
  @Field(() => ID)
  competenceId!: string;

  @Field()
  competenceCode!: string;

  @Field()
  competenceName!: string;

  @Field(() => Int, { nullable: true, description: 'Effective level 1..4; null: unknown (not rated).' })
  currentLevel!: number | null;

  @Field(() => String, { nullable: true, description: 'Null: unknown.' })
  currentLevelName!: string | null;

  @Field(() => Int)
  requiredLevel!: number;

  @Field()
  requiredLevelName!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'max(required - current, 0); null when the current level is unknown (never counted as 0).',
  })
  gap!: number | null;

  @Field()
  essential!: boolean;

  @Field({ description: 'current >= required.' })
  met!: boolean;

  @Field({ description: 'Retired competence: reported, not counted in readiness.' })
  retired!: boolean;

  @Field(() => Float)
  weight!: number;
}

@ObjectType('TalentProfileGapAnalysis', {
  description: 'The person against one target role: the figures of the gapAnalysis query, with names.',
})
export class TalentProfileGapAnalysisModel {
  @Field(() => [TalentProfileGapItemModel], {
    description: 'Rated requirements: biggest gap first, then essential first, then competence id.',
    complexity: 10,
  })
  items!: TalentProfileGapItemModel[];

  @Field(() => [TalentProfileGapItemModel], {
    description: 'Unrated requirements (gap unknown), listed apart: essential first, then competence id.',
    complexity: 10,
  })
  unknowns!: TalentProfileGapItemModel[];

  @Field(() => Float, {
    description: '#met / #counted requirements; an unknown counts as not met; 1 without requirements.',
  })
  readinessShare!: number;

  @Field(() => Float, {
    description:
      'Σ weight·min(current/required, 1) / Σ weight over the counted requirements; an unknown contributes 0.',
  })
  readinessScore!: number;

  @Field(() => [ID], { description: 'Essential counted requirements not met (gap > 0 or unknown).' })
  essentialGaps!: string[];
}

@ObjectType('TalentProfileTargetRole', { description: 'One of the person’s target roles, in their order.' })
export class TalentProfileTargetRoleModel {
  @Field(() => Int, { description: '1..3, the person’s order.' })
  position!: number;

  @Field(() => ID)
  roleId!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => ID, { nullable: true, description: 'Null: consortium-wide.' })
  organisationId!: string | null;

  @Field(() => String, { nullable: true, description: 'Null: consortium-wide.' })
  organisationName!: string | null;

  @Field(() => CareerStage)
  careerStage!: CareerStage;

  @Field(() => ResearchLevel)
  researchLevel!: ResearchLevel;

  @Field(() => TalentProfileGapAnalysisModel)
  gapAnalysis!: TalentProfileGapAnalysisModel;
}

@ObjectType('TalentProfile', {
  description:
    'A person’s competence profile with the gaps for their target roles. Also at GET /talent-profile[/:personId] (HTML, or JSON with ?format=json).',
})
export class TalentProfileModel {
  @Field(() => TalentProfilePersonModel)
  person!: TalentProfilePersonModel;

  @Field(() => [TalentProfileCompetenceModel], {
    description: 'Effective levels, by competence area (framework order), then name.',
    complexity: 10,
  })
  competences!: TalentProfileCompetenceModel[];

  @Field(() => [TalentProfileTargetRoleModel], {
    description: 'At most 3, in the person’s order.',
    complexity: ({ childComplexity }) => 3 * childComplexity,
  })
  targetRoles!: TalentProfileTargetRoleModel[];

  @Field({ description: 'When this document was put together (it is live: figures as of now).' })
  generatedAt!: Date;
}

@ObjectType('TalentProfileShare', {
  description:
    'A link by which you share your talent profile, read-only and live, until it expires or you revoke it. The token is shown only once, on creation.',
})
export class TalentProfileShareModel {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the link was last opened.' })
  lastViewedAt!: Date | null;

  @Field(() => Int, { description: 'How often the link was opened.' })
  viewCount!: number;

  @Field({ description: 'Neither revoked nor expired: the link works.' })
  active!: boolean;
}

@ObjectType('CreatedTalentProfileShare', {
  description: 'A new share link. Keep the url: the token is not stored and cannot be shown again.',
})
export class CreatedTalentProfileShareModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The link to give: <PUBLIC_BASE_URL>/shared/talent-profile/<token>.' })
  url!: string;

  @Field()
  token!: string;

  @Field()
  expiresAt!: Date;
}
