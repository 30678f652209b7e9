import fc from 'fast-check';
import {
  binaryArrayElements,
  BinaryCopyParser,
  sqlTextLiteral,
} from '../../../src/common/database/copy-binary';

/** A field: its bytes, or null for NULL. */
type Field = Uint8Array | null;

/** The binary COPY data of these rows, as PostgreSQL writes it (header with an extension area, trailer). */
function copyData(rows: readonly Field[][], extension = Buffer.alloc(0)): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')];
  const head = Buffer.alloc(8);
  head.writeInt32BE(0, 0);
  head.writeUInt32BE(extension.length, 4);
  parts.push(head, extension);
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(field === null ? -1 : field.length);
      parts.push(length);
      if (field !== null) parts.push(Buffer.from(field));
    }
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1);
  parts.push(trailer);
  return Buffer.concat(parts);
}

/** Parses `data` cut at `cuts` (offsets), each row read back as fields. */
function parse(data: Buffer, fields: number, cuts: readonly number[]): Field[][] {
  const out: Field[][] = [];
  const parser = new BinaryCopyParser(fields, (row) => {
    const fieldsRead: Field[] = [];
    for (let f = 0; f < fields; f++) {
      fieldsRead.push(
        row.length[f] < 0
          ? null
          : Uint8Array.from(row.bytes.subarray(row.start[f], row.start[f] + row.length[f])),
      );
    }
    out.push(fieldsRead);
  });
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    parser.push(data.subarray(from, cut));
    from = cut;
  }
  parser.push(data.subarray(from));
  parser.end();
  expect(parser.rows).toBe(out.length);
  return out;
}

const field = fc.option(fc.uint8Array({ maxLength: 20 }), { nil: null, freq: 4 });

describe('BinaryCopyParser', () => {
  it('reads every row and field as written, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((fields) =>
          fc.record({
            fields: fc.constant(fields),
            rows: fc.array(fc.array(field, { minLength: fields, maxLength: fields }), { maxLength: 12 }),
            extension: fc.uint8Array({ maxLength: 6 }),
          }),
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        ({ fields, rows, extension }, cuts) => {
          const data = copyData(rows, Buffer.from(extension));
          const read = parse(
            data,
            fields,
            cuts.map((c) => c % (data.length + 1)),
          );
          expect(read).toEqual(rows.map((row) => row.map((f) => (f === null ? null : Uint8Array.from(f)))));
        },
      ),
    );
  });

  it('reads it fed a byte at a time', () => {
    const rows: Field[][] = [
      [Uint8Array.from([1, 2, 3]), null],
      [new Uint8Array(0), Uint8Array.from([255])],
    ];
    const data = copyData(rows);
    expect(
      parse(
        data,
        2,
        Array.from({ length: data.length }, (_, k) => k),
      ),
    ).toEqual(rows);
  });

  it('refuses data that is not binary COPY, rows of another width, and data cut before its trailer', () => {
    const data = copyData([[Uint8Array.from([7])]]);
    expect(() => parse(Buffer.from('PGCOPX\n\xff\r\n\0\0\0\0\0\0\0\0\0\xff\xff', 'latin1'), 1, [])).toThrow(
      /signature/,
    );
    expect(() => parse(data, 2, [])).toThrow(/a row of 1 fields, not 2/);
    const parser = new BinaryCopyParser(1, () => undefined);
    parser.push(data.subarray(0, data.length - 2));
    expect(() => parser.end()).toThrow(/ended before its trailer/);
    expect(() => parse(Buffer.concat([data, Buffer.from([0])]), 1, [])).toThrow(/after the trailer/);
  });
});

describe('binaryArrayElements', () => {
  /** A one-dimensional array as array_send writes it, of elements of `size` bytes (null: NULL). */
  function arrayBytes(elements: (Buffer | null)[], size: number, dimensions = 1): Buffer {
    const head = Buffer.alloc(20);
    head.writeInt32BE(elements.length === 0 ? 0 : dimensions, 0);
    head.writeInt32BE(elements.some((e) => e === null) ? 1 : 0, 4);
    head.writeInt32BE(2950, 8);
    head.writeInt32BE(elements.length, 12);
    head.writeInt32BE(1, 16);
    const parts: Buffer[] = [elements.length === 0 ? head.subarray(0, 12) : head];
    for (const e of elements) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(e === null ? -1 : size);
      parts.push(length, e ?? Buffer.alloc(0));
    }
    return Buffer.concat(parts);
  }

  it('finds each element, and nothing in an empty array', () => {
    const elements = [Buffer.alloc(4, 1), Buffer.alloc(4, 2), Buffer.alloc(4, 3)];
    const bytes = Buffer.concat([Buffer.from([9, 9]), arrayBytes(elements, 4)]);
    const at: number[] = [99];
    binaryArrayElements(bytes, 2, bytes.length - 2, 4, at);
    expect(at.map((a) => bytes[a])).toEqual([1, 2, 3]);
    const empty = arrayBytes([], 4);
    binaryArrayElements(empty, 0, empty.length, 4, at);
    expect(at).toEqual([]);
  });

  it('refuses NULL elements, elements of another size and arrays of two dimensions', () => {
    const withNull = arrayBytes([Buffer.alloc(4), null], 4);
    expect(() => binaryArrayElements(withNull, 0, withNull.length, 4, [])).toThrow(/another size/);
    const wide = arrayBytes([Buffer.alloc(4)], 4);
    expect(() => binaryArrayElements(wide, 0, wide.length, 16, [])).toThrow(/another size/);
    const square = arrayBytes([Buffer.alloc(4)], 4, 2);
    expect(() => binaryArrayElements(square, 0, square.length, 4, [])).toThrow(/2 dimensions/);
  });
});

describe('sqlTextLiteral', () => {
  it('quotes a text, doubling its quotes, and refuses a backslash or NUL', () => {
    expect(sqlTextLiteral("O'Neil")).toBe("'O''Neil'");
    expect(() => sqlTextLiteral('a\\b')).toThrow(/backslash/);
    expect(() => sqlTextLiteral('a\0b')).toThrow(/NUL/);
  });
});
