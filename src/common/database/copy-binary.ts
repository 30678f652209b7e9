import { ClientBase } from 'pg';
import { EntityManager } from 'typeorm';
import { UUID_TEXT_LENGTH, writeUuidBytesOfText } from './uuid-bytes';

/** The 11 bytes a binary COPY starts with: `PGCOPY\n\377\r\n\0`. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Flags bit 16: each row carries its OID (never asked for here). */
const HAS_OIDS = 1 << 16;

/**
 * Reads PostgreSQL's binary COPY format (`COPY ... TO STDOUT (FORMAT binary)`) from chunks cut
 * anywhere, as they come off the socket, and hands each row to `onRow` while it is read: no object
 * per row or field. During `onRow` the row's field f is `bytes[start[f] .. start[f] + length[f])`
 * (length -1 for NULL); the values are in PostgreSQL's binary send format (a uuid its 16 bytes, an
 * int4 four bytes big-endian). `bytes` is valid only during the call. Pure: `copyOutBinary` feeds it.
 */
export class BinaryCopyParser {
  /** The buffer the current row is in. */
  bytes: Buffer = Buffer.alloc(0);
  /** Where each field of the current row starts in `bytes`. */
  readonly start: Int32Array;
  /** Each field's length in bytes, -1 for NULL. */
  readonly length: Int32Array;
  /** Rows handed to `onRow` so far. */
  rows = 0;
  private pending: Buffer | null = null;
  private headerRead = false;
  private ended = false;

  constructor(
    /** Fields per row: the statement's columns (a row with any other count is refused). */
    readonly fields: number,
    private readonly onRow: (row: BinaryCopyParser) => void,
  ) {
    this.start = new Int32Array(fields);
    this.length = new Int32Array(fields);
  }

  /** The next chunk of the data, cut anywhere. */
  push(chunk: Buffer): void {
    if (this.ended) {
      if (chunk.length > 0) throw new Error('binary COPY: data after the trailer');
      return;
    }
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    if (!this.headerRead) {
      if (buf.length < 19) return this.keep(buf, 0);
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new Error('binary COPY: not its signature');
      if ((buf.readInt32BE(11) & HAS_OIDS) !== 0) throw new Error('binary COPY: rows with OIDs');
      const extension = buf.readUInt32BE(15);
      if (buf.length < 19 + extension) return this.keep(buf, 0);
      at = 19 + extension;
      this.headerRead = true;
    }
    const n = buf.length;
    const fields = this.fields;
    while (at + 2 <= n) {
      const count = buf.readInt16BE(at);
      if (count === -1) {
        if (at + 2 !== n) throw new Error('binary COPY: data after the trailer');
        this.ended = true;
        return;
      }
      if (count !== fields) throw new Error(`binary COPY: a row of ${count} fields, not ${fields}`);
      let p = at + 2;
      let f = 0;
      for (; f < fields; f++) {
        if (p + 4 > n) break;
        const length = buf.readInt32BE(p);
        p += 4;
        if (length < 0) {
          if (length !== -1) throw new Error('binary COPY: a negative field length');
          this.start[f] = p;
          this.length[f] = -1;
          continue;
        }
        if (p + length > n) break;
        this.start[f] = p;
        this.length[f] = length;
        p += length;
      }
      if (f < fields) break; // the row goes on in the next chunk
      this.bytes = buf;
      this.onRow(this);
      this.rows++;
      at = p;
    }
    if (at < n) this.keep(buf, at);
  }

  /** After the last chunk: refuses data that stopped before its trailer. */
  end(): void {
    if (!this.ended) throw new Error('binary COPY: the data ended before its trailer');
  }

  /** Keeps what is left of `buf` from `at` (a row cut by the chunk's end) for the next chunk. */
  private keep(buf: Buffer, at: number): void {
    this.pending = Buffer.from(buf.subarray(at));
  }
}

/** What node-postgres hands a query it was given as an object with `submit` (a "submittable"). */
interface PgConnection {
  query(text: string): void;
}

/**
 * `COPY ... TO STDOUT (FORMAT binary)` as a node-postgres submittable: pg parses the protocol and
 * hands each CopyData message (a row, in binary COPY) to `handleCopyData`, which feeds the parser.
 * Measured on a national round's 6 million rows, without handling them: 1.8 s of CPU this way,
 * 2.3 s through pg-copy-streams' stream (which parses the protocol again and makes buffers per row),
 * and no dependency.
 */
class BinaryCopyOut {
  private failed: unknown = null;

  constructor(
    private readonly text: string,
    private readonly parser: BinaryCopyParser,
    private readonly done: (err: unknown) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failed !== null) return;
    try {
      this.parser.push(message.chunk);
    } catch (err) {
      // Keep reading to the end, so that the connection is left ready for its next statement.
      this.failed = err;
    }
  }

  handleError(err: unknown): void {
    this.done(err);
  }

  handleReadyForQuery(): void {
    if (this.failed === null) {
      try {
        this.parser.end();
      } catch (err) {
        this.failed = err;
      }
    }
    this.done(this.failed);
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
}

/**
 * Runs `COPY (select) TO STDOUT (FORMAT binary)` on a node-postgres client and hands each row to
 * `onRow` as it arrives (`BinaryCopyParser`); the number of rows. For reads of a whole national
 * round (millions of rows): PostgreSQL writes each value in its binary form, no text to build or
 * parse, and no aggregate holds the rows. COPY takes no parameters: `select` must hold only
 * literals this codebase wrote (checked ids, constants), never input. An error thrown by `onRow`
 * stops the rows being handed on; the rest of the data is still read (the connection is left ready
 * for its next statement) and the error is thrown then.
 */
export function copyRowsOut(
  client: ClientBase,
  select: string,
  fields: number,
  onRow: (row: BinaryCopyParser) => void,
): Promise<number> {
  const parser = new BinaryCopyParser(fields, onRow);
  return new Promise<number>((resolve, reject) => {
    const copy = new BinaryCopyOut(`COPY (${select}) TO STDOUT (FORMAT binary)`, parser, (err) =>
      err === null ? resolve(parser.rows) : reject(err instanceof Error ? err : new Error(String(err))),
    );
    void client.query(copy as unknown as Parameters<ClientBase['query']>[0]);
  });
}

/** `copyRowsOut` on `em`'s connection (in its transaction, if any). */
export async function copyOutBinary(
  em: EntityManager,
  select: string,
  fields: number,
  onRow: (row: BinaryCopyParser) => void,
): Promise<number> {
  const runner = em.queryRunner;
  if (!runner) throw new Error('copyOutBinary needs a query runner (a transaction’s manager)');
  return copyRowsOut((await runner.connect()) as ClientBase, select, fields, onRow);
}

/** What node-postgres lends a submittable to send COPY data with (its `Connection`). */
interface PgCopyInConnection {
  sendCopyFromChunk(chunk: Uint8Array): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/**
 * `COPY ... FROM STDIN (FORMAT binary)` as a node-postgres submittable: once PostgreSQL asks for the
 * data (CopyInResponse) it sends `chunks` as CopyData messages, waiting whenever the socket's buffer
 * is full, then CopyDone (CopyFail if taking the next chunk throws).
 */
class BinaryCopyIn {
  private rows = 0;
  /** PostgreSQL refused the data: nothing more is sent (it reads no more of it). */
  private refused = false;

  constructor(
    private readonly text: string,
    private readonly chunks: Iterable<Uint8Array>,
    private readonly done: (err: unknown, rows: number) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgCopyInConnection): void {
    void this.send(connection);
  }

  private async send(connection: PgCopyInConnection): Promise<void> {
    try {
      for (const chunk of this.chunks) {
        if (this.refused) return;
        connection.sendCopyFromChunk(chunk);
        if (connection.stream.writableNeedDrain) {
          await new Promise<void>((resolve) => connection.stream.once('drain', () => resolve()));
        }
      }
    } catch (err) {
      connection.sendCopyFail(err instanceof Error ? err.message : String(err));
      return;
    }
    if (!this.refused) connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/^COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleError(err: unknown): void {
    this.refused = true;
    this.done(err, 0);
  }

  handleReadyForQuery(): void {
    this.done(null, this.rows);
  }

  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Runs `copy` (a `COPY ... FROM STDIN (FORMAT binary)` statement) on a node-postgres client, sending
 * `chunks`: the binary COPY data (`binaryCopyData`), cut anywhere. The number of rows copied. For
 * values too large to pass as a parameter (pg copies each parameter whole into its message): a
 * national round's input text (328 MB) goes in slices, each sent as it is taken, and PostgreSQL
 * stores it as one value.
 */
export function copyRowsIn(client: ClientBase, copy: string, chunks: Iterable<Uint8Array>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const submittable = new BinaryCopyIn(copy, chunks, (err, rows) =>
      err === null ? resolve(rows) : reject(err instanceof Error ? err : new Error(String(err))),
    );
    void client.query(submittable as unknown as Parameters<ClientBase['query']>[0]);
  });
}

/**
 * `copyRowsIn` on `em`'s connection (in its transaction, if any; else on a pooled connection of its
 * own for this statement).
 */
export async function copyInBinary(
  em: EntityManager,
  copy: string,
  chunks: Iterable<Uint8Array>,
): Promise<number> {
  const own = em.queryRunner ? null : em.connection.createQueryRunner('master');
  const runner = em.queryRunner ?? own;
  if (!runner) throw new Error('copyInBinary needs a connection');
  try {
    return await copyRowsIn((await runner.connect()) as ClientBase, copy, chunks);
  } finally {
    await own?.release();
  }
}

/**
 * Rows in PostgreSQL's binary COPY format, as chunks to send: the header, each row's field count,
 * each field's length and bytes (its binary send form: a uuid's 16 bytes, a text's UTF-8 bytes), and
 * the trailer. Small pieces are gathered into one chunk; a field longer than `sliceBytes` is handed
 * on as views of `sliceBytes` each (no copy). For a few rows with large values (each chunk is one
 * CopyData message).
 */
export function* binaryCopyData(
  rows: Iterable<readonly Uint8Array[]>,
  sliceBytes = 1 << 20,
): Generator<Uint8Array> {
  let small: Buffer[] = [SIGNATURE, Buffer.alloc(8)];
  const int = (bytes: 2 | 4, value: number): void => {
    const out = Buffer.alloc(bytes);
    if (bytes === 2) out.writeInt16BE(value);
    else out.writeInt32BE(value);
    small.push(out);
  };
  for (const fields of rows) {
    int(2, fields.length);
    for (const field of fields) {
      int(4, field.byteLength);
      if (field.byteLength <= sliceBytes) {
        small.push(Buffer.from(field.buffer, field.byteOffset, field.byteLength));
        continue;
      }
      yield Buffer.concat(small);
      small = [];
      for (let at = 0; at < field.byteLength; at += sliceBytes) {
        yield Buffer.from(field.buffer, field.byteOffset + at, Math.min(sliceBytes, field.byteLength - at));
      }
    }
  }
  int(2, -1);
  yield Buffer.concat(small);
}

/**
 * A constant text as an SQL string literal, for `copyOutBinary`'s statements (COPY takes no
 * parameters): quotes doubled, and refused if it holds a backslash or a NUL (with
 * `standard_conforming_strings`, PostgreSQL's default since 9.1, nothing else is special).
 */
export function sqlTextLiteral(value: string): string {
  if (/[\\\0]/.test(value)) throw new Error('sqlTextLiteral: a backslash or NUL');
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The elements of a one-dimensional array in PostgreSQL's binary form (`bytes[start .. start +
 * length)`, as `array_send` writes it), each of `elementBytes` bytes: where each starts, written into
 * `out` (emptied first). Refuses an array of other dimensions, with NULLs, or elements of another size.
 */
export function binaryArrayElements(
  bytes: Buffer,
  start: number,
  length: number,
  elementBytes: number,
  out: number[],
): void {
  out.length = 0;
  if (length < 12) throw new Error('binary array: too short');
  const dimensions = bytes.readInt32BE(start);
  if (dimensions === 0) return;
  if (dimensions !== 1 || length < 20) throw new Error(`binary array: ${dimensions} dimensions`);
  const n = bytes.readInt32BE(start + 12);
  if (n < 0 || 20 + n * (4 + elementBytes) !== length) throw new Error('binary array: of another size');
  for (let k = 0, at = start + 20; k < n; k++, at += 4 + elementBytes) {
    if (bytes.readInt32BE(at) !== elementBytes)
      throw new Error('binary array: an element of another size, or NULL');
    out.push(at + 4);
  }
}

/** Element type oids of the arrays `BinaryCopyRows` writes (pg_type). */
const UUID_ELEMENT_OID = 2950;
const INT2_ELEMENT_OID = 21;

/**
 * Many small rows written straight into PostgreSQL's binary COPY format (`COPY ... FROM STDIN
 * (FORMAT binary)`), chunk after chunk of about `chunkBytes`: each value written in place from the
 * texts it is given (uuids, and lists of them or of small integers joined by commas, as
 * `RunInputCandidateRows` holds them), no buffer per row or field, no text for PostgreSQL to split
 * and cast. A row starts with `row(fields, maxBytes)`, which keeps it whole in one chunk, and then
 * gets exactly `fields` values. `take()` hands over the chunks written in full so far (each the
 * data of one CopyData message); `end()` writes the trailer and hands over the rest. Throws on a
 * text that is not what it should be (a malformed uuid, a number out of range): the chunk being
 * written is then unusable, and the COPY is to be failed (`copyRowsIn` does so when taking the next
 * chunk throws).
 */
export class BinaryCopyRows {
  private out: Buffer;
  private at = 0;
  private full: Buffer[] = [];
  /** The number of rows started. */
  rows = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.out = Buffer.allocUnsafe(Math.max(chunkBytes, SIGNATURE.length + 8));
    this.at = SIGNATURE.copy(this.out, 0);
    this.out.fill(0, this.at, this.at + 8);
    this.at += 8;
  }

  /** Starts a row of `fields` values, which with their lengths take at most `maxBytes`. */
  row(fields: number, maxBytes: number): void {
    if (this.at + 2 + maxBytes > this.out.length) this.next(2 + maxBytes);
    this.out.writeInt16BE(fields, this.at);
    this.at += 2;
    this.rows++;
  }

  /** A NULL. */
  null(): void {
    this.out.writeInt32BE(-1, this.at);
    this.at += 4;
  }

  /** A `boolean`. */
  boolean(value: boolean): void {
    this.out.writeInt32BE(1, this.at);
    this.out[this.at + 4] = value ? 1 : 0;
    this.at += 5;
  }

  /** An `integer`. */
  int4(value: number): void {
    this.out.writeInt32BE(4, this.at);
    this.out.writeInt32BE(value, this.at + 4);
    this.at += 8;
  }

  /** A `uuid` from its 16 bytes at `bytes[16 * index ..]`. */
  uuidBytes(bytes: Uint8Array, index: number): void {
    this.out.writeInt32BE(16, this.at);
    this.out.set(bytes.subarray(16 * index, 16 * index + 16), this.at + 4);
    this.at += 20;
  }

  /** A `uuid` from its text (any case), or NULL for ''. */
  uuidOrNull(text: string): void {
    if (text === '') return this.null();
    if (text.length !== UUID_TEXT_LENGTH) throw new Error(`BinaryCopyRows: not a uuid: ${text}`);
    this.out.writeInt32BE(16, this.at);
    if (!writeUuidBytesOfText(text, 0, this.out, this.at + 4))
      throw new Error(`BinaryCopyRows: not a uuid: ${text}`);
    this.at += 20;
  }

  /** A `uuid[]` from the uuids' texts joined by commas ('' for none). */
  uuidArray(list: string): void {
    const n = list === '' ? 0 : (list.length + 1) / (UUID_TEXT_LENGTH + 1);
    if (!Number.isInteger(n)) throw new Error(`BinaryCopyRows: not a list of uuids: ${list}`);
    let at = this.arrayHeader(UUID_ELEMENT_OID, n, 16);
    for (let k = 0; k < n; k++) {
      const from = k * (UUID_TEXT_LENGTH + 1);
      if (k > 0 && list.charCodeAt(from - 1) !== 44)
        throw new Error(`BinaryCopyRows: not a list of uuids: ${list}`);
      this.out.writeInt32BE(16, at);
      if (!writeUuidBytesOfText(list, from, this.out, at + 4)) {
        throw new Error(`BinaryCopyRows: not a list of uuids: ${list}`);
      }
      at += 20;
    }
    this.at = at;
  }

  /** A `smallint[]` from the numbers (0 to 32767, in decimal) joined by commas ('' for none). */
  int2Array(list: string): void {
    if (list === '') {
      this.arrayHeader(INT2_ELEMENT_OID, 0, 2);
      return;
    }
    let n = 1;
    for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) n++;
    let at = this.arrayHeader(INT2_ELEMENT_OID, n, 2);
    let value = 0;
    let digits = 0;
    for (let i = 0; i <= list.length; i++) {
      const c = i < list.length ? list.charCodeAt(i) : 44;
      if (c >= 48 && c <= 57 && digits < 5) {
        value = value * 10 + (c - 48);
        digits++;
        continue;
      }
      if (c !== 44 || digits === 0 || value > 32767) {
        throw new Error(`BinaryCopyRows: not a list of smallints: ${list}`);
      }
      this.out.writeInt32BE(2, at);
      this.out.writeInt16BE(value, at + 4);
      at += 6;
      value = 0;
      digits = 0;
    }
    this.at = at;
  }

  /** The bytes a `uuidArray` of `list` takes at most (with its length). */
  static uuidArrayBytes(list: string): number {
    return 24 + 20 * Math.ceil((list.length + 1) / (UUID_TEXT_LENGTH + 1));
  }

  /** The bytes an `int2Array` of `list` takes at most (with its length). */
  static int2ArrayBytes(list: string): number {
    return 24 + 6 * Math.ceil((list.length + 1) / 2);
  }

  /** The chunks written in full since the last call. */
  take(): Buffer[] {
    const full = this.full;
    this.full = [];
    return full;
  }

  /** Writes the trailer; the chunks not yet taken, the last one included. */
  end(): Buffer[] {
    if (this.at + 2 > this.out.length) this.next(2);
    this.out.writeInt16BE(-1, this.at);
    this.at += 2;
    this.full.push(this.out.subarray(0, this.at));
    this.out = Buffer.alloc(0);
    this.at = 0;
    return this.take();
  }

  /** A one-dimensional array's length and header (no NULLs, lower bound 1); where its elements go. */
  private arrayHeader(oid: number, n: number, elementBytes: number): number {
    const at = this.at;
    if (n === 0) {
      this.out.writeInt32BE(12, at);
      this.out.writeInt32BE(0, at + 4);
      this.out.writeInt32BE(0, at + 8);
      this.out.writeInt32BE(oid, at + 12);
      this.at = at + 16;
      return this.at;
    }
    this.out.writeInt32BE(20 + n * (4 + elementBytes), at);
    this.out.writeInt32BE(1, at + 4);
    this.out.writeInt32BE(0, at + 8);
    this.out.writeInt32BE(oid, at + 12);
    this.out.writeInt32BE(n, at + 16);
    this.out.writeInt32BE(1, at + 20);
    return at + 24;
  }

  /** Hands over the chunk written so far and starts one with room for `bytes` more. */
  private next(bytes: number): void {
    this.full.push(this.out.subarray(0, this.at));
    this.out = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
    this.at = 0;
  }
}
