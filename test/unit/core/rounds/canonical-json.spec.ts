import fc from 'fast-check';
import { canonicalJson } from '../../../../src/core/rounds/round-allocation';

/** The definition: keys sorted at every level, arrays in order, written entry by entry. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${reference(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Objects whose keys were inserted in sorted order (as a run's document builds them). */
const sortedObject = fc
  .dictionary(
    fc.oneof(
      fc.string(),
      fc.constantFrom('0', '1', '9', '10', '01', '4294967295', '4294967294', '__proto__'),
    ),
    fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()), fc.constant(null), fc.array(fc.integer())),
  )
  .map((d) => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(d).sort()) {
      Object.defineProperty(out, k, { value: d[k], enumerable: true, writable: true, configurable: true });
    }
    return out;
  });

describe('the canonical JSON a run is hashed and stored as', () => {
  it('is the keys-sorted text whatever the order and the kind of keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(sortedObject, { maxLength: 3 }), sortedObject, (list, object) => {
        const document = { b: object, a: list, c: { z: object, y: [object] } };
        expect(canonicalJson(document)).toBe(reference(document));
        expect(canonicalJson(object)).toBe(reference(object));
      }),
      { numRuns: 500 },
    );
  });

  it('orders integer-like keys as text, not as JavaScript does', () => {
    expect(canonicalJson({ '9': 1, '10': 2, a: ['x'] })).toBe('{"10":2,"9":1,"a":["x"]}');
  });
});
