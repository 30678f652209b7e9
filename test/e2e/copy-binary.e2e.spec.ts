import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  binaryArrayElements,
  binaryCopyData,
  BinaryCopyParser,
  BinaryCopyRows,
  copyRowsIn,
  copyRowsOut,
} from '../../src/common/database/copy-binary';
import { uuidBytes, uuidText } from '../../src/common/database/uuid-bytes';
import { serverClientForFile } from '../utils/test-database';

/** What a national round's loader reads by `COPY ... TO STDOUT (FORMAT binary)` (no table). */
describe('rows read by binary COPY', () => {
  const server = serverClientForFile();

  const uuid = fc.uuid().map((u) => u.toLowerCase());

  it('gives each row’s uuids, integers, NULLs and arrays as PostgreSQL holds them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            id: uuid,
            other: fc.option(uuid, { nil: null }),
            n: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
            small: fc.integer({ min: -(2 ** 15), max: 2 ** 15 - 1 }),
            list: fc.array(uuid, { maxLength: 4 }),
          }),
          { maxLength: 30 },
        ),
        async (rows) => {
          const read: typeof rows = [];
          const at: number[] = [];
          const count = await copyRowsOut(
            server(),
            `SELECT r.id::uuid, r.other::uuid, r.n::int4, r.small::int2, r.list::uuid[]
               FROM json_to_recordset('${JSON.stringify(rows).replace(/'/g, "''")}')
                    AS r(id text, other text, n int, small int, list text[])`,
            5,
            (row: BinaryCopyParser) => {
              const b = row.bytes;
              binaryArrayElements(b, row.start[4], row.length[4], 16, at);
              read.push({
                id: uuidText(b.subarray(row.start[0]), 0),
                other: row.length[1] < 0 ? null : uuidText(b.subarray(row.start[1]), 0),
                n: b.readInt32BE(row.start[2]),
                small: b.readInt16BE(row.start[3]),
                list: at.map((a) => uuidText(b.subarray(a), 0)),
              });
            },
          );
          expect(count).toBe(rows.length);
          expect(read).toEqual(rows);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads a million rows, and the connection then answers its next statement', async () => {
    let sum = 0;
    const count = await copyRowsOut(
      server(),
      `SELECT g::int4 FROM generate_series(1, 1000000) g`,
      1,
      (row) => {
        sum += row.bytes.readInt32BE(row.start[0]);
      },
    );
    expect(count).toBe(1_000_000);
    expect(sum).toBe(500_000_500_000);
    const { rows } = await server().query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('rejects with PostgreSQL’s error, or the row handler’s, and leaves the connection usable', async () => {
    await expect(
      copyRowsOut(server(), `SELECT 1 / (g - 3) FROM generate_series(1, 5) g`, 1, () => undefined),
    ).rejects.toThrow(/division by zero/);
    let seen = 0;
    await expect(
      copyRowsOut(server(), `SELECT g FROM generate_series(1, 50000) g`, 1, () => {
        seen++;
        if (seen === 10) throw new Error('refused by the handler');
      }),
    ).rejects.toThrow(/refused by the handler/);
    expect(seen).toBe(10);
    await expect(copyRowsOut(server(), `SELECT 1, 2`, 1, () => undefined)).rejects.toThrow(/2 fields, not 1/);
    const { rows } = await server().query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  describe('copied in', () => {
    beforeAll(() => server().query(`CREATE TEMP TABLE copied (id uuid NOT NULL, body text NOT NULL)`));
    beforeEach(() => server().query(`TRUNCATE copied`));

    it('stores each row’s values, a text sent in slices cut anywhere (inside a character too) as one value', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              id: uuid,
              body: fc.string({ unit: 'binary', maxLength: 60 }).map((b) => b.replace(/\0/g, '')),
            }),
            {
              maxLength: 6,
            },
          ),
          fc.integer({ min: 1, max: 9 }),
          async (rows, slice) => {
            await server().query(`TRUNCATE copied`);
            const count = await copyRowsIn(
              server(),
              `COPY copied (id, body) FROM STDIN (FORMAT binary)`,
              binaryCopyData(
                rows.map((r) => [uuidBytes([r.id]), Buffer.from(r.body, 'utf8')]),
                slice,
              ),
            );
            expect(count).toBe(rows.length);
            const { rows: stored } = await server().query<{ id: string; body: string }>(
              `SELECT id::text, body FROM copied`,
            );
            expect(stored.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
              [...rows].sort((a, b) => (a.id < b.id ? -1 : 1)),
            );
          },
        ),
        { numRuns: 40 },
      );
    });

    it('stores a text of 64 MB in slices of 1 MB', async () => {
      const body = Buffer.alloc(64 * 1024 * 1024, 'é'.normalize()).subarray(0, 64 * 1024 * 1024);
      const id = '00000000-0000-4000-8000-000000000064';
      await copyRowsIn(
        server(),
        `COPY copied (id, body) FROM STDIN (FORMAT binary)`,
        binaryCopyData([[uuidBytes([id]), body]]),
      );
      const { rows } = await server().query<{ bytes: number; md5: string }>(
        `SELECT octet_length(body) AS bytes, md5(body) FROM copied WHERE id = $1`,
        [id],
      );
      expect(rows).toEqual([{ bytes: body.length, md5: createHash('md5').update(body).digest('hex') }]);
    });

    it('rejects what PostgreSQL refuses (bytes that are not UTF-8), and leaves the connection usable', async () => {
      await expect(
        copyRowsIn(
          server(),
          `COPY copied (id, body) FROM STDIN (FORMAT binary)`,
          binaryCopyData([[uuidBytes(['00000000-0000-4000-8000-000000000001']), Buffer.from([0x41, 0xff])]]),
        ),
      ).rejects.toThrow(/invalid byte sequence/);
      await expect(
        copyRowsIn(
          server(),
          `COPY copied (id, body) FROM STDIN (FORMAT binary)`,
          (function* () {
            yield Buffer.from('PGCOPY');
            throw new Error('the data could not be made');
          })(),
        ),
      ).rejects.toThrow(/the data could not be made/);
      const { rows } = await server().query<{ n: number }>('SELECT count(*)::int AS n FROM copied');
      expect(rows).toEqual([{ n: 0 }]);
    });
  });

  describe('written in place (BinaryCopyRows)', () => {
    beforeAll(() =>
      server().query(
        `CREATE TEMP TABLE written (n int NOT NULL, id uuid NOT NULL, ids uuid[] NOT NULL,
                                    small smallint[] NOT NULL, maybe uuid, flag boolean NOT NULL)`,
      ),
    );

    interface Row {
      id: string;
      ids: string[];
      small: number[];
      maybe: string | null;
      flag: boolean;
    }

    /** The rows' COPY data as `BinaryCopyRows` writes it, from the texts the rows per candidate hold. */
    function* rowsData(rows: readonly Row[], chunkBytes: number): Generator<Uint8Array> {
      const out = new BinaryCopyRows(chunkBytes);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const ids = r.ids.join(',');
        const small = r.small.join(',');
        out.row(
          6,
          8 + 20 + BinaryCopyRows.uuidArrayBytes(ids) + BinaryCopyRows.int2ArrayBytes(small) + 20 + 5,
        );
        out.int4(i);
        out.uuidOrNull(r.id);
        out.uuidArray(ids);
        out.int2Array(small);
        out.uuidOrNull(r.maybe ?? '');
        out.boolean(r.flag);
        yield* out.take();
      }
      yield* out.end();
    }

    const row = fc.record({
      id: uuid,
      ids: fc.array(uuid, { maxLength: 5 }),
      small: fc.array(fc.integer({ min: 0, max: 32767 }), { maxLength: 5 }),
      maybe: fc.option(uuid, { nil: null }),
      flag: fc.boolean(),
    });

    it('stores every value as written (empty lists too), whatever the chunk size', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(row, { maxLength: 12 }),
          fc.integer({ min: 16, max: 400 }),
          async (rows, chunk) => {
            await server().query(`TRUNCATE written`);
            const count = await copyRowsIn(
              server(),
              `COPY written (n, id, ids, small, maybe, flag) FROM STDIN (FORMAT binary)`,
              rowsData(rows, chunk),
            );
            expect(count).toBe(rows.length);
            const { rows: stored } = await server().query<Row>(
              `SELECT id::text, ids::text[] AS ids, small::int[] AS small, maybe::text, flag FROM written ORDER BY n`,
            );
            expect(stored).toEqual(rows);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('reads uuids in capitals as PostgreSQL does', async () => {
      await server().query(`TRUNCATE written`);
      const id = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
      await copyRowsIn(
        server(),
        `COPY written (n, id, ids, small, maybe, flag) FROM STDIN (FORMAT binary)`,
        rowsData([{ id, ids: [id], small: [], maybe: null, flag: false }], 1 << 20),
      );
      const { rows } = await server().query<{ same: boolean }>(
        `SELECT id = $1::uuid AND ids = ARRAY[$1::uuid] AS same FROM written`,
        [id],
      );
      expect(rows).toEqual([{ same: true }]);
    });

    it('refuses a malformed uuid or list, or a number out of range, and nothing is stored', async () => {
      await server().query(`TRUNCATE written`);
      const good = '00000000-0000-4000-8000-000000000001';
      const bad: Row[] = [
        { id: good.replace('4', 'g'), ids: [], small: [], maybe: null, flag: true },
        { id: good.replace(/-/g, '') + '----', ids: [], small: [], maybe: null, flag: true },
        { id: good, ids: [good, good.slice(1)], small: [], maybe: null, flag: true },
        { id: good, ids: [], small: [32768], maybe: null, flag: true },
        { id: good, ids: [], small: [-1], maybe: null, flag: true },
      ];
      for (const r of bad) {
        await expect(
          copyRowsIn(
            server(),
            `COPY written (n, id, ids, small, maybe, flag) FROM STDIN (FORMAT binary)`,
            rowsData([{ id: good, ids: [good], small: [1], maybe: good, flag: false }, r], 64),
          ),
        ).rejects.toThrow(/BinaryCopyRows: not a/);
      }
      const { rows } = await server().query<{ n: number }>('SELECT count(*)::int AS n FROM written');
      expect(rows).toEqual([{ n: 0 }]);
    });
  });
});
