/**
 * Passes of one background worker that never overlap within an instance: `run` starts a pass once
 * every pass started before it has ended (a tick, a kick after a commit and a test's call may come
 * at once), and resolves with what that pass returned. A pass that fails does not stop the later
 * ones. Across instances the work itself is claimed FOR UPDATE SKIP LOCKED; this only orders the
 * passes of one process.
 */
export class SerialPasses {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly pass: () => Promise<number>) {}

  run(): Promise<number> {
    const next = this.tail.then(this.pass);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every pass started so far has ended (failed ones included). */
  settled(): Promise<unknown> {
    return this.tail;
  }
}
