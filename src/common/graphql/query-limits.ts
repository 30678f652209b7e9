import depthLimit from 'graphql-depth-limit';
import {
  ASTNode,
  DocumentNode,
  GraphQLError,
  parse,
  ValidationContext,
  ValidationRule,
  visit,
} from 'graphql';
import { ErrorCode } from '../errors/error-codes';

/** An operation refused before execution for its shape; mapped to its own `extensions.code`. */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly limitCode: ErrorCode.QUERY_TOO_COMPLEX | ErrorCode.QUERY_TOO_DEEP | ErrorCode.TOO_MANY_ALIASES,
    message: string,
    nodes?: readonly ASTNode[],
  ) {
    super(message, { nodes, extensions: { code: limitCode, http: { status: 400 } } });
  }
}

/** graphql-depth-limit, reporting QUERY_TOO_DEEP instead of a generic validation error. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  const rule = depthLimit(maxDepth);
  return (context: ValidationContext) => {
    const proxy = Object.create(context) as ValidationContext;
    proxy.reportError = (error: GraphQLError) =>
      context.reportError(
        new QueryLimitError(ErrorCode.QUERY_TOO_DEEP, `Query is too deep: ${error.message}`, error.nodes),
      );
    rule(proxy);
    return {};
  };
}

/** Counts aliased fields over the whole document (fragments included); too many is refused. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext) => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave(node) {
          if (aliases > maxAliases) {
            context.reportError(
              new QueryLimitError(
                ErrorCode.TOO_MANY_ALIASES,
                `Query uses ${aliases} aliases; at most ${maxAliases} are allowed`,
                [node],
              ),
            );
          }
        },
      },
    };
  };
}

/**
 * The depth and alias limits for a document outside Apollo's pipeline (graphql-ws subscriptions):
 * both rules read only the document, so a minimal validation context serves. Returns the errors.
 */
export function checkShapeLimits(
  query: string | DocumentNode,
  maxDepth: number,
  maxAliases: number,
): GraphQLError[] {
  let document: DocumentNode;
  try {
    document = typeof query === 'string' ? parse(query) : query;
  } catch (err) {
    return [err instanceof GraphQLError ? err : new GraphQLError('Syntax error')];
  }
  const errors: GraphQLError[] = [];
  const context = {
    getDocument: () => document,
    reportError: (error: GraphQLError) => errors.push(error),
  } as unknown as ValidationContext;
  depthLimitRule(maxDepth)(context);
  visit(document, aliasLimitRule(maxAliases)(context));
  return errors;
}
