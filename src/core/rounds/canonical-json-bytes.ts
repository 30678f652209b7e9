/**
 * The canonical JSON of a value (`canonicalJson`: object keys sorted at every level) written
 * straight into UTF-8 bytes, with no string of the whole text first: a national round's document is
 * about 360 MB of text, which as a string, then as its bytes, held both at once (and the string's
 * pieces while it was joined). Byte for byte what `new TextEncoder().encode(canonicalJson(value))`
 * gives (the property test compares the two).
 *
 * The bytes grow in place in one resizable ArrayBuffer (only the pages written are resident), and
 * each finished stretch of about a megabyte is handed to `onChunk` as it is written (a view, not a
 * copy: the caller hashes the text as it goes). Pure: no Node API.
 */

import { isIndexKey, madeEntries } from '../matching/made-records';
import { isFlat } from './round-allocation';

/**
 * What the lists of a made record (`rememberEntries`) are as indices into a list of ids: `values[k]`
 * is `ids[items[from[k]]], ids[items[from[k] + 1]], ...` for its length (`from[k]` -1: not said).
 * A hint: the writer checks each string is the very id its index names before it copies that id's
 * bytes, and writes a list that differs as any other.
 */
export interface ListCodes {
  readonly ids: readonly string[];
  readonly items: ArrayLike<number>;
  readonly from: ArrayLike<number>;
}

const codedLists = new WeakMap<object, ListCodes>();

/**
 * Says what a made record's lists are as indices (see `ListCodes`): the writer then copies each id's
 * bytes, encoded once, instead of encoding the same id again character by character (a national
 * round's document writes 50,000 opportunity ids 3 million times). By index, not found by the string
 * in a Map of those written: a lookup at random among 300,000 strings cost more than encoding the
 * id again (3 million uuids: 1.5 to 1.6 s looked up and copied against 1.0 to 1.1 s encoded).
 * Like made-records, keyed by the object, which nothing changes after it is made.
 */
export function rememberListCodes(record: object, codes: ListCodes): void {
  codedLists.set(record, codes);
}

/** The bytes handed to `onChunk` at a time, at least (the last stretch may be shorter). */
const CHUNK_BYTES = 1 << 20;
/** The largest text (4 GiB, Node's largest Buffer): address space reserved, not memory. */
const MAX_BYTES = 2 ** 32;

/** ES2024's resizable ArrayBuffer (Node 20), absent from the ES2023 typings the project compiles against. */
interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
  readonly maxByteLength: number;
}
const ResizableArrayBufferOf = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ResizableArrayBuffer;

const encoder = new TextEncoder();

const COMMA = 0x2c;
const COLON = 0x3a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The writer's scratch: the bytes are written here, then copied to the text a stretch at a time. */
const SCRATCH_BYTES = 2 * CHUNK_BYTES;

/**
 * Whether `quoted` writes this string as its characters (one byte each) between two quotes, in one
 * stretch of the scratch: ASCII needing no escape, at most a chunk.
 */
function plain(s: string): boolean {
  if (s.length + 2 > CHUNK_BYTES) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x80 || c === QUOTE || c === BACKSLASH) return false;
  }
  return true;
}

class ByteWriter {
  /** The text so far (`written` bytes), grown in place. */
  private buffer: ResizableArrayBuffer;
  private written = 0;
  /**
   * Where bytes are written first: a plain array, which V8 writes faster than a length-tracking view
   * of a resizable buffer (its length checked at every byte); copied to the text in one move when at
   * least a chunk's worth is there (`flush`) or when it is full.
   */
  private scratch = new Uint8Array(SCRATCH_BYTES);
  private at = 0;
  /**
   * Per list of ids (`ListCodes.ids`), where each id's quoted bytes are in `scratch`, past its first
   * SCRATCH_BYTES: id k's from the pool's `[k]` to its `[k + 1]`; none (an empty range) for an id
   * that needs more than its characters and two quotes (an escape, non-ASCII) or is longer than a
   * chunk, written by hand. In the scratch's own array, so that a copy is one `copyWithin` (no view
   * made per id).
   */
  private readonly pools = new Map<readonly string[], Int32Array>();
  /**
   * Lists of strings written as an object's entry, by identity: which of `listStart`/`listEnd` holds
   * where their bytes are in the text. A round's document writes each candidate's list twice, the same
   * array under `choices` and under `instance.residents` (a third of its 328 MB at 300k x 10): the
   * second time its bytes are copied from the text instead of encoded again, character by character.
   */
  private readonly listAt = new Map<readonly unknown[], number>();
  private readonly listStart: number[] = [];
  private readonly listEnd: number[] = [];

  /**
   * `capacity`: the text's expected length (`estimatedLength`). The buffer is made that large at
   * once (its pages are only resident once written): V8 counts an ArrayBuffer's bytes as external
   * memory, and a buffer grown a megabyte at a time to 328 MB (300k x 10) made it run four full
   * collections of the solver thread's heap while the text was written, one per step of external
   * growth, about 0.8 s of CPU; made at its size, one.
   */
  constructor(
    private readonly onChunk?: (chunk: Uint8Array) => void,
    capacity = CHUNK_BYTES,
  ) {
    this.buffer = new ResizableArrayBufferOf(Math.min(Math.max(capacity, CHUNK_BYTES), MAX_BYTES), {
      maxByteLength: MAX_BYTES,
    });
  }

  /**
   * Writes a string's UTF-8 bytes (as TextEncoder: a lone surrogate as U+FFFD; the strings written
   * here come from JSON.stringify, which escapes them).
   */
  text(s: string): void {
    const length = s.length;
    // Past a chunk (no such text in a run's document): encoded apart, then copied.
    if (length * 3 > CHUNK_BYTES) return this.copy(encoder.encode(s));
    this.room(length * 3);
    // A long text (a list of ids) by the native encoder; short ones (keys) by hand, which is faster
    // than a view per call.
    if (length > 64) {
      this.at += encoder.encodeInto(s, this.scratch.subarray(this.at, SCRATCH_BYTES)).written;
      return;
    }
    const bytes = this.scratch;
    let at = this.at;
    for (let i = 0; i < length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        bytes[at++] = c;
      } else if (c < 0x800) {
        bytes[at++] = 0xc0 | (c >> 6);
        bytes[at++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = i + 1 < length ? s.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
            i++;
            bytes[at++] = 0xf0 | (c >> 18);
            bytes[at++] = 0x80 | ((c >> 12) & 0x3f);
            bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
            bytes[at++] = 0x80 | (c & 0x3f);
            continue;
          }
          c = 0xfffd;
        }
        bytes[at++] = 0xe0 | (c >> 12);
        bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[at++] = 0x80 | (c & 0x3f);
      }
    }
    this.at = at;
  }

  /**
   * Writes `JSON.stringify(s)`'s UTF-8 bytes, quotes included, without the string JSON.stringify
   * would make: ids and keys (the bulk of a document) need no escape. A text that does (a control
   * character, a quote, a backslash, a surrogate) is handed to JSON.stringify instead; nothing is
   * kept of what was written of it before that was seen.
   */
  quoted(s: string): void {
    const length = s.length;
    if (length * 3 + 2 > CHUNK_BYTES) return this.text(JSON.stringify(s));
    this.room(length * 3 + 2);
    const bytes = this.scratch;
    let at = this.at;
    bytes[at++] = QUOTE;
    for (let i = 0; i < length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c < 0x20 || c === QUOTE || c === BACKSLASH) return this.text(JSON.stringify(s));
        bytes[at++] = c;
      } else if (c < 0x800) {
        bytes[at++] = 0xc0 | (c >> 6);
        bytes[at++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) return this.text(JSON.stringify(s));
        bytes[at++] = 0xe0 | (c >> 12);
        bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[at++] = 0x80 | (c & 0x3f);
      }
    }
    bytes[at++] = QUOTE;
    this.at = at;
  }

  /**
   * Writes `JSON.stringify(list)` for a list of strings only (the document's lists of ids), each
   * string as `quoted` writes it; false, with nothing written, when an entry is not a string (a hole
   * included: JSON.stringify writes it as null). `codes` and `k`: what the list is as indices
   * (`ListCodes`, its `from[k]`).
   */
  strings(list: readonly unknown[], remember = false, codes?: ListCodes, k = -1): boolean {
    if (remember) {
      const seen = this.listAt.get(list);
      // Written before and moved to the text since (nothing changes a list while the text is written).
      if (seen !== undefined && this.listEnd[seen] <= this.written) {
        const length = this.listEnd[seen] - this.listStart[seen];
        const bytes = new Uint8Array(this.buffer, this.listStart[seen], length);
        if (this.at + length <= SCRATCH_BYTES) {
          this.scratch.set(bytes, this.at);
          this.at += length;
        } else this.copy(bytes);
        return true;
      }
    }
    const start = this.written + this.at;
    if (!(codes && k >= 0 && this.coded(list, codes, codes.from[k]))) {
      for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
      this.char(0x5b);
      for (let i = 0; i < list.length; i++) {
        if (i > 0) this.char(COMMA);
        this.quoted(list[i] as string);
      }
      this.char(0x5d);
    }
    if (remember && list.length > 1 && !this.listAt.has(list)) {
      this.listAt.set(list, this.listStart.length);
      this.listStart.push(start);
      this.listEnd.push(this.written + this.at);
    }
    return true;
  }

  /**
   * Writes the list as `strings` does, from its ids' bytes encoded once (`pool`) when every entry is
   * the id `items[from + i]` names; false, with nothing written, when one is not.
   */
  private coded(list: readonly unknown[], codes: ListCodes, from: number): boolean {
    const { ids, items } = codes;
    if (!(from >= 0) || from + list.length > items.length) return false;
    // The same string object in the common case: a pointer compared, not the characters.
    for (let i = 0; i < list.length; i++) if (list[i] !== ids[items[from + i]]) return false;
    const pool = this.pool(ids);
    this.char(0x5b);
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.char(COMMA);
      const id = items[from + i];
      const start = pool[id];
      const length = pool[id + 1] - start;
      if (length === 0) {
        this.quoted(list[i] as string);
        continue;
      }
      this.room(length);
      this.scratch.copyWithin(this.at, start, start + length);
      this.at += length;
    }
    this.char(0x5d);
    return true;
  }

  /**
   * The ids' quoted bytes, encoded once into the scratch's array past its first SCRATCH_BYTES (the
   * array made larger: its bytes so far copied) on the first list that names them (1.9 MB for a
   * national round's 50,000 opportunities).
   */
  private pool(ids: readonly string[]): Int32Array {
    const known = this.pools.get(ids);
    if (known) return known;
    const start = new Int32Array(ids.length + 1);
    let end = this.scratch.length;
    for (let k = 0; k < ids.length; k++) {
      start[k] = end;
      const id = ids[k];
      if (plain(id)) end += id.length + 2;
    }
    start[ids.length] = end;
    const grown = new Uint8Array(end);
    grown.set(this.scratch);
    for (let k = 0; k < ids.length; k++) {
      let at = start[k];
      if (start[k + 1] === at) continue;
      const id = ids[k];
      grown[at++] = QUOTE;
      for (let i = 0; i < id.length; i++) grown[at++] = id.charCodeAt(i);
      grown[at] = QUOTE;
    }
    this.scratch = grown;
    this.pools.set(ids, start);
    return start;
  }

  /** How many bytes are written so far (where the next byte goes in the text). */
  position(): number {
    return this.written + this.at;
  }

  /** One ASCII character (JSON's punctuation). */
  char(code: number): void {
    if (this.at === SCRATCH_BYTES) this.spill();
    this.scratch[this.at++] = code;
  }

  /** Hands the bytes written since the last chunk on once they are a chunk's worth. */
  flush(final = false): void {
    if (final ? this.at > 0 : this.at >= CHUNK_BYTES) this.spill();
  }

  /**
   * The text: its buffer cut to its length (a fixed view of it; the buffer can be transferred). A
   * buffer made larger than the text has its tail cleared by the cut: the estimate is exact for a
   * run's document (ASCII ids and keys, integers).
   */
  finish(): Uint8Array {
    this.flush(true);
    this.buffer.resize(this.written);
    return new Uint8Array(this.buffer, 0, this.written);
  }

  /** Bytes encoded elsewhere, copied in (through the scratch, so that chunks keep their size). */
  private copy(bytes: Uint8Array): void {
    for (let k = 0; k < bytes.length;) {
      if (this.at === SCRATCH_BYTES) this.spill();
      const n = Math.min(bytes.length - k, SCRATCH_BYTES - this.at);
      this.scratch.set(bytes.subarray(k, k + n), this.at);
      this.at += n;
      k += n;
    }
  }

  /**
   * Room for `bytes` more (at most a chunk) in the scratch: when they do not fit, the scratch (then
   * holding more than a chunk) is handed on first.
   */
  private room(bytes: number): void {
    if (this.at + bytes > SCRATCH_BYTES) this.spill();
  }

  /** Moves the scratch's bytes to the end of the text and hands them to `onChunk` there. */
  private spill(): void {
    const needed = this.written + this.at;
    if (needed > MAX_BYTES) throw new RangeError('canonical JSON: the text exceeds 4 GiB');
    // Past the estimate, grown to the bytes written, no further: growing in place costs no copy,
    // and a buffer cut back at the end had its tail cleared (a tenth of the step's time at 100k).
    if (needed > this.buffer.byteLength) this.buffer.resize(needed);
    const chunk = new Uint8Array(this.buffer, this.written, this.at);
    chunk.set(this.scratch.subarray(0, this.at));
    this.written = needed;
    this.at = 0;
    this.onChunk?.(chunk);
  }
}

/**
 * One entry of a flat object, as JSON.stringify writes it: strings and lists of strings by hand (no
 * string of their text), the rest by JSON.stringify; false, with nothing written, for a value without
 * JSON text (left out of the object).
 */
function writeFlatEntry(
  out: ByteWriter,
  key: string,
  v: unknown,
  first: boolean,
  codes?: ListCodes,
  k = -1,
): boolean {
  if (typeof v === 'string' || Array.isArray(v)) {
    if (!first) out.char(COMMA);
    out.quoted(key);
    out.char(COLON);
    if (typeof v === 'string') out.quoted(v);
    else if (!out.strings(v, true, codes, k)) out.text(JSON.stringify(v));
  } else {
    const text = JSON.stringify(v) as string | undefined;
    if (text === undefined) return false;
    if (!first) out.char(COMMA);
    out.quoted(key);
    out.char(COLON);
    out.text(text);
  }
  out.flush();
  return true;
}

/**
 * Writes one value as `canonicalJson` does, including its handling of what JSON has no text for
 * (undefined inside a list of objects writes nothing, as `[...].join` would; as an entry's value of
 * an unsorted object it writes `undefined`, as a template string would).
 */
function write(out: ByteWriter, value: unknown, path?: SpanPath): void {
  if (Array.isArray(value)) {
    // Lists of ids (the bulk of a document): JSON.stringify's own text, no keys inside to sort.
    if (out.strings(value)) return;
    out.char(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.char(COMMA);
      const v: unknown = value[i];
      if (v === null || typeof v === 'object') write(out, v);
      else if (typeof v === 'string') out.quoted(v);
      else {
        const text = JSON.stringify(v) as string | undefined;
        if (text !== undefined) out.text(text);
      }
      out.flush();
    }
    out.char(0x5d);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const made = madeEntries(record);
    if (made && writeMade(out, record, made.keys, made.values)) return;
    const keys = Object.keys(record);
    let flat = true;
    for (let i = 0; i < keys.length && flat; i++) {
      flat = (i === 0 || keys[i - 1] < keys[i]) && !isIndexKey(keys[i]) && isFlat(record[keys[i]]);
    }
    // A toJSON of its own (not in a run's document) is written as JSON.stringify writes it.
    if (flat && typeof (record as { toJSON?: unknown }).toJSON === 'function') {
      return out.text(JSON.stringify(record));
    }
    if (flat) {
      // Entry by entry, as JSON.stringify writes the whole (an entry without JSON text is left out).
      out.char(0x7b);
      let first = true;
      for (const k of keys) if (writeFlatEntry(out, k, record[k], first)) first = false;
      out.char(0x7d);
      return;
    }
    keys.sort();
    out.char(0x7b);
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out.char(COMMA);
      out.quoted(keys[i]);
      out.char(COLON);
      const v = record[keys[i]];
      const inner = path?.inner.get(keys[i]);
      if (inner) {
        const start = out.position();
        write(out, v, inner);
        if (inner.spans) inner.spans.push([start, out.position()]);
      } else if (v === null || typeof v === 'object') write(out, v);
      else if (typeof v === 'string') out.quoted(v);
      else out.text(String(JSON.stringify(v) as string | undefined));
      out.flush();
    }
    out.char(0x7d);
    return;
  }
  const text = JSON.stringify(value) as string | undefined;
  if (text !== undefined) out.text(text);
}

/**
 * Writes an object made from these keys and values (`rememberEntries`: its keys, sorted) as `write`
 * would, reading the two lists; false, with nothing written, unless every value is flat and the
 * object has no toJSON of its own (then `write` reads the object).
 */
function writeMade(
  out: ByteWriter,
  record: Record<string, unknown>,
  keys: readonly string[],
  values: readonly unknown[],
): boolean {
  for (let i = 0; i < keys.length; i++) {
    if (!isFlat(values[i])) return false;
  }
  if (typeof (record as { toJSON?: unknown }).toJSON === 'function') return false;
  const codes = codedLists.get(record);
  out.char(0x7b);
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    if (writeFlatEntry(out, keys[i], values[i], first, codes, i)) first = false;
  }
  out.char(0x7d);
  return true;
}

/**
 * About the length of `canonicalJsonBytes(value)`, cheaply (a string's length, not its bytes): exact
 * when every string is ASCII needing no escape, every number an integer or written as `String` writes
 * it and no object has a toJSON of its own; otherwise an estimate. Only the buffer's first size.
 */
export function estimatedLength(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).length : 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (value === null) return 4;
  if (Array.isArray(value)) {
    // Brackets and commas.
    let n = 1 + Math.max(value.length, 1);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      n += typeof v === 'string' ? v.length + 2 : estimatedLength(v);
    }
    return n;
  }
  if (typeof value !== 'object') return 0;
  const record = value as Record<string, unknown>;
  const made = madeEntries(record);
  const keys = made ? made.keys : Object.keys(record);
  // Braces and commas; per entry its key quoted, a colon and its value.
  let n = 1 + Math.max(keys.length, 1);
  for (let i = 0; i < keys.length; i++) {
    const v = made ? made.values[i] : record[keys[i]];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    n += keys[i].length + 3 + estimatedLength(v);
  }
  return n;
}

/**
 * The entries whose values are looked for while a text is written (`canonicalJsonBytesApart`): by
 * key, the entries inside, and where the value at the end of a path was written (start, end).
 */
interface SpanPath {
  inner: Map<string, SpanPath>;
  spans?: [number, number][];
}

/**
 * `canonicalJsonBytes(value, onChunk)`, then the values at `paths` (keys from the top, joined by
 * dots: `choices`, `instance.residents`) cut out of the text and written `{}` instead, in place (the
 * text's buffer shrinks; nothing is copied but the bytes after a cut). `onChunk` still receives the
 * whole text as it is written (to hash it). `apart` is false, and the text whole, when a path was not
 * written as an entry of a sorted object (a value of a flat object, or absent) or its value is not an
 * object. What is left is the canonical JSON of the value with those entries' values emptied (`{}` is
 * an empty object's canonical text, and the keys keep their order): a run's stored text without the
 * candidates' lists, which its rows per candidate hold (`round-input-parts`).
 */
export function canonicalJsonBytesApart(
  value: unknown,
  paths: readonly string[],
  onChunk?: (chunk: Uint8Array) => void,
): { text: Uint8Array; apart: boolean } {
  const root: SpanPath = { inner: new Map() };
  const ends: SpanPath[] = [];
  for (const path of paths) {
    let at = root;
    for (const key of path.split('.')) {
      let next = at.inner.get(key);
      if (!next) at.inner.set(key, (next = { inner: new Map() }));
      at = next;
    }
    at.spans = [];
    ends.push(at);
  }
  const out = new ByteWriter(onChunk, estimatedLength(value));
  write(out, value, root);
  const text = out.finish();
  const spans: [number, number][] = [];
  for (const end of ends) {
    // Exactly once, and an object's text (`{...}`).
    if (end.spans?.length !== 1) return { text, apart: false };
    const [start, stop] = end.spans[0];
    if (stop - start < 2 || text[start] !== 0x7b || text[stop - 1] !== 0x7d) return { text, apart: false };
    spans.push([start, stop]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < spans.length; k++) if (spans[k][0] < spans[k - 1][1]) return { text, apart: false };
  // Each cut becomes `{}` and the bytes after it move down (to <= start, and a value's text is at
  // least two bytes: nothing not yet moved is written over).
  let to = spans.length > 0 ? spans[0][0] : text.length;
  for (let k = 0; k < spans.length; k++) {
    const [, stop] = spans[k];
    text[to++] = 0x7b;
    text[to++] = 0x7d;
    const next = k + 1 < spans.length ? spans[k + 1][0] : text.length;
    text.copyWithin(to, stop, next);
    to += next - stop;
  }
  const buffer = text.buffer as ResizableArrayBuffer;
  buffer.resize(to);
  return { text: new Uint8Array(buffer, 0, to), apart: true };
}

/**
 * `canonicalJson(value)` as UTF-8 bytes, written without the text as a string; `onChunk` receives
 * the bytes in order, a stretch of about a megabyte at a time, each once (views into the result: to
 * hash them as they are written). The result's buffer is exactly its length and can be transferred.
 */
export function canonicalJsonBytes(value: unknown, onChunk?: (chunk: Uint8Array) => void): Uint8Array {
  const out = new ByteWriter(onChunk, estimatedLength(value));
  write(out, value);
  return out.finish();
}
