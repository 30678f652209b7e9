/**
 * Parsing an instance from JSON text. The fast path: one pass over the JSON text that validates the instance as
 * it reads it, without building the document with JSON.parse first.
 *
 * Why: JSON.parse of a 100k-candidate instance (17 MB) makes a fresh string for each of its two
 * million ids and an object per list, and the validation then walks all of it again. Here every id
 * is read straight from the text and interned (one string per distinct id, an integer per
 * occurrence), lists are kept as integer rows, and the result is built from those rows.
 *
 * It only ever answers for input it fully understands: anything unusual (an escape sequence in an id,
 * a number that is not a plain integer, a key named twice, an invalid instance, malformed JSON) makes
 * it give up (`undefined`), and the caller takes the general path (JSON.parse, then parseInstance),
 * which gives the same result or the error with its message. So the two paths cannot disagree on
 * what is valid; the tests compare them on the reference vectors and on random documents.
 */
import { rememberCodedRows } from './coded-lists';
import {
  HrInstance,
  InstanceError,
  MatchingInstance,
  SpaInstance,
  parseInstance,
  readVersion,
  withDecisions,
} from './instance';

/** Thrown inside the scanner to give up; never escapes this module. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** A growable Int32Array (give it a capacity that is usually enough: growing copies). */
class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  private grow(): void {
    const bigger = new Int32Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** `{ id: [ids...] }` as read: owners in document order, their rows of interned member ids. */
interface RawLists {
  readonly owners: Int32Array;
  /** Row r is items[start[r] .. start[r + 1] - 1]. */
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/** `{ id: value }` where each value is an integer or an id. */
interface RawMap {
  readonly keys: Int32Array;
  /** The integer, or the interned id. */
  readonly values: readonly number[];
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const LITERALS = ['true', 'false', 'null'].map((word) => [...word].map((ch) => ch.charCodeAt(0)));
const ESCAPES = [...'"\\/bfnrt'].map((ch) => ch.charCodeAt(0));
const NUMBER_BYTES = [...'+-.0123456789eE'].map((ch) => ch.charCodeAt(0));

/** UTF-8, invalid sequences replaced and a byte order mark kept (JSON.parse then refuses it, as before). */
function utf8Decoder(): { decode(bytes: Uint8Array): string } {
  return new TextDecoder('utf-8', { ignoreBOM: true });
}

/** For bytes below 128 (all this module decodes this way) windows-1252 is ASCII. */
const ASCII_DECODER = new TextDecoder('latin1');

/** Bytes below 128 as a string: short ones by char codes (no decoder call, no garbage). */
function ascii(bytes: Uint8Array, begin: number, end: number): string {
  const b = begin;
  switch (end - begin) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(bytes[b]);
    case 2:
      return String.fromCharCode(bytes[b], bytes[b + 1]);
    case 3:
      return String.fromCharCode(bytes[b], bytes[b + 1], bytes[b + 2]);
    case 4:
      return String.fromCharCode(bytes[b], bytes[b + 1], bytes[b + 2], bytes[b + 3]);
    case 5:
      return String.fromCharCode(bytes[b], bytes[b + 1], bytes[b + 2], bytes[b + 3], bytes[b + 4]);
    case 6:
      return String.fromCharCode(
        bytes[b],
        bytes[b + 1],
        bytes[b + 2],
        bytes[b + 3],
        bytes[b + 4],
        bytes[b + 5],
      );
    case 7:
      return String.fromCharCode(
        bytes[b],
        bytes[b + 1],
        bytes[b + 2],
        bytes[b + 3],
        bytes[b + 4],
        bytes[b + 5],
        bytes[b + 6],
      );
    case 8:
      return String.fromCharCode(
        bytes[b],
        bytes[b + 1],
        bytes[b + 2],
        bytes[b + 3],
        bytes[b + 4],
        bytes[b + 5],
        bytes[b + 6],
        bytes[b + 7],
      );
    default:
      return ASCII_DECODER.decode(bytes.subarray(begin, end));
  }
}

/** MASK[n]: the low n bytes of a 32-bit word (n = 0..4, clamped). */
const MASK = Int32Array.from({ length: 9 }, (_, n) => (n >= 4 ? -1 : (1 << (8 * n)) - 1));

/** The high bit of each zero byte of a word, and of no byte below the first zero byte that is not. */
function zeroBytes(word: number): number {
  return ((word - 0x01010101) | 0) & ~word & 0x80808080;
}

/**
 * Nonzero in the bytes of a word (as far as the first flagged one is concerned) that cannot be in
 * an id read here: 128 and above, below 32, a backslash.
 */
function badBytes(word: number): number {
  return (word | (((word - 0x20202020) | 0) & ~word) | zeroBytes(word ^ 0x5c5c5c5c)) & 0x80808080;
}

/** `"` in each byte of a word. */
const QUOTES = 0x22222222;

/** Up to 4 bytes from `begin` as a little-endian word. */
function word(bytes: ArrayLike<number>, begin: number, count: number): number {
  let w = 0;
  for (let k = 0; k < count; k++) w |= bytes[begin + k] << (8 * k);
  return w;
}

/**
 * The hash of a long id (more than 8 bytes): FNV-1a over its little-endian 4-byte words, the last
 * one partial. `Scanner.id` computes the same as it reads the words.
 */
function longHash(bytes: ArrayLike<number>, begin: number, n: number): number {
  let hash = FNV_OFFSET;
  let k = 0;
  for (; k + 4 <= n; k += 4) hash = Math.imul(hash ^ word(bytes, begin + k, 4), FNV_PRIME);
  if (k < n) hash = Math.imul(hash ^ word(bytes, begin + k, n - k), FNV_PRIME);
  return hash;
}

/** A 32-bit mix of an id's key words (murmur3's finaliser over a combination). */
function slotHash(w0: number, w1: number, tag: number): number {
  let h = Math.imul(w0, 0x9e3779b1) ^ Math.imul(w1 ^ tag, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

const LIST_FIELDS = new Set(['residents', 'hospitals', 'students', 'supervisors']);
const INTEGER_FIELDS = new Set(['capacities', 'project_capacities', 'supervisor_capacities']);
const ID_FIELDS = new Set(['project_supervisors']);

/** Ints per slot of the intern table: the two key words, the tag, the id + 1 (0: empty). */
const SLOT = 4;

class Scanner {
  private pos = 0;
  private readonly length: number;
  private readonly text: Uint8Array;
  private readonly view: DataView;
  /**
   * The intern table: open addressing, SLOT ints a slot. An id of at most 8 bytes is its own key
   * (its bytes as two little-endian words, tag = its length), so a lookup reads one slot and never
   * the id's bytes elsewhere. A longer id's key is its first 4 bytes, its FNV-1a hash and tag
   * 16 + length; a match on those is confirmed against its bytes, copied to a small pool.
   */
  private table = new Int32Array(SLOT << 16);
  private mask = (1 << 16) - 1;
  /** Per id: where its bytes start in the pool (long ids only). */
  private readonly poolStart = new IntList();
  private pool = new Uint8Array(1 << 12);
  private poolView = new DataView(this.pool.buffer);
  private poolLength = 0;
  readonly strings: string[] = [];

  constructor(bytes: Uint8Array) {
    this.text = bytes;
    this.length = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get idCount(): number {
    return this.strings.length;
  }

  /** Bytes not read yet (for sizing what is read next). */
  get remaining(): number {
    return this.length - this.pos;
  }

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    const length = this.length;
    while (pos < length) {
      const c = text[pos];
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else break;
    }
    this.pos = pos;
  }

  /** The next non-whitespace byte (-1 at the end). */
  peek(): number {
    this.skipWhitespace();
    return this.pos < this.length ? this.text[this.pos] : -1;
  }

  /** The next non-whitespace byte, consumed (-1 at the end). */
  next(): number {
    const text = this.text;
    let pos = this.pos;
    const length = this.length;
    while (pos < length) {
      const c = text[pos++];
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
        this.pos = pos;
        return c;
      }
    }
    this.pos = pos;
    return -1;
  }

  expect(code: number): void {
    if (this.next() !== code) throw GIVE_UP;
  }

  atEnd(): boolean {
    this.skipWhitespace();
    return this.pos === this.length;
  }

  /** A string without escapes, in ASCII, as a JS string (for keys and the problem name). */
  plainString(): string {
    if (this.peek() !== QUOTE) throw GIVE_UP;
    const text = this.text;
    const length = this.length;
    const begin = ++this.pos;
    let pos = begin;
    for (;;) {
      if (pos >= length) throw GIVE_UP;
      const c = text[pos];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 32 || c >= 128) throw GIVE_UP; // escapes, control characters, UTF-8
      pos++;
    }
    this.pos = pos + 1;
    return ascii(text, begin, pos);
  }

  /** A string without escapes in id position: its interned number. */
  id(): number {
    const text = this.text;
    const length = this.length;
    let pos = this.pos;
    let c = pos < length ? text[pos] : -1;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = ++pos < length ? text[pos] : -1;
    if (c !== QUOTE) throw GIVE_UP;
    const begin = pos + 1;
    if (begin + 8 > length) return this.idNearTheEnd(begin);
    // 4 bytes at a time: where the closing quote is, and whether a byte before it is a backslash,
    // a control character or part of a UTF-8 sequence (all sent to the general path).
    const view = this.view;
    let w0 = view.getInt32(begin, true);
    let w1 = view.getInt32(begin + 4, true);
    let n: number;
    let q = zeroBytes(w0 ^ QUOTES);
    if (q !== 0) {
      n = (31 - Math.clz32(q & -q)) >> 3;
      if ((badBytes(w0) & MASK[n]) !== 0) throw GIVE_UP;
      w0 &= MASK[n];
      w1 = 0;
    } else {
      if (badBytes(w0) !== 0) throw GIVE_UP;
      q = zeroBytes(w1 ^ QUOTES);
      // Longer than 7 bytes (a UUID, say): a method of its own keeps this one small enough to inline.
      if (q === 0) return this.longId(begin, w0, w1);
      const k = (31 - Math.clz32(q & -q)) >> 3;
      if ((badBytes(w1) & MASK[k]) !== 0) throw GIVE_UP;
      w1 &= MASK[k];
      n = 4 + k;
    }
    this.pos = begin + n + 1;
    return this.intern(w0, w1, n, begin);
  }

  /** `id` past the first 8 bytes (`w0`, `w1`), hashing as it goes (the hash of `longHash`). */
  private longId(begin: number, w0: number, w1: number): number {
    const view = this.view;
    const length = this.length;
    if (badBytes(w1) !== 0) throw GIVE_UP;
    let hash = Math.imul(Math.imul(FNV_OFFSET ^ w0, FNV_PRIME) ^ w1, FNV_PRIME);
    for (let at = begin + 8; at + 4 <= length; at += 4) {
      const w = view.getInt32(at, true);
      const q = zeroBytes(w ^ QUOTES);
      if (q !== 0) {
        const k = (31 - Math.clz32(q & -q)) >> 3;
        if ((badBytes(w) & MASK[k]) !== 0) throw GIVE_UP;
        this.pos = at + k + 1;
        const n = at + k - begin;
        if (n === 8) return this.intern(w0, w1, 8, begin);
        if (k > 0) hash = Math.imul(hash ^ (w & MASK[k]), FNV_PRIME);
        return this.intern(w0, hash, 16 + n, begin);
      }
      if (badBytes(w) !== 0) throw GIVE_UP;
      hash = Math.imul(hash ^ w, FNV_PRIME);
    }
    return this.idNearTheEnd(begin);
  }

  /** `id` for an id that ends within the last bytes of the text: one byte at a time. */
  private idNearTheEnd(begin: number): number {
    const text = this.text;
    const length = this.length;
    let pos = begin;
    for (;;) {
      if (pos >= length) throw GIVE_UP;
      const c = text[pos];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 32 || c >= 128) throw GIVE_UP;
      pos++;
    }
    this.pos = pos + 1;
    const n = pos - begin;
    const w0 = word(text, begin, Math.min(n, 4));
    if (n <= 8) return this.intern(w0, n > 4 ? word(text, begin + 4, n - 4) : 0, n, begin);
    return this.intern(w0, longHash(text, begin, n), 16 + n, begin);
  }

  /** The interned number of the id at text[begin..] with key (w0, w1, tag). */
  private intern(w0: number, w1: number, tag: number, begin: number): number {
    const table = this.table;
    const mask = this.mask;
    let slot = slotHash(w0, w1, tag) & mask;
    for (;;) {
      const at = slot * SLOT;
      const entry = table[at + 3];
      if (entry === 0) break;
      if (table[at] === w0 && table[at + 1] === w1 && table[at + 2] === tag) {
        if (tag <= 8 || this.sameBytes(entry - 1, begin, tag - 16)) return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(w0, w1, tag, begin, slot);
  }

  /** A new id into the empty `slot`. */
  private add(w0: number, w1: number, tag: number, begin: number, slot: number): number {
    const table = this.table;
    const id = this.strings.length;
    const n = tag <= 8 ? tag : tag - 16;
    this.strings.push(ascii(this.text, begin, begin + n));
    if (tag > 8) {
      if (this.poolLength + n > this.pool.length) {
        const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.poolLength + n));
        bigger.set(this.pool);
        this.pool = bigger;
        this.poolView = new DataView(bigger.buffer);
      }
      this.pool.set(this.text.subarray(begin, begin + n), this.poolLength);
      this.poolStart.push(this.poolLength);
      this.poolLength += n;
    } else {
      this.poolStart.push(-1);
    }
    const at = slot * SLOT;
    table[at] = w0;
    table[at + 1] = w1;
    table[at + 2] = tag;
    table[at + 3] = id + 1;
    if (this.strings.length * 2 > this.mask + 1) this.grow();
    return id;
  }

  private sameBytes(id: number, begin: number, n: number): boolean {
    const other = this.poolStart.data[id];
    const view = this.view;
    const pool = this.poolView;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      if (view.getInt32(begin + k, true) !== pool.getInt32(other + k, true)) return false;
    }
    for (; k < n; k++) if (this.text[begin + k] !== this.pool[other + k]) return false;
    return true;
  }

  private grow(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    const table = new Int32Array(SLOT * size);
    const mask = size - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 3] === 0) continue;
      let slot = slotHash(old[at], old[at + 1], old[at + 2]) & mask;
      while (table[slot * SLOT + 3] !== 0) slot = (slot + 1) & mask;
      const to = slot * SLOT;
      table[to] = old[at];
      table[to + 1] = old[at + 1];
      table[to + 2] = old[at + 2];
      table[to + 3] = old[at + 3];
    }
    this.table = table;
    this.mask = mask;
  }

  /** The interned number of an id, or -1 when it never occurred as an id. */
  lookup(value: string): number {
    // Ids are ASCII here (anything else gave up), so the string's char codes are its bytes.
    const n = value.length;
    let w0 = 0;
    let w1 = 0;
    for (let k = 0; k < n && k < 4; k++) w0 |= value.charCodeAt(k) << (8 * k);
    if (n <= 8) {
      for (let k = 4; k < n; k++) w1 |= value.charCodeAt(k) << (8 * (k - 4));
    } else {
      // longHash, over the char codes
      w1 = FNV_OFFSET;
      for (let k = 0; k < n; k += 4) {
        let w = 0;
        for (let j = 0; j < 4 && k + j < n; j++) w |= value.charCodeAt(k + j) << (8 * j);
        w1 = Math.imul(w1 ^ w, FNV_PRIME);
      }
    }
    const tag = n <= 8 ? n : 16 + n;
    const table = this.table;
    let slot = slotHash(w0, w1, tag) & this.mask;
    for (;;) {
      const at = slot * SLOT;
      const entry = table[at + 3];
      if (entry === 0) return -1;
      if (this.strings[entry - 1] === value) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** A non-negative integer written as plain digits (at most 15, so it is exact). */
  integer(): number {
    this.skipWhitespace();
    const text = this.text;
    let pos = this.pos;
    const begin = pos;
    let value = 0;
    while (pos < this.length) {
      const c = text[pos];
      if (c >= ZERO && c <= NINE) {
        value = value * 10 + (c - ZERO);
        pos++;
      } else break;
    }
    const digits = pos - begin;
    if (digits === 0 || digits > 15 || (digits > 1 && text[begin] === ZERO)) throw GIVE_UP;
    const next = text[pos];
    if (next === 46 || next === 101 || next === 69) throw GIVE_UP; // a fraction or an exponent
    this.pos = pos;
    return value;
  }

  /** `{ "id": [ "id", ... ], ... }` */
  lists(): RawLists {
    // Sized from the bytes left so that a list rarely grows: an owner takes at least 6 bytes
    // (`"":[],`), a listed id 3 (`"",`); the arrays are only touched as far as they are filled.
    const owners = new IntList(this.remaining >> 5);
    const start = new IntList(this.remaining >> 5);
    const items = new IntList(this.remaining >> 3);
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.pos++;
    } else {
      for (;;) {
        owners.push(this.id());
        this.expect(COLON);
        start.push(items.length);
        this.expect(OPEN_BRACKET);
        if (this.peek() === CLOSE_BRACKET) {
          this.pos++;
        } else {
          for (;;) {
            items.push(this.id());
            const c = this.next();
            if (c === CLOSE_BRACKET) break;
            if (c !== COMMA) throw GIVE_UP;
          }
        }
        const c = this.next();
        if (c === CLOSE_BRACE) break;
        if (c !== COMMA) throw GIVE_UP;
      }
    }
    start.push(items.length);
    return { owners: owners.view(), start: start.view(), items: items.view() };
  }

  /** `{ "id": 12, ... }` (integers) or `{ "id": "id", ... }` (ids). */
  map(values: 'integer' | 'id'): RawMap {
    const keys = new IntList(this.remaining >> 5);
    const read: number[] = [];
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.pos++;
    } else {
      for (;;) {
        keys.push(this.id());
        this.expect(COLON);
        read.push(values === 'integer' ? this.integer() : this.id());
        const c = this.next();
        if (c === CLOSE_BRACE) break;
        if (c !== COMMA) throw GIVE_UP;
      }
    }
    return { keys: keys.view(), values: read };
  }

  // ---- any JSON value, checked and skipped

  /** Skips one JSON value, checking its syntax; returns where it began. */
  skipValue(): number {
    const c = this.peek();
    const begin = this.pos;
    if (c === OPEN_BRACE) {
      this.pos++;
      if (this.peek() === CLOSE_BRACE) {
        this.pos++;
        return begin;
      }
      for (;;) {
        this.skipString();
        this.expect(COLON);
        this.skipValue();
        const next = this.peek();
        this.pos++;
        if (next === CLOSE_BRACE) return begin;
        if (next !== COMMA) throw GIVE_UP;
      }
    }
    if (c === OPEN_BRACKET) {
      this.pos++;
      if (this.peek() === CLOSE_BRACKET) {
        this.pos++;
        return begin;
      }
      for (;;) {
        this.skipValue();
        const next = this.peek();
        this.pos++;
        if (next === CLOSE_BRACKET) return begin;
        if (next !== COMMA) throw GIVE_UP;
      }
    }
    if (c === QUOTE) {
      this.skipString();
      return begin;
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) {
      this.skipNumber();
      return begin;
    }
    for (const word of LITERALS) {
      if (word.every((b, k) => this.text[this.pos + k] === b)) {
        this.pos += word.length;
        return begin;
      }
    }
    throw GIVE_UP;
  }

  private skipString(): void {
    if (this.peek() !== QUOTE) throw GIVE_UP;
    const text = this.text;
    let pos = this.pos + 1;
    for (;;) {
      if (pos >= this.length) throw GIVE_UP;
      const c = text[pos];
      if (c === QUOTE) break;
      if (c < 32) throw GIVE_UP;
      if (c === BACKSLASH) {
        const e = text[pos + 1];
        if (e === 117) {
          if (!/^[0-9a-fA-F]{4}$/.test(ascii(text, pos + 2, Math.min(pos + 6, this.length)))) throw GIVE_UP;
          pos += 6;
          continue;
        }
        if (!ESCAPES.includes(e)) throw GIVE_UP;
        pos += 2;
        continue;
      }
      pos++; // bytes of UTF-8 sequences too: the decoder replaces invalid ones, as JSON.parse of the text sees them
    }
    this.pos = pos + 1;
  }

  private skipNumber(): void {
    let end = this.pos;
    while (end < this.length && NUMBER_BYTES.includes(this.text[end])) end++;
    if (!/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(ascii(this.text, this.pos, end))) {
      throw GIVE_UP;
    }
    this.pos = end;
  }

  /** The text of a value skipped from `begin` (UTF-8). */
  slice(begin: number): string {
    return utf8Decoder().decode(this.text.subarray(begin, this.pos));
  }
}

interface Read {
  problem: string | undefined;
  /** Raw text of version, pre_assignments, overrides when present. */
  decisions: Map<string, string>;
  lists: Map<string, RawLists>;
  maps: Map<string, RawMap>;
}

function readDocument(scanner: Scanner): Read {
  const read: Read = { problem: undefined, decisions: new Map(), lists: new Map(), maps: new Map() };
  const seen = new Set<string>();
  let sawInstance = false;
  scanner.expect(OPEN_BRACE);
  if (scanner.peek() === CLOSE_BRACE) throw GIVE_UP; // no problem, no instance: the general path says so
  for (;;) {
    const key = scanner.plainString();
    if (seen.has(key)) throw GIVE_UP; // JSON.parse keeps the last one: leave that to it
    seen.add(key);
    scanner.expect(COLON);
    if (key === 'problem') {
      read.problem = scanner.plainString();
    } else if (key === 'instance') {
      sawInstance = true;
      readInstance(scanner, read);
    } else if (key === 'version' || key === 'pre_assignments' || key === 'overrides') {
      const begin = scanner.skipValue();
      read.decisions.set(key, scanner.slice(begin));
    } else {
      scanner.skipValue();
    }
    const c = scanner.peek();
    scanner.expect(c);
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) throw GIVE_UP;
  }
  if (!scanner.atEnd() || !sawInstance) throw GIVE_UP;
  return read;
}

function readInstance(scanner: Scanner, read: Read): void {
  const seen = new Set<string>();
  scanner.expect(OPEN_BRACE);
  if (scanner.peek() === CLOSE_BRACE) throw GIVE_UP;
  for (;;) {
    const key = scanner.plainString();
    if (seen.has(key)) throw GIVE_UP;
    seen.add(key);
    scanner.expect(COLON);
    if (LIST_FIELDS.has(key)) read.lists.set(key, scanner.lists());
    else if (INTEGER_FIELDS.has(key)) read.maps.set(key, scanner.map('integer'));
    else if (ID_FIELDS.has(key)) read.maps.set(key, scanner.map('id'));
    else scanner.skipValue();
    const c = scanner.peek();
    scanner.expect(c);
    if (c === CLOSE_BRACE) return;
    if (c !== COMMA) throw GIVE_UP;
  }
}

/** Owners sorted by id, and each interned id's position among them (-1: not an owner). */
interface Sorted {
  readonly ids: string[];
  readonly position: Int32Array;
  /** For each sorted position, the owner's row in the document. */
  readonly row: Int32Array;
}

function sortOwners(scanner: Scanner, owners: Int32Array): Sorted {
  const ids = new Array<string>(owners.length);
  let ordered = true;
  for (let r = 0; r < owners.length; r++) {
    ids[r] = scanner.strings[owners[r]];
    if (r > 0 && !(ids[r - 1] < ids[r])) ordered = false;
  }
  const position = new Int32Array(scanner.idCount).fill(-1);
  const row = new Int32Array(owners.length);
  if (ordered) {
    for (let r = 0; r < owners.length; r++) {
      position[owners[r]] = r;
      row[r] = r;
    }
    return { ids, position, row };
  }
  for (let r = 0; r < owners.length; r++) {
    if (position[owners[r]] !== -1) throw GIVE_UP; // a key twice
    position[owners[r]] = r; // document row, for now
  }
  ids.sort();
  for (let k = 0; k < ids.length; k++) {
    const id = scanner.lookup(ids[k]);
    row[k] = position[id];
  }
  for (let k = 0; k < ids.length; k++) position[owners[row[k]]] = k;
  return { ids, position, row };
}

/**
 * The lists as the parser's Map (owners in sorted order) and as coded rows against the members'
 * sorted positions. Gives up on an unknown member or one listed twice.
 */
function codeLists(
  scanner: Scanner,
  raw: RawLists,
  owners: Sorted,
  members: Sorted,
): { lists: Map<string, readonly string[]>; start: Int32Array; items: Int32Array } {
  const n = owners.ids.length;
  const start = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const r = owners.row[k];
    start[k + 1] = start[k] + raw.start[r + 1] - raw.start[r];
  }
  const items = new Int32Array(start[n]);
  // Per interned id: its position among the members, and the last row that listed it (a repeat
  // within a row is refused); side by side, so that checking a member reads one place.
  const member = new Int32Array(2 * scanner.idCount);
  for (let id = 0; id < scanner.idCount; id++) {
    member[2 * id] = members.position[id];
    member[2 * id + 1] = -1;
  }
  const strings = scanner.strings;
  const rows = new Array<string[]>(n);
  // Rows in document order, so the rows read are read front to back.
  for (let r = 0; r < n; r++) {
    const begin = raw.start[r];
    const end = raw.start[r + 1];
    const list = new Array<string>(end - begin);
    const k = owners.position[raw.owners[r]];
    let fill = start[k];
    for (let j = begin; j < end; j++) {
      const id = raw.items[j];
      const m = member[2 * id];
      if (m < 0 || member[2 * id + 1] === r) throw GIVE_UP;
      member[2 * id + 1] = r;
      items[fill++] = m;
      list[j - begin] = strings[id];
    }
    rows[k] = list;
  }
  const lists = new Map<string, readonly string[]>();
  for (let k = 0; k < n; k++) lists.set(owners.ids[k], rows[k]);
  return { lists, start, items };
}

/** `{ owner: integer }` for exactly the owners, each at least 1. */
function readCapacities(scanner: Scanner, raw: RawMap | undefined, owners: Sorted): Map<string, number> {
  if (raw === undefined || raw.keys.length !== owners.ids.length) throw GIVE_UP;
  const value = new Array<number>(owners.ids.length);
  const seen = new Uint8Array(owners.ids.length);
  for (let i = 0; i < raw.keys.length; i++) {
    const k = owners.position[raw.keys[i]];
    if (k < 0 || seen[k] === 1 || raw.values[i] < 1) throw GIVE_UP;
    seen[k] = 1;
    value[k] = raw.values[i];
  }
  const capacities = new Map<string, number>();
  for (let k = 0; k < owners.ids.length; k++) capacities.set(owners.ids[k], value[k]);
  return capacities;
}

function buildHr(scanner: Scanner, read: Read): HrInstance {
  const residentsIn = read.lists.get('residents');
  const hospitalsIn = read.lists.get('hospitals');
  if (residentsIn === undefined || hospitalsIn === undefined) throw GIVE_UP;
  const residentOrder = sortOwners(scanner, residentsIn.owners);
  const hospitalOrder = sortOwners(scanner, hospitalsIn.owners);
  const residents = codeLists(scanner, residentsIn, residentOrder, hospitalOrder);
  const hospitals = codeLists(scanner, hospitalsIn, hospitalOrder, residentOrder);
  const capacities = readCapacities(scanner, read.maps.get('capacities'), hospitalOrder);
  rememberCodedRows(residents.lists, {
    start: residents.start,
    items: residents.items,
    members: hospitals.lists,
  });
  rememberCodedRows(hospitals.lists, {
    start: hospitals.start,
    items: hospitals.items,
    members: residents.lists,
  });
  return { problem: 'HR', residents: residents.lists, hospitals: hospitals.lists, capacities };
}

function buildSpa(scanner: Scanner, read: Read): SpaInstance {
  const studentsIn = read.lists.get('students');
  const supervisorsIn = read.lists.get('supervisors');
  const projectsIn = read.maps.get('project_supervisors');
  if (studentsIn === undefined || supervisorsIn === undefined || projectsIn === undefined) throw GIVE_UP;
  const studentOrder = sortOwners(scanner, studentsIn.owners);
  const supervisorOrder = sortOwners(scanner, supervisorsIn.owners);
  const projectOrder = sortOwners(scanner, projectsIn.keys);

  const supervisorOf = new Array<string>(projectOrder.ids.length);
  for (let i = 0; i < projectsIn.keys.length; i++) {
    const supervisor = projectsIn.values[i];
    if (supervisorOrder.position[supervisor] < 0) throw GIVE_UP;
    supervisorOf[projectOrder.position[projectsIn.keys[i]]] = scanner.strings[supervisor];
  }
  const projectSupervisors = new Map<string, string>();
  for (let k = 0; k < projectOrder.ids.length; k++)
    projectSupervisors.set(projectOrder.ids[k], supervisorOf[k]);

  const students = codeLists(scanner, studentsIn, studentOrder, projectOrder);
  const projectCapacities = readCapacities(scanner, read.maps.get('project_capacities'), projectOrder);
  const supervisors = codeLists(scanner, supervisorsIn, supervisorOrder, studentOrder);
  const supervisorCapacities = readCapacities(
    scanner,
    read.maps.get('supervisor_capacities'),
    supervisorOrder,
  );
  rememberCodedRows(students.lists, {
    start: students.start,
    items: students.items,
    members: projectSupervisors,
  });
  rememberCodedRows(supervisors.lists, {
    start: supervisors.start,
    items: supervisors.items,
    members: students.lists,
  });
  return {
    problem: 'SPA-S',
    students: students.lists,
    supervisors: supervisors.lists,
    projectSupervisors,
    projectCapacities,
    supervisorCapacities,
  };
}

/**
 * The parsed instance of a JSON text, when the fast path can vouch for it; `undefined` means "take
 * the general path" (which then gives the same instance, or the error).
 */
export function parseInstanceBytesFast(bytes: Uint8Array): MatchingInstance | undefined {
  try {
    const scanner = new Scanner(bytes);
    const read = readDocument(scanner);
    const top: Record<string, unknown> = {};
    for (const [key, raw] of read.decisions) top[key] = JSON.parse(raw);
    if (read.problem !== 'HR' && read.problem !== 'SPA-S') return undefined;
    const version = readVersion(top);
    const instance = read.problem === 'HR' ? buildHr(scanner, read) : buildSpa(scanner, read);
    return version === 2 ? withDecisions(instance, top) : instance;
  } catch {
    // GiveUp, an InstanceError (the general path reports it, in its own order), a deep nesting.
    return undefined;
  }
}

/**
 * Parses JSON text and then the instance (docs/matching-instance-format.md); malformed JSON is an
 * `InstanceError` too.
 */
export function parseInstanceJson(text: string): MatchingInstance {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InstanceError('MALFORMED_JSON', `malformed JSON: ${detail}`);
  }
  return parseInstance(document);
}

/**
 * Parses an instance file's bytes (UTF-8 JSON): the fast path when it answers, else the text through
 * `parseInstanceJson`. Same result, same errors.
 */
export function parseInstanceBytes(bytes: Uint8Array): MatchingInstance {
  return parseInstanceBytesFast(bytes) ?? parseInstanceJson(utf8Decoder().decode(bytes));
}
