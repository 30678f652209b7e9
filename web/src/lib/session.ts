/**
 * The signed-in session in this tab: the short-lived access token (memory only, never storage) and
 * who is signed in. The long-lived part is the server's httpOnly refresh cookie: `restore` and
 * `refresh` trade it for a new access token, so a reload or an expired token does not sign anyone out.
 */
export type Role = 'CANDIDATE' | 'SUPERVISOR' | 'HR' | 'ADMIN';

export interface SessionUser {
  id: string;
  displayName: string;
  email: string;
  roles: Role[];
  organisationName: string;
}

export interface Session {
  accessToken: string;
  expiresAt: string;
  user: SessionUser;
}

type Listener = (session: Session | null) => void;

let current: Session | null = null;
let ended = false;
const listeners = new Set<Listener>();

export function getSession(): Session | null {
  return current;
}

/** True once a session was lost (expired and not renewable): the sign-in page says so. */
export function sessionEnded(): boolean {
  return ended;
}

export function setSession(next: Session | null, opts: { expired?: boolean } = {}): void {
  current = next;
  ended = next === null && opts.expired === true;
  for (const listener of listeners) listener(current);
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The access token expires within `marginMs`: renew it before using it. */
export function expiresSoon(session: Session, now = Date.now(), marginMs = 30_000): boolean {
  return new Date(session.expiresAt).getTime() - marginMs <= now;
}
