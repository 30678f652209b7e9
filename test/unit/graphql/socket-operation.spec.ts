import { buildSchema, GraphQLError } from 'graphql';
import { checkSocketOperation, OperationLimits } from '../../../src/common/graphql/operation-checks';

const schema = buildSchema(`
  type Organisation { id: ID! name: String! }
  type Query { organisation(id: ID!): Organisation organisations: [Organisation!]! }
`);
const limits: OperationLimits = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2000,
  maxCost: 1000,
};
const production = { introspection: false, suggestions: false };
const development = { introspection: true, suggestions: true };

function errorsOf(query: unknown, policy = development, variables?: unknown): GraphQLError[] {
  const checked = checkSocketOperation(schema, { query, variables }, limits, policy);
  return 'errors' in checked ? checked.errors : [];
}
const codeOf = (errors: GraphQLError[]) => errors[0]?.extensions.code;

describe('an operation over graphql-ws is checked as Apollo checks it over HTTP', () => {
  it('refuses introspection when it is off (production), as Apollo does over HTTP', () => {
    expect(errorsOf('{ __schema { types { name } } }', development)).toEqual([]);
    expect(codeOf(errorsOf('{ __schema { types { name } } }', production))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('hides "Did you mean" hints about the schema when suggestions are off (production)', () => {
    expect(errorsOf('{ organisatoins { id } }', development)[0].message).toMatch(/Did you mean/);
    const [hidden] = errorsOf('{ organisatoins { id } }', production);
    expect(hidden.message).toBe('Cannot query field "organisatoins" on type "Query".');
  });

  it('gives parse failures, bad requests and bad variables their codes', () => {
    expect(codeOf(errorsOf('{ organisations { id '))).toBe('GRAPHQL_PARSE_FAILED');
    expect(codeOf(errorsOf(5))).toBe('BAD_REQUEST');
    expect(codeOf(errorsOf('{ organisations { id } }', development, 'x'))).toBe('BAD_REQUEST');
    expect(codeOf(errorsOf('query($id: ID!) { organisation(id: $id) { id } }', development, {}))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(errorsOf('{ organisation(id: "zzz") { id } }'))).toBe('BAD_USER_INPUT');
  });

  it('answers a fragment cycle as a validation failure', () => {
    const cycle =
      '{ organisations { ...A } } fragment A on Organisation { id ...B } fragment B on Organisation { ...A }';
    expect(codeOf(errorsOf(cycle))).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
