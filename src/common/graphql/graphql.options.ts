import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { ConfigService } from '@nestjs/config';
import { GraphQLFormattedError } from 'graphql';
import path from 'node:path';
import { Env } from '../../config/env.schema';
import { mapError } from '../errors/format-error';
import { AppRequest, GqlContext } from '../auth/request-of';
import type { Response } from 'express';
import { aliasLimitRule, depthLimitRule } from './query-limits';

export const SCHEMA_FILE = path.join(process.cwd(), 'schema.gql');

/** Apollo settings: hardened by default, the IDE and introspection only outside production. */
export function graphqlOptions(config: ConfigService<Env, true>): Omit<ApolloDriverConfig, 'driver'> {
  const nodeEnv = config.get('NODE_ENV', { infer: true });
  const production = nodeEnv === 'production';
  return {
    path: '/graphql',
    // Development writes schema.gql (committed); a test fails when it drifts from the code.
    autoSchemaFile: nodeEnv === 'development' ? SCHEMA_FILE : true,
    sortSchema: true,
    playground: false,
    introspection: !production,
    plugins: production ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })],
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    validationRules: [
      depthLimitRule(config.get('GRAPHQL_MAX_DEPTH', { infer: true })),
      aliasLimitRule(config.get('GRAPHQL_MAX_ALIASES', { infer: true })),
    ],
    context: ({ req, res }: { req: AppRequest; res: Response }): GqlContext => ({
      req,
      res,
      loaders: new Map(),
    }),
    formatError: (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
      const mapped = mapError(formatted, error);
      return {
        message: mapped.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: mapped.code, ...mapped.details },
      };
    },
  };
}
