import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { ConfigService } from '@nestjs/config';
import { GraphQLError } from 'graphql';
import { Env } from '../../config/env.schema';
import { ErrorCode } from '../errors/error-codes';
import { checkResolvedOperation, onlyVariableErrors } from './operation-checks';
import { operationLimits } from './graphql.options';

/**
 * Over HTTP, after Apollo validated the document: refuses subscriptions (they are served over
 * graphql-ws), malformed ids and NUL characters in any input, and operations that cost more than
 * GRAPHQL_MAX_COMPLEXITY (operation-checks.ts; graphql-ws runs the same checks).
 */
@Plugin()
export class OperationChecksPlugin implements ApolloServerPlugin {
  constructor(private readonly config: ConfigService<Env, true>) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const limits = operationLimits(this.config);
    return {
      async didResolveOperation({ request, document, operation, schema }) {
        if (!operation) return;
        if (operation.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are served over graphql-ws on this path, not over HTTP', {
            extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
          });
        }
        const errors = checkResolvedOperation(schema, document, operation, request.variables, limits);
        // Variables graphql-js cannot coerce: Apollo refuses them itself, every one, before any resolver.
        if (errors.length > 0 && !onlyVariableErrors(errors)) throw errors[0];
      },
    };
  }
}
