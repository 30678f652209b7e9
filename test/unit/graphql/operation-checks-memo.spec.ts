import { buildSchema, getOperationAST, GraphQLError, parse } from 'graphql';
import { checkResolvedOperation, OperationLimits } from '../../../src/common/graphql/operation-checks';

const schema = buildSchema(`
  type Organisation { id: ID! name: String! }
  type Query { organisation(id: ID!): Organisation organisations(first: Int = 20): [Organisation!]! }
`);
// A page's cost grows with the rows it asks for (as @nestjs/graphql's `complexity` option declares it).
(schema.getQueryType()!.getFields().organisations as { extensions: object }).extensions = {
  complexity: ({ args, childComplexity }: { args: { first: number }; childComplexity: number }) =>
    args.first * childComplexity,
};
const limits: OperationLimits = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2000,
  maxCost: 1000,
};

// Apollo keeps one parsed document per query text and hands its nodes to every request of that text.
const document = parse(`
  query Page($first: Int, $id: ID!) { organisations(first: $first) { id } organisation(id: $id) { name } }
`);
const operation = getOperationAST(document, 'Page')!;
const ID = '0b7f5a3e-4f1c-4b8e-9d7a-2f6a1c3e5b90';

const check = (variables: Record<string, unknown> | undefined, max = limits.maxCost): GraphQLError[] =>
  checkResolvedOperation(schema, document, operation, variables, { ...limits, maxCost: max });
const codes = (errors: GraphQLError[]) => errors.map((e) => e.extensions.code);

describe('operation checks of an operation sent again (checked once per distinct variables)', () => {
  it('gives each set of variables its own answer, whatever was checked before', () => {
    expect(check({ first: 10, id: ID })).toEqual([]);
    expect(check({ first: 10, id: ID })).toEqual([]);
    expect(codes(check({ first: 10, id: 'not-an-id' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(check({ first: 10, id: 'not-an-id' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(check({ first: 'ten', id: ID }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(check({ first: 150, id: ID }, 100))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(check({ first: 10, id: ID }, 100)).toEqual([]);
    expect(check({ first: 10, id: ID })).toEqual([]);
  });

  it('holds a remembered operation to the limit in force', () => {
    expect(check({ first: 50, id: ID })).toEqual([]);
    const [refused] = check({ first: 50, id: ID }, 3);
    expect(refused.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused.message).toMatch(/the limit is 3$/);
  });

  it('words a refusal the same every time', () => {
    const first = check({ first: 1, id: 'zzz' });
    const again = check({ first: 1, id: 'zzz' });
    expect(again.map((e) => e.message)).toEqual(first.map((e) => e.message));
    expect(codes(again)).toEqual(codes(first));
  });

  it('checks values that are not JSON data every time', () => {
    expect(check({ first: 10, id: ID, extra: undefined })).toEqual([]);
    expect(codes(check({ first: Number.NaN, id: ID }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(check({ first: Number.NaN, id: ID }))).toEqual(['BAD_USER_INPUT']);
  });
});
