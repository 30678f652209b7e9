import {
  DocumentNode,
  getNullableType,
  GraphQLInputType,
  OperationDefinitionNode,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { AppError } from '../errors/app-error';
import { FieldError, InputReason } from '../errors/error-codes';
import { FieldCode } from '../errors/field-codes';

/** Every ID of this API is a UUID (PostgreSQL `uuid` keys). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The BAD_USER_INPUT for a malformed id where no GraphQL argument carries it (a route parameter). */
export function malformedId(field: string): AppError {
  return AppError.badInput(
    `Invalid input: ${field}`,
    [{ field, message: 'must be a UUID', code: FieldCode.NOT_A_UUID }],
    InputReason.MALFORMED_ID,
  );
}

export interface InputProblem extends FieldError {
  reason: (typeof InputReason)[keyof typeof InputReason];
}

/**
 * The one rule for every string that enters the API, whatever the operation: an `ID` is a UUID and
 * no `String` or `ID` holds a NUL character (PostgreSQL text cannot store one). Walks every argument
 * of every field in the document, literals and variables alike (`variables` already coerced by
 * graphql-js), down through input objects and lists, and names each offending value by its path
 * as class-validator does (`headline` in an input, `opportunityIds.2`). Only
 * `operation` (and the fragments) is read: another operation of the document does not run.
 */
export function findInputProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        return node === operation ? undefined : false;
      },
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field || field.args.length === 0) return;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(field, node, variables);
        } catch {
          return; // invalid arguments: graphql-js reports them itself when it executes
        }
        for (const arg of field.args) {
          // Named as class-validator names them: inside an input object (`headline`, not
          // `input.headline`), by the argument's name otherwise (`id`, `roleIds.1`).
          const path = isInputObjectType(getNullableType(arg.type)) ? '' : arg.name;
          checkValue(values[arg.name], arg.type, path, problems);
        }
      },
    }),
  );
  // A variable used in two places is one value: report it once per path.
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.field) && !!seen.add(p.field));
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, out: InputProblem[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(value, type.ofType, path, out);
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(item, type.ofType, join(path, i), out));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    const fields = type.getFields();
    for (const [name, inner] of Object.entries(value)) {
      const field = fields[name];
      if (field) checkValue(inner, field.type, join(path, name), out);
    }
    return;
  }
  if (!isScalarType(type) || typeof value !== 'string') return;
  if (type.name === 'ID' && !UUID.test(value)) {
    out.push({
      field: path,
      message: 'must be a UUID',
      code: FieldCode.NOT_A_UUID,
      reason: InputReason.MALFORMED_ID,
    });
  } else if (value.includes('\u0000')) {
    out.push({
      field: path,
      message: 'must not contain NUL characters',
      code: FieldCode.NUL_CHARACTER,
      reason: InputReason.NUL_CHARACTER,
    });
  }
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}
