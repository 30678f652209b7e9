import { FitResult } from '../core/fit/fit-score';
import { OpenOpportunityIndex, PreparedRow, TopQuery } from './fit-ranking';

/**
 * The snapshot's rows as two indexes: `base`, built from a full set of rows, and `delta`, the rows
 * changed since (small). Base rows that changed, left or expired are `masked`: skipped by `top`
 * (their current version, if any, is in `delta`). An update indexes only the changed rows again;
 * once they are many (`OpenRowsIndex.update`'s limit) everything is indexed as one base again.
 *
 * `top` is exact: the best `first` of the union is within the best `first` of each part, so the two
 * exact lists merged by the same order (score desc, then id) give what one index over all rows
 * would give.
 */
export class OpenRowsIndex {
  private constructor(
    private readonly base: OpenOpportunityIndex,
    private readonly masked: ReadonlySet<string>,
    private readonly delta: OpenOpportunityIndex | null,
  ) {}

  /** One index over rows sorted by id (built in slices, `pause` between them). */
  static async build(rows: readonly PreparedRow[], pause: () => Promise<void>): Promise<OpenRowsIndex> {
    return new OpenRowsIndex(await OpenOpportunityIndex.build(rows, pause), new Set(), null);
  }

  /** How many base rows are masked plus how many rows the delta holds. */
  get changedCount(): number {
    return this.masked.size + (this.delta?.rows.length ?? 0);
  }

  get size(): number {
    return this.base.rows.length;
  }

  /** The rows in force at `now` (not masked, deadline after now), sorted by id: what a full read gives. */
  rowsAt(now: Date): PreparedRow[] {
    const at = now.getTime();
    const live = (row: PreparedRow) => !this.masked.has(row.id) && row.applicationDeadline.getTime() > at;
    const delta = (this.delta?.rows ?? []).filter((row) => row.applicationDeadline.getTime() > at);
    return mergeById(this.base.rows.filter(live), delta);
  }

  /**
   * These rows brought up to date: `changed` (sorted by id) replace the rows of their ids, `gone`
   * ids and rows whose deadline is not after `now` leave. When the delta and the masked rows would
   * exceed `limit`, all rows are indexed as one base again.
   */
  async update(
    changed: readonly PreparedRow[],
    gone: readonly string[],
    now: Date,
    limit: number,
    pause: () => Promise<void>,
  ): Promise<OpenRowsIndex> {
    const at = now.getTime();
    const replaced = new Set(gone);
    for (const row of changed) replaced.add(row.id);
    const masked = new Set(this.masked);
    for (const id of replaced) if (this.base.has(id)) masked.add(id);
    for (const row of this.base.rows) if (!(row.applicationDeadline.getTime() > at)) masked.add(row.id);
    const kept = (this.delta?.rows ?? []).filter(
      (row) => !replaced.has(row.id) && row.applicationDeadline.getTime() > at,
    );
    const delta = mergeById(kept, changed);
    if (masked.size + delta.length > limit) {
      const all = mergeById(
        this.base.rows.filter((row) => !masked.has(row.id)),
        delta,
      );
      return OpenRowsIndex.build(all, pause);
    }
    return new OpenRowsIndex(this.base, masked, delta.length > 0 ? new OpenOpportunityIndex(delta) : null);
  }

  /** The earliest deadline of the rows in force (ms; Infinity without rows). */
  earliestDeadline(): number {
    let earliest = Infinity;
    for (const row of this.base.rows)
      if (!this.masked.has(row.id)) earliest = Math.min(earliest, row.applicationDeadline.getTime());
    for (const row of this.delta?.rows ?? [])
      earliest = Math.min(earliest, row.applicationDeadline.getTime());
    return earliest;
  }

  /** The best `first` rows for the candidate (OpenOpportunityIndex.top over both parts, merged). */
  top(
    query: TopQuery,
    skip: (row: PreparedRow) => boolean,
    score: (row: PreparedRow) => FitResult | null,
  ): { row: PreparedRow; fit: FitResult }[] {
    const masked = this.masked;
    const fromBase = this.base.top(
      query,
      masked.size > 0 ? (row) => masked.has(row.id) || skip(row) : skip,
      score,
    );
    if (!this.delta) return fromBase;
    const fromDelta = this.delta.top(query, skip, score);
    const merged: { row: PreparedRow; fit: FitResult }[] = [];
    let i = 0;
    let j = 0;
    while (merged.length < query.first && (i < fromBase.length || j < fromDelta.length)) {
      if (j >= fromDelta.length) merged.push(fromBase[i++]);
      else if (i >= fromBase.length) merged.push(fromDelta[j++]);
      else {
        const a = fromBase[i];
        const b = fromDelta[j];
        const aFirst = a.fit.score > b.fit.score || (a.fit.score === b.fit.score && a.row.id < b.row.id);
        merged.push(aFirst ? fromBase[i++] : fromDelta[j++]);
      }
    }
    return merged;
  }
}

/** Two lists sorted by id and without common ids, as one sorted list. */
export function mergeById(a: readonly PreparedRow[], b: readonly PreparedRow[]): PreparedRow[] {
  const merged: PreparedRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(a[i].id < b[j].id ? a[i++] : b[j++]);
  while (i < a.length) merged.push(a[i++]);
  while (j < b.length) merged.push(b[j++]);
  return merged;
}
