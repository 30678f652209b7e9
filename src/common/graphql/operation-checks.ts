import {
  DocumentNode,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';
import { findInputProblems } from './input-values';
import { operationCost } from './operation-cost';
import { limitRules, parseOptions, QueryLimitError, QueryLimits, tokenLimitError } from './query-limits';

export interface OperationLimits extends QueryLimits {
  /** GRAPHQL_MAX_COMPLEXITY: the highest operation cost (operation-cost.ts) served. */
  maxCost: number;
}

const BAD_REQUEST = { status: 400 };

/**
 * What is refused after validation and before execution, over HTTP (OperationChecksPlugin) and over
 * graphql-ws (checkSocketOperation) alike: variables graphql-js cannot coerce (BAD_USER_INPUT, one
 * error per variable, as graphql-js words them), malformed ids and NUL characters anywhere in the
 * input (one BAD_USER_INPUT naming every offending field), and a cost above the limit
 * (QUERY_TOO_COMPLEX). Returns no errors when the operation may run.
 */
export function checkResolvedOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): GraphQLError[] {
  const raw = variables ?? {};
  const passed = passedCosts(schema, operation);
  const key = variablesKey(variables);
  const known = key === null ? undefined : passed.get(key);
  if (known !== undefined) return costErrors(known, limits);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 50 });
  if (coerced.errors) {
    return coerced.errors.map(
      (error) =>
        new GraphQLError(error.message, {
          nodes: error.nodes,
          originalError: error.originalError,
          extensions: { code: ErrorCode.BAD_USER_INPUT, http: BAD_REQUEST },
        }),
    );
  }
  const problems = findInputProblems(schema, document, operation, coerced.coerced);
  if (problems.length > 0) {
    const reasons = new Set(problems.map((p) => p.reason));
    const names = [...new Set(problems.map((p) => p.field))].join(', ');
    const error = AppError.badInput(
      `Invalid input: ${names}`,
      problems.map(({ field, message, code }) => ({ field, message, code })),
      reasons.size === 1 ? [...reasons][0] : undefined,
    );
    return [
      new GraphQLError(error.message, {
        originalError: error,
        extensions: { code: ErrorCode.BAD_USER_INPUT, http: BAD_REQUEST },
      }),
    ];
  }
  let cost: number;
  try {
    cost = operationCost(schema, document, operation.name?.value, raw);
  } catch {
    // graphql-query-complexity stops at 10,000 evaluated fields (a fragment fan-out): too complex.
    return [new QueryLimitError(ErrorCode.QUERY_TOO_COMPLEX, 'Query is too complex to estimate')];
  }
  if (key !== null) {
    if (passed.size >= MAX_VARIABLE_SETS) passed.clear();
    passed.set(key, cost);
  }
  return costErrors(cost, limits);
}

function costErrors(cost: number, limits: OperationLimits): GraphQLError[] {
  if (cost > limits.maxCost) {
    return [
      new QueryLimitError(
        ErrorCode.QUERY_TOO_COMPLEX,
        `Query is too complex: ${cost}; the limit is ${limits.maxCost}`,
      ),
    ];
  }
  return [];
}

/**
 * The cost of each operation whose variables passed the input checks, per schema, operation node and
 * variables: an operation sent again with the same variables is checked once. The checks depend on
 * nothing else (no clock, no data), so the answer is the one a new check would give. Apollo keeps a
 * parsed document per query text and hands the same nodes to every request of that text; a
 * document parsed anew (graphql-ws, Apollo's cache full) has new nodes and is checked in full.
 * Operations refused are never remembered: each refusal is worked out (and worded) anew.
 */
const PASSED = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, Map<string, number>>>();
/** Distinct variable sets remembered per operation (then forgotten all at once), and their size. */
const MAX_VARIABLE_SETS = 64;
const MAX_VARIABLES_KEY = 2048;

function passedCosts(schema: GraphQLSchema, operation: OperationDefinitionNode): Map<string, number> {
  let ofSchema = PASSED.get(schema);
  if (!ofSchema) PASSED.set(schema, (ofSchema = new WeakMap()));
  let passed = ofSchema.get(operation);
  if (!passed) ofSchema.set(operation, (passed = new Map()));
  return passed;
}

/**
 * The variables as their JSON text (they arrive as JSON, over HTTP and graphql-ws alike); null when
 * they are too long to remember or are not JSON data (then they are checked every time).
 */
function variablesKey(variables: Record<string, unknown> | undefined): string | null {
  if (variables === undefined) return '';
  if (!isJsonData(variables, 0)) return null;
  const key = JSON.stringify(variables);
  return key.length <= MAX_VARIABLES_KEY ? key : null;
}

/** Only what JSON.parse makes: plain objects and arrays, strings, finite numbers, booleans, null. */
function isJsonData(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > 16) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      if (!(i in value) || !isJsonData(value[i], depth + 1)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in value) {
    if (!Object.hasOwn(value, k) || !isJsonData((value as Record<string, unknown>)[k], depth + 1))
      return false;
  }
  return true;
}

/** True when every error is a variable graphql-js could not coerce (Apollo answers those itself). */
export function onlyVariableErrors(errors: readonly GraphQLError[]): boolean {
  return errors.length > 0 && errors.every((e) => e.nodes?.[0]?.kind === 'VariableDefinition');
}

/**
 * The whole pipeline for a graphql-ws operation, which bypasses Apollo's: parse (token limit),
 * validate (GraphQL's rules and the shape limits), then checkResolvedOperation. Errors carry the
 * codes Apollo gives over HTTP; the socket stays open.
 */
export function checkSocketOperation(
  schema: GraphQLSchema,
  payload: { query?: unknown; operationName?: unknown; variables?: unknown },
  limits: OperationLimits,
  policy: SocketPolicy,
): { document: DocumentNode; operation: OperationDefinitionNode } | { errors: GraphQLError[] } {
  if (typeof payload.query !== 'string' || payload.query.trim() === '') {
    return { errors: [badRequest('The operation must have a non-empty `query` string')] };
  }
  if (payload.variables !== undefined && payload.variables !== null && !isPlainObject(payload.variables)) {
    return { errors: [badRequest('`variables` must be an object')] };
  }
  let document: DocumentNode;
  try {
    document = parse(payload.query, parseOptions(limits));
  } catch (err) {
    const message = err instanceof GraphQLError ? err.message : 'The document could not be parsed';
    return {
      errors: [
        tokenLimitError(message) ??
          new GraphQLError(message, { extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } }),
      ],
    };
  }
  const rules = [
    ...specifiedRules,
    ...limitRules(limits),
    ...(policy.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const invalid = validate(schema, document, rules);
  if (invalid.length > 0) {
    return {
      errors: invalid.map(
        (error) =>
          new GraphQLError(policy.suggestions ? error.message : withoutSuggestion(error.message), {
            nodes: error.nodes,
            originalError: error.originalError ?? error,
            extensions: { ...error.extensions, code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
          }),
      ),
    };
  }
  const operationName = typeof payload.operationName === 'string' ? payload.operationName : undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return {
      errors: [
        new GraphQLError(
          operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name.',
          { extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE } },
        ),
      ],
    };
  }
  const variables = (payload.variables ?? undefined) as Record<string, unknown> | undefined;
  const errors = checkResolvedOperation(schema, document, operation, variables, limits);
  return errors.length > 0 ? { errors } : { document, operation };
}

/** What Apollo's options decide over HTTP, for the socket: introspection, and "Did you mean" hints. */
export interface SocketPolicy {
  introspection: boolean;
  suggestions: boolean;
}

/** As Apollo's hideSchemaDetailsFromClientErrors does: no hint at field or type names. */
function withoutSuggestion(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_REQUEST } });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
