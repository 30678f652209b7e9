import { authExchange } from '@urql/exchange-auth';
import { cacheExchange, Client, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import { reportConnection } from './connection';
import { expiresSoon, getSession, setSession } from './session';

/**
 * Renews the access token with the refresh cookie; null when there is no session to renew. Set by
 * the auth feature (features/auth/api), which owns the session operations.
 */
export type Refresher = () => Promise<boolean>;
let refresher: Refresher = async () => false;
export function setRefresher(next: Refresher): void {
  refresher = next;
}

/** One renewal at a time, shared by every caller (HTTP operations and the socket). */
let renewing: Promise<boolean> | null = null;
export function renewSession(): Promise<boolean> {
  renewing ??= refresher().finally(() => {
    renewing = null;
  });
  return renewing;
}

function wsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/graphql`;
}

function isUnauthenticated(error: { graphQLErrors: { extensions?: Record<string, unknown> }[] }): boolean {
  return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * urql with: the bearer token on every operation (renewed before it expires, and once more when the
 * API says UNAUTHENTICATED), subscriptions over graphql-ws at the same origin (the socket asks for the
 * token each time it connects, so a reconnect after the server closed an expired socket uses a fresh
 * one), and a connection state for the "connection lost" banner.
 */
export function createGraphqlClient(): Client {
  const ws = createWsClient({
    url: wsUrl(),
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    connectionParams: async () => {
      let session = getSession();
      if (session && expiresSoon(session)) {
        await renewSession();
        session = getSession();
      }
      return session ? { authorization: `Bearer ${session.accessToken}` } : {};
    },
    on: {
      connected: () => reportConnection('online'),
      closed: (event) => {
        // 1000: closed on purpose (no subscription left); 44xx: the server refused the token.
        const code = (event as { code?: number }).code;
        if (code !== 1000 && (code === undefined || code < 4400 || code >= 4500)) reportConnection('offline');
      },
    },
  });

  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    // POST with a JSON body: Apollo's CSRF prevention refuses simple GET requests.
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      mapExchange({
        onResult(result) {
          if (result.error?.networkError && result.error.graphQLErrors.length === 0)
            reportConnection('offline');
          else reportConnection('online');
        },
      }),
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const session = getSession();
          return session
            ? utils.appendHeaders(operation, { authorization: `Bearer ${session.accessToken}` })
            : operation;
        },
        willAuthError() {
          const session = getSession();
          return session !== null && expiresSoon(session);
        },
        didAuthError(error) {
          return getSession() !== null && isUnauthenticated(error);
        },
        async refreshAuth() {
          if (!(await renewSession())) setSession(null, { expired: true });
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
