/**
 * React renders the whole root again, synchronously, when a render throws; when that second render
 * succeeds it reports a "recoverable" error (#520 in a production build: "There was an error during
 * concurrent rendering but React was able to recover by instead synchronously rendering the entire
 * root"). Its message names nothing: what threw is its `cause`, and where is the component stack
 * React passes beside it. Reported as React's default does (an uncaught error event: the browser
 * tests count it as a problem), but with the cause and the first components in its text.
 */
export function describeRecoverableError(error: unknown, componentStack?: string | null): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? error.cause : undefined;
  const parts = [message];
  if (cause !== undefined) {
    parts.push(`Cause: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
  }
  const components = (componentStack ?? '')
    .split('\n')
    .map(
      (line) =>
        line
          .trim()
          .replace(/^at\s+/, '')
          .split(' ')[0] ?? '',
    )
    .filter(Boolean)
    .slice(0, 8);
  if (components.length > 0) parts.push(`In: ${components.join(' < ')}`);
  return parts.join(' | ');
}

export function reportRecoverableError(error: unknown, info: { componentStack?: string | null }): void {
  const report = new Error(describeRecoverableError(error, info.componentStack), { cause: error });
  if (typeof window !== 'undefined' && typeof window.reportError === 'function') window.reportError(report);
  else console.error(report);
}
