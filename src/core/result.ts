/**
 * The result of a workflow step: decisions as data.
 * A successful step names the next state and the effects the service runs after it persisted the
 * transition; a refused step names a typed error code and a message that names the current state.
 */

export interface DomainError<Code extends string> {
  readonly code: Code;
  readonly message: string;
}

export interface TransitionOk<State, Effect> {
  readonly ok: true;
  readonly next: State;
  readonly effects: Effect[];
}

export interface TransitionRefused<Code extends string> {
  readonly ok: false;
  readonly error: DomainError<Code>;
}

export type TransitionResult<State, Effect, Code extends string> =
  TransitionOk<State, Effect> | TransitionRefused<Code>;

export function transitionOk<State, Effect>(next: State, effects: Effect[]): TransitionOk<State, Effect> {
  return { ok: true, next, effects };
}

export function transitionRefused<Code extends string>(code: Code, message: string): TransitionRefused<Code> {
  return { ok: false, error: { code, message } };
}

/** A reason or comment counts only when it has visible text: `null`, `''` and `'  '` are missing. */
export function hasText(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
