import {
  buildSchema,
  DocumentNode,
  execute,
  ExecutionResult,
  getOperationAST,
  GraphQLError,
  GraphQLFieldResolver,
  GraphQLSchema,
  parse,
} from 'graphql';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import assert from 'node:assert';
import { compiledExecution, compiledExecutor } from '../../../src/common/graphql/compiled-execution';

const schemaText = `
  interface Node { id: ID! }
  type Organisation implements Node { id: ID! name: String! }
  type Person implements Node { id: ID! displayName: String! employer: Organisation }
  type Query {
    organisations(first: Int = 2): [Organisation!]!
    node(id: ID!): Node
    person(id: ID!): Person
    failing: Organisation!
    holder: Holder
    refused: Organisation
  }
  type Holder { failing: Organisation! name: String }
  type Mutation { rename(id: ID!, name: String!): Organisation! }
`;

class NotFound extends Error {
  readonly extensions = { code: 'NOT_FOUND' };
}

/** Like Nest's HttpException: no `extensions` of its own. */
class Refused extends Error {
  readonly status = 401;
}

/** The schema with its resolvers, built anew per test (compiled queries capture the resolvers). */
function makeSchema(): GraphQLSchema {
  const schema = buildSchema(schemaText);
  const orgs = [
    { id: 'o1', name: 'LUMC' },
    { id: 'o2', name: 'Leiden University' },
    { id: 'o3', name: 'Janssen' },
  ];
  const people = [{ id: 'p1', displayName: 'Anna', employerId: 'o1' }];
  const fields = (type: string) =>
    (
      schema.getType(type) as unknown as {
        getFields(): Record<string, { resolve?: GraphQLFieldResolver<unknown, unknown> }>;
      }
    ).getFields();
  fields('Query').organisations.resolve = async (_root, args) =>
    orgs.slice(0, (args as { first: number }).first);
  fields('Query').node.resolve = (_root, args) =>
    [...orgs, ...people].find((n) => n.id === (args as { id: string }).id) ?? null;
  fields('Query').person.resolve = async (_root, args, ctx) => {
    (ctx as { seen: string[] }).seen.push((args as { id: string }).id);
    const person = people.find((p) => p.id === (args as { id: string }).id);
    if (!person) throw new NotFound('No such person');
    return person;
  };
  fields('Query').failing.resolve = () => {
    throw new NotFound('Gone');
  };
  fields('Query').holder.resolve = () => ({ name: 'holder' });
  fields('Query').refused.resolve = async () => {
    throw new Refused('Not signed in');
  };
  fields('Holder').failing.resolve = async () => {
    throw new NotFound('Gone too');
  };
  fields('Person').employer.resolve = (person) =>
    orgs.find((o) => o.id === (person as { employerId: string }).employerId);
  fields('Mutation').rename.resolve = (_root, args) => {
    const org = orgs.find((o) => o.id === (args as { id: string }).id);
    if (!org) throw new NotFound('No such organisation');
    return { ...org, name: (args as { name: string }).name };
  };
  (schema.getType('Node') as unknown as { resolveType: (v: object) => string }).resolveType = (value) =>
    'displayName' in value ? 'Person' : 'Organisation';
  return schema;
}

/** Runs a request as Apollo Server hands it to a gateway's executor. */
function run(
  executor: ReturnType<typeof compiledExecutor>,
  document: DocumentNode,
  variables?: Record<string, unknown>,
  context: object = { seen: [] },
): Promise<ExecutionResult> {
  const operation = getOperationAST(document);
  return executor({
    document,
    operation: operation!,
    operationName: operation?.name?.value ?? null,
    context,
    request: { variables, operationName: operation?.name?.value },
  } as unknown as Parameters<ReturnType<typeof compiledExecutor>>[0]) as Promise<ExecutionResult>;
}

/** graphql-js's answer to the same request. */
async function reference(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>) {
  return execute({ schema, document, variableValues: variables, contextValue: { seen: [] } });
}

const json = (result: ExecutionResult) => JSON.parse(JSON.stringify(result)) as unknown;

describe('compiled execution (graphql-jit behind Apollo Server)', () => {
  const queries: Array<[string, string, Record<string, unknown> | undefined]> = [
    ['a list with a default argument', '{ organisations { id name } }', undefined],
    ['arguments from variables', 'query ($n: Int) { organisations(first: $n) { name } }', { n: 3 }],
    [
      'an abstract type, fragments and __typename',
      '{ node(id: "p1") { __typename id ... on Person { displayName employer { name } } } }',
      undefined,
    ],
    [
      '@skip and @include',
      'query ($s: Boolean!) { organisations { id @skip(if: $s) name @include(if: $s) } }',
      { s: true },
    ],
    [
      'a resolver error on a nullable field',
      'query ($id: ID!) { person(id: $id) { displayName } }',
      { id: 'nobody' },
    ],
    [
      'a resolver error on a non-null field: data is null',
      '{ failing { id } organisations { id } }',
      undefined,
    ],
    ['a null bubbling to the nearest nullable parent', '{ holder { name failing { id } } }', undefined],
  ];

  it.each(queries)(
    'answers %s as graphql-js does (data, error messages, paths, locations)',
    async (_what, text, variables) => {
      const schema = makeSchema();
      const executor = compiledExecutor(() => schema);
      const document = parse(text);
      expect(json(await run(executor, document, variables))).toEqual(
        json(await reference(schema, document, variables)),
      );
    },
  );

  it("keeps a resolver's own error (and its extensions) as the original error, for the error mapping", async () => {
    const schema = makeSchema();
    const result = await run(
      compiledExecutor(() => schema),
      parse('{ failing { id } }'),
    );
    const error = result.errors![0];
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.originalError).toBeInstanceOf(NotFound);
    expect(error.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(error.path).toEqual(['failing']);
  });

  it('gives errors as graphql-js makes them: extensions always an object, the same locations', async () => {
    const schema = makeSchema();
    const document = parse(`{
      organisations { id }
        refused { id }
    }`);
    const result = await run(
      compiledExecutor(() => schema),
      document,
    );
    const error = result.errors![0];
    expect(error.originalError).toBeInstanceOf(Refused);
    expect(error.extensions).toEqual({});
    expect(error.locations).toEqual([{ line: 3, column: 9 }]);
    expect(error.toJSON()).toEqual((await reference(schema, document)).errors![0].toJSON());
  });

  it('answers through Apollo Server as its gateway: formatError sees the original error', async () => {
    const schema = makeSchema();
    const seen: unknown[] = [];
    const server = new ApolloServer({
      gateway: compiledExecution({ schema } as GraphQLSchemaHost),
      formatError: (formatted, error) => {
        seen.push(unwrapResolverError(error));
        return { ...formatted, extensions: { ...formatted.extensions, code: 'MAPPED' } };
      },
    });
    await server.start();
    try {
      const response = await server.executeOperation(
        { query: '{ organisations { id } refused { id } }' },
        { contextValue: { seen: [] } },
      );
      assert(response.body.kind === 'single');
      expect(response.body.singleResult).toEqual({
        data: { organisations: [{ id: 'o1' }, { id: 'o2' }], refused: null },
        errors: [
          {
            message: 'Not signed in',
            locations: [{ line: 1, column: 24 }],
            path: ['refused'],
            extensions: { code: 'MAPPED' },
          },
        ],
      });
      expect(seen[0]).toBeInstanceOf(Refused);
    } finally {
      await server.stop();
    }
  });

  it('compiles a query once per document: a document sent again runs the compiled query', async () => {
    const schema = makeSchema();
    const executor = compiledExecutor(() => schema);
    const document = parse('{ organisations { name } }');
    const first = await run(executor, document);
    // The compiled query captured the resolver: changing the schema's resolver shows which ran.
    schema.getQueryType()!.getFields().organisations.resolve = () => [];
    expect(await run(executor, document)).toEqual(first);
    expect(await run(executor, parse('{ organisations { name } }'))).toEqual({ data: { organisations: [] } });
  });

  it('runs query operations compiled and mutations on graphql-js', async () => {
    const schema = makeSchema();
    const executor = compiledExecutor(() => schema);
    // graphql-js's located errors carry the AST nodes; graphql-jit's only their locations.
    const query = await run(executor, parse('{ failing { id } }'));
    expect(query.errors![0].nodes).toBeUndefined();
    const mutation = await run(executor, parse('mutation { rename(id: "nope", name: "x") { id } }'));
    expect(mutation.errors![0].nodes).toHaveLength(1);
    expect(mutation.errors![0].message).toBe('No such organisation');
    expect(await run(executor, parse('mutation { rename(id: "o1", name: "LUMC Leiden") { name } }'))).toEqual(
      {
        data: { rename: { name: 'LUMC Leiden' } },
      },
    );
  });

  it("refuses variables in graphql-js's words, before any resolver runs", async () => {
    const schema = makeSchema();
    const executor = compiledExecutor(() => schema);
    const document = parse('query ($id: ID!) { person(id: $id) { displayName } }');
    for (const variables of [{}, { id: { nested: true } }, { id: null }, undefined]) {
      const context = { seen: [] as string[] };
      const result = await run(executor, document, variables, context);
      expect(json(result)).toEqual(json(await reference(schema, document, variables)));
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(result).not.toHaveProperty('data');
      expect(context.seen).toEqual([]);
    }
  });

  it("leaves an operation name that names no operation to graphql-js's error", async () => {
    const schema = makeSchema();
    const executor = compiledExecutor(() => schema);
    const document = parse('query A { organisations { id } }');
    const result = await executor({
      document,
      operationName: null,
      context: {},
      request: { operationName: 'B' },
    } as unknown as Parameters<typeof executor>[0]);
    expect(result).toEqual({ errors: [new GraphQLError('Unknown operation named "B".')] });
  });

  it('answers an operation graphql-jit cannot compile with graphql-js', async () => {
    const schema = makeSchema();
    const executor = compiledExecutor(() => schema);
    // Not valid (Apollo validates first): graphql-jit refuses to compile it, graphql-js answers.
    const document = parse('{ organisations { unknownField } }');
    expect(json(await run(executor, document))).toEqual(json(await reference(schema, document)));
  });
});
