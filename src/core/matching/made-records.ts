/**
 * Records made from a list of keys and a list of values, remembered beside the object: a national
 * round's document has objects of 100k to 300k keys, which V8 keeps as dictionaries, slow to list
 * (`Object.keys` orders them by insertion) and to read key by key. The parser (instance.ts) and the
 * canonical text's writer (rounds/canonical-json-bytes.ts) read such an object's entries from its
 * two lists instead. Like coded-lists.ts, keyed by the object, which nothing changes after it is made.
 */

/** An own key JavaScript lists first, in numeric order, whatever the insertion order. */
export function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4294967295;
}

export interface MadeRecord {
  /** The object's own keys, in its order, which is also their sorted order. */
  readonly keys: readonly string[];
  /** `values[i]` is the object's value at `keys[i]`. */
  readonly values: readonly unknown[];
}

const made = new WeakMap<object, MadeRecord>();

/**
 * Says that `record` was made by defining `keys[i]: values[i]` in this order and is not changed
 * after. Remembered only when the keys are in strictly ascending order and none is an array index:
 * then they are exactly the object's keys, in the object's own order and sorted (no key repeated,
 * none listed first by JavaScript), so a reader can take them for `Object.keys(record).sort()`.
 */
export function rememberEntries(record: object, keys: readonly string[], values: readonly unknown[]): void {
  if (keys.length !== values.length) return;
  for (let i = 0; i < keys.length; i++) {
    if ((i > 0 && !(keys[i - 1] < keys[i])) || isIndexKey(keys[i])) return;
  }
  made.set(record, { keys, values });
}

/** The key and value lists `record` was made from (see `rememberEntries`), if remembered. */
export function madeEntries(record: object): MadeRecord | undefined {
  return made.get(record);
}
