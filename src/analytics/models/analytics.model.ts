import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ReadinessBucket } from '../../core/analytics/readiness-buckets';
import { OpportunityKind } from '../../core/domain/enums';
import { RoundStatus } from '../../rounds/entities/round.entity';
import { AnalyticsScope } from '../dto/analytics.inputs';

registerEnumType(ReadinessBucket, {
  name: 'ReadinessBucket',
  description: 'Readiness score, percent: [0,25), [25,50), [50,75), [75,100), READY = 100.',
});

@ObjectType('SuppressedCount', {
  description:
    'A count of people (or placements, seats) in a report. Counts of 1 to 4 are suppressed (count null), and so is, ' +
    'where one cell alone of a group would be, the smallest other non-zero cell (no recovery from the total).',
})
export class SuppressedCountModel {
  @Field(() => Int, { nullable: true, description: 'Null exactly when suppressed.' })
  count!: number | null;

  @Field()
  suppressed!: boolean;
}

// ---- role readiness distribution -----------------------------------------------------------------

@ObjectType('ReadinessBucketCount')
export class ReadinessBucketCountModel {
  @Field(() => ReadinessBucket)
  bucket!: ReadinessBucket;

  @Field(() => Int, { description: 'Inclusive lower bound of the readiness score, percent.' })
  fromPercent!: number;

  @Field(() => Int, { description: 'Exclusive upper bound, percent (READY: 100 to 100).' })
  toPercent!: number;

  @Field(() => SuppressedCountModel)
  people!: SuppressedCountModel;
}

@ObjectType('RoleReadinessDistribution', {
  description: 'The people of the population by their readiness score for one role (gap analysis).',
})
export class RoleReadinessDistributionModel {
  @Field(() => ID)
  roleId!: string;

  @Field(() => AnalyticsScope)
  scope!: AnalyticsScope;

  @Field(() => ID, { nullable: true, description: 'Null in CONSORTIUM scope.' })
  organisationId!: string | null;

  @Field(() => SuppressedCountModel, {
    description: 'Everyone of the population (the buckets add up to it).',
  })
  population!: SuppressedCountModel;

  @Field(() => [ReadinessBucketCountModel], { description: 'Lowest first.' })
  buckets!: ReadinessBucketCountModel[];

  @Field(() => SuppressedCountModel, {
    description: 'People of the population with this role among their target roles.',
  })
  targeting!: SuppressedCountModel;

  @Field(() => SuppressedCountModel, { description: 'The others (targeting + notTargeting = population).' })
  notTargeting!: SuppressedCountModel;
}

// ---- most ready candidates -----------------------------------------------------------------------

@ObjectType('ReadyCandidate', {
  description: 'A findable person of your organisation and their readiness for a role.',
})
export class ReadyCandidateModel {
  @Field(() => ID)
  userId!: string;

  @Field()
  displayName!: string;

  @Field(() => ID, { nullable: true })
  departmentId!: string | null;

  @Field(() => Float, { description: 'Share of the counted requirements met, 0..1.' })
  readinessShare!: number;

  @Field(() => Float, { description: 'Weighted readiness score, 0..1.' })
  readinessScore!: number;

  @Field(() => Int, { description: 'Essential requirements not met (unknown counts as not met).' })
  essentialGapCount!: number;
}

// ---- competence coverage -------------------------------------------------------------------------

@ObjectType('LevelCount')
export class LevelCountModel {
  @Field(() => Int, { description: 'Effective level 1..4.' })
  level!: number;

  @Field(() => SuppressedCountModel)
  people!: SuppressedCountModel;
}

@ObjectType('CompetenceCoverageRow', {
  description:
    'One competence in one department (ORGANISATION scope) or organisation (CONSORTIUM scope): how many people have each effective level.',
})
export class CompetenceCoverageRowModel {
  @Field(() => ID, {
    nullable: true,
    description:
      'Department (ORGANISATION scope; null: people without a department) or organisation (CONSORTIUM scope).',
  })
  groupId!: string | null;

  @Field()
  groupName!: string;

  @Field(() => ID)
  competenceId!: string;

  @Field()
  competenceCode!: string;

  @Field()
  competenceName!: string;

  @Field(() => SuppressedCountModel, {
    description: 'The people of the group (levels + notAssessed add up to it).',
  })
  people!: SuppressedCountModel;

  @Field(() => [LevelCountModel], { description: 'Levels 1 to 4.' })
  levels!: LevelCountModel[];

  @Field(() => SuppressedCountModel, {
    description: 'People of the group never assessed on it (unknown, not 0).',
  })
  notAssessed!: SuppressedCountModel;
}

@ObjectType('CompetenceCoverage')
export class CompetenceCoverageModel {
  @Field(() => AnalyticsScope)
  scope!: AnalyticsScope;

  @Field(() => ID, { nullable: true })
  organisationId!: string | null;

  @Field(() => [CompetenceCoverageRowModel], {
    description: 'Group name, then competence code. Only competences someone of the group was assessed on.',
  })
  rows!: CompetenceCoverageRowModel[];
}

// ---- placement flows -----------------------------------------------------------------------------

@ObjectType('FlowKindCount')
export class FlowKindCountModel {
  @Field(() => OpportunityKind)
  kind!: OpportunityKind;

  @Field(() => SuppressedCountModel)
  placements!: SuppressedCountModel;
}

@ObjectType('PlacementFlow', {
  description: 'Completed placements of candidates of one organisation hosted by another (or the same).',
})
export class PlacementFlowModel {
  @Field(() => ID)
  fromOrganisationId!: string;

  @Field()
  fromOrganisationName!: string;

  @Field(() => ID)
  toOrganisationId!: string;

  @Field()
  toOrganisationName!: string;

  @Field(() => SuppressedCountModel)
  placements!: SuppressedCountModel;

  @Field(() => [FlowKindCountModel], { description: 'Every opportunity kind (they add up to placements).' })
  byKind!: FlowKindCountModel[];
}

@ObjectType('PlacementFlows')
export class PlacementFlowsModel {
  @Field(() => AnalyticsScope)
  scope!: AnalyticsScope;

  @Field(() => ID, { nullable: true })
  organisationId!: string | null;

  @Field(() => Date, { nullable: true })
  from!: Date | null;

  @Field(() => Date, { nullable: true })
  to!: Date | null;

  @Field(() => [PlacementFlowModel], { description: 'By source, then destination organisation name.' })
  flows!: PlacementFlowModel[];
}

// ---- round statistics ----------------------------------------------------------------------------

@ObjectType('RoundChoiceRankCount')
export class ChoiceRankCountModel {
  @Field(() => Int, { description: '1 = first choice.' })
  rank!: number;

  @Field(() => SuppressedCountModel)
  placements!: SuppressedCountModel;
}

@ObjectType('RoundStatistics', {
  description:
    'A published round, from the statistics of its applied runs (PUBLISH and FOLLOW_UP runs that finished DONE).',
})
export class RoundStatisticsModel {
  @Field(() => ID)
  roundId!: string;

  @Field()
  roundName!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field()
  organisationName!: string;

  @Field(() => RoundStatus)
  status!: RoundStatus;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field(() => Int)
  appliedRuns!: number;

  @Field(() => SuppressedCountModel, {
    description:
      'seatsFilled + seatsUnfilled: a seat freed by a declined offer and offered again counts again.',
  })
  seatsOffered!: SuppressedCountModel;

  @Field(() => SuppressedCountModel, { description: 'Seats the applied runs filled (offers made).' })
  seatsFilled!: SuppressedCountModel;

  @Field(() => SuppressedCountModel, { description: 'Seats still free after the last applied run.' })
  seatsUnfilled!: SuppressedCountModel;

  @Field(() => Float, {
    nullable: true,
    description: 'seatsFilled / seatsOffered; null when either is suppressed.',
  })
  fillRate!: number | null;

  @Field(() => SuppressedCountModel, { description: 'candidatesMatched + candidatesUnmatched.' })
  candidates!: SuppressedCountModel;

  @Field(() => SuppressedCountModel, { description: 'Candidates the applied runs placed.' })
  candidatesMatched!: SuppressedCountModel;

  @Field(() => SuppressedCountModel, { description: 'Candidates the last applied run left without a seat.' })
  candidatesUnmatched!: SuppressedCountModel;

  @Field(() => [ChoiceRankCountModel], { description: 'Placements on the 1st, 2nd, ... choice.' })
  choiceRanks!: ChoiceRankCountModel[];

  @Field(() => Float, {
    nullable: true,
    description:
      'Mean choice rank of the placements; null when any rank count is suppressed (it would reveal them).',
  })
  meanRank!: number | null;
}
