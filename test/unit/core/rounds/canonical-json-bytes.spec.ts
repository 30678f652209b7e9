import fc from 'fast-check';
import {
  canonicalJsonBytes,
  canonicalJsonBytesApart,
  estimatedLength,
  rememberListCodes,
} from '../../../../src/core/rounds/canonical-json-bytes';
import { rememberEntries } from '../../../../src/core/matching/made-records';
import { canonicalJson } from '../../../../src/core/rounds/round-allocation';

/** Code units that test the writing: escapes, controls, 2-, 3- and 4-byte UTF-8, lone surrogates. */
const unit = fc.oneof(
  fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '/'),
  fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', 'é', '中', '\u0800', '\uffff'),
  fc.string({ unit: 'binary', maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 1 }),
);
// Up to 80 units: texts (and lists of them) past 64 units are written by the native encoder.
const text = fc.string({ unit, maxLength: 80 });
const key = fc.oneof(
  text,
  fc.constantFrom('0', '1', '9', '10', '01', '4294967295', '4294967294', '__proto__', 'constructor', ''),
);
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, true, false, null, undefined),
  fc.array(text, { maxLength: 4 }),
  fc.array(fc.oneof(fc.integer(), fc.constant(null), text), { maxLength: 4 }),
);

/** An object with these entries as own data properties in this order (a `__proto__` key included). */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Objects in any key order, nested, and objects whose keys were inserted sorted (the fast path). */
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map(objectOf),
    fc
      .uniqueArray(fc.tuple(key, leaf), { maxLength: 6, selector: ([k]) => k })
      .map((entries) => objectOf([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))),
  ),
}));

const expected = (v: unknown): Uint8Array => new TextEncoder().encode(canonicalJson(v));

describe('canonical JSON written straight to bytes', () => {
  it('is byte for byte the UTF-8 of canonicalJson', () => {
    fc.assert(
      fc.property(value, (v) => {
        const bytes = canonicalJsonBytes(v);
        expect(Buffer.from(bytes).equals(Buffer.from(expected(v)))).toBe(true);
        // Made at the estimated size, cut or grown to the text's.
        expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: unit }), (v) => {
        expect(Buffer.from(canonicalJsonBytes(v)).equals(Buffer.from(expected(v)))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes an object made from remembered keys and values as any other (sorted or not, repeated keys, index keys)', () => {
    const made = (entries: [string, unknown][]): Record<string, unknown> => {
      const record = objectOf(entries);
      rememberEntries(
        record,
        entries.map(([k]) => k),
        entries.map(([, v]) => v),
      );
      return record;
    };
    const entries = fc.array(fc.tuple(key, leaf), { maxLength: 8 });
    fc.assert(
      fc.property(
        fc.oneof(
          entries,
          entries.map((list) => [...list].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
          fc
            .uniqueArray(fc.tuple(key, leaf), { maxLength: 8, selector: ([k]) => k })
            .map((list) => [...list].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        ),
        (list) => {
          const v = { outer: made(list), list: [made(list)] };
          expect(Buffer.from(canonicalJsonBytes(v)).equals(Buffer.from(expected(v)))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes lone surrogates escaped, as JSON.stringify does, and keys as text order', () => {
    const v = { b: ['\ud800x', 'é'], a: { '10': 1, '9': '\udfff', __proto__x: null }, c: -0 };
    expect(Buffer.from(canonicalJsonBytes(v)).toString('utf8')).toBe(
      '{"a":{"10":1,"9":"\\udfff","__proto__x":null},"b":["\\ud800x","é"],"c":0}',
    );
    const proto = objectOf([
      ['z', 1],
      ['__proto__', { y: 2, x: [3] }],
    ]);
    expect(Buffer.from(canonicalJsonBytes(proto)).toString('utf8')).toBe(
      '{"__proto__":{"x":[3],"y":2},"z":1}',
    );
  });

  it('hands every byte to onChunk once, in order, a megabyte or so at a time, and returns a buffer of its length', () => {
    const big: Record<string, string[]> = {};
    for (let i = 0; i < 40_000; i++)
      big[`c${String(i).padStart(6, '0')}`] = [`o${i % 97}`, `é${i}`, '中'.repeat(i % 50)];
    const document = { z: big, a: [big, { k: 'v' }], m: 'x' };
    const chunks: Uint8Array[] = [];
    const bytes = canonicalJsonBytes(document, (chunk) => chunks.push(chunk.slice()));
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(bytes).equals(Buffer.from(expected(document)))).toBe(true);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.byteLength).toBeGreaterThanOrEqual(1 << 20);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
  });

  it('writes a list met again (the same array, a megabyte or more later) as it wrote it the first time', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(text, fc.array(fc.oneof(text, text, fc.integer(), fc.constant(null)), { maxLength: 20 }))
          .map(([first, rest]) => [first, ...rest]),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 7 }),
        (words, seed, spread) => {
          // A round's document: candidates' lists under `choices`, the same arrays (or some) under
          // `instance.residents`, and once more in an unsorted object and a nested list.
          const word = (k: number): unknown => {
            const w = words[(k * 31 + seed) % words.length];
            return typeof w === 'string' ? `opportunity-${k % 50}-${w}` : w;
          };
          const keys: string[] = [];
          const lists: unknown[][] = [];
          for (let i = 0; i < 40_000; i++) {
            keys.push(`c${String(i).padStart(6, '0')}`);
            // Each list starts with an id (at least 34 bytes per candidate: `choices` alone past a
            // megabyte, whatever the words drawn).
            lists.push([
              `opportunity-${i % 50}-first`,
              ...Array.from({ length: (i + seed) % 5 }, (_, k) => word(i + k * spread)),
            ]);
          }
          const made = (values: unknown[]): Record<string, unknown> => {
            const record = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
            rememberEntries(record, keys, values);
            return record;
          };
          const choices = made(lists);
          // Every third list a copy (equal, not the same array), the rest the same arrays.
          const residents = made(lists.map((list, i) => (i % 3 === 0 ? [...list] : list)));
          const document = {
            choices,
            instance: {
              residents,
              other: objectOf([
                ['z', lists[7]],
                ['a', lists[7]],
              ]),
            },
            nested: [lists[1], [lists[1]]],
          };
          const chunks: Uint8Array[] = [];
          const bytes = canonicalJsonBytes(document, (chunk) => chunks.push(chunk.slice()));
          expect(Buffer.from(bytes).equals(Buffer.from(expected(document)))).toBe(true);
          expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
          // Past a megabyte of `choices` (canonical order: `instance` follows it): the residents'
          // lists are copied from the text.
          expect(Buffer.from(bytes).indexOf('"instance":')).toBeGreaterThan(1 << 20);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('writes lists said to be indices into a list of ids as any other, whether the indices are right or not', () => {
    fc.assert(
      fc.property(
        // Ids that are copied (plain ASCII) and ids written by hand (escapes, non-ASCII, surrogates).
        fc.array(fc.oneof(fc.uuid(), fc.uuid(), text), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 2_000, max: 40_000 }),
        (ids, seed, count) => {
          const keys: string[] = [];
          const lists: unknown[][] = [];
          const items: number[] = [];
          const from: number[] = [];
          for (let i = 0; i < count; i++) {
            keys.push(`c${String(i).padStart(6, '0')}`);
            const codes = Array.from(
              { length: (i * 7 + seed) % 6 },
              (_, k) => (i * 31 + k * 17 + seed) % ids.length,
            );
            from.push(items.length);
            items.push(...codes);
            const list: unknown[] = codes.map((c) => ids[c]);
            // Some hints wrong: another id, an equal string that is not the same object, a string
            // that is not an id, a null, the list longer than its indices, no indices at all.
            const twist = (i + seed) % 23;
            if (twist === 1 && list.length > 0) list[list.length - 1] = ids[(codes[0] + 1) % ids.length];
            if (twist === 2 && list.length > 0) list[0] = `${ids[codes[0]]} `.slice(0, -1);
            if (twist === 3 && list.length > 0) list[0] = 'not an id';
            if (twist === 4 && list.length > 0) list[0] = null;
            if (twist === 5 && i === count - 1) list.push(ids[0]);
            if (twist === 6) from[i] = -1;
            lists.push(list);
          }
          const made = (values: unknown[]): Record<string, unknown> => {
            const record = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
            rememberEntries(record, keys, values);
            rememberListCodes(record, { ids, items, from });
            return record;
          };
          const choices = made(lists);
          // The same arrays again (copied from the text once moved there), and equal copies.
          const residents = made(lists.map((list, i) => (i % 3 === 0 ? [...list] : list)));
          const document = {
            choices,
            instance: { residents, hospitals: made(lists.map((l) => [...l].reverse())) },
          };
          const chunks: Uint8Array[] = [];
          const bytes = canonicalJsonBytes(document, (chunk) => chunks.push(chunk.slice()));
          expect(Buffer.from(bytes).equals(Buffer.from(expected(document)))).toBe(true);
          expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
          const { text: cut } = canonicalJsonBytesApart(document, ['choices', 'instance.residents']);
          expect(
            Buffer.from(cut).equals(
              Buffer.from(
                expected({ ...document, choices: {}, instance: { ...document.instance, residents: {} } }),
              ),
            ),
          ).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('cuts the values at the paths out as {} after handing the whole text on, or keeps it whole where it cannot', () => {
    fc.assert(
      fc.property(value, value, value, text, (a, b, c, k) => {
        // An object that is not flat (a nested object inside), so that its keys are sorted and written one by one.
        const doc = { a: { x: a, [`in${k}`]: { deep: b } }, b: { y: c, z: { n: 1 } }, list: [a] };
        const chunks: Buffer[] = [];
        const { text: cut, apart } = canonicalJsonBytesApart(doc, ['a', 'b.z'], (chunk) =>
          chunks.push(Buffer.from(chunk)),
        );
        expect(Buffer.concat(chunks).equals(Buffer.from(expected(doc)))).toBe(true);
        expect(apart).toBe(true);
        expect(Buffer.from(cut).equals(Buffer.from(expected({ ...doc, a: {}, b: { y: c, z: {} } })))).toBe(
          true,
        );
        expect(cut.byteLength).toBe(cut.buffer.byteLength);
      }),
      { numRuns: 300 },
    );
    const doc = { a: [1], b: { c: 'x' }, d: { e: {} } };
    // Not an object's value, absent, inside a flat object: the text whole.
    for (const paths of [['a'], ['missing'], ['b.c'], ['b.missing'], ['d', 'd.e']]) {
      const { text: whole, apart } = canonicalJsonBytesApart(doc, paths);
      expect(apart).toBe(false);
      expect(Buffer.from(whole).equals(Buffer.from(expected(doc)))).toBe(true);
    }
  });

  it("estimates a run's document's length exactly: ASCII ids and keys, integers, made records", () => {
    const id = fc.string({ unit: fc.constantFrom(...'abcdef0123456789-'), maxLength: 36 });
    const lists = fc
      .uniqueArray(fc.tuple(id, fc.array(id, { maxLength: 5 })), { selector: ([k]) => k })
      .map((entries) => {
        const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const record = Object.fromEntries(sorted);
        rememberEntries(
          record,
          sorted.map(([k]) => k),
          sorted.map(([, v]) => v),
        );
        return record;
      });
    const document = fc.record({
      problem: id,
      optimal: fc.boolean(),
      capacities: fc.dictionary(id, fc.integer({ min: 0, max: 1000 })),
      choices: lists,
      instance: fc.record({ residents: lists, hospitals: fc.dictionary(id, fc.array(id)) }),
      none: fc.constant(null),
    });
    fc.assert(
      fc.property(document, (d) => {
        expect(estimatedLength(d)).toBe(canonicalJsonBytes(d).byteLength);
      }),
      { numRuns: 500 },
    );
  });
});
