import {
  DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
} from 'graphql';
import { Complexity } from '@nestjs/graphql';
import { ComplexityEstimator, ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';

/**
 * The cost model (docs/errors.md, QUERY_TOO_COMPLEX): an operation's cost estimates the rows it reads
 * and the database round trips it makes.
 *
 * - A root field is one round trip (ROUND_TRIP points) plus what it returns.
 * - A list costs 1 per row plus what each row selects. Its rows are bounded by its `first` argument
 *   (clamped to MAX_PAGE_SIZE: a bigger one is refused by validation, not by cost), by the count a
 *   field declares with `complexity`, or else DEFAULT_LIST_ROWS. A Relay connection (`edges`) is a
 *   list of `first` rows.
 * - Below the root, an object or list field is a relation served by a per-request DataLoader: one
 *   round trip per page plus the rows it loads, counted once per page whatever the number of rows
 *   above it. So `opportunities(first: 50) { edges { node { hostOrganisation { name } } } }` pays
 *   for one organisation lookup, not fifty. A scalar field with a declared `complexity` (a count,
 *   a lookup) is such a fetch too; other scalars are read from their row and cost nothing.
 * - A field's declared `complexity` function receives `childComplexity` as the cost of one row
 *   (1 + its selection) for lists, so `({ args, childComplexity }) => args.first * childComplexity`
 *   reads "first rows". A declared number is added to the field's selection cost.
 * - Introspection costs nothing (it is off in production).
 */
export const ROUND_TRIP = 10;
export const DEFAULT_LIST_ROWS = 20;
export const MAX_PAGE_SIZE = 200;

interface PageTally {
  points: number;
}

/**
 * The cost of the operation `operationName` (or the document's only operation). `variables` must
 * have passed graphql-js coercion (getVariableValues): the caller refuses bad variables first.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  const tally: PageTally = { points: 0 };
  const roots = new Set<GraphQLNamedType | null | undefined>([
    schema.getQueryType(),
    schema.getMutationType(),
    schema.getSubscriptionType(),
  ]);
  const perRequest = getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    context: tally,
    estimators: [costEstimator(roots)],
  });
  return Math.ceil(perRequest + tally.points);
}

function costEstimator(roots: Set<GraphQLNamedType | null | undefined>): ComplexityEstimator {
  return (options: ComplexityEstimatorArgs): number => {
    const { type, field } = options;
    if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
    const value = ownCost(options);
    if (roots.has(type)) return ROUND_TRIP + value;
    const declared = field.extensions?.complexity !== undefined;
    if (isPagePlumbing(type, field) || !(isCompositeType(getNamedType(field.type)) || declared)) return value;
    // A batched relation (or a declared fetch): once per page, not once per row above it.
    (options.context as PageTally).points += ROUND_TRIP + value;
    return 0;
  };
}

/** What the field and its selection cost once (for one parent row). */
function ownCost(options: ComplexityEstimatorArgs): number {
  const { field, childComplexity } = options;
  const rows = returnsRows(field);
  const perRow = rows ? 1 + childComplexity : childComplexity;
  const args = boundedArgs(options.args);
  const declared: unknown = field.extensions?.complexity;
  const fallback = rows && !isPagePlumbing(options.type, field) ? listRows(args) * perRow : childComplexity;
  let value = fallback;
  if (typeof declared === 'function') {
    value = (declared as ComplexityEstimator)({ ...options, args, childComplexity: perRow }) ?? fallback;
  } else if (typeof declared === 'number') {
    value = declared + childComplexity;
  }
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** A list of composite values, or a Relay connection (its rows are its edges). */
function returnsRows(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNullableType(field.type);
  const named = getNamedType(field.type);
  return (isListType(type) && isCompositeType(named)) || isConnection(named);
}

function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
}

/** `edges`, `node` and `pageInfo` of a Relay connection: part of the page's rows, not relations. */
function isPagePlumbing(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): boolean {
  if (isConnection(parent)) return field.name === 'edges' || field.name === 'pageInfo';
  return isObjectType(parent) && field.name === 'node' && parent.name.endsWith('Edge');
}

function listRows(args: Record<string, unknown>): number {
  return typeof args.first === 'number' ? args.first : DEFAULT_LIST_ROWS;
}

/** `first` clamped to 0..MAX_PAGE_SIZE: a cost never goes negative, and an oversized page is left to validation. */
function boundedArgs(args: Record<string, unknown>): Record<string, unknown> {
  if (typeof args.first !== 'number') return args;
  return { ...args, first: Math.min(Math.max(Math.trunc(args.first), 0), MAX_PAGE_SIZE) };
}

/**
 * A page of `first` rows that costs `work` points to compute before any row is returned (scoring a
 * pool of candidates, say): declare it as the field's `complexity`.
 */
export function computedPage(work: number, defaultRows = DEFAULT_LIST_ROWS): Complexity {
  return ({ args, childComplexity }) =>
    work + (typeof args.first === 'number' ? args.first : defaultRows) * childComplexity;
}
