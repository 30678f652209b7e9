import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  DocumentNode,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLSchema,
  OperationDefinitionNode,
  printSchema,
  SourceLocation,
  VariableDefinitionNode,
} from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';

/** Apollo Server's interface for a schema with an executor of its own (Apollo Gateway's). */
type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type ExecutorRequest = Parameters<Executor>[0];

/**
 * Query operations executed by graphql-jit (compiled once per parsed document and operation), the
 * rest by graphql-js, behind Apollo Server's executor interface.
 *
 * Apollo Server 5 has one way to execute a validated operation with something other than
 * graphql-js: the `gateway` option, whose `load()` hands it the schema and an executor. Everything
 * before execution is Apollo's as without it (parsing, validation rules, plugins and their
 * didResolveOperation checks, the document cache), and so is everything after: the executor's
 * errors are formatted by formatError, reported to didEncounterErrors and set the HTTP status, the
 * same way as graphql-js's.
 *
 * graphql-jit generates, per operation, a function that completes the selected fields without
 * graphql-js's per-field work (a resolve-info object, an argument lookup and a path per field,
 * whether the field has a resolver or not): it calls the schema's own resolvers, type resolvers and
 * scalar serialisers, so guards, pipes and error mapping stay Nest's. A 25-row page's 443 fields:
 * 0.27 ms of CPU in graphql-js against 0.01 ms compiled (bench/page-floor.bench.ts).
 *
 * What stays on graphql-js: mutations (one step each, executed serially; nothing to gain and the
 * writes keep the reference executor), subscriptions (refused over HTTP; graphql-ws executes them),
 * an operation graphql-jit cannot compile, and variables that graphql-js would refuse (its errors,
 * word for word, and no resolver runs).
 */
export function compiledExecution(schemaHost: GraphQLSchemaHost): Gateway {
  const executor = compiledExecutor(() => schemaHost.schema);
  const listeners = new Set<Parameters<Gateway['onSchemaLoadOrUpdate']>[0]>();
  return {
    // Called by Apollo before load(): the schema is handed over there, once; it never changes.
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      const schema = schemaHost.schema;
      for (const listener of listeners)
        listener({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor };
    },
    async stop() {
      listeners.clear();
    },
  };
}

/** What compiledExecution's executor does with a request; exported for its tests. */
export function compiledExecutor(schemaOf: () => GraphQLSchema): Executor {
  // Apollo keeps one parsed document per query text (its document store): the compiled
  // operations live as long as it keeps the document.
  const compiled = new WeakMap<DocumentNode, Map<string | null, Compiled | null>>();

  const compiledOf = (schema: GraphQLSchema, request: ExecutorRequest): Compiled | null => {
    const { document } = request;
    // The operation name the client sent (request.operationName is the one Apollo resolved: null
    // when none matched, and then graphql-js must answer with its own error).
    const { operationName } = request.request;
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    const name = operationName ?? null;
    let query = byName.get(name);
    if (query === undefined) {
      const operation = request.operation ?? getOperationAST(document, name);
      query = operation && operation.operation === 'query' ? compile(schema, document, operation) : null;
      byName.set(name, query);
    }
    return query;
  };

  return async (request) => {
    const schema = schemaOf();
    const query = compiledOf(schema, request);
    const variables = request.request.variables ?? {};
    const graphqlJs = () =>
      execute({
        schema,
        document: request.document,
        contextValue: request.context,
        variableValues: variables,
        operationName: request.request.operationName ?? undefined,
      });
    if (!query) return graphqlJs();
    // Variables are coerced as graphql-js would (its errors, word for word, and no resolver runs);
    // graphql-jit then coerces them again its own way.
    if (query.variables.length > 0 && getVariableValues(schema, query.variables, variables).errors) {
      return graphqlJs();
    }
    const result = await query.compiled.query(undefined, request.context, variables);
    // A result without `data` is a refusal before execution: left to graphql-js too.
    if (!('data' in result)) return graphqlJs();
    return result.errors
      ? { ...result, errors: result.errors.map((e) => asGraphQLError(e, request.document)) }
      : result;
  };
}

/**
 * graphql-jit's errors look like graphql-js's but are not made by its constructor: no `extensions`
 * object unless the original error had one (Apollo Server reads `extensions.code` of every error),
 * no AST nodes (Apollo Server rebuilds each error from its nodes or source positions). The same
 * error as graphql-js would give: message, path, original error, extensions, locations.
 */
function asGraphQLError(error: GraphQLError, document: DocumentNode): GraphQLError {
  const source = document.loc?.source;
  return new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
    source,
    positions: source && error.locations?.map((location) => positionOf(source.body, location)),
  });
}

/** The offset in `body` of a line and column (both from 1), as graphql-js's getLocation reads it. */
function positionOf(body: string, { line, column }: SourceLocation): number {
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = body.slice(offset).search(/\r\n|[\n\r]/);
    if (next < 0) break;
    offset += next + (body.startsWith('\r\n', offset + next) ? 2 : 1);
  }
  return offset + column - 1;
}

interface Compiled {
  compiled: CompiledQuery;
  variables: readonly VariableDefinitionNode[];
}

function compile(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Compiled | null {
  const compiled = compileQuery(schema, document, operation.name?.value);
  return isCompiledQuery(compiled) ? { compiled, variables: operation.variableDefinitions ?? [] } : null;
}
