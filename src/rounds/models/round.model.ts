import { PageInfoModel } from '../../common/graphql/pagination';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { StoredRunInput } from '../../core/rounds/round-input-parts';
import {
  RoundAlgorithm,
  RoundOptimal,
  RoundOverrideKind,
  RoundRunKind,
  RoundRunScope,
  RoundRunStatus,
  RoundStatus,
} from '../entities/round.entity';

/** Why the verifier's stability verdict leaves a pair out (docs/matching-instance-format.md, `exempt`). */
export enum RoundExemptKind {
  /** HR pre-assigned the candidate before solving. */
  PRE_ASSIGNED = 'PRE_ASSIGNED',
  /** HR forced the pair. */
  FORCED = 'FORCED',
  /** HR let the candidate apply although not eligible: on the host's list only through that. */
  ELIGIBLE = 'ELIGIBLE',
}

export enum ChoiceOutcomeReason {
  /** Full with candidates its host ranked higher. */
  FULL_WITH_HIGHER_RANKED = 'FULL_WITH_HIGHER_RANKED',
  /** Its host did not rank you, you were not eligible, or HR excluded the pair. */
  NOT_RANKED_OR_NOT_ELIGIBLE = 'NOT_RANKED_OR_NOT_ELIGIBLE',
  /** No seat was free when the run started. */
  NO_SEATS_LEFT = 'NO_SEATS_LEFT',
}

registerEnumType(RoundStatus, { name: 'RoundStatus' });
registerEnumType(RoundAlgorithm, { name: 'RoundAlgorithm' });
registerEnumType(RoundOptimal, { name: 'RoundOptimal' });
registerEnumType(RoundOverrideKind, { name: 'RoundOverrideKind' });
registerEnumType(RoundRunKind, { name: 'RoundRunKind' });
registerEnumType(RoundRunScope, { name: 'RoundRunScope' });
registerEnumType(RoundRunStatus, { name: 'RoundRunStatus' });
registerEnumType(ChoiceOutcomeReason, { name: 'ChoiceOutcomeReason' });
registerEnumType(RoundExemptKind, { name: 'RoundExemptKind' });

@ObjectType('AllocationRound')
export class RoundModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The HR organisation running the round.' })
  organisationId!: string;

  @Field()
  name!: string;

  @Field(() => RoundStatus)
  status!: RoundStatus;

  @Field(() => Date)
  rankingDeadline!: Date;

  @Field(() => Int)
  maxChoices!: number;

  @Field(() => Int)
  responseWindowHours!: number;

  @Field(() => RoundAlgorithm)
  algorithm!: RoundAlgorithm;

  @Field(() => RoundOptimal)
  optimal!: RoundOptimal;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('RoundChoice')
export class RoundChoiceModel {
  @Field(() => ID)
  roundId!: string;

  @Field(() => Int, { description: '1 = most preferred.' })
  rank!: number;

  @Field(() => ID)
  opportunityId!: string;
}

@ObjectType('RoundOverride')
export class RoundOverrideModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  roundId!: string;

  @Field(() => ID)
  candidateId!: string;

  @Field(() => ID)
  opportunityId!: string;

  @Field(() => RoundOverrideKind)
  kind!: RoundOverrideKind;

  @Field()
  reason!: string;

  @Field(() => ID)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('RoundAssignment')
export class RoundAssignmentModel {
  @Field(() => ID)
  candidateId!: string;

  @Field(() => ID, { nullable: true, description: 'Null: unmatched.' })
  opportunityId!: string | null;

  @Field({ description: 'Placed by an HR pre-assignment rather than by the solver.' })
  preAssigned!: boolean;
}

@ObjectType('RoundAssignmentEdge')
export class RoundAssignmentEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => RoundAssignmentModel)
  node!: RoundAssignmentModel;
}

@ObjectType('RoundAssignmentConnection', {
  description: 'A run’s assignment a page at a time, in the order of `assignment`.',
})
export class RoundAssignmentConnectionModel {
  @Field(() => [RoundAssignmentEdgeModel])
  edges!: RoundAssignmentEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  @Field(() => Int, { description: 'Every candidate of the run, over every page.' })
  totalCount!: number;
}

@ObjectType('ChoiceRankCount')
export class ChoiceRankCountModel {
  @Field(() => Int, { description: '1 = first choice.' })
  rank!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType('RoundFlow')
export class RoundFlowModel {
  @Field(() => ID, { description: 'The candidates’ organisation.' })
  fromOrganisationId!: string;

  @Field(() => ID, { description: 'The host organisation.' })
  toOrganisationId!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('RoundRunStats')
export class RoundRunStatsModel {
  @Field(() => Int, { description: 'Candidates taking part (pre-assigned included).' })
  candidates!: number;

  @Field(() => Int)
  candidatesMatched!: number;

  @Field(() => Int)
  preAssigned!: number;

  @Field(() => Int, { description: 'Free seats the run could fill (pre-assigned included).' })
  seatsOffered!: number;

  @Field(() => Int)
  seatsFilled!: number;

  @Field(() => [ChoiceRankCountModel], { description: 'How many got their 1st, 2nd, ... choice.' })
  choiceRanks!: ChoiceRankCountModel[];

  @Field(() => [ID])
  unmatchedCandidateIds!: string[];

  @Field(() => [RoundFlowModel], {
    description: 'Placements from candidate organisation to host organisation.',
  })
  flows!: RoundFlowModel[];
}

@ObjectType('RoundViolation')
export class RoundViolationModel {
  @Field()
  kind!: string;

  @Field(() => [ID])
  ids!: string[];

  @Field()
  message!: string;
}

@ObjectType('RoundOverriddenPair', {
  description: 'A placement HR reassigned after publication: the seat went from one candidate to another.',
})
export class RoundOverriddenPairModel {
  @Field(() => ID)
  opportunityId!: string;

  @Field(() => ID, { description: 'Whose offer HR withdrew.' })
  fromCandidateId!: string;

  @Field(() => ID, { description: 'Who was offered the seat instead.' })
  toCandidateId!: string;

  @Field()
  reason!: string;

  @Field(() => ID)
  overriddenBy!: string;

  @Field(() => Date)
  overriddenAt!: Date;
}

@ObjectType('RoundExemptPair', {
  description:
    'A pair of the run’s document that HR decided (pre-assigned, forced or made eligible): the verifier’s stability verdict leaves it out.',
})
export class RoundExemptPairModel {
  @Field(() => RoundExemptKind)
  kind!: RoundExemptKind;

  @Field(() => ID)
  candidateId!: string;

  @Field(() => ID)
  opportunityId!: string;

  @Field({ description: 'HR’s reason, as recorded.' })
  reason!: string;
}

@ObjectType('RoundRun')
export class RoundRunModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  roundId!: string;

  @Field(() => RoundRunKind)
  kind!: RoundRunKind;

  @Field(() => RoundRunScope)
  scope!: RoundRunScope;

  @Field(() => RoundRunStatus)
  status!: RoundRunStatus;

  @Field(() => String, { nullable: true, description: 'The core algorithm, e.g. hr-resident-proposing.' })
  algorithm!: string | null;

  @Field(() => String, { nullable: true })
  algorithmVersion!: string | null;

  @Field(() => Int, { description: 'Tie-break seed: the same input and seed give the same result.' })
  seed!: number;

  @Field(() => String, { nullable: true, description: 'sha256 (hex) of the canonical instance JSON.' })
  inputHash!: string | null;

  /**
   * The stored input and assignment; exposed through resolved fields (they can be large). Undefined
   * when not read with the run (the resolver loads them then).
   */
  input!: StoredRunInput | null;
  rawAssignment?: Record<string, string | null> | null;

  @Field(() => RoundRunStatsModel, { nullable: true })
  stats!: RoundRunStatsModel | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'The independent verifier’s verdict over the solved assignment: it covers every pair but the overriddenPairs.',
  })
  stable!: boolean | null;

  @Field(() => [RoundOverriddenPairModel], {
    description:
      'Placements of this run HR reassigned after publication, oldest first (stable does not cover them).',
  })
  overriddenPairs!: RoundOverriddenPairModel[];

  @Field(() => [RoundViolationModel], { nullable: true })
  violations!: RoundViolationModel[] | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType('ChoiceOutcome')
export class ChoiceOutcomeModel {
  @Field(() => ID)
  opportunityId!: string;

  @Field(() => Int)
  rank!: number;

  @Field(() => ChoiceOutcomeReason)
  reason!: ChoiceOutcomeReason;
}

@ObjectType('RoundOutcome')
export class RoundOutcomeModel {
  @Field(() => ID)
  roundId!: string;

  @Field(() => ID, { nullable: true, description: 'The opportunity you got; null: none.' })
  opportunityId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Its rank in your choices.' })
  choiceRank!: number | null;

  @Field()
  preAssigned!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Why HR pre-assigned you, or reassigned the placement (their recorded reason); null when the solver placed you or none.',
  })
  reason!: string | null;

  @Field({
    description:
      'HR reassigned a placement of this run that concerns you after publication: opportunityId is where it left you.',
  })
  reassigned!: boolean;

  @Field(() => ID, { nullable: true, description: 'The run that decided it.' })
  runId!: string | null;

  @Field(() => [ChoiceOutcomeModel], {
    description: 'Every choice ranked above what you got (all of them when you got none), and why.',
  })
  rankedAbove!: ChoiceOutcomeModel[];
}
