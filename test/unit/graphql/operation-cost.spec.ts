import {
  GraphQLFieldConfig,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql';
import {
  DEFAULT_LIST_ROWS,
  MAX_PAGE_SIZE,
  operationCost,
  ROUND_TRIP,
} from '../../../src/common/graphql/operation-cost';

type Estimator = (o: { args: Record<string, unknown>; childComplexity: number }) => number;
const field = (
  type: GraphQLFieldConfig<unknown, unknown>['type'],
  extra: Partial<GraphQLFieldConfig<unknown, unknown>> & { complexity?: Estimator | number } = {},
): GraphQLFieldConfig<unknown, unknown> => {
  const { complexity, ...rest } = extra;
  return { type, ...rest, extensions: complexity === undefined ? {} : { complexity } };
};
const perPage: Estimator = ({ args, childComplexity }) => (args.first as number) * childComplexity;
const first = { first: { type: GraphQLInt, defaultValue: 20 } };

const Organisation = new GraphQLObjectType({
  name: 'Organisation',
  fields: { id: field(GraphQLString), name: field(GraphQLString) },
});
const Tag = new GraphQLObjectType({ name: 'Tag', fields: { label: field(GraphQLString) } });
const Item: GraphQLObjectType = new GraphQLObjectType({
  name: 'Item',
  fields: () => ({
    id: field(GraphQLString),
    owner: field(Organisation),
    tags: field(new GraphQLList(Tag), { complexity: ({ childComplexity }) => 5 * childComplexity }),
    similar: field(new GraphQLList(Item)),
  }),
});
const Edge = new GraphQLObjectType({ name: 'ItemEdge', fields: { node: field(Item) } });
const PageInfo = new GraphQLObjectType({ name: 'PageInfo', fields: { hasNextPage: field(GraphQLString) } });
const Connection = new GraphQLObjectType({
  name: 'ItemConnection',
  fields: {
    edges: field(new GraphQLList(Edge)),
    pageInfo: field(PageInfo),
    totalCount: field(GraphQLInt, { complexity: 1 }),
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      organisations: field(new GraphQLList(Organisation)),
      page: field(new GraphQLList(Item), { args: first, complexity: perPage }),
      connection: field(Connection, { args: first, complexity: perPage }),
    },
  }),
});

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  operationCost(schema, parse(query), undefined, variables);

describe('operation cost: rows read and round trips made', () => {
  it('charges a root field one round trip and each row of its page', () => {
    expect(cost('{ page(first: 50) { id } }')).toBe(ROUND_TRIP + 50);
    expect(cost('{ page(first: 100) { id } }')).toBe(ROUND_TRIP + 100);
  });

  it('charges a relation served by a loader once per page, not once per row', () => {
    const withOwner = (n: number) => cost(`{ page(first: ${n}) { id owner { name } } }`);
    expect(withOwner(1)).toBe(ROUND_TRIP + 1 + ROUND_TRIP);
    expect(withOwner(100)).toBe(ROUND_TRIP + 100 + ROUND_TRIP);
  });

  it('charges the rows a relation list loads once per page, from its declared count', () => {
    expect(cost('{ page(first: 100) { tags { label } } }')).toBe(ROUND_TRIP + 100 + ROUND_TRIP + 5);
  });

  it('bounds a list by its first argument, clamped to 0..MAX_PAGE_SIZE', () => {
    expect(cost('{ page(first: -5) { id } }')).toBe(ROUND_TRIP);
    expect(cost('{ page(first: 100000) { id } }')).toBe(ROUND_TRIP + MAX_PAGE_SIZE);
    expect(cost('query($n: Int) { page(first: $n) { id } }', { n: 7 })).toBe(ROUND_TRIP + 7);
  });

  it('takes an undeclared list as DEFAULT_LIST_ROWS rows', () => {
    expect(cost('{ organisations { id } }')).toBe(ROUND_TRIP + DEFAULT_LIST_ROWS);
  });

  it('counts a connection as first rows of edges; pageInfo is free, totalCount one fetch', () => {
    expect(cost('{ connection(first: 30) { edges { node { id } } } }')).toBe(ROUND_TRIP + 30);
    expect(cost('{ connection(first: 30) { pageInfo { hasNextPage } edges { node { id } } } }')).toBe(
      ROUND_TRIP + 30,
    );
    expect(cost('{ connection(first: 30) { totalCount edges { node { id } } } }')).toBe(
      ROUND_TRIP + 30 + ROUND_TRIP + 1,
    );
  });

  it('adds every alias: each is a page of its own', () => {
    expect(cost('{ a: page(first: 100) { id } b: page(first: 100) { id } }')).toBe(2 * (ROUND_TRIP + 100));
  });

  it('charges nothing for introspection', () => {
    expect(cost('{ __schema { types { name fields { name type { name ofType { name } } } } } }')).toBe(0);
  });
});
