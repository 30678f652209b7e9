import { CareerStage } from '../core/domain/enums';
import {
  FitCandidate,
  FitOpportunity,
  FitResult,
  FitWeights,
  speaksLanguage,
  UNKNOWN_AVAILABILITY_VALUE,
} from '../core/fit/fit-score';
import { ScoringRow } from './recommendations.repository';

/**
 * Top-N by fit without scoring everything.
 *
 * The candidate-independent rows (OPEN opportunities with their requirements) are indexed once per
 * snapshot: sorted by id, with per-row columns in typed arrays and the requirements inverted by
 * competence. Per request, the candidate's rated competences walk only their own requirement entries
 * to count essential requirements met and the optional weight they cover; one pass over the rows then
 * gives each possible opportunity a cheap upper bound of its fit score; a counting sort orders them by
 * bound (highest first, ties by id: rankByFit's order); the core scores them in that order and the
 * visit stops once no opportunity left can rank above the N-th best.
 *
 * The bound takes ESSENTIAL at 1, OPTIONAL as the weight share of the optional requirements the
 * candidate has any level for (each earns at most 1 in the core, an unrated one 0), and the other parts
 * at their highest value for this candidate: DEVELOPMENT 0 without development targets, AVAILABILITY
 * the unknown value without windows (else 1), LANGUAGE exactly (the core's speaksLanguage). It is
 * rounded up the way the core rounds scores. It only orders and prunes: should the core ever score
 * above a bound, pruning stops and every opportunity left is scored. Eligibility here (stage,
 * essential requirements) only rules out early what the core would find ineligible.
 */

const STAGES = Object.values(CareerStage);

/** A candidate-independent row with its core input built once. */
export type PreparedRow = ScoringRow & { readonly fit: FitOpportunity };

interface CompetencePostings {
  rows: number[];
  minLevels: number[];
  weights: number[];
  essential: boolean[];
}

export class OpenOpportunityIndex {
  private readonly deadlines: Float64Array;
  /** Bit i set: stage STAGES[i] is eligible; 0: every stage. */
  private readonly stageMasks: Uint8Array;
  private readonly essentialCounts: Uint16Array;
  private readonly optionalTotals: Float64Array;
  /** Index into `languages`; -1: no language. */
  private readonly languageOf: Int16Array;
  private readonly languages: string[] = [];
  private readonly postings = new Map<string, CompetencePostings>();

  constructor(readonly rows: readonly PreparedRow[]) {
    const n = rows.length;
    this.deadlines = new Float64Array(n);
    this.stageMasks = new Uint8Array(n);
    this.essentialCounts = new Uint16Array(n);
    this.optionalTotals = new Float64Array(n);
    this.languageOf = new Int16Array(n);
    const languageIndex = new Map<string, number>();
    rows.forEach((row, i) => {
      if (i > 0 && !(rows[i - 1].id < row.id))
        throw new Error('OpenOpportunityIndex: rows must be sorted by id');
      this.deadlines[i] = row.applicationDeadline.getTime();
      let mask = 0;
      for (const stage of row.eligibleStages) {
        const bit = STAGES.indexOf(stage);
        if (bit >= 0) mask |= 1 << bit;
      }
      this.stageMasks[i] = mask;
      const language = row.fit.language?.toLowerCase() ?? null;
      if (language === null) this.languageOf[i] = -1;
      else {
        let index = languageIndex.get(language);
        if (index === undefined) {
          index = this.languages.push(language) - 1;
          languageIndex.set(language, index);
        }
        this.languageOf[i] = index;
      }
      for (const [competenceId, minLevel, weight, essential] of row.requirements) {
        if (essential) this.essentialCounts[i] += 1;
        else this.optionalTotals[i] += weight;
        let posting = this.postings.get(competenceId);
        if (!posting) {
          posting = { rows: [], minLevels: [], weights: [], essential: [] };
          this.postings.set(competenceId, posting);
        }
        posting.rows.push(i);
        posting.minLevels.push(minLevel);
        posting.weights.push(weight);
        posting.essential.push(essential);
      }
    });
  }

  /**
   * The best `first` rows for the candidate by the core's score (desc, ties by id). `skip` leaves a row
   * out (marks, applications); `score` is the core (null: not shown, e.g. ineligible).
   */
  top(
    query: {
      candidate: FitCandidate;
      stage: CareerStage | null;
      weights: FitWeights;
      now: Date;
      onlyEligible: boolean;
      first: number;
    },
    skip: (row: PreparedRow) => boolean,
    score: (row: PreparedRow) => FitResult | null,
  ): { row: PreparedRow; fit: FitResult }[] {
    const { candidate, weights } = query;
    const n = this.rows.length;
    const essentialMet = new Uint16Array(n);
    const optionalRated = new Float64Array(n);
    for (const [competenceId, level] of candidate.levels) {
      const posting = this.postings.get(competenceId);
      if (!posting) continue;
      for (let k = 0; k < posting.rows.length; k++) {
        const i = posting.rows[k];
        if (!posting.essential[k]) optionalRated[i] += posting.weights[k];
        else if (level >= posting.minLevels[k]) essentialMet[i] += 1;
      }
    }
    const speaks = this.languages.map((code) => speaksLanguage(candidate.languages, code) !== null);
    const stageBit = query.stage === null ? 0 : 1 << STAGES.indexOf(query.stage);
    const weightSum =
      weights.ESSENTIAL + weights.OPTIONAL + weights.DEVELOPMENT + weights.AVAILABILITY + weights.LANGUAGE;
    const fixed =
      weights.ESSENTIAL +
      weights.DEVELOPMENT * (candidate.developmentTargets.size === 0 ? 0 : 1) +
      weights.AVAILABILITY * (candidate.availability.length === 0 ? UNKNOWN_AVAILABILITY_VALUE : 1);
    const now = query.now.getTime();

    // Bound in tenths (the core's one decimal), -1 when ruled out; counted per value for the sort.
    const tenths = new Int16Array(n);
    const counts = new Int32Array(1001);
    for (let i = 0; i < n; i++) {
      tenths[i] = -1;
      if (!(this.deadlines[i] > now)) continue;
      if (query.onlyEligible) {
        const mask = this.stageMasks[i];
        if (mask !== 0 && (mask & stageBit) === 0) continue;
        if (essentialMet[i] !== this.essentialCounts[i]) continue;
      }
      const total = this.optionalTotals[i];
      const language = this.languageOf[i];
      const sum =
        fixed +
        weights.OPTIONAL * (total > 0 ? optionalRated[i] / total : 1) +
        weights.LANGUAGE * (language < 0 || speaks[language] ? 1 : 0);
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
    const order = new Int32Array(total);
    for (let i = 0; i < n; i++) if (tenths[i] >= 0) order[next[tenths[i]]++] = i;

    const best = new TopN<{ id: string; score: number; row: PreparedRow; fit: FitResult }>(query.first);
    let prune = true;
    for (let k = 0; k < total; k++) {
      const i = order[k];
      const row = this.rows[i];
      const bound = tenths[i] / 10;
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
