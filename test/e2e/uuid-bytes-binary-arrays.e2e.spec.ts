import fc from 'fast-check';
import {
  int4ArrayBinary,
  textArrayBinary,
  textArrayBinaryInSlices,
  textArrayBinaryOf,
  uuidArrayBinary,
  uuidBytes,
  uuidText,
} from '../../src/common/database/uuid-bytes';
import { serverClientForFile } from '../utils/test-database';

/** What PostgreSQL reads from the binary arrays a national round's closures send (no table). */
describe('uuid[], int4[] and text[] parameters in PostgreSQL’s binary format', () => {
  const server = serverClientForFile();

  const uuid = fc.uuid().map((u) => u.toLowerCase());

  it('reads the picked uuids, in the order picked, and the integers as sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(uuid, { minLength: 1, maxLength: 40 }).chain((ids) =>
          fc.record({
            ids: fc.constant(ids),
            picked: fc.array(fc.nat(ids.length - 1), { maxLength: 60 }),
            values: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 60 }),
          }),
        ),
        async ({ ids, picked, values }) => {
          const bytes = uuidBytes(ids);
          const { rows } = await server().query<{ ids: string[]; values: number[]; n: number; m: number }>(
            `SELECT $1::uuid[] AS ids, $2::int4[] AS values,
                    cardinality($1::uuid[]) AS n, cardinality($2::int4[]) AS m`,
            [uuidArrayBinary(bytes, picked), int4ArrayBinary(values)],
          );
          expect(rows[0]).toEqual({
            ids: picked.map((k) => ids[k]),
            values,
            n: picked.length,
            m: values.length,
          });
          expect(picked.map((k) => uuidText(bytes, k))).toEqual(picked.map((k) => ids[k]));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads the arrays as 1-based, so that the closures’ slices and width_bucket see what was sent', async () => {
    const ids = ['00000000-0000-0000-0000-000000000001', 'ffffffff-ffff-ffff-ffff-fffffffffffe'];
    const { rows } = await server().query<{ first: string; lower: number; bucket: number }>(
      `SELECT ($1::uuid[])[1] AS first, array_lower($2::int4[], 1) AS lower,
              width_bucket(5, $2::int4[]) AS bucket`,
      [uuidArrayBinary(uuidBytes(ids), [0, 1]), int4ArrayBinary([1, 4, 9])],
    );
    expect(rows[0]).toEqual({ first: ids[0], lower: 1, bucket: 2 });
  });

  it('reads texts of any characters as sent, whole or written in slices, empty texts and arrays too', async () => {
    // Texts PostgreSQL accepts: no NUL character, and no lone surrogates (not UTF-8).
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((t) => t.replace(/\0/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(text, { maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        async (texts, slice) => {
          const bytes = texts.map((t) => Buffer.from(t, 'utf8'));
          const lengthOf = (k: number): number => bytes[k].length;
          const write = (out: Buffer, at: number, k: number): void => void bytes[k].copy(out, at);
          const sent = [
            textArrayBinary(texts),
            textArrayBinaryOf(texts.length, lengthOf, write),
            await textArrayBinaryInSlices(texts.length, lengthOf, write, slice),
          ];
          expect(sent[1].equals(sent[0]) && sent[2].equals(sent[0])).toBe(true);
          const { rows } = await server().query<{ texts: string[]; n: number }>(
            `SELECT $1::text[] AS texts, coalesce(cardinality($1::text[]), 0) AS n`,
            [sent[0]],
          );
          expect(rows[0]).toEqual({ texts, n: texts.length });
        },
      ),
      { numRuns: 60 },
    );
  });
});
