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

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
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

/** Bytes below 128 as a string. */
function ascii(bytes: Uint8Array, begin: number, end: number): string {
  let out = '';
  for (let k = begin; k < end; k++) out += String.fromCharCode(bytes[k]);
  return out;
}

const LIST_FIELDS = new Set(['residents', 'hospitals', 'students', 'supervisors']);
const INTEGER_FIELDS = new Set(['capacities', 'project_capacities', 'supervisor_capacities']);
const ID_FIELDS = new Set(['project_supervisors']);

class Scanner {
  private pos = 0;
  private readonly length: number;
  private readonly text: Uint8Array;
  // The intern table: open addressing, two ints a slot (the hash, the id + 1; 0 when empty). Each id's
  // bytes are copied to a small pool, so comparing stays in cache instead of reaching back into the text.
  private table = new Int32Array(2 << 16);
  private mask = (1 << 16) - 1;
  /** Per id: where its bytes start in the pool, and how many. */
  private readonly idBytes = new IntList();
  private pool = new Uint8Array(1 << 16);
  private poolLength = 0;
  private readonly idHash = new IntList();
  readonly strings: string[] = [];

  constructor(bytes: Uint8Array) {
    this.text = bytes;
    this.length = bytes.length;
  }

  get idCount(): number {
    return this.strings.length;
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

  expect(code: number): void {
    if (this.peek() !== code) throw GIVE_UP;
    this.pos++;
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
    if (this.peek() !== QUOTE) throw GIVE_UP;
    const text = this.text;
    const length = this.length;
    const begin = ++this.pos;
    let pos = begin;
    let hash = FNV_OFFSET;
    for (;;) {
      if (pos >= length) throw GIVE_UP;
      const c = text[pos];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 32 || c >= 128) throw GIVE_UP;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      pos++;
    }
    this.pos = pos + 1;
    return this.intern(begin, pos - begin, hash);
  }

  private intern(begin: number, length: number, hash: number): number {
    const text = this.text;
    const table = this.table;
    const mask = this.mask;
    const idBytes = this.idBytes.data;
    const pool = this.pool;
    let slot = hash & mask;
    for (;;) {
      const entry = table[2 * slot + 1];
      if (entry === 0) break;
      if (table[2 * slot] === hash) {
        const id = entry - 1;
        if (idBytes[2 * id + 1] === length) {
          const other = idBytes[2 * id];
          let k = 0;
          while (k < length && text[begin + k] === pool[other + k]) k++;
          if (k === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    const id = this.strings.length;
    this.strings.push(ascii(text, begin, begin + length));
    if (this.poolLength + length > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.poolLength + length));
      bigger.set(this.pool);
      this.pool = bigger;
    }
    this.pool.set(text.subarray(begin, begin + length), this.poolLength);
    this.idBytes.push(this.poolLength);
    this.idBytes.push(length);
    this.poolLength += length;
    this.idHash.push(hash);
    table[2 * slot] = hash;
    table[2 * slot + 1] = id + 1;
    if (this.strings.length * 2 > mask + 1) this.grow();
    return id;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const table = new Int32Array(2 * size);
    const mask = size - 1;
    const hashes = this.idHash.data;
    for (let id = 0; id < this.strings.length; id++) {
      let slot = hashes[id] & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = hashes[id];
      table[2 * slot + 1] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }

  /** The interned number of a JS string, or -1 when it never occurred as an id. */
  lookup(value: string): number {
    let hash = FNV_OFFSET;
    for (let k = 0; k < value.length; k++) hash = Math.imul(hash ^ value.charCodeAt(k), FNV_PRIME);
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.table[2 * slot + 1];
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
    const owners = new IntList();
    const start = new IntList();
    const items = new IntList();
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
            const c = this.peek();
            this.pos++;
            if (c === CLOSE_BRACKET) break;
            if (c !== COMMA) throw GIVE_UP;
          }
        }
        const c = this.peek();
        this.pos++;
        if (c === CLOSE_BRACE) break;
        if (c !== COMMA) throw GIVE_UP;
      }
    }
    start.push(items.length);
    return { owners: owners.view(), start: start.view(), items: items.view() };
  }

  /** `{ "id": 12, ... }` (integers) or `{ "id": "id", ... }` (ids). */
  map(values: 'integer' | 'id'): RawMap {
    const keys = new IntList();
    const read: number[] = [];
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.pos++;
    } else {
      for (;;) {
        keys.push(this.id());
        this.expect(COLON);
        read.push(values === 'integer' ? this.integer() : this.id());
        const c = this.peek();
        this.pos++;
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
  const items = new Int32Array(raw.items.length);
  const stamp = new Int32Array(members.ids.length).fill(-1);
  const lists = new Map<string, readonly string[]>();
  const strings = scanner.strings;
  let fill = 0;
  for (let k = 0; k < n; k++) {
    start[k] = fill;
    const r = owners.row[k];
    const begin = raw.start[r];
    const end = raw.start[r + 1];
    const list = new Array<string>(end - begin);
    for (let j = begin; j < end; j++) {
      const member = raw.items[j];
      const m = members.position[member];
      if (m < 0 || stamp[m] === k) throw GIVE_UP;
      stamp[m] = k;
      items[fill++] = m;
      list[j - begin] = strings[member];
    }
    lists.set(owners.ids[k], list);
  }
  start[n] = fill;
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
