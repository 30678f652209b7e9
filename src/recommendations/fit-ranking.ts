import { CareerStage } from '../core/domain/enums';
import {
  DEFAULT_MIN_LANGUAGE_LEVEL,
  FitCandidate,
  FitOpportunity,
  FitResult,
  FitWeights,
  LanguageLevel,
  speaksLanguage,
  UNKNOWN_AVAILABILITY_VALUE,
} from '../core/fit/fit-score';
import { ScoringRow } from './recommendations.repository';

/**
 * Top-N by fit without scoring everything.
 *
 * The candidate-independent rows (OPEN opportunities with their core input) are indexed once per
 * snapshot: sorted by id, with per-row columns in typed arrays, the requirements inverted by
 * competence (essential and optional apart) and the developed competences inverted likewise. Per
 * request, the candidate's rated competences walk only their own requirement entries (the essential
 * ones met, with their weight, and each optional one's credit min(level / required, 1), as the core
 * gives it), their development targets walk the rows that develop them, and one pass over the rows
 * gives each possible opportunity an upper bound of its fit score; a counting sort orders them by
 * bound (highest first, ties by id: rankByFit's order); the core scores them in that order and the
 * visit stops once no opportunity left can rank above the N-th best.
 *
 * The bound is the core's score computed from those sums: ESSENTIAL and OPTIONAL as weighted means
 * (1 where the weights are all 0, which the core averages plainly), DEVELOPMENT as the share of the
 * gap levels the row develops, AVAILABILITY as the share of the period the candidate's windows cover
 * (the unknown value without windows), LANGUAGE exactly (the core's speaksLanguage). It is rounded up
 * the way the core rounds scores, with a margin for the order of floating-point sums, so the visit
 * usually scores little more than N rows. It only orders and prunes: should the core ever score
 * above a bound, pruning stops and every opportunity left is scored. Eligibility here (stage,
 * essential requirements) only rules out early what the core would find ineligible; rows in
 * `exempt` (HR's eligibility overrides) are never ruled out for it.
 *
 * The per-request arrays belong to the index and are reused: `top` is synchronous, so two requests
 * never use them at once.
 */

const STAGES = Object.values(CareerStage);

/** A candidate-independent row with its core input built once. */
export type PreparedRow = ScoringRow & { readonly fit: FitOpportunity };

export interface TopQuery {
  candidate: FitCandidate;
  stage: CareerStage | null;
  weights: FitWeights;
  now: Date;
  onlyEligible: boolean;
  first: number;
  /** Opportunity ids the candidate counts as eligible for whatever the rules say (HR's overrides). */
  exempt?: ReadonlySet<string>;
}

interface CompetencePostings {
  essentialRows: Int32Array;
  essentialMin: Uint8Array;
  essentialWeight: Float64Array;
  optionalRows: Int32Array;
  optionalMin: Uint8Array;
  optionalWeight: Float64Array;
}

interface PostingLists {
  essentialRows: number[];
  essentialMin: number[];
  essentialWeight: number[];
  optionalRows: number[];
  optionalMin: number[];
  optionalWeight: number[];
}

export class OpenOpportunityIndex {
  private readonly deadlines: Float64Array;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  /** Bit i set: stage STAGES[i] is eligible; 0: every stage (or only stages this code does not know). */
  private readonly stageMasks: Uint8Array;
  private readonly essentialCounts: Uint16Array;
  private readonly essentialTotals: Float64Array;
  private readonly optionalCounts: Uint16Array;
  private readonly optionalTotals: Float64Array;
  /** Index into `languages`; -1: no language. */
  private readonly languageOf: Int16Array;
  private readonly languages: { code: string; minLevel: LanguageLevel }[] = [];
  private readonly postings = new Map<string, CompetencePostings>();
  /** Competence id -> rows that develop it (each row once). */
  private readonly developers = new Map<string, Int32Array>();

  // Per-request scratch, reused (see the class comment).
  private readonly essentialMet: Uint16Array;
  private readonly essentialMetWeight: Float64Array;
  private readonly optionalCredit: Float64Array;
  private readonly developed: Float64Array;
  private readonly exemptRows: Uint8Array;
  private readonly tenths: Int16Array;
  private readonly order: Int32Array;

  constructor(readonly rows: readonly PreparedRow[]) {
    const n = rows.length;
    this.deadlines = new Float64Array(n);
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.stageMasks = new Uint8Array(n);
    this.essentialCounts = new Uint16Array(n);
    this.essentialTotals = new Float64Array(n);
    this.optionalCounts = new Uint16Array(n);
    this.optionalTotals = new Float64Array(n);
    this.languageOf = new Int16Array(n);
    this.essentialMet = new Uint16Array(n);
    this.essentialMetWeight = new Float64Array(n);
    this.optionalCredit = new Float64Array(n);
    this.developed = new Float64Array(n);
    this.exemptRows = new Uint8Array(n);
    this.tenths = new Int16Array(n);
    this.order = new Int32Array(n);

    const languageIndex = new Map<string, number>();
    const lists = new Map<string, PostingLists>();
    const developers = new Map<string, number[]>();
    rows.forEach((row, i) => {
      if (i > 0 && !(rows[i - 1].id < row.id))
        throw new Error('OpenOpportunityIndex: rows must be sorted by id');
      const { fit } = row;
      this.deadlines[i] = row.applicationDeadline.getTime();
      this.starts[i] = fit.start.getTime();
      this.ends[i] = fit.end.getTime();
      let mask = 0;
      for (const stage of fit.eligibleStages) {
        const bit = STAGES.indexOf(stage);
        if (bit >= 0) mask |= 1 << bit;
      }
      this.stageMasks[i] = mask;
      if (fit.language === null) this.languageOf[i] = -1;
      else {
        const minLevel = fit.minLanguageLevel ?? DEFAULT_MIN_LANGUAGE_LEVEL;
        const key = `${fit.language.toLowerCase()}|${minLevel}`;
        let index = languageIndex.get(key);
        if (index === undefined) {
          index = this.languages.push({ code: fit.language, minLevel }) - 1;
          languageIndex.set(key, index);
        }
        this.languageOf[i] = index;
      }
      for (const { competenceId, minLevel, weight, essential } of fit.requirements) {
        let list = lists.get(competenceId);
        if (!list) {
          list = {
            essentialRows: [],
            essentialMin: [],
            essentialWeight: [],
            optionalRows: [],
            optionalMin: [],
            optionalWeight: [],
          };
          lists.set(competenceId, list);
        }
        if (essential) {
          this.essentialCounts[i] += 1;
          this.essentialTotals[i] += weight;
          list.essentialRows.push(i);
          list.essentialMin.push(minLevel);
          list.essentialWeight.push(weight);
        } else {
          this.optionalCounts[i] += 1;
          this.optionalTotals[i] += weight;
          list.optionalRows.push(i);
          list.optionalMin.push(minLevel);
          list.optionalWeight.push(weight);
        }
      }
      for (const competenceId of new Set(fit.develops)) {
        const list = developers.get(competenceId);
        if (list) list.push(i);
        else developers.set(competenceId, [i]);
      }
    });
    for (const [competenceId, list] of lists) {
      this.postings.set(competenceId, {
        essentialRows: Int32Array.from(list.essentialRows),
        essentialMin: Uint8Array.from(list.essentialMin),
        essentialWeight: Float64Array.from(list.essentialWeight),
        optionalRows: Int32Array.from(list.optionalRows),
        optionalMin: Uint8Array.from(list.optionalMin),
        optionalWeight: Float64Array.from(list.optionalWeight),
      });
    }
    for (const [competenceId, list] of developers) this.developers.set(competenceId, Int32Array.from(list));
  }

  /** The row of this opportunity id, or -1 (rows are sorted by id). */
  private rowOf(id: string): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.rows[mid].id;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The best `first` rows for the candidate by the core's score (desc, ties by id). `skip` leaves a row
   * out (marks, applications); `score` is the core (null: not shown, e.g. ineligible).
   */
  top(
    query: TopQuery,
    skip: (row: PreparedRow) => boolean,
    score: (row: PreparedRow) => FitResult | null,
  ): { row: PreparedRow; fit: FitResult }[] {
    const exempt: number[] = [];
    for (const id of query.exempt ?? []) {
      const i = this.rowOf(id);
      if (i >= 0) exempt.push(i);
    }
    for (const i of exempt) this.exemptRows[i] = 1;
    try {
      const total = this.bound(query);
      return this.visit(query.first, total, skip, score);
    } finally {
      for (const i of exempt) this.exemptRows[i] = 0;
    }
  }

  /**
   * Fills `tenths` with each row's bound in tenths of a point (-1: ruled out) and `order` with the
   * rows not ruled out, highest bound first, ties by id; returns how many there are.
   */
  private bound(query: TopQuery): number {
    const { candidate, weights } = query;
    const n = this.rows.length;
    const { essentialMet, essentialMetWeight, optionalCredit, developed, tenths } = this;
    essentialMet.fill(0);
    essentialMetWeight.fill(0);
    optionalCredit.fill(0);
    for (const [competenceId, level] of candidate.levels) {
      const posting = this.postings.get(competenceId);
      if (!posting) continue;
      const { essentialRows, essentialMin, essentialWeight } = posting;
      for (let k = 0; k < essentialRows.length; k++) {
        if (level >= essentialMin[k]) {
          const i = essentialRows[k];
          essentialMet[i] += 1;
          essentialMetWeight[i] += essentialWeight[k];
        }
      }
      const { optionalRows, optionalMin, optionalWeight } = posting;
      for (let k = 0; k < optionalRows.length; k++) {
        optionalCredit[optionalRows[k]] += optionalWeight[k] * Math.min(level / optionalMin[k], 1);
      }
    }
    // DEVELOPMENT: the gap levels of the targets each row develops, of all gap levels (developmentValue).
    let gapTotal = 0;
    for (const gap of candidate.developmentTargets.values())
      if (gap > 0 && Number.isFinite(gap)) gapTotal += gap;
    if (gapTotal > 0) {
      developed.fill(0);
      for (const [competenceId, gap] of candidate.developmentTargets) {
        if (!(gap > 0) || !Number.isFinite(gap)) continue;
        const rows = this.developers.get(competenceId);
        if (rows) for (let k = 0; k < rows.length; k++) developed[rows[k]] += gap;
      }
    }
    // AVAILABILITY: the union of the windows as sorted, disjoint spans (availabilityCoverage).
    const spans = mergedSpans(candidate.availability);
    const speaks = this.languages.map(
      ({ code, minLevel }) => speaksLanguage(candidate.languages, code, minLevel) !== null,
    );
    const stageIndex = query.stage === null ? -1 : STAGES.indexOf(query.stage);
    // A stage this code does not know is left to the core.
    const checkStage = query.stage === null || stageIndex >= 0;
    const stageBit = stageIndex >= 0 ? 1 << stageIndex : 0;
    const wE = weights.ESSENTIAL;
    const wO = weights.OPTIONAL;
    const wD = weights.DEVELOPMENT;
    const wA = weights.AVAILABILITY;
    const wL = weights.LANGUAGE;
    const weightSum = wE + wO + wD + wA + wL;
    const now = query.now.getTime();

    const counts = new Int32Array(1001);
    for (let i = 0; i < n; i++) {
      tenths[i] = -1;
      if (!(this.deadlines[i] > now)) continue;
      if (query.onlyEligible && this.exemptRows[i] === 0) {
        const mask = this.stageMasks[i];
        if (checkStage && mask !== 0 && (mask & stageBit) === 0) continue;
        if (essentialMet[i] !== this.essentialCounts[i]) continue;
      }
      const essentialTotal = this.essentialTotals[i];
      const essential =
        this.essentialCounts[i] === 0 || !(essentialTotal > 0) ? 1 : essentialMetWeight[i] / essentialTotal;
      const optionalTotal = this.optionalTotals[i];
      const optional =
        this.optionalCounts[i] === 0 || !(optionalTotal > 0) ? 1 : optionalCredit[i] / optionalTotal;
      const development = gapTotal > 0 ? developed[i] / gapTotal : 0;
      const availability =
        spans === null ? UNKNOWN_AVAILABILITY_VALUE : coverage(spans, this.starts[i], this.ends[i]);
      const language = this.languageOf[i];
      const sum =
        wE * essential +
        wO * Math.min(optional, 1) +
        wD * development +
        wA * availability +
        wL * (language < 0 || speaks[language] ? 1 : 0);
      const bound = Math.max(0, Math.min(1000, Math.round((sum / weightSum) * 1000 + 1e-6)));
      tenths[i] = bound;
      counts[bound] += 1;
    }
    // Counting sort, highest bound first; rows are sorted by id, so ties stay in id order.
    const next = new Int32Array(1001);
    let total = 0;
    for (let b = 1000; b >= 0; b--) {
      next[b] = total;
      total += counts[b];
    }
    const { order } = this;
    for (let i = 0; i < n; i++) if (tenths[i] >= 0) order[next[tenths[i]]++] = i;
    return total;
  }

  private visit(
    first: number,
    total: number,
    skip: (row: PreparedRow) => boolean,
    score: (row: PreparedRow) => FitResult | null,
  ): { row: PreparedRow; fit: FitResult }[] {
    const best = new TopN<{ id: string; score: number; row: PreparedRow; fit: FitResult }>(first);
    let prune = true;
    for (let k = 0; k < total; k++) {
      const i = this.order[k];
      const row = this.rows[i];
      const bound = this.tenths[i] / 10;
      const threshold = best.last();
      if (prune && threshold && !mayEnter(bound, row.id, threshold)) break;
      if (skip(row)) continue;
      const fit = score(row);
      if (!fit) continue;
      if (fit.score > bound) prune = false;
      best.offer({ id: row.id, score: fit.score, row, fit });
    }
    return best.ranked();
  }
}

/**
 * The candidate's windows as sorted, disjoint [start, end] spans in ms; null without windows (the
 * core's unknown). A window that ends before it starts is left to the core, which refuses it.
 */
function mergedSpans(windows: FitCandidate['availability']): Float64Array | null {
  if (windows.length === 0) return null;
  const spans = windows
    .map((w) => [w.start.getTime(), w.end.getTime()] as const)
    .filter(([s, e]) => e >= s)
    .sort((x, y) => x[0] - y[0]);
  const merged: number[] = [];
  for (const [s, e] of spans) {
    const last = merged.length - 1;
    if (merged.length > 0 && s <= merged[last]) merged[last] = Math.max(merged[last], e);
    else merged.push(s, e);
  }
  return Float64Array.from(merged);
}

/**
 * Share of [from, to] the spans cover, as the core's availabilityCoverage computes it (a period that
 * ends at its start is a moment: 1 if a span contains it).
 */
function coverage(spans: Float64Array, from: number, to: number): number {
  if (to <= from) {
    for (let k = 0; k < spans.length; k += 2) if (spans[k] <= from && from <= spans[k + 1]) return 1;
    return 0;
  }
  let covered = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const s = spans[k] > from ? spans[k] : from;
    const e = spans[k + 1] < to ? spans[k + 1] : to;
    if (e > s) covered += e - s;
  }
  return covered / (to - from);
}

/** Whether a row with this bound could still rank above `threshold` (score desc, then id asc). */
function mayEnter(bound: number, id: string, threshold: { id: string; score: number }): boolean {
  return bound > threshold.score || (bound === threshold.score && id < threshold.id);
}

function before(a: { id: string; score: number }, b: { id: string; score: number }): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

/** The best `size` items by score desc, then id asc, in a small sorted buffer. */
class TopN<T extends { id: string; score: number }> {
  private readonly items: T[] = [];

  constructor(private readonly size: number) {}

  offer(item: T): void {
    if (this.items.length === this.size && !before(item, this.items[this.items.length - 1])) return;
    let i = this.items.length;
    while (i > 0 && before(item, this.items[i - 1])) i--;
    this.items.splice(i, 0, item);
    if (this.items.length > this.size) this.items.pop();
  }

  /** The `size`-th best so far, once there are `size`; undefined before. */
  last(): T | undefined {
    return this.items.length === this.size ? this.items[this.items.length - 1] : undefined;
  }

  ranked(): T[] {
    return [...this.items];
  }
}
