/** Whether the API answers: a lost connection is shown in a banner and retried, not hidden. */
export type ConnectionState = 'online' | 'offline';

type Listener = (state: ConnectionState) => void;
let state: ConnectionState = 'online';
const listeners = new Set<Listener>();

export function connectionState(): ConnectionState {
  return state;
}

export function reportConnection(next: ConnectionState): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener(state);
}

export function subscribeConnection(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
