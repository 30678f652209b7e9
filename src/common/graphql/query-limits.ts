import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { ASTNode, GraphQLError, ParseOptions, ValidationContext, ValidationRule } from 'graphql';
import { ErrorCode } from '../errors/error-codes';

type LimitCode =
  | ErrorCode.QUERY_TOO_COMPLEX
  | ErrorCode.QUERY_TOO_DEEP
  | ErrorCode.TOO_MANY_ALIASES
  | ErrorCode.TOO_MANY_DIRECTIVES
  | ErrorCode.TOO_MANY_TOKENS;

/** An operation refused before execution for its shape or cost; mapped to its own `extensions.code`. */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly limitCode: LimitCode,
    message: string,
    nodes?: readonly ASTNode[],
  ) {
    super(message, { nodes, extensions: { code: limitCode, http: { status: 400 } } });
  }
}

/** The shape limits of a document (GRAPHQL_MAX_* settings). */
export interface QueryLimits {
  /** Nesting of fields: `{ me { organisation { id } } }` has depth 2; fragments do not count. */
  maxDepth: number;
  /** Aliased fields over the operation, fragments included. */
  maxAliases: number;
  /** Directives over the operation, fragments included. */
  maxDirectives: number;
  /** Lexical tokens of the document, counted while parsing (it stops at the limit). */
  maxTokens: number;
}

/**
 * The depth, alias and directive limits as validation rules (GraphQL Armor). Each counts fragments
 * once per spread and is safe on fragment cycles (GraphQL's own rule reports those). A refusal is
 * reported, not thrown, so it answers 400 with its own code beside any other validation error.
 */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  const reportAs =
    (code: LimitCode) =>
    (context: ValidationContext | null, error: GraphQLError): void =>
      context?.reportError(new QueryLimitError(code, error.message.replace(/^Syntax Error: /, '')));
  const common = { exposeLimits: true, propagateOnRejection: false };
  return [
    maxDepthRule({
      ...common,
      // Armor counts the root selection as 1: n + 1 keeps GRAPHQL_MAX_DEPTH's meaning.
      n: limits.maxDepth + 1,
      flattenFragments: true,
      onReject: [reportAs(ErrorCode.QUERY_TOO_DEEP)],
    }),
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      // Every alias counts, `__typename` ones too (Armor lets those through by default).
      allowList: [],
      onReject: [reportAs(ErrorCode.TOO_MANY_ALIASES)],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [reportAs(ErrorCode.TOO_MANY_DIRECTIVES)],
    }),
  ] as ValidationRule[];
}

/**
 * Parser options: graphql-js stops at `maxTokens` tokens (a token flood never reaches validation,
 * whose cost grows faster than the document).
 */
export function parseOptions(limits: QueryLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * graphql-js's message when the parser stops at maxTokens (16.x words it "more that"); mapped to
 * TOO_MANY_TOKENS. A unit test pins it to the installed graphql-js.
 */
const TOKEN_LIMIT_MESSAGE =
  /^Syntax Error: Document contains more (?:than|that) (\d+) tokens\. Parsing aborted\.$/;

/** The TOO_MANY_TOKENS error for graphql-js's token-limit syntax error, or null for any other error. */
export function tokenLimitError(message: string): QueryLimitError | null {
  const match = TOKEN_LIMIT_MESSAGE.exec(message);
  return match
    ? new QueryLimitError(ErrorCode.TOO_MANY_TOKENS, `Document has more tokens than the limit of ${match[1]}`)
    : null;
}
