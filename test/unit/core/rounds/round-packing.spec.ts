import fc from 'fast-check';
import {
  AllocationData,
  buildRunInput,
  canonicalJson,
  FitEntry,
  pairKey,
  runStats,
} from '../../../../src/core/rounds/round-allocation';
import { packLiveRound, PackedRound, transferablesOf } from '../../../../src/core/rounds/round-packing';
import { packRound, unpackRound } from '../../../utils/round-packing-reference';
import { MatchingInstance, parseInstance, solve, verify } from '../../../../src/core/matching';
import { recallCodedRows } from '../../../../src/core/matching/coded-lists';
import {
  assembleRunInput,
  buildRunInputPacked,
  instanceOfAssembled,
  organisationsOfPacked,
  placedAtOf,
  runStatsPacked,
  splitAssembledRunInput,
} from '../../../../src/core/rounds/round-assembly';
import {
  CandidateListsRow,
  documentWithLists,
  listPathsApart,
  splitRunInput,
} from '../../../../src/core/rounds/round-input-parts';
import {
  canonicalJsonBytes,
  canonicalJsonBytesApart,
} from '../../../../src/core/rounds/canonical-json-bytes';

/** A random round: candidates c0.., opportunities o0.., choices, rankings, fit, exclusions, pre-assignments. */
const roundData = fc
  .record({
    problem: fc.constantFrom<'HR' | 'SPA-S'>('HR', 'SPA-S'),
    optimal: fc.constantFrom<'candidate' | 'host'>('candidate', 'host'),
    seed: fc.integer({ min: 0, max: 1000 }),
    candidates: fc.integer({ min: 1, max: 12 }),
    opportunities: fc.integer({ min: 1, max: 6 }),
    leads: fc.integer({ min: 1, max: 3 }),
    rolls: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 400, maxLength: 400 }),
  })
  .map(
    ({
      problem,
      optimal,
      seed,
      candidates,
      opportunities,
      leads,
      rolls,
    }): {
      data: AllocationData;
      candidateOrganisation: Map<string, string>;
      hostOrganisation: Map<string, string>;
    } => {
      let k = 0;
      const roll = (n: number): number => rolls[k++ % rolls.length] % n;
      const opps = Array.from({ length: opportunities }, (_, j) => ({
        id: `o${j}`,
        hostOrganisationId: `org${roll(3)}`,
        leadSupervisorId: `lead${roll(leads)}`,
        freeSeats: roll(4),
      }));
      const choices = new Map<string, string[]>();
      const fit = new Map<string, Map<string, FitEntry>>();
      const excluded = new Set<string>();
      const preAssigned = new Map<string, string>();
      const preAssignedReasons = new Map<string, string>();
      const candidateOrganisation = new Map<string, string>();
      const ranked = new Set(opps.filter(() => roll(3) === 0).map((o) => o.id));
      // Ids out of sorted order on purpose.
      for (let i = candidates - 1; i >= 0; i--) {
        const c = `c${(i * 7) % 13}x${i}`;
        if (roll(5) > 0) candidateOrganisation.set(c, `org${roll(3)}`);
        const list = [
          ...new Set(Array.from({ length: 1 + roll(opportunities) }, () => `o${roll(opportunities)}`)),
        ];
        if (roll(6) === 0) continue; // no live choice
        choices.set(c, list);
        for (const o of list) {
          if (roll(8) === 0) excluded.add(pairKey(c, o));
          if (ranked.has(o)) continue;
          let scores = fit.get(o);
          if (!scores) fit.set(o, (scores = new Map()));
          const eligible = roll(4) > 0;
          const override = !eligible && roll(2) === 0;
          scores.set(c, {
            score: roll(5) / 4,
            eligible: eligible || override,
            ...(override ? { overrideReason: `reason ${c} ${o}` } : {}),
          });
        }
        if (roll(7) === 0) {
          preAssigned.set(c, list[0]);
          if (roll(2) === 0) preAssignedReasons.set(c, `pre ${c}`);
        }
      }
      const hostRankings = new Map<string, string[]>();
      for (const o of ranked) {
        const applicants = [...choices.keys()].filter((c) => choices.get(c)?.includes(o) && roll(4) > 0);
        hostRankings.set(o, [...applicants.reverse(), 'someone-outside']);
      }
      const supervisorRoom = new Map<string, number>();
      for (let l = 0; l < leads; l++) if (roll(4) > 0) supervisorRoom.set(`lead${l}`, roll(4) - 1);
      return {
        data: {
          problem,
          optimal,
          seed,
          opportunities: opps,
          choices,
          hostRankings,
          fit,
          excluded,
          preAssigned,
          preAssignedReasons,
          supervisorRoom,
        },
        candidateOrganisation,
        hostOrganisation: new Map(opps.map((o) => [o.id, o.hostOrganisationId])),
      };
    },
  );

/** The last candidate's last choice made the same opportunity as their first (when they have two). */
function nameAnOpportunityTwice(packed: PackedRound): void {
  if (packed.choiceOpportunity.length === 0) return;
  const p = packed.choiceStart[packed.choiceStart.length - 2];
  const last = packed.choiceOpportunity.length - 1;
  if (last > p) packed.choiceOpportunity[last] = packed.choiceOpportunity[p];
}

type RoundData = typeof roundData extends fc.Arbitrary<infer T> ? T : never;

/**
 * The packed round, with a twist the packed form cannot get from the Maps: 1, a list naming an
 * opportunity twice (the first naming's position counts); 2, a candidate id that is an array index
 * (keys out of order; a round of no candidates keeps none: an id without its arrays is no candidate).
 */
function twistedRound(
  { data, candidateOrganisation, hostOrganisation }: RoundData,
  twist: number,
): PackedRound {
  const packed = packRound(data, candidateOrganisation, hostOrganisation);
  if (twist === 1) nameAnOpportunityTwice(packed);
  if (twist === 2 && packed.candidateIds.length > 0)
    packed.candidateIds = ['7', ...packed.candidateIds.slice(1)];
  return packed;
}

describe('a round packed as flat arrays for the solver thread', () => {
  it('unpacks to data that gives the same document, hash text, assignment and statistics', () => {
    fc.assert(
      fc.property(roundData, ({ data, candidateOrganisation, hostOrganisation }) => {
        const packed = packRound(data, candidateOrganisation, hostOrganisation);
        const unpacked = unpackRound(packed);
        const before = buildRunInput(data);
        const after = buildRunInput(unpacked.data);
        expect(canonicalJson(after)).toBe(canonicalJson(before));
        const assignment = solve(parseInstance(before), { optimal: before.optimal }).assignment;
        expect(
          runStats(after, assignment, unpacked.candidateOrganisation, unpacked.hostOrganisation),
        ).toEqual(runStats(before, assignment, candidateOrganisation, hostOrganisation));
        expect(packed.candidateIds).toEqual([...packed.candidateIds].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('assembles the same document straight from the packed arrays as from the Maps', () => {
    fc.assert(
      fc.property(roundData, ({ data, candidateOrganisation, hostOrganisation }) => {
        const packed = packRound(data, candidateOrganisation, hostOrganisation);
        const before = buildRunInput(data);
        const after = buildRunInputPacked(packed);
        expect(canonicalJson(after)).toBe(canonicalJson(before));
        expect(after).toEqual(before);
        const assignment = solve(parseInstance(before), { optimal: before.optimal }).assignment;
        const organisations = organisationsOfPacked(packed);
        expect(
          runStats(after, assignment, organisations.candidateOrganisation, organisations.hostOrganisation),
        ).toEqual(runStats(before, assignment, candidateOrganisation, hostOrganisation));
      }),
      { numRuns: 500 },
    );
  });

  it('splits the document into its rest and rows per candidate from the packed indices as splitRunInput does from its strings', () => {
    fc.assert(
      fc.property(roundData, fc.integer({ min: 0, max: 3 }), (round, twist) => {
        const packed = twistedRound(round, twist);
        const assembled = assembleRunInput(packed);
        expect(assembled.input).toEqual(buildRunInputPacked(packed));
        expect(splitAssembledRunInput(packed, assembled)).toEqual(splitRunInput(assembled.input));
      }),
      { numRuns: 500 },
    );
  });

  it("stores a document without its candidates' lists, and its rows per candidate give back the whole text byte for byte", () => {
    let apart = 0;
    fc.assert(
      fc.property(roundData, fc.integer({ min: 0, max: 3 }), (round, twist) => {
        const packed = twistedRound(round, twist);
        const assembled = assembleRunInput(packed);
        const whole = canonicalJsonBytes(assembled.input);
        // The candidates' lists written from their opportunity indices (rememberListCodes) as from their ids.
        expect(Buffer.from(whole).toString('utf8')).toBe(canonicalJson(assembled.input));
        const chunks: Uint8Array[] = [];
        const { text, apart: cut } = canonicalJsonBytesApart(
          assembled.input,
          listPathsApart(assembled.input.problem),
          (chunk) => chunks.push(chunk.slice()),
        );
        // What is hashed is the whole text, as it is written.
        expect(Buffer.concat(chunks).equals(Buffer.from(whole))).toBe(true);
        expect(cut).toBe(true);
        apart++;
        const stored = JSON.parse(Buffer.from(text).toString('utf8')) as typeof assembled.input;
        expect(stored.choices).toEqual({});
        expect(Buffer.from(text).toString('utf8')).toBe(canonicalJson(stored));
        // The rows as stored: the document's candidates, then those only the assignment names.
        const rows = splitAssembledRunInput(packed, assembled).candidates;
        const list = (t: string): string[] => (t ? t.split(',') : []);
        const read: CandidateListsRow[] = rows.candidateIds.map((candidateId, i) => ({
          candidateId,
          choices: list(rows.choices[i]),
          own: list(rows.own[i]).map(Number),
          preAssignedTo: rows.preAssigned[i] || null,
        }));
        for (const candidateId of packed.candidateIds)
          if (!rows.candidateIds.includes(candidateId))
            read.push({ candidateId, choices: [], own: [], preAssignedTo: null });
        read.reverse(); // in no particular order
        expect(canonicalJson(documentWithLists(stored, read))).toBe(Buffer.from(whole).toString('utf8'));
      }),
      { numRuns: 500 },
    );
    expect(apart).toBe(500);
  });

  it('builds the instance from the packed indices that parseInstance reads from the document, or none where they could differ', () => {
    let built = 0;
    let hr = 0;
    fc.assert(
      fc.property(
        roundData,
        fc.integer({ min: 0, max: 5 }),
        ({ data, candidateOrganisation, hostOrganisation }, twist) => {
          const packed = packRound(data, candidateOrganisation, hostOrganisation);
          // Twists the parser refuses or reads otherwise: a list naming an opportunity twice, a host
          // ranking a candidate twice, a candidate id that is an array index (keys out of order), a
          // capacity that is not an integer, an opportunity id that repeats.
          if (twist === 1) nameAnOpportunityTwice(packed);
          if (twist === 2) {
            const j = packed.ranked.indexOf(1);
            if (j >= 0 && packed.rankingStart[j + 1] > packed.rankingStart[j]) {
              const k = packed.rankingStart[j];
              packed.rankingCandidate = Int32Array.from([
                ...packed.rankingCandidate.subarray(0, k + 1),
                ...packed.rankingCandidate.subarray(k),
              ]);
              packed.rankingStart = packed.rankingStart.map((v, x) => (x > j ? v + 1 : v));
            }
          }
          if (twist === 3) packed.candidateIds = ['7', ...packed.candidateIds.slice(1)];
          if (twist === 4) packed.freeSeats = packed.freeSeats.map((v) => v + 0.5);
          if (twist === 5 && packed.opportunityIds.length > 1)
            packed.opportunityIds[1] = packed.opportunityIds[0];
          const assembled = assembleRunInput(packed);
          const instance = instanceOfAssembled(packed, assembled);
          // The parser on a copy (no lists remembered beside it: every key listed, sorted and read).
          let parsed: MatchingInstance | Error;
          try {
            parsed = parseInstance(structuredClone(assembled.input));
          } catch (error) {
            parsed = error as Error;
          }
          if (assembled.input.problem === 'HR') hr++;
          if (instance === null) {
            // parseInstance(assembled.input) then parses the document: the same instance or error.
            if (parsed instanceof Error) expect(() => parseInstance(assembled.input)).toThrow(parsed.message);
            else expect(parseInstance(assembled.input)).toEqual(parsed);
            return;
          }
          built++;
          expect(parsed).not.toBeInstanceOf(Error);
          const reference = parsed as MatchingInstance;
          expect(instance).toEqual(reference);
          if (instance.problem !== 'HR' || reference.problem !== 'HR') throw new Error('HR expected');
          expect([...instance.residents.keys()]).toEqual([...reference.residents.keys()]);
          expect([...instance.hospitals.keys()]).toEqual([...reference.hospitals.keys()]);
          expect([...instance.capacities.keys()]).toEqual([...reference.capacities.keys()]);
          // The parser's integer coding of the lists, which the compiler and the verifier read.
          expect(recallCodedRows(instance.residents, instance.hospitals)).toEqual({
            ...recallCodedRows(reference.residents, reference.hospitals),
            members: instance.hospitals,
          });
          expect(recallCodedRows(instance.hospitals, instance.residents)).toEqual({
            ...recallCodedRows(reference.hospitals, reference.residents),
            members: instance.residents,
          });
          const solved = solve(instance, { optimal: data.optimal });
          expect(solved).toEqual(solve(reference, { optimal: data.optimal }));
          expect(verify(instance, solved.assignment)).toEqual(verify(reference, solved.assignment));
          // parseInstance(assembled.input) takes the built instance once, then parses the document.
          const first = parseInstance(assembled.input);
          expect(first).toEqual(reference);
          expect(
            recallCodedRows((first as typeof instance).residents, (first as typeof instance).hospitals),
          ).toBeDefined();
          expect(parseInstance(assembled.input)).toEqual(reference);
        },
      ),
      { numRuns: 600 },
    );
    // Most HR rounds are built, not parsed (a twisted one may not be).
    expect(built).toBeGreaterThan(hr / 3);
  });

  it('gives the run statistics from the packed indices and placements that runStats gives from the document', () => {
    fc.assert(
      fc.property(
        roundData,
        fc.integer({ min: 0, max: 4 }),
        ({ data, candidateOrganisation, hostOrganisation }, twist) => {
          const packed = packRound(data, candidateOrganisation, hostOrganisation);
          // Twists: an opportunity id that repeats or is empty (runStats keys placements by id).
          if (twist === 1 && packed.opportunityIds.length > 1)
            packed.opportunityIds[1] = packed.opportunityIds[0];
          if (twist === 2) packed.opportunityIds[0] = '';
          // An organisation id that is empty: its flows merge with those of candidates without one.
          if (twist === 3) packed.organisationIds[0] = '';
          const assembled = assembleRunInput(packed);
          let assignment: Record<string, string | null>;
          try {
            assignment = { ...solve(parseInstance(assembled.input), { optimal: data.optimal }).assignment };
          } catch {
            return; // a twisted round the parser refuses
          }
          // Not the solver's: every other candidate unplaced (HR's pre-assignments count all the same).
          if (twist === 4) Object.keys(assignment).forEach((c, k) => k % 2 === 0 && (assignment[c] = null));
          const organisations = organisationsOfPacked(packed);
          expect(runStatsPacked(packed, assembled, assignment, placedAtOf(packed, assignment))).toEqual(
            runStats(
              assembled.input,
              assignment,
              organisations.candidateOrganisation,
              organisations.hostOrganisation,
            ),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('packs the same round from column-wise lists as from Maps (the loader reads columns)', () => {
    fc.assert(
      fc.property(roundData, ({ data, candidateOrganisation, hostOrganisation }) => {
        // The loader's rounds carry no fit entries: the thread scores the pairs.
        const maps = { ...data, fit: new Map() };
        const expected = packRound(maps, candidateOrganisation, hostOrganisation);
        const candidateIds = [...data.choices.keys()].sort();
        const opportunityIndex = new Map(data.opportunities.map((o, j) => [o.id, j]));
        const choiceStart = new Int32Array(candidateIds.length + 1);
        const choiceOpportunity: number[] = [];
        candidateIds.forEach((c, i) => {
          choiceStart[i] = choiceOpportunity.length;
          for (const o of data.choices.get(c) ?? [])
            choiceOpportunity.push(opportunityIndex.get(o) as number);
        });
        choiceStart[candidateIds.length] = choiceOpportunity.length;
        const packed = packLiveRound({
          problem: data.problem,
          optimal: data.optimal,
          seed: data.seed,
          opportunities: data.opportunities,
          candidateIds,
          candidateOrganisation: candidateIds.map((c) => candidateOrganisation.get(c) ?? ''),
          choiceStart,
          choiceOpportunity: Int32Array.from(choiceOpportunity),
          hostRankings: data.hostRankings,
          excluded: [...data.excluded].map((key) => {
            const [candidateId, opportunityId] = key.split('|');
            return { candidateId, opportunityId };
          }),
          preAssigned: data.preAssigned,
          preAssignedReasons: data.preAssignedReasons,
          supervisorRoom: data.supervisorRoom,
        });
        expect(packed).toEqual(expected);
        expect(canonicalJson(buildRunInput(unpackRound(packed).data))).toBe(
          canonicalJson(buildRunInput(maps)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('hands over its typed arrays as buffers to transfer, and its ids as plain lists', () => {
    const packed = packRound(
      {
        problem: 'HR',
        optimal: 'candidate',
        seed: 1,
        opportunities: [{ id: 'o1', hostOrganisationId: 'org', leadSupervisorId: 'lead', freeSeats: 1 }],
        choices: new Map([['ann', ['o1']]]),
        hostRankings: new Map(),
        fit: new Map([['o1', new Map([['ann', { score: 0.5, eligible: true }]])]]),
        excluded: new Set(),
        preAssigned: new Map(),
        supervisorRoom: new Map(),
      },
      new Map([['ann', 'org']]),
      new Map([['o1', 'org']]),
    );
    const buffers = transferablesOf(packed);
    expect(buffers.length).toBeGreaterThanOrEqual(10);
    expect(buffers.every((b) => Object.prototype.toString.call(b) === '[object ArrayBuffer]')).toBe(true);
    expect(packed.candidateIds).toEqual(['ann']);
  });
});
