/**
 * Integer-coded preference lists. While it validates, the parser resolves every listed id to an
 * index; it leaves the result here, keyed by the lists object it returned (which nothing mutates),
 * so that compiling the instance does not resolve the same million ids a second time. An instance
 * built by hand has no entry and compiles from its strings.
 */

export interface CodedRows {
  /** Row i (the i-th owner in sorted id order) is items[start[i] .. start[i + 1] - 1]. */
  readonly start: Int32Array;
  /** Indices of the members in the sorted ids of `members`. */
  readonly items: Int32Array;
  /** The collection whose sorted ids the member indices refer to. */
  readonly members: ReadonlyMap<string, unknown>;
}

const coded = new WeakMap<ReadonlyMap<string, readonly string[]>, CodedRows>();

export function rememberCodedRows(lists: ReadonlyMap<string, readonly string[]>, rows: CodedRows): void {
  coded.set(lists, rows);
}

/** The coded rows of `lists`, when the parser made them against this very `members` collection. */
export function recallCodedRows(
  lists: ReadonlyMap<string, readonly string[]>,
  members: ReadonlyMap<string, unknown>,
): CodedRows | undefined {
  const rows = coded.get(lists);
  return rows !== undefined && rows.members === members ? rows : undefined;
}
