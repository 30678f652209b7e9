/**
 * Uuids kept as their 16 bytes (a national round reads 3 million application ids into one
 * `Uint8Array`, `LiveLists.applicationIds`) written back as PostgreSQL reads them: text, one buffer
 * for all, no string per id.
 */

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Characters of a uuid's text (8-4-4-4-12 hexadecimal digits). */
export const UUID_TEXT_LENGTH = 36;

/** Writes the uuid of bytes `16 * index` to `16 * index + 15` as text into `out` at `at`; returns the end. */
export function writeUuidText(bytes: Uint8Array, index: number, out: Buffer, at: number): number {
  const from = 16 * index;
  for (let b = 0; b < 16; b++) {
    if (b === 4 || b === 6 || b === 8 || b === 10) out[at++] = 45; // '-'
    const byte = bytes[from + b];
    out[at++] = HEX_DIGITS[byte >> 4];
    out[at++] = HEX_DIGITS[byte & 15];
  }
  return at;
}

/** The uuid at `index` of `bytes` as text. */
export function uuidText(bytes: Uint8Array, index: number): string {
  const out = Buffer.allocUnsafe(UUID_TEXT_LENGTH);
  writeUuidText(bytes, index, out, 0);
  return out.toString('latin1');
}

/**
 * PostgreSQL's literal of a uuid[] of the uuids at `indexes` (in their order), `{"…","…"}`: one
 * buffer, one string.
 */
export function uuidArrayLiteral(bytes: Uint8Array, indexes: ArrayLike<number>): string {
  if (indexes.length === 0) return '{}';
  const step = UUID_TEXT_LENGTH + 3;
  const out = Buffer.allocUnsafe(indexes.length * step + 1);
  out[0] = 123; // '{'
  let at = 1;
  for (let k = 0; k < indexes.length; k++) {
    out[at++] = 34; // '"'
    at = writeUuidText(bytes, indexes[k], out, at);
    out[at++] = 34;
    out[at++] = 44; // ','
  }
  out[at - 1] = 125; // '}'
  return out.toString('latin1');
}

/** The 16 bytes of each uuid text (any case, with its hyphens), one after another. */
export function uuidBytes(ids: readonly string[]): Uint8Array {
  const out = new Uint8Array(16 * ids.length);
  for (let i = 0; i < ids.length; i++) {
    const hex = ids[i].replace(/-/g, '');
    if (hex.length !== 32 || !/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a uuid: ${ids[i]}`);
    out.set(Buffer.from(hex, 'hex'), 16 * i);
  }
  return out;
}
