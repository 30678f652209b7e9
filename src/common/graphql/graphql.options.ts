import { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLSchemaHost, GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { ConfigService } from '@nestjs/config';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import path from 'node:path';
import type { ServerOptions, Context as WsContext, SubscribePayload } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { Env } from '../../config/env.schema';
import { clientAddress, parseTrustProxy, TrustProxy } from '../../config/trust-proxy';
import { mapError } from '../errors/format-error';
import { AuthUser } from '../auth/auth-user';
import { AppRequest, GqlContext } from '../auth/request-of';
import { AccessTokens, bearerToken } from '../auth/access-tokens';
import type { Response } from 'express';
import { DateTimeScalar } from './date-time.scalar';
import { checkSocketOperation, OperationLimits, SocketPolicy } from './operation-checks';
import { limitRules, parseOptions } from './query-limits';
import { stringifyResult } from './reused-answers';

export const SCHEMA_FILE = path.join(process.cwd(), 'schema.gql');
export const GRAPHQL_PATH = '/graphql';

/** The GRAPHQL_MAX_* settings. */
export function operationLimits(config: ConfigService<Env, true>): OperationLimits {
  return {
    maxDepth: config.get('GRAPHQL_MAX_DEPTH', { infer: true }),
    maxAliases: config.get('GRAPHQL_MAX_ALIASES', { infer: true }),
    maxDirectives: config.get('GRAPHQL_MAX_DIRECTIVES', { infer: true }),
    maxTokens: config.get('GRAPHQL_MAX_TOKENS', { infer: true }),
    maxCost: config.get('GRAPHQL_MAX_COMPLEXITY', { infer: true }),
  };
}

/** Apollo settings: hardened by default, the IDE and introspection only outside production. */
export function graphqlOptions(
  config: ConfigService<Env, true>,
  tokens: AccessTokens,
  schemaHost: GraphQLSchemaHost,
): Omit<ApolloDriverConfig, 'driver'> {
  const nodeEnv = config.get('NODE_ENV', { infer: true });
  const limits = operationLimits(config);
  const production = nodeEnv === 'production';
  const trustProxy = parseTrustProxy(config.get('TRUST_PROXY', { infer: true }));
  return {
    path: GRAPHQL_PATH,
    // Development writes schema.gql (committed); a test fails when it drifts from the code.
    autoSchemaFile: nodeEnv === 'development' ? SCHEMA_FILE : true,
    sortSchema: true,
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    playground: false,
    introspection: !production,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      ...(production ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })]),
    ],
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    // Shape limits (GraphQL Armor) beside GraphQL's own rules; cost and input checks follow in
    // OperationChecksPlugin. graphql-ws runs the same checks in onSubscribe.
    parseOptions: parseOptions(limits),
    validationRules: limitRules(limits),
    // HTTP gets { req, res }; a graphql-ws subscription gets its socket context (see below).
    context: (arg: { req: AppRequest; res: Response } | WsContext): GqlContext =>
      'req' in arg
        ? { req: arg.req, res: arg.res, loaders: new Map() }
        : subscriptionContext(arg, trustProxy),
    // Subscriptions over graphql-ws, authenticated when the socket connects:
    // connectionParams: { authorization: 'Bearer <token>' }; anything else is refused (4403).
    // The socket lives as long as its token: at the token's expiry the server closes it with 4401,
    // and the client reconnects with a fresh token (graphql-ws takes connectionParams as a function).
    subscriptions: {
      'graphql-ws': socketOptions(tokens, schemaHost, limits, {
        introspection: !production,
        suggestions: !production,
      }),
    },
    formatError: formatGraphqlError,
    // Apollo's own text, with a reused answer's JSON written once (reused-answers.ts).
    stringifyResult,
  };
}

/**
 * Answers hold personal data: no cache may keep them. Apollo's cache-control plugin says so too, but
 * it hooks into the resolution of every field of every answer to collect cache hints this API never
 * gives (a tenth of the CPU of a 25-row page); it is disabled and this sets the header once.
 */
const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/**
 * graphql-ws options. Nest's type lists only some of graphql-ws's hooks but hands all of them on;
 * onError is one it leaves out of the type.
 */
function socketOptions(
  tokens: AccessTokens,
  schemaHost: GraphQLSchemaHost,
  limits: OperationLimits,
  policy: SocketPolicy,
): GraphQLWsSubscriptionsConfig {
  const options: Partial<ServerOptions> = {
    onConnect: async (ctx: WsContext) => {
      const token = bearerToken(ctx.connectionParams?.authorization);
      const auth = token ? await tokens.verify(token) : null;
      if (!auth) return false;
      const extra = ctx.extra as WsExtra;
      extra.user = auth.user;
      if (auth.expiresAt !== null) {
        extra.expiry = setTimeout(
          () => extra.socket?.close(CLOSE_TOKEN_EXPIRED, 'Token expired'),
          Math.max(0, auth.expiresAt - Date.now()),
        );
        extra.expiry.unref();
      }
      return true;
    },
    onClose: (ctx: WsContext) => clearTimeout((ctx.extra as WsExtra).expiry),
    // Socket operations bypass Apollo's pipeline: parse, validate and check them the same way,
    // so a bad one gets an error message with the HTTP codes and the socket stays open.
    onSubscribe: (_ctx: WsContext, _id: string, payload: SubscribePayload) =>
      socketOperation(schemaHost.schema, payload, limits, policy),
    // Socket results and errors bypass Apollo: map them the same way as over HTTP.
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors
        ? { ...result, errors: result.errors.map((e) => formatGraphqlError(e.toJSON(), e)) }
        : undefined,
    onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatGraphqlError(e.toJSON(), e)),
  };
  return options as GraphQLWsSubscriptionsConfig;
}

/** Execution arguments for a graphql-ws operation that passed the checks, or the errors to send. */
function socketOperation(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  limits: OperationLimits,
  policy: SocketPolicy,
):
  | GraphQLError[]
  | {
      schema: GraphQLSchema;
      document: DocumentNode;
      operationName?: string;
      variableValues?: Record<string, unknown>;
    } {
  let checked: ReturnType<typeof checkSocketOperation>;
  try {
    checked = checkSocketOperation(schema, payload, limits, policy);
  } catch (err) {
    // Never let graphql-ws close the socket with the error's text (4500): answer it masked.
    return [new GraphQLError('Internal server error', { originalError: err as Error })];
  }
  if ('errors' in checked) return checked.errors;
  return {
    schema,
    document: checked.document,
    operationName: checked.operation.name?.value,
    variableValues: payload.variables ?? undefined,
  };
}

export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const mapped = mapError(formatted, error);
  return {
    message: mapped.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: mapped.code, ...mapped.details },
  };
}

/** graphql-ws's close code for an unauthorized socket: here, one whose token expired. */
const CLOSE_TOKEN_EXPIRED = 4401;

/** What graphql-ws/use/ws puts on `ctx.extra`, plus what onConnect learned. */
interface WsExtra {
  socket?: WebSocket;
  request?: IncomingMessage;
  user?: AuthUser;
  /** Closes the socket when its token expires. */
  expiry?: NodeJS.Timeout;
}

/**
 * The GraphQL context of a subscription, shaped like an HTTP one so the global guards and
 * @CurrentUser() work unchanged: the user authenticated at connect time sits on `req.user`.
 */
function subscriptionContext(ws: WsContext, trustProxy: TrustProxy): GqlContext {
  const extra = ws.extra as WsExtra;
  const authorization = ws.connectionParams?.authorization;
  const req = {
    headers: { authorization: typeof authorization === 'string' ? authorization : undefined },
    // The socket's client as Express would see it (the rate limits key on it).
    ip: extra.request && clientAddress(extra.request, trustProxy),
    user: extra.user,
  };
  // No HTTP response on a socket: an empty object lets guards skip setting headers.
  return { req: req as unknown as AppRequest, res: {} as Response, loaders: new Map() };
}
