import { CombinedError, type Client } from 'urql';
import { setRefresher } from '../../../lib/graphql-client';
import { getSession, setSession, type SessionUser } from '../../../lib/session';
import { MeQuery } from './auth.operations';

/**
 * The server's cookie sessions (docs/web-app-api.md): POST /auth/sign-in, /auth/refresh and
 * /auth/sign-out with a JSON body; the refresh token stays in an httpOnly cookie scoped to /auth.
 * The access token lives in memory only.
 */
interface TokenAnswer {
  accessToken: string;
  expiresAt: string;
}

interface ErrorBody {
  error?: { code?: string; message?: string; reason?: string; fields?: { field: string; message: string }[] };
}

let client: Client | null = null;

async function post(path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** An /auth answer's error as a CombinedError, so forms describe it like a GraphQL error. */
async function toError(response: Response): Promise<CombinedError> {
  const body = (await response.json().catch(() => ({}))) as ErrorBody;
  const { code = 'INTERNAL_SERVER_ERROR', message = response.statusText, reason, fields } = body.error ?? {};
  return new CombinedError({ graphQLErrors: [{ message, extensions: { code, reason, fields } }] });
}

async function loadUser(accessToken: string, expiresAt: string): Promise<SessionUser | null> {
  if (!client) return null;
  // The token is put in place first so the query carries it.
  const previous = getSession();
  setSession({
    accessToken,
    expiresAt,
    user: previous?.user ?? { id: '', displayName: '', email: '', roles: [], organisationName: '' },
  });
  const result = await client.query(MeQuery, {}, { requestPolicy: 'network-only' }).toPromise();
  const me = result.data?.me;
  if (!me) return null;
  return {
    id: me.id,
    displayName: me.displayName,
    email: me.email,
    roles: me.roles,
    organisationName: me.organisation.name,
  };
}

async function start(answer: TokenAnswer): Promise<boolean> {
  const user = await loadUser(answer.accessToken, answer.expiresAt);
  if (!user) {
    setSession(null);
    return false;
  }
  setSession({ accessToken: answer.accessToken, expiresAt: answer.expiresAt, user });
  return true;
}

/** Signs in with e-mail and password; the error (if any) is for the form to show. */
export async function signIn(email: string, password: string): Promise<{ error?: CombinedError }> {
  let response: Response;
  try {
    response = await post('/auth/sign-in', { email, password });
  } catch (err) {
    return { error: new CombinedError({ networkError: err as Error }) };
  }
  if (!response.ok) return { error: await toError(response) };
  const ok = await start((await response.json()) as TokenAnswer);
  return ok
    ? {}
    : {
        error: new CombinedError({
          graphQLErrors: [{ message: 'me', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        }),
      };
}

/**
 * Trades the refresh cookie for a new access token. Refresh tokens work once, so two refreshes must
 * never race: one per tab (the GraphQL client shares the promise) and one across tabs (a Web Lock).
 */
async function refresh(): Promise<boolean> {
  const run = async (): Promise<boolean> => {
    let response: Response;
    try {
      response = await post('/auth/refresh', {});
    } catch {
      return getSession() !== null; // offline: keep what we have, the banner says so
    }
    if (!response.ok) return false;
    const answer = (await response.json()) as TokenAnswer;
    const session = getSession();
    if (session && session.user.id) {
      setSession({ ...session, accessToken: answer.accessToken, expiresAt: answer.expiresAt });
      return true;
    }
    return start(answer);
  };
  return typeof navigator !== 'undefined' && navigator.locks
    ? navigator.locks.request('te-refresh', run)
    : run();
}

/** Called once at start: a reload keeps the person signed in while the refresh cookie is good. */
export async function restoreSession(graphqlClient: Client): Promise<void> {
  client = graphqlClient;
  setRefresher(refresh);
  await refresh();
}

export async function signOut(): Promise<void> {
  try {
    await post('/auth/sign-out', {});
  } finally {
    setSession(null);
  }
}
