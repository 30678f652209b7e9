import { useEffect, useRef } from 'react';
import { useSubscription, type AnyVariables, type TypedDocumentNode } from 'urql';

/**
 * A subscription that comes back: when the socket fails for good (the server refused an expired
 * token, the network went away) it subscribes again after a pause, with a fresh token.
 */
export function useLiveSubscription<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onData: (data: Data) => void,
  pause = false,
): void {
  const handler = useRef(onData);
  useEffect(() => {
    handler.current = onData;
  });
  const [result, resubscribe] = useSubscription(
    { query, variables, pause },
    (_prev: Data | undefined, data: Data) => {
      handler.current(data);
      return data;
    },
  );
  const error = result.error;
  useEffect(() => {
    if (!error) return;
    const timer = window.setTimeout(() => resubscribe({ requestPolicy: 'network-only' }), 3000);
    return () => window.clearTimeout(timer);
  }, [error, resubscribe]);
}
