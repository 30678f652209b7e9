import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A graphql-ws client for `url`, authenticated with `token` (none: the server refuses it). `headers`
 * go with the upgrade request (e.g. the X-Forwarded-For a proxy adds).
 */
export function wsClient(url: string, token?: string, headers?: Record<string, string>): Client {
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createClient({
    url,
    webSocketImpl: headers ? WithHeaders : WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export interface CollectedSubscription<T> {
  events: T[];
  /** GraphQL errors of results, and what closed the socket (a CloseEvent with its code). */
  errors: unknown[];
  /** Waits until `count` events arrived, an error came, or the time is up. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  dispose(): void;
}

/** Subscribes and collects every result. */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): CollectedSubscription<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.data) events.push(value.data as T);
        if (value.errors) errors.push(value.errors);
      },
      error: (err) => errors.push(err),
      complete: () => undefined,
    },
  );
  const waitFor = async (count: number, timeoutMs = 5000): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while (events.length < count && errors.length === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { events, errors, waitFor, dispose };
}

/** graphql-ws has no subscribe acknowledgement: give the server a moment to register it. */
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));

/** What one graphql-ws operation got: its first result, its errors, or the close of the socket. */
export interface WsAnswer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
  /** The socket closed instead: its close code and reason. */
  closed?: { code: number; reason: string };
  /** Still subscribed after `timeoutMs` (a valid subscription waiting for events). */
  pending?: true;
}

/** Sends one operation on a fresh authenticated socket and returns what came first. */
export async function wsOnce(
  url: string,
  token: string,
  payload: { query: string; variables?: Record<string, unknown>; operationName?: string },
  timeoutMs = 2000,
): Promise<WsAnswer> {
  const client = wsClient(url, token);
  try {
    return await new Promise<WsAnswer>((resolve) => {
      const timer = setTimeout(() => resolve({ pending: true }), timeoutMs);
      const done = (answer: WsAnswer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      client.subscribe(payload, {
        next: (value) => done({ data: value.data, errors: value.errors as WsAnswer['errors'] }),
        error: (err: unknown) =>
          done(Array.isArray(err) ? { errors: err as WsAnswer['errors'] } : { closed: closeOf(err) }),
        complete: () => done({}),
      });
    });
  } finally {
    await client.dispose();
  }
}

function closeOf(event: unknown): { code: number; reason: string } {
  const { code, reason } = event as { code?: unknown; reason?: unknown };
  return { code: Number(code), reason: String(reason ?? '') };
}
