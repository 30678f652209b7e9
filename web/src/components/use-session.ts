import { useSyncExternalStore } from 'react';
import { getSession, subscribeSession, type Role, type Session } from '../lib/session';

export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

export function hasRole(session: Session | null, role: Role): boolean {
  return session?.user.roles.includes(role) ?? false;
}
