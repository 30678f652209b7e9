/**
 * The facts a notification's text is made of, kept beside its English `message` so that a client
 * can write the text in its own language from `type` and these (the web app does, in Dutch and
 * English). Stored in the row's `data` (jsonb) with the ids it links to.
 */
export interface NotificationParams {
  /** The opportunity's title. */
  title?: string | null;
  /** The reason a person gave (their own words, in the language they wrote it in). */
  reason?: string | null;
  /** An offer's response deadline. */
  responseDeadline?: Date | null;
  /** The allocation round's name. */
  round?: string | null;
  /** How many (offers of a round run; the supervision capacity HR set). */
  count?: number | null;
  /** A round's outcome: the titles of the person's choices that closed without an offer. */
  closed?: string[] | null;
}

const KEYS = ['title', 'reason', 'responseDeadline', 'round', 'count'] as const;

/** The params as `data` entries (strings), leaving out what is not set. */
export function paramsToData(params: NotificationParams | undefined): Record<string, string> {
  const data: Record<string, string> = {};
  if (!params) return data;
  for (const key of KEYS) {
    const value = params[key];
    if (value === null || value === undefined) continue;
    data[key] = value instanceof Date ? value.toISOString() : String(value);
  }
  // A list travels as its JSON text, like every other entry a string.
  if (params.closed) data.closed = JSON.stringify(params.closed);
  return data;
}

/** The params back from `data`; absent in rows written before they were kept. */
export function paramsFromData(data: Record<string, string>): Required<NotificationParams> {
  return {
    title: data.title ?? null,
    reason: data.reason ?? null,
    responseDeadline: data.responseDeadline ? new Date(data.responseDeadline) : null,
    round: data.round ?? null,
    count: data.count !== undefined ? Number(data.count) : null,
    closed: data.closed !== undefined ? (JSON.parse(data.closed) as string[]) : null,
  };
}
