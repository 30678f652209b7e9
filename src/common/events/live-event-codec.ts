/**
 * Live events cross process boundaries as text (PostgreSQL NOTIFY payloads). JSON loses Dates, so
 * a Date travels as `{ "$date": ISO-8601 }` and comes back as a Date; everything else is plain JSON.
 *
 * A round publishes hundreds of thousands of events at once, each encoded and decoded several
 * times on its way (outbox, NOTIFY, every instance): the replacer touches only the values a Date
 * can have become (strings), and text without a tagged Date is parsed with no reviver at all.
 */
const DATE_TAG = '"$date"';

export function encodeLiveEvent(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, json: unknown) {
    // JSON.stringify has already applied Date#toJSON to `json`; the holder still has the Date.
    if (typeof json !== 'string') return json;
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : json;
  });
}

function revive(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const date = (value as { $date?: unknown }).$date;
    if (typeof date === 'string' && Object.keys(value).length === 1) return new Date(date);
  }
  return value;
}

/**
 * SQL for a timestamptz expression as the tagged Date `encodeLiveEvent` writes (a json value), for
 * payloads built in PostgreSQL (`Outbox.stageBatchFrom`). PostgreSQL's json text puts spaces around
 * the colon, so the tag test above looks for the key alone.
 */
export function liveEventDateSql(timestamptz: string): string {
  return `json_build_object('$date', to_char((${timestamptz}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
}

export function decodeLiveEvent<T>(text: string): T {
  return (text.includes(DATE_TAG) ? JSON.parse(text, revive) : JSON.parse(text)) as T;
}
