import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationError, ValidatorOptions } from 'class-validator';
import { flattenValidationErrors } from '../errors/validation-exception.factory';
import { deferDeclaredProblems, hasUseCaseChecks } from './use-case-checks';
import { KnownValidValues, validationKey } from './validated-once';

/**
 * Parameter kinds of a GraphQL resolver as Nest hands them to pipes (@nestjs/graphql's GqlParamtype,
 * which the package does not export): a field resolver's parent object, the context and the info are
 * the server's own values, never input.
 */
const GRAPHQL_NON_INPUT_PARAMS: readonly unknown[] = [0 /* ROOT */, 1 /* CONTEXT */, 2 /* INFO */];

/**
 * The global ValidationPipe, for input only. Nest passes every parameter of every resolver through
 * the global pipes, field resolvers included; the stock pipe would copy and validate the parent
 * entity of each relation field (plainToInstance + validate), once per field and row: a 25-row
 * page with its relations ran it about 150 times per request. Arguments (@Args) and HTTP inputs are
 * validated exactly as before.
 *
 * An input class marked `@ValidatedOncePerValue()` is validated once per distinct value
 * (validated-once.ts).
 *
 * An input class marked `@WithUseCaseChecks()` is not refused here: its declared problems go on
 * with it, and its use case answers them together with its own checks (one BAD_USER_INPUT).
 */
export class InputValidationPipe extends ValidationPipe {
  private readonly knownValid = new KnownValidValues();

  protected override toValidate(metadata: ArgumentMetadata): boolean {
    if (GRAPHQL_NON_INPUT_PARAMS.includes(metadata.type)) return false;
    return super.toValidate(metadata);
  }

  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    // A value of a `@ValidatedOncePerValue()` class found valid before passes as it did then. With
    // `whitelist` but not `forbidNonWhitelisted` validation strips undeclared properties instead of
    // refusing them; such a pipe validates every time.
    const once = !this.validatorOptions.whitelist || this.validatorOptions.forbidNonWhitelisted;
    const key = once ? validationKey(object) : null;
    if (key !== null && this.knownValid.has(object, key)) return [];
    const errors = await super.validate(object, validatorOptions);
    if (key !== null && errors.length === 0) this.knownValid.add(object, key);
    // The class of a real instance (a stand-in `{ constructor }` of a primitive is refused here).
    const type: unknown = Object.getPrototypeOf(object)?.constructor;
    if (errors.length === 0 || !hasUseCaseChecks(type)) return errors;
    deferDeclaredProblems(object, flattenValidationErrors(errors));
    return [];
  }
}
