import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { FIT_PART_KEYS, FitPartKey } from '../../core/fit/fit-score';
// CareerStage is registered as a GraphQL enum by the profiles feature.
import { CareerStage } from '../../profiles/models/profile-enums';
import { OpportunityMarkKind } from '../entities/opportunity-mark.entity';

/** The fit parts of core/fit/fit-score.ts as a GraphQL enum (the core keeps them as a const list). */
export const FitPartKeyEnum = Object.fromEntries(FIT_PART_KEYS.map((k) => [k, k])) as {
  [K in FitPartKey]: K;
};
registerEnumType(FitPartKeyEnum, {
  name: 'FitPartKey',
  description:
    'ESSENTIAL: essential requirements met; OPTIONAL: optional coverage with partial credit; DEVELOPMENT: ' +
    'gap levels of your target roles it develops; AVAILABILITY: share of the period you are available; ' +
    'LANGUAGE: you speak its language well enough.',
});
registerEnumType(OpportunityMarkKind, {
  name: 'OpportunityMarkKind',
  description: 'BOOKMARK: saved for later. NOT_INTERESTED: left out of your recommendations.',
});

@ObjectType('FitPart', { description: 'One part of a fit score: score = Σ weight·value / Σ weight × 100.' })
export class FitPartModel {
  @Field(() => FitPartKeyEnum)
  key!: FitPartKey;

  @Field(() => Float, { description: 'Configured weight of this part (FIT_WEIGHT_*).' })
  weight!: number;

  @Field(() => Float, { description: '0..1.' })
  value!: number;

  @Field({ description: 'Why the part has this value, in words.' })
  detail!: string;
}

@ObjectType('MissingRequirement', { description: 'A required competence not met at its minimum level.' })
export class MissingRequirementModel {
  @Field(() => ID)
  competenceId!: string;

  @Field(() => Int, { description: 'Minimum level: 1 Foundational .. 4 Expert.' })
  requiredLevel!: number;

  @Field(() => Int, { nullable: true, description: 'The effective level; null when unrated (unknown).' })
  currentLevel!: number | null;

  @Field()
  essential!: boolean;
}

/** The explanation shared by both directions of matching. */
@ObjectType({ isAbstract: true })
export abstract class FitExplanationModel {
  @Field(() => Float, { description: 'Fit score 0..100, one decimal.' })
  score!: number;

  @Field({ description: 'False when an essential requirement or the career stage is not met.' })
  eligible!: boolean;

  @Field(() => [String], { description: 'Why not eligible; empty when eligible.' })
  reasons!: string[];

  @Field(() => [FitPartModel])
  parts!: FitPartModel[];

  @Field(() => [MissingRequirementModel], { description: 'Requirements not met, essential first.' })
  missing!: MissingRequirementModel[];
}

@ObjectType('Recommendation', { description: 'An opportunity recommended to you, with why.' })
export class RecommendationModel extends FitExplanationModel {
  opportunityId!: string;

  @Field(() => OpportunityMarkKind, { nullable: true, description: 'Your mark on it, if any.' })
  mark!: OpportunityMarkKind | null;
}

@ObjectType('CandidateMatchLevel', {
  description: 'A candidate’s effective level of a competence the opportunity asks for.',
})
export class CandidateMatchLevelModel {
  @Field(() => ID)
  competenceId!: string;

  @Field(() => Int, { description: '1..4; competences never assessed are absent.' })
  level!: number;
}

@ObjectType('CandidateMatch', {
  description:
    'A candidate for an opportunity, ranked by fit: an applicant or a findable profile. Only what the ' +
    'host needs: no contact details, no other competences, no assessment history.',
})
export class CandidateMatchModel extends FitExplanationModel {
  @Field(() => ID)
  userId!: string;

  @Field()
  displayName!: string;

  organisationId!: string;

  @Field(() => CareerStage, { nullable: true })
  careerStage!: CareerStage | null;

  @Field({ description: 'Has a live application to this opportunity.' })
  applied!: boolean;

  @Field(() => [CandidateMatchLevelModel], {
    description: 'Effective levels of the competences the opportunity requires (rated ones only).',
  })
  levels!: CandidateMatchLevelModel[];
}

@ObjectType('OpportunityMark', { description: 'Your bookmark or "not interested" on an opportunity.' })
export class OpportunityMarkModel {
  @Field(() => ID)
  opportunityId!: string;

  @Field(() => OpportunityMarkKind)
  mark!: OpportunityMarkKind;

  @Field()
  createdAt!: Date;
}
