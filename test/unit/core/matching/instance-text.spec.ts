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
