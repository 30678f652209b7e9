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

/**
 * Top-N by fit without scoring everything.
 *
 * The candidate-independent rows (OPEN opportunities with their core input) are indexed once per
 * snapshot: sorted by id, with per-row columns in typed arrays, each row's requirements and
 * developed competences as flat arrays (competences numbered), and the essential requirements
 * inverted by competence. Per request, the candidate's rated competences walk only their own
 * essential entries to find the rows whose essential requirements they all meet; one pass over the
 * rows then gives each possible opportunity an upper bound of its fit score; a counting sort orders
 * them by bound (highest first, ties by id: rankByFit's order); the core scores them in that order
 * and the visit stops once no opportunity left can rank above the N-th best.
 *
 * The bound is the core's score computed the core's way from the row's flat arrays: ESSENTIAL and
 * OPTIONAL as the weighted means of computeFit (the same sums in the same order), DEVELOPMENT as the
 * share of the gap levels the row develops, AVAILABILITY as the share of the period the candidate's
 * windows cover (the unknown value without windows), LANGUAGE exactly (the core's speaksLanguage). It
 * is rounded up the way the core rounds scores, with a margin, so the visit scores about N rows. It
 * only orders and prunes: should the core ever score above a bound, pruning stops and every
 * opportunity left is scored. Eligibility here (stage, essential requirements) only rules out early
 * what the core would find ineligible; rows in `exempt` (HR's eligibility overrides) are never ruled
 * out for it.
 *
 * The per-request arrays belong to the index and are reused: `top` is synchronous, so two requests
 * never use them at once.
 */

const STAGES = Object.values(CareerStage);

/**
 * A candidate-independent row: its id, deadline and core input, built once. Nothing else of the read
 * is kept (a snapshot of 50,000 rows lives as long as the instance serves them).
 */
export interface PreparedRow {
  readonly id: string;
  readonly applicationDeadline: Date;
  readonly fit: FitOpportunity;
}

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

export class OpenOpportunityIndex {
  private readonly deadlines: Float64Array;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  /** Bit i set: stage STAGES[i] is eligible; 0: every stage (or only stages this code does not know). */
  private readonly stageMasks: Uint8Array;
  private readonly essentialCounts: Uint16Array;
  /** Index into `languages`; -1: no language. */
  private readonly languageOf: Int16Array;
  private readonly languages: { code: string; minLevel: LanguageLevel }[] = [];
  /** Competence id -> its number in the flat arrays. */
  private readonly competenceIndex = new Map<string, number>();
  /**
   * Row i's essential requirements are entries essentialStart[i] .. essentialStart[i + 1] - 1 of the
   * essential arrays, its optional ones likewise, each in the core's order; with their weights summed
   * in that order, as computeFit sums them.
   */
  private essentials!: RequirementLists;
  private optionals!: RequirementLists;
  /** Row i develops competences developStart[i] .. developStart[i + 1] - 1 (each once). */
  private readonly developStart: Int32Array;
  private developCompetence!: Int32Array;
  /** Per competence number: the rows requiring it as essential, and the level they require. */
  private readonly essentialRows: Int32Array[] = [];
  private readonly essentialMins: Uint8Array[] = [];

  // Per-request scratch, reused (see the class comment).
  /** The candidate's level per competence number, 0: unrated. */
  private levelOf!: Uint8Array;
  private gapOf!: Float64Array;
  private readonly essentialMet: Uint16Array;
  private readonly exemptRows: Uint8Array;
  private readonly tenths: Int16Array;
  private readonly order: Int32Array;

  /** Set while the rows are being indexed (`build`); null once the index is complete. */
  private pending: IndexBuilders | null;

  /** Indexes every row at once; `OpenOpportunityIndex.build` does the same in slices. */
  constructor(
    readonly rows: readonly PreparedRow[],
    deferred = false,
  ) {
    const n = rows.length;
    this.deadlines = new Float64Array(n);
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.stageMasks = new Uint8Array(n);
    this.essentialCounts = new Uint16Array(n);
    this.languageOf = new Int16Array(n);
    this.developStart = new Int32Array(n + 1);
    this.essentialMet = new Uint16Array(n);
    this.exemptRows = new Uint8Array(n);
    this.tenths = new Int16Array(n);
    this.order = new Int32Array(n);
    this.pending = {
      languageIndex: new Map(),
      essentials: new RequirementListsBuilder(n),
      optionals: new RequirementListsBuilder(n),
      developed: [],
      essentialLists: [],
    };
    if (deferred) return;
    for (let i = 0; i < n; i++) this.indexRow(i);
    this.finish();
  }

  /**
   * The same index built `slice` rows at a time, awaiting `pause()` between slices, so that a
   * snapshot of 50,000 rows does not hold the event loop for its whole build.
   */
  static async build(
    rows: readonly PreparedRow[],
    pause: () => Promise<void>,
    slice = 5_000,
  ): Promise<OpenOpportunityIndex> {
    const index = new OpenOpportunityIndex(rows, true);
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && i % slice === 0) await pause();
      index.indexRow(i);
    }
    index.finish();
    return index;
  }

  private numberOf(competenceId: string): number {
    let k = this.competenceIndex.get(competenceId);
    if (k === undefined) {
      k = this.competenceIndex.size;
      this.competenceIndex.set(competenceId, k);
    }
    return k;
  }

  private indexRow(i: number): void {
    const { rows } = this;
    const pending = this.pending as IndexBuilders;
    const { languageIndex, essentials, optionals, developed, essentialLists } = pending;
    const row = rows[i];
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
    essentials.startRow(i);
    optionals.startRow(i);
    for (const { competenceId, minLevel, weight, essential } of fit.requirements) {
      const k = this.numberOf(competenceId);
      (essential ? essentials : optionals).add(i, k, minLevel, weight);
      if (essential) {
        this.essentialCounts[i] += 1;
        const list = (essentialLists[k] ??= { rows: [], mins: [] });
        list.rows.push(i);
        list.mins.push(minLevel);
      }
    }
    this.developStart[i] = developed.length;
    for (const competenceId of new Set(fit.develops)) developed.push(this.numberOf(competenceId));
  }

  private finish(): void {
    const { essentials, optionals, developed, essentialLists } = this.pending as IndexBuilders;
    this.essentials = essentials.build();
    this.optionals = optionals.build();
    this.developStart[this.rows.length] = developed.length;
    this.developCompetence = Int32Array.from(developed);
    for (let k = 0; k < this.competenceIndex.size; k++) {
      this.essentialRows.push(Int32Array.from(essentialLists[k]?.rows ?? []));
      this.essentialMins.push(Uint8Array.from(essentialLists[k]?.mins ?? []));
    }
    this.levelOf = new Uint8Array(this.competenceIndex.size);
    this.gapOf = new Float64Array(this.competenceIndex.size);
    this.pending = null;
  }

  /** Whether a row has this opportunity id. */
  has(id: string): boolean {
    return this.rowOf(id) >= 0;
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
      this.levelOf.fill(0);
      this.gapOf.fill(0);
    }
  }

  /**
   * Fills `tenths` with each row's bound in tenths of a point (-1: ruled out) and `order` with the
   * rows not ruled out, highest bound first, ties by id; returns how many there are.
   */
  private bound(query: TopQuery): number {
    const { candidate, weights, onlyEligible } = query;
    const n = this.rows.length;
    const { levelOf, gapOf, essentialMet, essentialCounts, tenths, exemptRows, stageMasks } = this;
    const { deadlines, starts, ends, languageOf, developStart, developCompetence } = this;
    const optionals = this.optionals;
    // The candidate's levels and development targets by competence number (0: unrated, no gap).
    for (const [competenceId, level] of candidate.levels) {
      const k = this.competenceIndex.get(competenceId);
      if (k !== undefined) levelOf[k] = Math.max(0, Math.min(MAX_LEVEL, level));
    }
    // DEVELOPMENT: the gap levels of the targets a row develops, of all gap levels (developmentValue).
    let gapTotal = 0;
    for (const [competenceId, gap] of candidate.developmentTargets) {
      if (!(gap > 0) || !Number.isFinite(gap)) continue;
      gapTotal += gap;
      const k = this.competenceIndex.get(competenceId);
      if (k !== undefined) gapOf[k] = gap;
    }
    if (onlyEligible) {
      essentialMet.fill(0);
      for (const [competenceId, level] of candidate.levels) {
        const k = this.competenceIndex.get(competenceId);
        if (k === undefined) continue;
        const rows = this.essentialRows[k];
        const mins = this.essentialMins[k];
        for (let e = 0; e < rows.length; e++) if (level >= mins[e]) essentialMet[rows[e]] += 1;
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
      if (!(deadlines[i] > now)) continue;
      // ESSENTIAL: every essential requirement met is Σ w·1 / Σ w, exactly 1, in the core as here.
      let essential = 1;
      if (onlyEligible && exemptRows[i] === 0) {
        const mask = stageMasks[i];
        if (checkStage && mask !== 0 && (mask & stageBit) === 0) continue;
        if (essentialMet[i] !== essentialCounts[i]) continue;
      } else if (essentialCounts[i] > 0) {
        essential = this.essentials.mean(i, levelOf, ESSENTIAL_CREDITS);
      }
      const optional = optionals.mean(i, levelOf, OPTIONAL_CREDITS);
      let development = 0;
      if (gapTotal > 0) {
        let closed = 0;
        for (let d = developStart[i]; d < developStart[i + 1]; d++) closed += gapOf[developCompetence[d]];
        development = closed / gapTotal;
      }
      const availability = spans === null ? UNKNOWN_AVAILABILITY_VALUE : coverage(spans, starts[i], ends[i]);
      const language = languageOf[i];
      // computeFit's sum over the parts, in its order.
      let weighted = 0;
      weighted += wE * essential;
      weighted += wO * optional;
      weighted += wD * development;
      weighted += wA * availability;
      weighted += wL * (language < 0 || speaks[language] ? 1 : 0);
      const bound = Math.max(0, Math.min(1000, Math.round((weighted / weightSum) * 1000 + 1e-6)));
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

const MAX_LEVEL = 4;

/** What an index holds only while its rows are being added. */
interface IndexBuilders {
  languageIndex: Map<string, number>;
  essentials: RequirementListsBuilder;
  optionals: RequirementListsBuilder;
  developed: number[];
  essentialLists: { rows: number[]; mins: number[] }[];
}

/** credit[min * 5 + level] of a requirement of level `min` for a candidate at `level` (0: unrated). */
function creditTable(credit: (level: number, min: number) => number): Float64Array {
  const table = new Float64Array(5 * 5);
  for (let min = 1; min <= MAX_LEVEL; min++)
    for (let level = 0; level <= MAX_LEVEL; level++) table[min * 5 + level] = credit(level, min);
  return table;
}

/** computeFit's credits: an essential requirement met earns 1; an optional one min(level / required, 1). */
const ESSENTIAL_CREDITS = creditTable((level, min) => (level !== 0 && level >= min ? 1 : 0));
const OPTIONAL_CREDITS = creditTable((level, min) => (level === 0 ? 0 : Math.min(level / min, 1)));

/** One kind of requirement (essential or optional) of every row, flat, each row's in the core's order. */
class RequirementLists {
  constructor(
    private readonly start: Int32Array,
    private readonly competence: Int32Array,
    private readonly min: Uint8Array,
    private readonly weight: Float64Array,
    /** Per row: the weights summed in order, as computeFit's weightedMean sums them. */
    private readonly totals: Float64Array,
  ) {}

  /**
   * computeFit's weightedMean of the row's credits: Σ w·credit / Σ w in the same order, the plain
   * mean when the weights are all 0, 1 without requirements.
   */
  mean(row: number, levelOf: Uint8Array, credits: Float64Array): number {
    const from = this.start[row];
    const to = this.start[row + 1];
    if (to === from) return 1;
    let weighted = 0;
    let plain = 0;
    for (let r = from; r < to; r++) {
      const credit = credits[this.min[r] * 5 + levelOf[this.competence[r]]];
      weighted += this.weight[r] * credit;
      plain += credit;
    }
    const total = this.totals[row];
    return total > 0 ? weighted / total : plain / (to - from);
  }
}

class RequirementListsBuilder {
  private readonly start: Int32Array;
  private readonly totals: Float64Array;
  private readonly competence: number[] = [];
  private readonly min: number[] = [];
  private readonly weight: number[] = [];

  constructor(private readonly rows: number) {
    this.start = new Int32Array(rows + 1);
    this.totals = new Float64Array(rows);
  }

  startRow(row: number): void {
    this.start[row] = this.competence.length;
  }

  add(row: number, competence: number, min: number, weight: number): void {
    this.competence.push(competence);
    this.min.push(min);
    this.weight.push(weight);
    this.totals[row] += weight;
  }

  build(): RequirementLists {
    this.start[this.rows] = this.competence.length;
    return new RequirementLists(
      this.start,
      Int32Array.from(this.competence),
      Uint8Array.from(this.min),
      Float64Array.from(this.weight),
      this.totals,
    );
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
