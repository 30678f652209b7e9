import { AppError } from './app-error';
import { takeDeclaredProblems } from '../validation/use-case-checks';
import { FieldError } from './error-codes';

/**
 * The invalid fields of one input, gathered by every check a use case makes before it writes, so
 * the client meets them all in one BAD_USER_INPUT instead of one round trip per field. A group's
 * `reason` (and its message, when it is the only group) survives when every group shares it.
 */
export class InvalidFields {
  private readonly fields: FieldError[] = [];
  private readonly reasons = new Set<string | undefined>();
  private readonly messages: string[] = [];

  /**
   * Starts with what the declared constraints of an input marked `@WithUseCaseChecks()` refused,
   * so they come in the same answer as the use case's own findings.
   */
  static of(...inputs: object[]): InvalidFields {
    const invalid = new InvalidFields();
    for (const input of inputs) invalid.add(takeDeclaredProblems(input));
    return invalid;
  }

  add(fields: readonly FieldError[], reason?: string, message?: string): this {
    if (fields.length === 0) return this;
    this.fields.push(...fields);
    this.reasons.add(reason);
    if (message) this.messages.push(message);
    return this;
  }

  /** Whether `field` is refused already: a check that builds on its value then has nothing to add. */
  has(field: string): boolean {
    return this.fields.some((f) => f.field === field);
  }

  /** Throws the BAD_USER_INPUT now, for a use case that cannot check on (a field was added). */
  throwNow(): never {
    this.throwIfAny();
    throw new Error('InvalidFields.throwNow: no field was added');
  }

  /** Throws the one BAD_USER_INPUT naming every field added, if any. */
  throwIfAny(): void {
    if (this.fields.length === 0) return;
    const [reason] = this.reasons.size === 1 ? [...this.reasons] : [undefined];
    const message =
      this.messages.length === 1 && this.reasons.size === 1
        ? this.messages[0]
        : `Invalid input: ${[...new Set(this.fields.map((f) => f.field))].join(', ')}`;
    throw AppError.badInput(message, this.fields, reason);
  }
}
