import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { UuidTable, uuidBytes } from '../../../src/common/database/uuid-bytes';
import { LiveListsBuilder } from '../../../src/rounds/live-lists';

const ORGANISATIONS = [
  '00000000-0000-4000-8000-00000000000a',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-00000000000c',
];

/** 31 opportunities of the round; many share their last four bytes (the table's hash), so it probes. */
const OPPORTUNITIES = Array.from(
  { length: 31 },
  (_, j) =>
    `${(j * 7919).toString(16).padStart(8, '0')}-0000-4000-8000-0000${(j % 5).toString(16).padStart(8, '0')}`,
);
/** Opportunities outside the round: their rows are left out. */
const OUTSIDE = ['ffffffff-0000-4000-8000-000000000000', 'eeeeeeee-0000-4000-8000-000000000001'];
const opportunityId = (j: number): string => (j >= 0 ? OPPORTUNITIES[j] : OUTSIDE[-j - 1]);

/** SUBMITTED, SHORTLISTED allocatable; OFFERED, ACCEPTED hold a seat. */
const ALLOCATABLE = [true, true, false, false];

interface Candidate {
  id: string;
  organisation: number | null;
  /** Live applications: one per opportunity (j < 0: outside the round), status index, id byte. */
  applications: { j: number; status: number; idByte: number }[];
  /** Choices: one per opportunity and rank. */
  choices: { j: number; rank: number }[];
}

const candidateArb = (id: string): fc.Arbitrary<Candidate> =>
  fc.record({
    id: fc.constant(id),
    organisation: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
    applications: fc.uniqueArray(
      fc.record({
        j: fc.integer({ min: -2, max: OPPORTUNITIES.length - 1 }),
        status: fc.integer({ min: 0, max: 3 }),
        idByte: fc.integer({ min: 0, max: 255 }),
      }),
      { selector: (a) => a.j, maxLength: 6 },
    ),
    choices: fc
      .uniqueArray(fc.integer({ min: -2, max: OPPORTUNITIES.length - 1 }), { maxLength: 6 })
      .chain((js) =>
        fc
          .shuffledSubarray(
            Array.from({ length: 10 }, (_, k) => k + 1),
            { minLength: js.length, maxLength: js.length },
          )
          .map((ranks) => js.map((j, k) => ({ j, rank: ranks[k] }))),
      ),
  });

const roundArb = fc
  .uniqueArray(
    fc.uuid().map((u) => u.toLowerCase()),
    { maxLength: 12 },
  )
  .chain((ids) => fc.tuple(...ids.map(candidateArb)))
  .chain((candidates) => {
    // Every row as PostgreSQL would stream it, the two streams interleaved in any order.
    const rows: (() => [kind: 'choice' | 'application', c: Candidate, k: number])[] = [];
    for (const c of candidates) {
      c.choices.forEach((_, k) => rows.push(() => ['choice', c, k]));
      c.applications.forEach((_, k) => rows.push(() => ['application', c, k]));
    }
    return fc.tuple(fc.constant(candidates), fc.shuffledSubarray(rows, { minLength: rows.length }));
  });

/** Feeds the rows to a builder, each in a buffer of its own with some bytes before it. */
function build(rows: (() => [string, Candidate, number])[]): ReturnType<LiveListsBuilder['lists']> {
  const builder = new LiveListsBuilder(UuidTable.of(OPPORTUNITIES), ALLOCATABLE);
  for (const row of rows) {
    const [kind, c, k] = row();
    if (kind === 'choice') {
      const choice = c.choices[k];
      const org = c.organisation === null ? null : ORGANISATIONS[c.organisation];
      const bytes = Buffer.concat([
        Buffer.from([1, 2, 3]),
        uuidBytes([c.id, opportunityId(choice.j), org ?? c.id]),
      ]);
      builder.choice(bytes, 3, 19, choice.rank, org === null ? -1 : 35);
    } else {
      const a = c.applications[k];
      const bytes = Buffer.concat([
        Buffer.from([9]),
        uuidBytes([c.id, opportunityId(a.j)]),
        Buffer.alloc(16, a.idByte),
      ]);
      builder.application(bytes, 1, 17, 33, a.status);
    }
  }
  return builder.lists();
}

describe('LiveListsBuilder', () => {
  it('gives who takes part sorted by id, their live choices in rank order and their applications by code, whatever order the rows come in', async () => {
    await fc.assert(
      fc.asyncProperty(roundArb, async ([candidates, rows]) => {
        const lists = await build(rows);
        // The model: the rule of src/rounds/README.md ("Who takes part in a run").
        const inRound = (j: number): boolean => j >= 0;
        const expected = candidates
          .map((c) => {
            const applications = c.applications.filter((a) => inRound(a.j));
            const seated = applications.some((a) => !ALLOCATABLE[a.status]);
            const live = c.choices
              .filter(
                (ch) => inRound(ch.j) && applications.some((a) => a.j === ch.j && ALLOCATABLE[a.status]),
              )
              .sort((x, y) => x.rank - y.rank)
              .map((ch) => ch.j);
            return { c, applications, seated, live };
          })
          .filter((e) => !e.seated && e.live.length > 0)
          .sort((x, y) => (x.c.id < y.c.id ? -1 : 1));
        expect(lists.candidateIds).toEqual(expected.map((e) => e.c.id));
        expect(lists.organisationIds).toEqual(
          expected.map((e) => (e.c.organisation === null ? '' : ORGANISATIONS[e.c.organisation])),
        );
        expected.forEach((e, i) => {
          expect(
            Array.from(lists.choiceOpportunity.subarray(lists.choiceStart[i], lists.choiceStart[i + 1])),
          ).toEqual(e.live);
          const byCode = e.applications
            .map((a) => ({ code: a.j * 4 + a.status, idByte: a.idByte }))
            .sort((x, y) => x.code - y.code);
          const from = lists.applicationStart[i];
          const to = lists.applicationStart[i + 1];
          expect(Array.from(lists.applicationCode.subarray(from, to))).toEqual(byCode.map((a) => a.code));
          expect(Array.from(lists.applicationIds.subarray(16 * from, 16 * to))).toEqual(
            byCode.flatMap((a) => new Array<number>(16).fill(a.idByte)),
          );
        });
        expect(lists.choiceStart[expected.length]).toBe(lists.choiceOpportunity.length);
        expect(lists.applicationStart[expected.length]).toBe(lists.applicationCode.length);
        // Every application of the round counted by opportunity and status, whether its candidate
        // takes part or not (the loader's open offers).
        const counts = new Array<number>(4 * OPPORTUNITIES.length).fill(0);
        for (const c of candidates)
          for (const a of c.applications) if (inRound(a.j)) counts[4 * a.j + a.status]++;
        expect(Array.from(lists.statusCounts)).toEqual(counts);
      }),
      { numRuns: 300 },
    );
  });

  it('makes the lists of more candidates than one slice of its passes (the event loop runs between slices)', async () => {
    const n = 40_000;
    const ids = Array.from({ length: n }, () => randomUUID());
    const builder = new LiveListsBuilder(UuidTable.of(OPPORTUNITIES), ALLOCATABLE);
    let turns = 0;
    const counting = setInterval(() => turns++, 0);
    ids.forEach((id, k) => {
      const bytes = Buffer.concat([uuidBytes([id, OPPORTUNITIES[k % 31]]), Buffer.alloc(16, k % 256)]);
      builder.choice(bytes, 0, 16, 1, -1);
      // Every seventh holds a seat (OFFERED): not in the lists.
      builder.application(bytes, 0, 16, 32, k % 7 === 0 ? 2 : 0);
    });
    const lists = await builder.lists();
    clearInterval(counting);
    const expected = ids.filter((_, k) => k % 7 !== 0).sort();
    expect(lists.candidateIds).toEqual(expected);
    expect(lists.choiceStart[expected.length]).toBe(expected.length);
    expect(lists.applicationStart[expected.length]).toBe(expected.length);
    expect(turns).toBeGreaterThan(0);
  });

  it('sorts candidates that share their first four bytes by the rest', async () => {
    const ids = [
      '12345678-0000-4000-8000-000000000003',
      '12345678-0000-4000-8000-000000000001',
      '02345678-ffff-4000-8000-000000000002',
    ];
    const builder = new LiveListsBuilder(UuidTable.of(OPPORTUNITIES), ALLOCATABLE);
    for (const id of ids) {
      const bytes = Buffer.from(uuidBytes([id, OPPORTUNITIES[0]]));
      builder.choice(bytes, 0, 16, 1, -1);
      builder.application(Buffer.concat([bytes, Buffer.alloc(16)]), 0, 16, 32, 0);
    }
    expect((await builder.lists()).candidateIds).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('takes no rows once the lists are made (it let go of them)', async () => {
    const builder = new LiveListsBuilder(UuidTable.of(OPPORTUNITIES), ALLOCATABLE);
    const bytes = Buffer.from(uuidBytes([ORGANISATIONS[0], OPPORTUNITIES[1], ORGANISATIONS[1]]));
    builder.choice(bytes, 0, 16, 1, -1);
    builder.application(bytes, 0, 16, 32, 0);
    expect((await builder.lists()).candidateIds).toEqual([ORGANISATIONS[0]]);
    expect(() => builder.application(bytes, 0, 16, 32, 0)).toThrow(/lists were made/);
    expect(() => builder.choice(bytes, 0, 16, 1, -1)).toThrow(/lists were made/);
    await expect(builder.lists()).rejects.toThrow(/lists were made/);
  });

  it('refuses a status index beyond the live statuses, and a rank below 1', () => {
    const builder = new LiveListsBuilder(UuidTable.of(OPPORTUNITIES), ALLOCATABLE);
    const bytes = Buffer.from(uuidBytes([ORGANISATIONS[0], OPPORTUNITIES[1], ORGANISATIONS[1]]));
    expect(() => builder.application(bytes, 0, 16, 32, 4)).toThrow(/status index 4/);
    expect(() => builder.choice(bytes, 0, 16, 0, -1)).toThrow(/ranked 0/);
  });
});

describe('UuidTable', () => {
  it('gives each uuid its index from its bytes as it grows, and -1 for any other', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.uuid().map((u) => u.toLowerCase()),
          { maxLength: 300 },
        ),
        fc.uuid().map((u) => u.toLowerCase()),
        (ids, other) => {
          const table = new UuidTable(2);
          const bytes = uuidBytes(ids);
          ids.forEach((_, k) => expect(table.add(bytes, 16 * k)).toBe(k));
          ids.forEach((id, k) => {
            expect(table.indexOf(bytes, 16 * k)).toBe(k);
            expect(table.add(bytes, 16 * k)).toBe(k);
            expect(table.text(k)).toBe(id);
          });
          expect(table.size).toBe(ids.length);
          expect(table.indexOf(uuidBytes([other]), 0)).toBe(ids.indexOf(other));
        },
      ),
    );
  });

  it('tells apart uuids that share their last bytes', () => {
    const table = UuidTable.of(OPPORTUNITIES);
    const bytes = uuidBytes(OPPORTUNITIES);
    OPPORTUNITIES.forEach((_, j) => expect(table.indexOf(bytes, 16 * j)).toBe(j));
    expect(table.indexOf(uuidBytes([OUTSIDE[0]]), 0)).toBe(-1);
  });

  it('refuses a text that is not a uuid, and a uuid twice', () => {
    expect(() => UuidTable.of(['not-a-uuid'])).toThrow(/not a uuid/);
    expect(() => UuidTable.of([OPPORTUNITIES[0], OPPORTUNITIES[1], OPPORTUNITIES[0]])).toThrow(/twice/);
  });
});
