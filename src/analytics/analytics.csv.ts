import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafeText } from '../core/analytics/figures';
import {
  CompetenceCoverageModel,
  PlacementFlowsModel,
  ReadyCandidateModel,
  RoleReadinessDistributionModel,
  RoundStatisticsModel,
  SuppressedCountModel,
} from './models/analytics.model';

/**
 * The CSV form of each report, from the same models the GraphQL queries return. Quoting is
 * csv-stringify's; text cells are guarded against formula injection (spreadsheetSafeText) since HR
 * open these in a spreadsheet; a suppressed count is written `suppressed` (not `<5`: a cell hidden
 * by secondary suppression may hold any count), a withheld figure as an empty cell. A UTF-8 byte order mark goes first so that Excel reads names with accents correctly.
 */
export const SUPPRESSED_CELL = 'suppressed';

type Cell = string | number | null;

function count(c: SuppressedCountModel): Cell {
  return c.suppressed ? SUPPRESSED_CELL : c.count;
}

function text(value: string | null): Cell {
  return value === null ? null : spreadsheetSafeText(value);
}

function toCsv(header: string[], rows: Cell[][]): string {
  return stringify([header, ...rows], { bom: true });
}

export function readinessCsv(report: RoleReadinessDistributionModel): string {
  return toCsv(
    ['role_id', 'scope', 'organisation_id', 'measure', 'from_percent', 'to_percent', 'people'],
    [
      ...report.buckets.map((b) => [
        report.roleId,
        report.scope,
        report.organisationId,
        b.bucket,
        b.fromPercent,
        b.toPercent,
        count(b.people),
      ]),
      [
        report.roleId,
        report.scope,
        report.organisationId,
        'POPULATION',
        null,
        null,
        count(report.population),
      ],
      [report.roleId, report.scope, report.organisationId, 'TARGETING', null, null, count(report.targeting)],
      [
        report.roleId,
        report.scope,
        report.organisationId,
        'NOT_TARGETING',
        null,
        null,
        count(report.notTargeting),
      ],
    ],
  );
}

export function mostReadyCsv(candidates: ReadyCandidateModel[]): string {
  return toCsv(
    [
      'rank',
      'user_id',
      'display_name',
      'department_id',
      'readiness_score',
      'readiness_share',
      'essential_gap_count',
    ],
    candidates.map((c, i) => [
      i + 1,
      c.userId,
      text(c.displayName),
      c.departmentId,
      c.readinessScore,
      c.readinessShare,
      c.essentialGapCount,
    ]),
  );
}

export function coverageCsv(report: CompetenceCoverageModel): string {
  return toCsv(
    [
      'group_id',
      'group_name',
      'competence_id',
      'competence_code',
      'competence_name',
      'people',
      'level_1',
      'level_2',
      'level_3',
      'level_4',
      'not_assessed',
    ],
    report.rows.map((r) => [
      r.groupId,
      text(r.groupName),
      r.competenceId,
      text(r.competenceCode),
      text(r.competenceName),
      count(r.people),
      ...r.levels.map((l) => count(l.people)),
      count(r.notAssessed),
    ]),
  );
}

export function flowsCsv(report: PlacementFlowsModel): string {
  const kinds = report.flows[0]?.byKind.map((k) => k.kind) ?? [];
  return toCsv(
    [
      'from_organisation_id',
      'from_organisation',
      'to_organisation_id',
      'to_organisation',
      'placements',
      ...kinds.map((k) => k.toLowerCase()),
    ],
    report.flows.map((f) => [
      f.fromOrganisationId,
      text(f.fromOrganisationName),
      f.toOrganisationId,
      text(f.toOrganisationName),
      count(f.placements),
      ...f.byKind.map((k) => count(k.placements)),
    ]),
  );
}

export function roundsCsv(rounds: RoundStatisticsModel[]): string {
  const maxRank = Math.max(0, ...rounds.map((r) => r.choiceRanks.length));
  const ranks = Array.from({ length: maxRank }, (_, i) => i + 1);
  return toCsv(
    [
      'round_id',
      'round_name',
      'organisation_id',
      'organisation',
      'status',
      'published_at',
      'applied_runs',
      'seats_offered',
      'seats_filled',
      'seats_unfilled',
      'fill_rate',
      'candidates',
      'candidates_matched',
      'candidates_unmatched',
      'mean_rank',
      ...ranks.map((r) => `choice_${r}`),
    ],
    rounds.map((r) => [
      r.roundId,
      text(r.roundName),
      r.organisationId,
      text(r.organisationName),
      r.status,
      r.publishedAt ? r.publishedAt.toISOString() : null,
      r.appliedRuns,
      count(r.seatsOffered),
      count(r.seatsFilled),
      count(r.seatsUnfilled),
      r.fillRate,
      count(r.candidates),
      count(r.candidatesMatched),
      count(r.candidatesUnmatched),
      r.meanRank,
      ...ranks.map((rank) => {
        const c = r.choiceRanks[rank - 1];
        return c ? count(c.placements) : 0;
      }),
    ]),
  );
}
