import { Injectable } from '@nestjs/common';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { belongsTo, isAdmin, mayReadAnalyticsOf } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { compareReadiness, meanChoiceRank } from '../core/analytics/figures';
import { bucketCounts, READINESS_BUCKETS } from '../core/analytics/readiness-buckets';
import { roundFigures } from '../core/analytics/round-figures';
import { CountCell, suppressedRate, suppressGroup, withheldUnless } from '../core/analytics/suppression';
import { OpportunityKind, ProficiencyLevel } from '../core/domain/enums';
import { analyseGaps, GapAnalysis, RoleRequirement } from '../core/gaps/gap-analysis';
import { roleProfileNotFound } from '../roles/roles.errors';
import { aggregatesOnly, notWithConsortiumScope } from './analytics.errors';
import { AnalyticsRepository, LevelRow, Population, RequirementRow } from './analytics.repository';
import {
  AnalyticsScope,
  AnalyticsScopeArgs,
  CompetenceCoverageArgs,
  MostReadyCandidatesArgs,
  PlacementFlowsArgs,
  RoleReadinessArgs,
  RoundStatisticsArgs,
} from './dto/analytics.inputs';
import {
  CompetenceCoverageModel,
  CompetenceCoverageRowModel,
  PlacementFlowModel,
  PlacementFlowsModel,
  ReadyCandidateModel,
  RoleReadinessDistributionModel,
  RoundStatisticsModel,
} from './models/analytics.model';
import { FieldCode } from '../common/errors/field-codes';

const LEVELS: readonly ProficiencyLevel[] = [
  ProficiencyLevel.FOUNDATIONAL,
  ProficiencyLevel.INTERMEDIATE,
  ProficiencyLevel.ADVANCED,
  ProficiencyLevel.EXPERT,
];
const KINDS: readonly OpportunityKind[] = Object.values(OpportunityKind);
/** The group name of people without a department (ORGANISATION coverage). */
export const NO_DEPARTMENT = '(no department)';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toCore(r: RequirementRow): RoleRequirement {
  return {
    competenceId: r.competenceId,
    requiredLevel: r.requiredLevel as ProficiencyLevel,
    essential: r.essential,
    weight: r.weight,
  };
}

function cell(c: CountCell): { count: number | null; suppressed: boolean } {
  return { count: c.count, suppressed: c.suppressed };
}

/**
 * HR analytics. Who: HR for their own organisation, admins for any organisation or the consortium
 * (the resolver's @Roles refuses everyone else). A report asked for another organisation by HR is
 * FORBIDDEN (organisations are public: it is the report that is refused, so no NOT_FOUND pretence).
 * CONSORTIUM scope is open to every HR: it only ever shows aggregates over the people who consented to
 * CONSORTIUM_ANALYTICS (analytics beyond what the exchange needs).
 *
 * Every count goes through core/analytics/suppression.ts (1..4 suppressed, secondary suppression in
 * each group that partitions a shown total); the one report of individuals (mostReadyCandidates)
 * lists findable people of the viewer's own organisation, whom HR may already see, unsuppressed.
 *
 * Each report is a fixed number of SQL statements (analytics.repository.ts); the GraphQL resolver
 * and the CSV controller both call these methods.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly repo: AnalyticsRepository,
    private readonly audit: PersonalDataAudit,
  ) {}

  /** The population of an aggregate report, after the access check. */
  private async populationFor(viewer: AuthUser, args: AnalyticsScopeArgs): Promise<Population> {
    if (args.scope === AnalyticsScope.CONSORTIUM) {
      if (args.organisationId) throw notWithConsortiumScope();
      return { kind: 'CONSORTIUM' };
    }
    return { kind: 'ORGANISATION', organisationId: await this.organisationFor(viewer, args.organisationId) };
  }

  /** HR: their own organisation only; ADMIN: any existing one (default: their own). */
  private async organisationFor(viewer: AuthUser, organisationId: string | undefined): Promise<string> {
    const id = organisationId ?? viewer.organisationId;
    if (isAdmin(viewer)) {
      if (!belongsTo(viewer, id) && !(await this.repo.organisationExists(id))) {
        throw AppError.notFound('Organisation');
      }
      return id;
    }
    if (mayReadAnalyticsOf(viewer, id)) return id;
    throw AppError.forbidden(
      'HR see the analytics of their own organisation only (or consortium aggregates)',
    );
  }

  private async roleAndRequirements(roleId: string) {
    const role = await this.repo.findRole(roleId);
    if (!role) throw roleProfileNotFound();
    const requirements = await this.repo.requirementsOf(role.id);
    return { role, requirements };
  }

  /** Gap analysis of each person of `people` against the requirements (levels from one query). */
  private analyseAll(
    personIds: readonly string[],
    requirements: readonly RequirementRow[],
    levels: readonly LevelRow[],
  ): Map<string, GapAnalysis> {
    const byPerson = new Map<string, Map<string, number>>();
    for (const row of levels) {
      const map = byPerson.get(row.personId) ?? new Map<string, number>();
      map.set(row.competenceId, row.level);
      byPerson.set(row.personId, map);
    }
    const role = { requirements: requirements.map(toCore) };
    const retired = new Set(requirements.filter((r) => r.retired).map((r) => r.competenceId));
    return new Map(
      personIds.map((id) => [id, analyseGaps(role, byPerson.get(id) ?? new Map<string, number>(), retired)]),
    );
  }

  async roleReadinessDistribution(
    viewer: AuthUser,
    args: RoleReadinessArgs,
  ): Promise<RoleReadinessDistributionModel> {
    const population = await this.populationFor(viewer, args);
    const { role, requirements } = await this.roleAndRequirements(args.roleId);
    const [people, levels] = await Promise.all([
      this.repo.populationWithTargeting(population, role.lineageId),
      this.repo.effectiveLevels(
        population,
        requirements.map((r) => r.competenceId),
      ),
    ]);
    const analyses = this.analyseAll(
      people.map((p) => p.id),
      requirements,
      levels,
    );
    const buckets = suppressGroup(bucketCounts([...analyses.values()].map((a) => a.readinessScore)));
    const targetingCount = people.filter((p) => p.targeting).length;
    const targeting = suppressGroup([targetingCount, people.length - targetingCount]);
    return {
      roleId: role.id,
      scope: args.scope,
      organisationId: population.kind === 'CONSORTIUM' ? null : population.organisationId,
      population: cell(buckets.total),
      buckets: READINESS_BUCKETS.map((range, i) => ({
        bucket: range.bucket,
        fromPercent: range.fromPercent,
        toPercent: range.toPercent,
        people: cell(buckets.cells[i]),
      })),
      targeting: cell(targeting.cells[0]),
      notTargeting: cell(targeting.cells[1]),
    };
  }

  async mostReadyCandidates(viewer: AuthUser, args: MostReadyCandidatesArgs): Promise<ReadyCandidateModel[]> {
    if (args.scope === AnalyticsScope.CONSORTIUM) throw aggregatesOnly();
    const organisationId = await this.organisationFor(viewer, args.organisationId);
    const population: Population = { kind: 'FINDABLE_IN', organisationId };
    const { role, requirements } = await this.roleAndRequirements(args.roleId);
    const [people, levels] = await Promise.all([
      this.repo.populationWithTargeting(population, role.lineageId),
      this.repo.effectiveLevels(
        population,
        requirements.map((r) => r.competenceId),
      ),
    ]);
    const analyses = this.analyseAll(
      people.map((p) => p.id),
      requirements,
      levels,
    );
    const ranked = people
      .map((p) => {
        const a = analyses.get(p.id) as GapAnalysis;
        return {
          userId: p.id,
          displayName: p.displayName,
          departmentId: p.departmentId,
          readinessShare: a.readinessShare,
          readinessScore: a.readinessScore,
          essentialGapCount: a.essentialGaps.length,
        };
      })
      .sort(compareReadiness)
      .slice(0, args.first);
    await this.audit.recordReads(
      viewer,
      PersonalDataReadKind.MOST_READY_CANDIDATES,
      ranked.map((c) => c.userId),
    );
    return ranked;
  }

  async competenceCoverage(viewer: AuthUser, args: CompetenceCoverageArgs): Promise<CompetenceCoverageModel> {
    const population = await this.populationFor(viewer, args);
    const [counts, sizes] = await Promise.all([
      this.repo.coverageCounts(population),
      this.repo.groupSizes(population),
    ]);
    const groups = new Map(sizes.map((g) => [g.groupId, g]));
    const rows = new Map<
      string,
      { groupId: string | null; competenceId: string; code: string; name: string; levels: number[] }
    >();
    for (const c of counts) {
      const key = `${c.groupId ?? ''}|${c.competenceId}`;
      const row = rows.get(key) ?? {
        groupId: c.groupId,
        competenceId: c.competenceId,
        code: c.competenceCode,
        name: c.competenceName,
        levels: LEVELS.map(() => 0),
      };
      row.levels[c.level - 1] += c.people;
      rows.set(key, row);
    }
    const result: CompetenceCoverageRowModel[] = [...rows.values()].map((row) => {
      const size = groups.get(row.groupId)?.people ?? 0;
      const assessed = row.levels.reduce((a, b) => a + b, 0);
      // One group: levels 1..4 and the not-assessed partition the group's people.
      const g = suppressGroup([...row.levels, size - assessed]);
      return {
        groupId: row.groupId,
        groupName: groups.get(row.groupId)?.groupName ?? NO_DEPARTMENT,
        competenceId: row.competenceId,
        competenceCode: row.code,
        competenceName: row.name,
        people: cell(g.total),
        levels: LEVELS.map((level, i) => ({ level, people: cell(g.cells[i]) })),
        notAssessed: cell(g.cells[LEVELS.length]),
      };
    });
    result.sort(
      (a, b) =>
        compareText(a.groupName, b.groupName) ||
        compareText(a.groupId ?? '', b.groupId ?? '') ||
        compareText(a.competenceCode, b.competenceCode),
    );
    return {
      scope: args.scope,
      organisationId: population.kind === 'CONSORTIUM' ? null : population.organisationId,
      rows: result,
    };
  }

  /**
   * ORGANISATION: every completed placement from or to the organisation (its own people, and the
   * applicants its hosts took: HR sees both already). CONSORTIUM: the placements of candidates who
   * consented to CONSORTIUM_ANALYTICS, between any organisations (aggregates only).
   */
  async placementFlows(viewer: AuthUser, args: PlacementFlowsArgs): Promise<PlacementFlowsModel> {
    const population = await this.populationFor(viewer, args);
    if (args.from && args.to && args.from >= args.to) {
      throw AppError.badInput('from must be before to', [
        {
          field: 'to',
          message: 'must be after from',
          code: FieldCode.PERIOD_ENDS_BEFORE_START,
          params: { start: 'from' },
        },
      ]);
    }
    const counts = await this.repo.flowCounts({
      involving: population.kind === 'CONSORTIUM' ? null : population.organisationId,
      consentedOnly: population.kind === 'CONSORTIUM',
      from: args.from ?? null,
      to: args.to ?? null,
    });
    const flows = new Map<
      string,
      { model: Omit<PlacementFlowModel, 'placements' | 'byKind'>; kinds: number[] }
    >();
    for (const c of counts) {
      const key = `${c.fromOrganisationId}|${c.toOrganisationId}`;
      const flow = flows.get(key) ?? {
        model: {
          fromOrganisationId: c.fromOrganisationId,
          fromOrganisationName: c.fromOrganisationName,
          toOrganisationId: c.toOrganisationId,
          toOrganisationName: c.toOrganisationName,
        },
        kinds: KINDS.map(() => 0),
      };
      flow.kinds[KINDS.indexOf(c.kind)] += c.placements;
      flows.set(key, flow);
    }
    const result: PlacementFlowModel[] = [...flows.values()].map(({ model, kinds }) => {
      const g = suppressGroup(kinds);
      return {
        ...model,
        placements: cell(g.total),
        byKind: KINDS.map((kind, i) => ({ kind, placements: cell(g.cells[i]) })),
      };
    });
    result.sort(
      (a, b) =>
        compareText(a.fromOrganisationName, b.fromOrganisationName) ||
        compareText(a.toOrganisationName, b.toOrganisationName),
    );
    return {
      scope: args.scope,
      organisationId: population.kind === 'CONSORTIUM' ? null : population.organisationId,
      from: args.from ?? null,
      to: args.to ?? null,
      flows: result,
    };
  }

  /**
   * ORGANISATION: the rounds the organisation ran; CONSORTIUM: every round (aggregate figures only).
   * Figures: core/analytics/round-figures.ts over the applied runs' stored statistics.
   */
  async roundStatistics(viewer: AuthUser, args: RoundStatisticsArgs): Promise<RoundStatisticsModel[]> {
    const population = await this.populationFor(viewer, args);
    const rounds = await this.repo.roundsWithAppliedRuns(
      population.kind === 'CONSORTIUM' ? null : population.organisationId,
    );
    return rounds.map((round) => {
      const f = roundFigures(round.runs);
      const seats = suppressGroup([f.seatsFilled, f.seatsUnfilled]);
      const candidates = suppressGroup([f.candidatesMatched, f.candidatesUnmatched]);
      const ranks = suppressGroup(f.choiceRankCounts);
      return {
        roundId: round.roundId,
        roundName: round.roundName,
        organisationId: round.organisationId,
        organisationName: round.organisationName,
        status: round.status,
        publishedAt: round.publishedAt,
        appliedRuns: round.runs.length,
        seatsOffered: cell(seats.total),
        seatsFilled: cell(seats.cells[0]),
        seatsUnfilled: cell(seats.cells[1]),
        fillRate: suppressedRate(seats.cells[0], seats.total),
        candidates: cell(candidates.total),
        candidatesMatched: cell(candidates.cells[0]),
        candidatesUnmatched: cell(candidates.cells[1]),
        choiceRanks: ranks.cells.map((c, i) => ({ rank: i + 1, placements: cell(c) })),
        meanRank: withheldUnless(meanChoiceRank(f.choiceRankCounts), [ranks.total, ...ranks.cells]),
      };
    });
  }
}
