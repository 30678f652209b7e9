/**
 * Resolves on the event loop's next turn (I/O handled meanwhile): long work done in slices lets
 * requests and a connection's sending and reading go on between them.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
