/**
 * Live events cross process boundaries as text (PostgreSQL NOTIFY payloads). JSON loses Dates, so
 * a Date travels as `{ "$date": ISO-8601 }` and comes back as a Date; everything else is plain JSON.
 */
export function encodeLiveEvent(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, json: unknown) {
    // JSON.stringify has already applied Date#toJSON to `json`; the holder still has the Date.
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : json;
  });
}

export function decodeLiveEvent<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const date = (value as { $date?: unknown }).$date;
      if (keys.length === 1 && typeof date === 'string') return new Date(date);
    }
    return value;
  }) as T;
}
