import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';

/**
 * `DateTime`, strict: an RFC 3339 date-time string (graphql-scalars), so `2024-13-45T99:00:00Z`,
 * a number or an object is refused while coercing (BAD_USER_INPUT for a variable,
 * GRAPHQL_VALIDATION_FAILED for a literal) instead of reaching a resolver as an Invalid Date.
 * Nest's own DateTime takes anything `new Date()` takes. Same name and description, so the schema
 * does not change.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTime.toConfig(),
  description:
    'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
});
