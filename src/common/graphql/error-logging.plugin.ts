import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { PinoLogger } from 'nestjs-pino';
import { mapError } from '../errors/format-error';
import { GqlContext } from '../auth/request-of';

/**
 * Logs unexpected errors server-side with the request id (their client message is masked by
 * formatError), and hands the client the request id so support can find the log line.
 */
@Plugin()
export class ErrorLoggingPlugin implements ApolloServerPlugin<GqlContext> {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('GraphQL');
  }

  async requestDidStart(): Promise<GraphQLRequestListener<GqlContext>> {
    const logger = this.logger;
    return {
      async didEncounterErrors({ errors, contextValue, operationName }) {
        for (const error of errors) {
          const mapped = mapError({ message: error.message, extensions: error.extensions }, error);
          if (mapped.internal) {
            const cause = error.originalError ?? error;
            logger.error(
              { err: cause, requestId: contextValue.req?.id, operationName, path: error.path },
              'unexpected error in GraphQL operation',
            );
          }
        }
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
            (error.extensions as Record<string, unknown>).requestId = String(contextValue.req?.id ?? '');
          }
        }
      },
    };
  }
}
