import fc from 'fast-check';
import { liveListsOfColumns, LiveListsColumns, UuidIndex } from '../../../src/rounds/rounds.repository';

/** One live application as `liveListsOfRound` sends it. */
interface Application {
  /** Its opportunity's index among OPPORTUNITIES. */
  j: number;
  /** The index of its status among the live statuses (ALLOCATABLE says which are allocatable). */
  status: number;
  /** The rank of the candidate's choice of its opportunity, 0 for none. */
  rank: number;
  /** Its id is 16 times this byte. */
  idByte: number;
}

/** One candidate as `liveListsOfRound` aggregates them: applications in any order. */
interface Row {
  id: string;
  organisation: number | null;
  applications: Application[];
}

const ORGANISATIONS = [
  '00000000-0000-4000-8000-00000000000a',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-00000000000c',
];

/**
 * 31 opportunities; some share their last eight bytes, so the index tells them apart by all 16 (and
 * the statement sends all 16).
 */
const COLLIDING = Array.from(
  { length: 31 },
  (_, j) =>
    `${(j * 7919).toString(16).padStart(8, '0')}-0000-4000-8000-0000${(j % 5).toString(16).padStart(8, '0')}`,
);

/** SUBMITTED, SHORTLISTED allocatable; OFFERED, ACCEPTED not. */
const ALLOCATABLE = [true, true, false, false];

const uuidBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');

/** 31 opportunities whose last eight bytes differ (as random uuids' do): 8 bytes sent per application. */
const RANDOM = Array.from(
  { length: 31 },
  (_, j) => `00000000-0000-4000-8000-${(0x5eed0000 + j * 104729).toString(16).padStart(12, '0')}`,
);

let OPPORTUNITIES = COLLIDING;
let KEY = { opportunities: new UuidIndex(OPPORTUNITIES), allocatable: ALLOCATABLE };

/** The columns PostgreSQL sends for these rows, in the order given. */
function columnsOf(rows: readonly Row[]): LiveListsColumns {
  const width = KEY.opportunities.width;
  const parts: Buffer[] = [];
  for (const r of rows) {
    const head = Buffer.alloc(4);
    head.writeInt32BE(r.applications.length);
    parts.push(head);
    for (const a of r.applications) {
      const code = Buffer.alloc(4);
      code.writeInt32BE(a.rank * 4 + a.status);
      parts.push(uuidBytes(OPPORTUNITIES[a.j]).subarray(16 - width), code, Buffer.alloc(16, a.idByte));
    }
  }
  return {
    n: rows.length,
    ids: rows.map((r) => r.id).join(''),
    orgs: ORGANISATIONS.join(','),
    organisations: rows.map((r) => (r.organisation === null ? '' : String(r.organisation))).join(','),
    applications: Buffer.concat(parts),
  };
}

const rowsArb = fc
  .uniqueArray(
    fc.uuid().map((u) => u.toLowerCase()),
    { maxLength: 12 },
  )
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(
        fc.record({
          organisation: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
          // One live application per opportunity; ranks 1 to 10 unique per candidate, or none (0).
          applications: fc
            .uniqueArray(
              fc.record({
                j: fc.integer({ min: 0, max: OPPORTUNITIES.length - 1 }),
                status: fc.integer({ min: 0, max: 3 }),
                idByte: fc.integer({ min: 0, max: 255 }),
              }),
              { selector: (a) => a.j, maxLength: 6 },
            )
            .chain((applications) =>
              fc
                .shuffledSubarray(
                  Array.from({ length: 10 }, (_, k) => k + 1),
                  { minLength: applications.length, maxLength: applications.length },
                )
                .chain((ranks) =>
                  fc
                    .array(fc.boolean(), { minLength: applications.length, maxLength: applications.length })
                    .map((chosen) =>
                      applications.map((a, k): Application => ({ ...a, rank: chosen[k] ? ranks[k] : 0 })),
                    ),
                ),
            ),
        }),
        { minLength: ids.length, maxLength: ids.length },
      ),
    ),
  )
  .map(([ids, rest]) => ids.map((id, i): Row => ({ id, ...rest[i] })));

describe.each([
  ['16 bytes (opportunities whose last 8 bytes collide)', COLLIDING, 16],
  ['8 bytes', RANDOM, 8],
])('liveListsOfColumns, each opportunity sent as %s', (_, opportunities, width) => {
  beforeAll(() => {
    OPPORTUNITIES = opportunities;
    KEY = { opportunities: new UuidIndex(OPPORTUNITIES), allocatable: ALLOCATABLE };
  });

  it('tells the opportunities apart by that many bytes', () => {
    expect(KEY.opportunities.width).toBe(width);
  });

  it('gives the candidates sorted by id, their live choices in rank order and their applications by code, whatever order the rows come in', () => {
    fc.assert(
      fc.property(rowsArb, fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (rows, keys) => {
        const shuffled = rows
          .map((r, k) => ({ r, key: keys[k] }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.r);
        const lists = liveListsOfColumns(columnsOf(shuffled), KEY);
        const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(lists.candidateIds).toEqual(sorted.map((r) => r.id));
        expect(lists.organisationIds).toEqual(
          sorted.map((r) => (r.organisation === null ? '' : ORGANISATIONS[r.organisation])),
        );
        sorted.forEach((r, i) => {
          expect(
            Array.from(lists.choiceOpportunity.subarray(lists.choiceStart[i], lists.choiceStart[i + 1])),
          ).toEqual(
            r.applications
              .filter((a) => a.rank > 0 && ALLOCATABLE[a.status])
              .sort((a, b) => a.rank - b.rank)
              .map((a) => a.j),
          );
          const from = lists.applicationStart[i];
          const to = lists.applicationStart[i + 1];
          const byCode = r.applications.map((a) => ({ code: a.j * 4 + a.status, idByte: a.idByte }));
          byCode.sort((a, b) => a.code - b.code);
          expect(Array.from(lists.applicationCode.subarray(from, to))).toEqual(byCode.map((a) => a.code));
          expect(Array.from(lists.applicationIds.subarray(16 * from, 16 * to))).toEqual(
            byCode.flatMap((a) => new Array<number>(16).fill(a.idByte)),
          );
        });
        expect(lists.choiceStart[rows.length]).toBe(lists.choiceOpportunity.length);
        expect(lists.applicationStart[rows.length]).toBe(lists.applicationCode.length);
      }),
    );
  });

  it('refuses an applications column that does not add up, or names an opportunity not of the round', () => {
    const one: Row = {
      id: ORGANISATIONS[0],
      organisation: null,
      applications: [{ j: 1, status: 0, rank: 1, idByte: 1 }],
    };
    const columns = columnsOf([one]);
    expect(liveListsOfColumns(columns, KEY).choiceOpportunity).toEqual(Int32Array.from([1]));
    expect(() =>
      liveListsOfColumns({ ...columns, applications: columns.applications.subarray(0, 20) }, KEY),
    ).toThrow(/malformed applications/);
    const stranger = Buffer.from(columns.applications);
    stranger[4 + width - 1] ^= 0xff;
    expect(() => liveListsOfColumns({ ...columns, applications: stranger }, KEY)).toThrow(
      /malformed applications/,
    );
  });
});

describe('UuidIndex', () => {
  it('finds each uuid’s index from its bytes, and -1 for any other', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.uuid().map((u) => u.toLowerCase()),
          { maxLength: 200 },
        ),
        fc.uuid().map((u) => u.toLowerCase()),
        (ids, other) => {
          const index = new UuidIndex(ids);
          const at = 16 - index.width;
          ids.forEach((id, j) => expect(index.find(uuidBytes(id), at)).toBe(j));
          expect(index.find(uuidBytes(other), at)).toBe(ids.indexOf(other));
        },
      ),
    );
  });

  it('reads 16 bytes where the last 8 do not tell the uuids apart', () => {
    const index = new UuidIndex(COLLIDING);
    expect(index.width).toBe(16);
    COLLIDING.forEach((id, j) => expect(index.find(uuidBytes(id), 0)).toBe(j));
  });

  it('refuses a text that is not a uuid, and a uuid twice', () => {
    expect(() => new UuidIndex(['not-a-uuid'])).toThrow(/not a uuid/);
    expect(() => new UuidIndex([RANDOM[0], RANDOM[1], RANDOM[0]])).toThrow(/twice/);
  });
});
