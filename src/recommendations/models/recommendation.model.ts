import { EligibilityOverrideModel } from '../../applications/models/eligibility-override.model';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  FIT_DETAIL_CODES,
  FIT_PART_KEYS,
  FitDetailCode,
  FitPartKey,
  INELIGIBILITY_CODES,
  IneligibilityCode,
} from '../../core/fit/fit-score';
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
/** Why a fit part has its value (core/fit/fit-score.ts FIT_DETAIL_CODES), for clients to write. */
export const FitDetailCodeEnum = Object.fromEntries(FIT_DETAIL_CODES.map((k) => [k, k])) as {
  [K in FitDetailCode]: K;
};
registerEnumType(FitDetailCodeEnum, {
  name: 'FitDetailCode',
  description:
    'Why a fit part has its value; the facts it is written with are in FitPart.facts. ESSENTIALS_MET: ' +
    'met of total; OPTIONALS_COVERED: share; DEVELOPS_GAPS: competences of targets, levels, share; ' +
    'AVAILABLE_SHARE: share; SPEAKS_LANGUAGE: language, spokenLevel, neededLevel; LANGUAGE_NOT_SPOKEN: ' +
    'language, neededLevel; NO_ESSENTIALS, NO_OPTIONALS, NO_DEVELOPMENT_TARGETS, AVAILABILITY_UNKNOWN, ' +
    'NO_LANGUAGE_REQUIREMENT: none.',
});

export const IneligibilityCodeEnum = Object.fromEntries(INELIGIBILITY_CODES.map((k) => [k, k])) as {
  [K in IneligibilityCode]: K;
};
registerEnumType(IneligibilityCodeEnum, {
  name: 'IneligibilityCode',
  description:
    'Why a candidate is not eligible. CAREER_STAGE_UNKNOWN: no career stage, the opportunity is open to ' +
    'eligibleStages only; CAREER_STAGE_NOT_ELIGIBLE: careerStage is not among eligibleStages; ' +
    'ESSENTIAL_NOT_MET: the competence is below requiredLevel (currentLevel, null when unrated).',
});

registerEnumType(OpportunityMarkKind, {
  name: 'OpportunityMarkKind',
  description: 'BOOKMARK: saved for later. NOT_INTERESTED: left out of your recommendations.',
});

@ObjectType('FitPartFacts', {
  description: 'The facts a FitDetailCode is written with; the ones a code does not use are null.',
})
export class FitPartFactsModel {
  @Field(() => Int, { nullable: true, description: 'Essential requirements met.' })
  met?: number;

  @Field(() => Int, { nullable: true, description: 'Essential requirements in all.' })
  total?: number;

  @Field(() => Float, { nullable: true, description: '0..1: coverage, gap share or available share.' })
  share?: number;

  @Field(() => Int, { nullable: true, description: 'Gap competences the opportunity develops.' })
  competences?: number;

  @Field(() => Int, { nullable: true, description: 'Your gap competences (development targets).' })
  targets?: number;

  @Field(() => Int, { nullable: true, description: 'Gap levels it develops.' })
  levels?: number;

  @Field({ nullable: true, description: 'The opportunity’s language, ISO 639-1.' })
  language?: string;

  @Field({ nullable: true, description: 'Your level in it (CEFR or NATIVE).' })
  spokenLevel?: string;

  @Field({ nullable: true, description: 'The level it needs.' })
  neededLevel?: string;
}

@ObjectType('FitPart', { description: 'One part of a fit score: score = Σ weight·value / Σ weight × 100.' })
export class FitPartModel {
  @Field(() => FitPartKeyEnum)
  key!: FitPartKey;

  @Field(() => Float, { description: 'Configured weight of this part (FIT_WEIGHT_*).' })
  weight!: number;

  @Field(() => Float, { description: '0..1.' })
  value!: number;

  @Field({ description: 'Why the part has this value, in English words (code and facts say it as data).' })
  detail!: string;

  @Field(() => FitDetailCodeEnum, { description: 'Why the part has this value, as a code.' })
  code!: FitDetailCode;

  @Field(() => FitPartFactsModel, { description: 'The facts the code is written with.' })
  facts!: FitPartFactsModel;
}

@ObjectType('IneligibilityReason', {
  description: 'Why a candidate is not eligible, as a code with its facts.',
})
export class IneligibilityReasonModel {
  @Field(() => IneligibilityCodeEnum)
  code!: IneligibilityCode;

  @Field(() => [CareerStage], { nullable: true, description: 'The stages the opportunity is open to.' })
  eligibleStages?: readonly CareerStage[];

  @Field(() => CareerStage, { nullable: true, description: 'The candidate’s stage.' })
  careerStage?: CareerStage;

  @Field(() => ID, { nullable: true, description: 'The essential competence not met (also in `missing`).' })
  competenceId?: string;

  @Field(() => Int, { nullable: true, description: 'Its minimum level.' })
  requiredLevel?: number;

  @Field(() => Int, { nullable: true, description: 'The candidate’s level; null when unrated.' })
  currentLevel?: number | null;
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

  @Field(() => [String], { description: 'Why not eligible, in English words; empty when eligible.' })
  reasons!: string[];

  @Field(() => [IneligibilityReasonModel], {
    description: 'Why not eligible, as codes with their facts (the same as `reasons`, in order).',
  })
  ineligibility!: IneligibilityReasonModel[];

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

  @Field(() => EligibilityOverrideModel, {
    nullable: true,
    description:
      'HR lets you apply here although you are not eligible, with their reason: you then count as eligible ' +
      '(recommendedOpportunities and myFit alike).',
  })
  eligibilityOverride?: EligibilityOverrideModel | null;
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
