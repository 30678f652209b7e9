import * as fs from 'fs';
import * as path from 'path';

import fc from 'fast-check';

import {
  InstanceError,
  MatchingInstance,
  compileInstance,
  parseInstanceBytes,
  parseInstanceBytesFast,
  parseInstanceJson,
  solve,
} from '../../../../src/core/matching';
import { VECTORS_DIR } from '../../../fixtures/matching/reference-vectors';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What the general path (JSON.parse, then parseInstance) gives: the instance or the error. */
function general(text: string): MatchingInstance | { code: string; message: string } {
  try {
    return parseInstanceJson(text);
  } catch (error: unknown) {
    if (error instanceof InstanceError) return { code: error.code, message: error.message };
    throw error;
  }
}

function viaBytes(text: string): MatchingInstance | { code: string; message: string } {
  try {
    return parseInstanceBytes(bytes(text));
  } catch (error: unknown) {
    if (error instanceof InstanceError) return { code: error.code, message: error.message };
    throw error;
  }
}

/** Maps compared with their iteration order (the parser promises sorted ids). */
function ordered(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([k, v]) => [k, ordered(v)]);
  if (Array.isArray(value)) return value.map(ordered);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ordered(v)]));
  }
  return value;
}

const vectorFiles = ['hr', 'sa', 'checker'].flatMap((folder) =>
  fs
    .readdirSync(path.join(VECTORS_DIR, folder))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(folder, f)),
);

describe('parsing instance bytes (the one-pass fast path)', () => {
  it.each(vectorFiles)('reads %s exactly as the general path does, and answers itself', (file) => {
    const text = fs.readFileSync(path.join(VECTORS_DIR, file), 'utf8');
    const fast = parseInstanceBytesFast(bytes(text));
    expect(fast).toBeDefined();
    expect(ordered(fast)).toEqual(ordered(general(text)));
    const instance = fast as MatchingInstance;
    // The coded rows it leaves behind compile to the same instance as the strings do.
    const fromStrings = { ...instance } as MatchingInstance;
    expect(compileInstance(instance)).toEqual(compileInstance(reparsedWithoutCoding(fromStrings)));
  });

  const odd: Record<string, string> = {
    'malformed JSON': '{"problem": "HR", "instance": {',
    'trailing garbage': '{"problem":"HR","instance":{"residents":{},"hospitals":{},"capacities":{}}} x',
    'a byte order mark': '\ufeff{"problem":"HR","instance":{"residents":{},"hospitals":{},"capacities":{}}}',
    'an escaped id':
      '{"problem":"HR","instance":{"residents":{"r\\u0030":["h0"]},"hospitals":{"h0":["r0"]},"capacities":{"h0":1}}}',
    'a key twice':
      '{"problem":"HR","instance":{"residents":{"r0":["h0"],"r0":[]},"hospitals":{"h0":["r0"]},"capacities":{"h0":1}}}',
    'a capacity of 1.0':
      '{"problem":"HR","instance":{"residents":{"r0":["h0"]},"hospitals":{"h0":["r0"]},"capacities":{"h0":1.0}}}',
    'a capacity of 0':
      '{"problem":"HR","instance":{"residents":{"r0":["h0"]},"hospitals":{"h0":["r0"]},"capacities":{"h0":0}}}',
    'an unknown id':
      '{"problem":"HR","instance":{"residents":{"r0":["h9"]},"hospitals":{"h0":["r0"]},"capacities":{"h0":1}}}',
    'a duplicate member':
      '{"problem":"HR","instance":{"residents":{"r0":["h0","h0"]},"hospitals":{"h0":["r0"]},"capacities":{"h0":1}}}',
    'a missing capacity':
      '{"problem":"HR","instance":{"residents":{"r0":["h0"]},"hospitals":{"h0":["r0"],"h1":[]},"capacities":{"h0":1}}}',
    'non-ASCII ids':
      '{"problem":"HR","instance":{"residents":{"rë":["h0"]},"hospitals":{"h0":["rë"]},"capacities":{"h0":1}}}',
    'extra fields of any kind':
      '{"note":{"a":[1,-2.5e3,true,null,"x\\"y"]},"problem":"HR","instance":{"students":5,"residents":{"r0":["h0"]},"hospitals":{"h0":["r0"]},"capacities":{"h0":1}}}',
    'an unknown problem': '{"problem":"SM","instance":{}}',
    'version 2 decisions':
      '{"version":2,"problem":"HR","instance":{"residents":{"r0":["h0"],"r1":[]},"hospitals":{"h0":["r0"]},"capacities":{"h0":1}},"pre_assignments":[{"candidate":"r1","opportunity":"h0","reason":"Zoë’s thesis"}]}',
    'decisions beyond capacity':
      '{"version":2,"problem":"HR","instance":{"residents":{"r0":["h0"],"r1":[]},"hospitals":{"h0":["r0"]},"capacities":{"h0":1}},"pre_assignments":[{"candidate":"r1","opportunity":"h0","reason":"a"},{"candidate":"r0","opportunity":"h0","reason":"b"}]}',
    'decisions in version 1':
      '{"problem":"HR","instance":{"residents":{},"hospitals":{},"capacities":{}},"overrides":[]}',
  };

  it.each(Object.keys(odd))('gives the same instance or the same error as the general path: %s', (name) => {
    expect(ordered(viaBytes(odd[name]))).toEqual(ordered(general(odd[name])));
  });

  it('gives the same instance and assignment as the general path on random documents', () => {
    const id = fc.constantFrom('a', 'b', 'c', '10', '2', 'x-1', '__proto__', 'h0', 'r0');
    const lists = fc.dictionary(id, fc.uniqueArray(id, { maxLength: 4 }), { maxKeys: 6 });
    const capacities = fc.dictionary(id, fc.integer({ min: 0, max: 3 }), { maxKeys: 6 });
    const document = fc.record({
      problem: fc.constantFrom('HR', 'SPA-S'),
      instance: fc.record({
        residents: lists,
        hospitals: lists,
        capacities,
        students: lists,
        supervisors: lists,
        project_supervisors: fc.dictionary(id, id, { maxKeys: 4 }),
        project_capacities: capacities,
        supervisor_capacities: capacities,
      }),
    });
    fc.assert(
      fc.property(document, fc.boolean(), (doc, pretty) => {
        const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
        const expected = general(text);
        const actual = viaBytes(text);
        expect(ordered(actual)).toEqual(ordered(expected));
        if ('problem' in actual && 'problem' in expected) {
          expect(solve(actual).assignment).toEqual(solve(expected).assignment);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** What parseInstanceBytes gives for bytes, and what the general path gives for their UTF-8 text. */
function bothOnBytes(data: Uint8Array): { fast: unknown; general: unknown } {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(data);
  let fast: unknown;
  try {
    fast = parseInstanceBytes(data);
  } catch (error: unknown) {
    if (!(error instanceof InstanceError)) throw error;
    fast = { code: error.code, message: error.message };
  }
  return { fast: ordered(fast), general: ordered(general(text)) };
}

/**
 * Ids the one-pass reader takes itself: printable ASCII without quote or backslash, of every length
 * around its 4-byte steps, UUIDs, and the names an object literal treats specially.
 */
const plainUnit = fc.constantFrom(...'abhr019_-. :/~{}[],');
const plainId = fc.oneof(
  { arbitrary: fc.string({ unit: plainUnit, maxLength: 13 }), weight: 12 },
  { arbitrary: fc.string({ unit: plainUnit, minLength: 14, maxLength: 40 }), weight: 2 },
  { arbitrary: fc.uuid(), weight: 2 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '0', '00', '-1'), weight: 1 },
);
/** Ids that send it down the general path: an escape, a control character, UTF-8. */
const oddId = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'ar0'),
    fc.constantFrom('"', '\\', '\u0001', '\t', '\u007f', 'é', '€', '😀', '\u2028'),
  ),
  minLength: 1,
  maxLength: 24,
});

const idSet = (max: number): fc.Arbitrary<string[]> => fc.uniqueArray(plainId, { maxLength: max });
const capacity = fc.integer({ min: 1, max: 3 });

function listsOver(
  owners: readonly string[],
  members: readonly string[],
): fc.Arbitrary<Record<string, string[]>> {
  return fc
    .tuple(...owners.map(() => fc.shuffledSubarray([...members])))
    .map((lists) => Object.fromEntries(owners.map((o, i) => [o, lists[i]])));
}

function capacitiesOf(owners: readonly string[]): fc.Arbitrary<Record<string, number>> {
  return fc
    .tuple(...owners.map(() => capacity))
    .map((values) => Object.fromEntries(owners.map((o, i) => [o, values[i]])));
}

/** Valid HR documents (`{ problem, instance }`) with ids the fast path takes. */
const hrDocuments = fc
  .record({ residents: idSet(8), hospitals: idSet(6) })
  .chain(({ residents, hospitals }) =>
    fc.record({
      problem: fc.constant('HR'),
      instance: fc.record({
        residents: listsOver(residents, hospitals),
        hospitals: listsOver(hospitals, residents),
        capacities: capacitiesOf(hospitals),
      }),
    }),
  );

/** Valid SPA-S documents with ids the fast path takes. */
const spaDocuments = fc
  .record({ students: idSet(6), supervisors: idSet(3).filter((s) => s.length > 0), projects: idSet(6) })
  .chain(({ students, supervisors, projects }) =>
    fc.record({
      problem: fc.constant('SPA-S'),
      instance: fc.record({
        students: listsOver(students, projects),
        supervisors: listsOver(supervisors, students),
        project_supervisors: fc
          .tuple(...projects.map(() => fc.constantFrom(...supervisors)))
          .map((lead) => Object.fromEntries(projects.map((p, i) => [p, lead[i]]))),
        project_capacities: capacitiesOf(projects),
        supervisor_capacities: capacitiesOf(supervisors),
      }),
    }),
  );

const documents = fc.oneof(hrDocuments, spaDocuments);
const spacing = fc.constantFrom<string | number | undefined>(undefined, 1, 2, '\t', ' \r\n');

type Doc = { problem: string; instance: Record<string, Record<string, unknown>> };

/** One thing wrong with a valid document, as a change to its object. */
const mutations: fc.Arbitrary<(doc: Doc) => void> = fc.oneof(
  // a list names an unknown id, or one twice
  fc.tuple(fc.nat(), oddId, fc.boolean()).map(([k, odd, twice]) => (doc: Doc) => {
    const field = doc.problem === 'HR' ? 'residents' : 'students';
    const owners = Object.keys(doc.instance[field]);
    if (owners.length === 0) return;
    const list = doc.instance[field][owners[k % owners.length]] as string[];
    list.push(twice && list.length > 0 ? list[0] : odd);
  }),
  // a capacity that is not an integer of at least 1, or missing
  fc
    .tuple(fc.nat(), fc.constantFrom<unknown>(0, -1, 1.5, '1', null, true, 1e21, undefined))
    .map(([k, value]) => (doc: Doc) => {
      const field = doc.problem === 'HR' ? 'capacities' : 'project_capacities';
      const owners = Object.keys(doc.instance[field]);
      if (owners.length === 0) return;
      const owner = owners[k % owners.length];
      if (value === undefined) delete doc.instance[field][owner];
      else doc.instance[field][owner] = value;
    }),
  // an owner whose id needs the general path (escapes, control characters, UTF-8)
  fc.tuple(oddId, fc.boolean()).map(([odd, listed]) => (doc: Doc) => {
    const field = doc.problem === 'HR' ? 'hospitals' : 'supervisors';
    doc.instance[field][odd] = [];
    if (listed && doc.problem === 'HR') doc.instance.capacities[odd] = 1;
  }),
  // a field of the wrong shape, or missing
  fc
    .tuple(
      fc.constantFrom('residents', 'hospitals', 'students', 'project_supervisors'),
      fc.constantFrom<unknown>([], 'x', 1, null, undefined),
    )
    .map(([field, value]) => (doc: Doc) => {
      if (value === undefined) delete doc.instance[field];
      else (doc.instance as Record<string, unknown>)[field] = value;
    }),
);

// endOnFailure: a counterexample is reported as found; shrinking these chained documents takes minutes.
describe('the fast path against JSON.parse + parseInstance on random instances', () => {
  it('answers itself for every valid document of plain ids, with the same instance and coded rows', () => {
    fc.assert(
      fc.property(documents, spacing, (doc, space) => {
        const text = JSON.stringify(doc, null, space);
        const fast = parseInstanceBytesFast(bytes(text));
        expect(fast).toBeDefined();
        const expected = parseInstanceJson(text);
        expect(ordered(fast)).toEqual(ordered(expected));
        const instance = fast as MatchingInstance;
        expect(compileInstance(instance)).toEqual(compileInstance(reparsedWithoutCoding(instance)));
        expect(solve(instance).assignment).toEqual(solve(expected).assignment);
      }),
      { numRuns: 400, endOnFailure: true },
    );
  });

  it('gives the same instance or the same error (code and message) on documents with one thing wrong', () => {
    fc.assert(
      fc.property(documents, mutations, spacing, (doc, mutate, space) => {
        mutate(doc as Doc);
        const { fast, general: expected } = bothOnBytes(bytes(JSON.stringify(doc, null, space)));
        expect(fast).toEqual(expected);
      }),
      { numRuns: 600, endOnFailure: true },
    );
  });

  it('gives the same answer on the bytes cut short, with a byte changed, or with a key written twice', () => {
    const edits = fc.oneof(
      fc.nat().map((k) => (data: Uint8Array) => data.subarray(0, k % (data.length + 1))),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([k, b]) => (data: Uint8Array) => {
        const copy = data.slice();
        if (copy.length > 0) copy[k % copy.length] = b;
        return copy;
      }),
      fc.nat().map((k) => (data: Uint8Array) => {
        // one `"id": [...]` member of a lists object written twice (JSON.parse keeps the second)
        const text = new TextDecoder().decode(data);
        const members = [...text.matchAll(/"[^"\\]*":\s*\[[^\]]*\]/g)];
        if (members.length === 0) return data;
        const m = members[k % members.length];
        const at = (m.index ?? 0) + m[0].length;
        return bytes(`${text.slice(0, at)},${m[0]}${text.slice(at)}`);
      }),
    );
    fc.assert(
      fc.property(documents, edits, spacing, (doc, edit, space) => {
        const { fast, general: expected } = bothOnBytes(edit(bytes(JSON.stringify(doc, null, space))));
        expect(fast).toEqual(expected);
      }),
      { numRuns: 600, endOnFailure: true },
    );
  });

  it('reads a document that sits inside a larger buffer (a byte offset, bytes after it)', () => {
    fc.assert(
      fc.property(documents, fc.nat({ max: 9 }), (doc, offset) => {
        const text = JSON.stringify(doc);
        const inner = bytes(text);
        const outer = new Uint8Array(offset + inner.length + 16).fill(0x22); // quotes around it
        outer.set(inner, offset);
        const view = outer.subarray(offset, offset + inner.length);
        expect(ordered(parseInstanceBytesFast(view))).toEqual(ordered(parseInstanceJson(text)));
      }),
      { numRuns: 200, endOnFailure: true },
    );
  });
});

/** The same instance with fresh Map objects, so compile resolves the strings itself. */
function reparsedWithoutCoding(instance: MatchingInstance): MatchingInstance {
  if (instance.problem === 'HR') {
    return {
      problem: 'HR',
      residents: new Map(instance.residents),
      hospitals: new Map(instance.hospitals),
      capacities: new Map(instance.capacities),
    };
  }
  return {
    ...instance,
    students: new Map(instance.students),
    supervisors: new Map(instance.supervisors),
    projectSupervisors: new Map(instance.projectSupervisors),
  };
}
