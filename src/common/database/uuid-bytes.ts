/**
 * Uuids kept as their 16 bytes (a national round reads 3 million application ids into one
 * `Uint8Array`, `LiveLists.applicationIds`) written back as PostgreSQL reads them, no string per
 * id: as text, or as arrays in PostgreSQL's binary format (with `int4[]` beside); and `text[]`
 * parameters in that format, their texts written as bytes in place (a round's notices and events).
 */
import { nextTurn } from '../next-turn';

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Characters of a uuid's text (8-4-4-4-12 hexadecimal digits). */
export const UUID_TEXT_LENGTH = 36;

/** Writes the uuid of bytes `16 * index` to `16 * index + 15` as text into `out` at `at`; returns the end. */
export function writeUuidText(bytes: Uint8Array, index: number, out: Uint8Array, at: number): number {
  return writeUuidTextFrom(bytes, 16 * index, out, at);
}

/** Writes the uuid of the 16 bytes at `from` as text into `out` at `at`; returns the end. */
export function writeUuidTextFrom(bytes: Uint8Array, from: number, out: Uint8Array, at: number): number {
  for (let b = 0; b < 16; b++) {
    if (b === 4 || b === 6 || b === 8 || b === 10) out[at++] = 45; // '-'
    const byte = bytes[from + b];
    out[at++] = HEX_DIGITS[byte >> 4];
    out[at++] = HEX_DIGITS[byte & 15];
  }
  return at;
}

/**
 * Per 16-bit value, its four hexadecimal digits as one little-endian word of their characters: a
 * uuid's text written four characters per store (`writeUuidTextInView`), not one per store (256 KB).
 */
const HEX_WORDS = new Uint32Array(65536);
for (let v = 0; v < 65536; v++) {
  HEX_WORDS[v] =
    HEX_DIGITS[v >> 12] |
    (HEX_DIGITS[(v >> 8) & 15] << 8) |
    (HEX_DIGITS[(v >> 4) & 15] << 16) |
    (HEX_DIGITS[v & 15] << 24);
}

/** A `DataView` of the same bytes (no copy). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * `writeUuidTextFrom` between `DataView`s: the uuid of the 16 bytes at `from` of `bytes` as text into
 * `out` at `at`, two bytes' four digits per store; returns the end. A round's events and notices
 * write 1.6 million ids; a byte per store was a good part of their cost.
 */
export function writeUuidTextInView(bytes: DataView, from: number, out: DataView, at: number): number {
  out.setUint32(at, HEX_WORDS[bytes.getUint16(from)], true);
  out.setUint32(at + 4, HEX_WORDS[bytes.getUint16(from + 2)], true);
  out.setUint8(at + 8, 45); // '-'
  out.setUint32(at + 9, HEX_WORDS[bytes.getUint16(from + 4)], true);
  out.setUint8(at + 13, 45);
  out.setUint32(at + 14, HEX_WORDS[bytes.getUint16(from + 6)], true);
  out.setUint8(at + 18, 45);
  out.setUint32(at + 19, HEX_WORDS[bytes.getUint16(from + 8)], true);
  out.setUint8(at + 23, 45);
  out.setUint32(at + 24, HEX_WORDS[bytes.getUint16(from + 10)], true);
  out.setUint32(at + 28, HEX_WORDS[bytes.getUint16(from + 12)], true);
  out.setUint32(at + 32, HEX_WORDS[bytes.getUint16(from + 14)], true);
  return at + UUID_TEXT_LENGTH;
}

/** The uuid at `index` of `bytes` as text. */
export function uuidText(bytes: Uint8Array, index: number): string {
  const out = Buffer.allocUnsafe(UUID_TEXT_LENGTH);
  writeUuidText(bytes, index, out, 0);
  return out.toString('latin1');
}

/** A hexadecimal digit's value by its character code; -1 for any other character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(d)] = d;
}

/**
 * Writes the 16 bytes of the uuid whose text (`8-4-4-4-12` hexadecimal digits, any case) starts at
 * `text[from]` into `out[at ..]`, the reverse of `writeUuidText`; false (with `out` partly written)
 * when the text there is no uuid.
 */
export function writeUuidBytesOfText(text: string, from: number, out: Uint8Array, at: number): boolean {
  if (text.length < from + UUID_TEXT_LENGTH) return false;
  let i = from;
  for (let b = 0; b < 16; b++) {
    if (b === 4 || b === 6 || b === 8 || b === 10) {
      if (text.charCodeAt(i) !== 45) return false; // '-'
      i++;
    }
    const c1 = text.charCodeAt(i);
    const c2 = text.charCodeAt(i + 1);
    const high = c1 < 128 ? HEX_VALUE[c1] : -1;
    const low = c2 < 128 ? HEX_VALUE[c2] : -1;
    if (high < 0 || low < 0) return false;
    out[at + b] = (high << 4) | low;
    i += 2;
  }
  return true;
}

/** The 16 bytes of each uuid text (any case, with its hyphens), one after another. */
export function uuidBytes(ids: readonly string[]): Uint8Array {
  const out = new Uint8Array(16 * ids.length);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i].length !== UUID_TEXT_LENGTH || !writeUuidBytesOfText(ids[i], 0, out, 16 * i)) {
      throw new Error(`not a uuid: ${ids[i]}`);
    }
  }
  return out;
}

/** Type oids of PostgreSQL's binary array header (pg_type). */
const UUID_OID = 2950;
const INT4_OID = 23;
const TEXT_OID = 25;

/**
 * A one-dimensional array in PostgreSQL's binary format (`array_recv`): the header (dimensions,
 * no nulls, the element type, the length, lower bound 1), then each element's length and bytes.
 * Passed as a parameter, a `Buffer` is sent in the binary format (pg), and PostgreSQL reads it
 * into `uuid[]` or `int4[]` (the statement's cast names the type) without parsing text: a
 * national round's closures send 1.3 million ids and codes.
 */
function binaryArray(
  oid: number,
  elementBytes: number,
  n: number,
  write: (out: Buffer, at: number, k: number) => void,
): Buffer {
  const array = arrayOfLengths(oid, n, () => elementBytes);
  for (let k = 0, at = 20; k < n; k++) at = array.element(at, k, write);
  return array.out;
}

/**
 * A binary `text[]` parameter of `n` elements, element `k` of `lengthOf(k)` bytes (UTF-8), which
 * `write(out, at, k)` writes at `at`: texts of many small pieces written straight into the one
 * buffer of their exact size (a round's notices and status events: hundreds of thousands of texts,
 * hundreds of MB, no string per text or per piece, no buffer grown).
 */
export function textArrayBinaryOf(
  n: number,
  lengthOf: (k: number) => number,
  write: (out: Buffer, at: number, k: number) => void,
): Buffer {
  const array = arrayOfLengths(TEXT_OID, n, lengthOf);
  for (let k = 0, at = 20; k < n; k++) at = array.element(at, k, write);
  return array.out;
}

/**
 * `textArrayBinaryOf`, written `slice` elements at a time with the event loop let run between
 * slices: built while the same connection's statement runs in PostgreSQL (its parameters still
 * being sent, its answer read), not in a pause between statements. `write` is given a `DataView`
 * of `out` too, to write several bytes per store.
 */
export async function textArrayBinaryInSlices(
  n: number,
  lengthOf: (k: number) => number,
  write: (out: Buffer, at: number, k: number, view: DataView) => void,
  slice = 4096,
): Promise<Buffer> {
  const array = arrayOfLengths(TEXT_OID, n, lengthOf);
  for (let k = 0, at = 20; k < n;) {
    for (const end = Math.min(n, k + slice); k < end; k++) at = array.element(at, k, write);
    if (k < n) await nextTurn();
  }
  return array.out;
}

/**
 * An array parameter's buffer (elements of type `oid`, element `k` of `lengthOf(k)` bytes) of its
 * exact size, its header written, and how to write an element at `at` (its length, then its bytes),
 * giving the next element's place.
 */
function arrayOfLengths(
  oid: number,
  n: number,
  lengthOf: (k: number) => number,
): {
  out: Buffer;
  element: (
    at: number,
    k: number,
    write: (out: Buffer, at: number, k: number, view: DataView) => void,
  ) => number;
} {
  if (n === 0) {
    const empty = Buffer.alloc(12);
    empty.writeInt32BE(oid, 8);
    return { out: empty, element: (at) => at };
  }
  let bytes = 20;
  for (let k = 0; k < n; k++) bytes += 4 + lengthOf(k);
  const out = Buffer.allocUnsafe(bytes);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(0, 4);
  out.writeInt32BE(oid, 8);
  out.writeInt32BE(n, 12);
  out.writeInt32BE(1, 16);
  const view = viewOf(out);
  return {
    out,
    element: (at, k, write) => {
      const length = lengthOf(k);
      view.setInt32(at, length);
      write(out, at + 4, k, view);
      return at + 4 + length;
    },
  };
}

/** The strings as a binary `text[]` parameter (UTF-8; no quoting or escaping to write or parse). */
export function textArrayBinary(values: readonly string[]): Buffer {
  const bytes = values.map((v) => Buffer.from(v, 'utf8'));
  return textArrayBinaryOf(
    bytes.length,
    (k) => bytes[k].length,
    (out, at, k) => {
      out.set(bytes[k], at);
    },
  );
}

/**
 * Copies bytes `from` to `to` of `src` into `out` at `at`; returns the end. Four bytes per load and
 * store (the last four may overlap the ones before: the same bytes again), not one: a loop, cheaper
 * than a call for the few bytes of a title or an id, and a byte per store was a good part of a
 * round's notices' and events' time (150 MB in 36-byte pieces: about 110 against 400 to 500 ms, wave 17).
 */
export function putBytes(out: DataView, at: number, src: DataView, from: number, to: number): number {
  const length = to - from;
  if (length < 4) {
    for (let b = 0; b < length; b++) out.setUint8(at + b, src.getUint8(from + b));
    return at + length;
  }
  const last = length - 4;
  for (let b = 0; b < last; b += 4) out.setUint32(at + b, src.getUint32(from + b, true), true);
  out.setUint32(at + last, src.getUint32(from + last, true), true);
  return at + length;
}

/** The uuids at `indexes` of `bytes` (in their order) as a binary `uuid[]` parameter. */
export function uuidArrayBinary(bytes: Uint8Array, indexes: ArrayLike<number>): Buffer {
  return binaryArray(UUID_OID, 16, indexes.length, (out, at, k) => {
    const from = 16 * indexes[k];
    for (let b = 0; b < 16; b++) out[at + b] = bytes[from + b];
  });
}

/** The values (each a 32-bit integer) as a binary `int4[]` parameter. */
export function int4ArrayBinary(values: ArrayLike<number>): Buffer {
  return binaryArray(INT4_OID, 4, values.length, (out, at, k) => {
    out.writeInt32BE(values[k], at);
  });
}

/** Int32 words per slot of a `UuidTable`: the index + 1 (0: empty), the uuid's four words, padding. */
const SLOT_WORDS = 8;

/** The four bytes of `bytes` from `at` as one (signed) 32-bit word, big-endian. */
function wordAt(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
}

/**
 * Uuids as dense indices, from their 16 bytes, without a string per lookup: an open-addressing
 * table keyed by each uuid's last four bytes (random in every uuid version), each slot holding the
 * index and the whole uuid (one memory access per probe: a national round looks up 3 million rows'
 * candidates among 300,000, in no order). Grows as uuids are added. `bytes` holds uuid k at `16 * k`.
 */
export class UuidTable {
  /** The uuids added, uuid k at `bytes[16 * k .. 16 * k + 16)` (longer than `16 * size`). */
  bytes: Uint8Array;
  /** How many uuids the table holds (their indices are 0 to size - 1). */
  size = 0;
  private slots: Int32Array;
  private mask: number;
  /** 32 - log2(slots): the hash's top bits pick the slot. */
  private shift: number;

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    this.slots = new Int32Array(SLOT_WORDS * capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.bytes = new Uint8Array(16 * Math.max(expected, 8));
  }

  /** A table of these uuid texts (any case), uuid k the k-th; refuses a text that is no uuid, or one twice. */
  static of(ids: readonly string[]): UuidTable {
    const table = new UuidTable(ids.length);
    const bytes = uuidBytes(ids);
    for (let k = 0; k < ids.length; k++) {
      if (table.add(bytes, 16 * k) !== k) throw new Error(`UuidTable: ${ids[k]} twice`);
    }
    return table;
  }

  /** The index of the uuid `bytes[at .. at + 16)`, or -1 when it was not added. */
  indexOf(bytes: Uint8Array, at: number): number {
    const slot = this.find(bytes, at);
    return this.slots[SLOT_WORDS * slot] - 1;
  }

  /** The index of the uuid `bytes[at .. at + 16)`, added (as the next index) if it was not. */
  add(bytes: Uint8Array, at: number): number {
    const slot = this.find(bytes, at);
    const s = SLOT_WORDS * slot;
    if (this.slots[s] !== 0) return this.slots[s] - 1;
    const k = this.size++;
    if (16 * this.size > this.bytes.length) {
      const grown = new Uint8Array(2 * this.bytes.length);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    for (let b = 0; b < 16; b++) this.bytes[16 * k + b] = bytes[at + b];
    this.put(s, k, bytes, at);
    if (2 * this.size > this.mask + 1) this.grow();
    return k;
  }

  /** The uuid at index k as text. */
  text(k: number): string {
    return uuidText(this.bytes, k);
  }

  /** The slot holding the uuid at `at`, or the empty slot where it would go. */
  private find(bytes: Uint8Array, at: number): number {
    const w0 = wordAt(bytes, at);
    const w1 = wordAt(bytes, at + 4);
    const w2 = wordAt(bytes, at + 8);
    const w3 = wordAt(bytes, at + 12);
    const slots = this.slots;
    for (let slot = Math.imul(w3, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & this.mask) {
      const s = SLOT_WORDS * slot;
      if (
        slots[s] === 0 ||
        (slots[s + 4] === w3 && slots[s + 1] === w0 && slots[s + 2] === w1 && slots[s + 3] === w2)
      ) {
        return slot;
      }
    }
  }

  private put(s: number, k: number, bytes: Uint8Array, at: number): void {
    this.slots[s] = k + 1;
    for (let w = 0; w < 4; w++) this.slots[s + 1 + w] = wordAt(bytes, at + 4 * w);
  }

  private grow(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    this.mask = 2 * this.mask + 1;
    this.shift--;
    for (let k = 0; k < this.size; k++)
      this.put(SLOT_WORDS * this.find(this.bytes, 16 * k), k, this.bytes, 16 * k);
  }
}
