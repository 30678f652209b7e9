import { GraphQLJSON } from 'graphql-scalars';

/** `JSON`: any JSON value (graphql-scalars), for documents such as a person's data export. */
export const JsonScalar = GraphQLJSON;
