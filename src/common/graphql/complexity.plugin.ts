import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ConfigService } from '@nestjs/config';
import { Plugin } from '@nestjs/apollo';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { Env } from '../../config/env.schema';
import { ErrorCode } from '../errors/error-codes';
import { QueryLimitError } from './query-limits';

/**
 * Refuses operations whose estimated cost exceeds GRAPHQL_MAX_COMPLEXITY. Fields declare their cost
 * with `complexity` in @Field (lists: `({ args, childComplexity }) => args.first * childComplexity`).
 */
@Plugin()
export class ComplexityPlugin implements ApolloServerPlugin {
  constructor(
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const { schema } = this.schemaHost;
    const max = this.config.get('GRAPHQL_MAX_COMPLEXITY', { infer: true });
    return {
      async didResolveOperation({ request, document }) {
        const complexity = getComplexity({
          schema,
          operationName: request.operationName,
          query: document,
          variables: request.variables,
          estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
        });
        if (complexity > max) {
          throw new QueryLimitError(
            ErrorCode.QUERY_TOO_COMPLEX,
            `Query is too complex: ${complexity}; the limit is ${max}`,
          );
        }
      },
    };
  }
}
