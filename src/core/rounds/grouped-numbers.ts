/**
 * Texts of grouped numbers, as PostgreSQL aggregates a national round's columns
 * (`string_agg`): `n` groups separated by ';', values by ',' (a group may be empty), read into
 * offsets (`start`, n + 1 entries) and one typed array of values, without an object per value.
 */
export interface GroupedNumbers<V extends Int32Array | Float64Array> {
  start: Int32Array;
  values: V;
}

/** Integers that may be negative or beyond 32 bits (epoch ms included), into a Float64Array. */
export function parseGroupedNumbers(text: string, n: number): GroupedNumbers<Float64Array> {
  const name = 'parseGroupedNumbers';
  const start = new Int32Array(n + 1);
  if (n === 0) return { start, values: new Float64Array(0) };
  // First pass: how many values, so that the typed array is allocated once.
  let count = 0;
  let digits = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 44 || ch === 59) {
      if (digits) count++;
      digits = false;
    } else digits = true;
  }
  if (digits) count++;
  const values = new Float64Array(count);
  let g = 0;
  let p = 0;
  let value = 0;
  let sign = 1;
  digits = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 44 || ch === 59) {
      if (digits) values[p++] = sign * value;
      value = 0;
      sign = 1;
      digits = false;
      if (ch === 59) start[++g] = p;
    } else if (ch >= 48 && ch <= 57) {
      value = value * 10 + (ch - 48);
      digits = true;
    } else if (ch === 45 && !digits && sign === 1) sign = -1;
    else throw new Error(`${name}: unexpected character at ${k}`);
  }
  if (digits) values[p++] = sign * value;
  if (g !== n - 1) throw new Error(`${name}: ${g + 1} groups, ${n} expected`);
  start[n] = p;
  return { start, values };
}
