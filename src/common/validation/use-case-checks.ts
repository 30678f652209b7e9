import { FieldError } from '../errors/error-codes';

const MARKED = new WeakSet<object>();
const DECLARED = new WeakMap<object, FieldError[]>();

/**
 * Marks an input class whose use case checks more than its declared constraints (an unknown
 * competence, a period, a round's scope) before it writes: the validation pipe then hands the input
 * on with the fields its declared constraints refuse, and the use case answers them together with
 * its own in one BAD_USER_INPUT (`InvalidFields.of(input)`), instead of the client meeting the
 * declared ones first and the rest on its next try.
 *
 * The contract: the use case of a marked input starts its checks with `InvalidFields.of(input)`
 * and calls `throwIfAny()` before it writes. Only types the GraphQL schema already guarantees
 * reach it (ids are UUIDs, refused before execution otherwise), so its own checks can run.
 */
export function WithUseCaseChecks(): ClassDecorator {
  return (target) => {
    MARKED.add(target);
  };
}

export function hasUseCaseChecks(type: unknown): boolean {
  return typeof type === 'function' && MARKED.has(type);
}

/** Called by the validation pipe: the fields the declared constraints of `input` refuse. */
export function deferDeclaredProblems(input: object, fields: FieldError[]): void {
  DECLARED.set(input, fields);
}

/** The fields the declared constraints of `input` refused (taken: a second call gets none). */
export function takeDeclaredProblems(input: object): FieldError[] {
  const fields = DECLARED.get(input) ?? [];
  DECLARED.delete(input);
  return fields;
}
