import fc from 'fast-check';
import { liveListsOfColumns, LiveListsColumns } from '../../../src/rounds/rounds.repository';

/** One candidate as `liveListsOfRound` aggregates them: unordered choices and applications. */
interface Row {
  id: string;
  organisation: number | null;
  /** (opportunity index, rank) pairs, in any order. */
  choices: [number, number][];
  /** (code, id byte) pairs, in any order: the id is 16 times that byte. */
  applications: [number, number][];
}

const ORGANISATIONS = [
  '00000000-0000-4000-8000-00000000000a',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-00000000000c',
];

/** The columns PostgreSQL sends for these rows, in the order given. */
function columnsOf(rows: readonly Row[]): LiveListsColumns {
  const parts: Buffer[] = [];
  for (const r of rows) {
    const head = Buffer.alloc(4);
    head.writeInt32BE(r.applications.length);
    parts.push(head);
    for (const [code, byte] of r.applications) {
      const record = Buffer.alloc(20, byte);
      record.writeInt32BE(code);
      parts.push(record);
    }
  }
  return {
    n: rows.length,
    ids: rows.map((r) => r.id).join(''),
    orgs: ORGANISATIONS.join(','),
    organisations: rows.map((r) => (r.organisation === null ? '' : String(r.organisation))).join(','),
    lists: rows.map((r) => r.choices.map(([j, rank]) => `${j},${rank}`).join(',')).join(';'),
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
          choices: fc.uniqueArray(
            fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 })),
            {
              selector: ([, rank]) => rank,
              maxLength: 5,
            },
          ),
          applications: fc.uniqueArray(
            fc.tuple(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 255 })),
            {
              selector: ([code]) => code,
              maxLength: 6,
            },
          ),
        }),
        { minLength: ids.length, maxLength: ids.length },
      ),
    ),
  )
  .map(([ids, rest]) => ids.map((id, i): Row => ({ id, ...rest[i] })));

describe('liveListsOfColumns', () => {
  it('gives the candidates sorted by id, each list in rank order and each candidate’s applications by code, whatever order the rows come in', () => {
    fc.assert(
      fc.property(rowsArb, fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (rows, keys) => {
        const shuffled = rows
          .map((r, k) => ({ r, key: keys[k] }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.r);
        const lists = liveListsOfColumns(columnsOf(shuffled));
        const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(lists.candidateIds).toEqual(sorted.map((r) => r.id));
        expect(lists.organisationIds).toEqual(
          sorted.map((r) => (r.organisation === null ? '' : ORGANISATIONS[r.organisation])),
        );
        sorted.forEach((r, i) => {
          expect(
            Array.from(lists.choiceOpportunity.subarray(lists.choiceStart[i], lists.choiceStart[i + 1])),
          ).toEqual([...r.choices].sort((a, b) => a[1] - b[1]).map(([j]) => j));
          const from = lists.applicationStart[i];
          const to = lists.applicationStart[i + 1];
          const byCode = [...r.applications].sort((a, b) => a[0] - b[0]);
          expect(Array.from(lists.applicationCode.subarray(from, to))).toEqual(byCode.map(([code]) => code));
          expect(Array.from(lists.applicationIds.subarray(16 * from, 16 * to))).toEqual(
            byCode.flatMap(([, byte]) => new Array<number>(16).fill(byte)),
          );
        });
        expect(lists.choiceStart[rows.length]).toBe(lists.choiceOpportunity.length);
        expect(lists.applicationStart[rows.length]).toBe(lists.applicationCode.length);
      }),
    );
  });

  it('refuses an applications column that does not add up', () => {
    const columns = columnsOf([
      { id: ORGANISATIONS[0], organisation: null, choices: [[1, 1]], applications: [[4, 1]] },
    ]);
    expect(liveListsOfColumns(columns).candidateIds).toEqual([ORGANISATIONS[0]]);
    expect(() =>
      liveListsOfColumns({ ...columns, applications: columns.applications.subarray(0, 20) }),
    ).toThrow(/malformed applications/);
  });
});
