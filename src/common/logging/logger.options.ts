import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import pino, { Logger, LoggerOptions } from 'pino';
import { Env } from '../../config/env.schema';
import { redactUrl } from './redact-url';

/** What every log line leaves out: credentials and personal data. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.email',
  '*.accessToken',
];

/** The options every logger of the process shares: JSON lines on stdout, secrets redacted. */
export function baseLoggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}

/**
 * The logger of the process before the app exists and after it failed: start-up, migrations and
 * crashes, in the same JSON shape as the app's. It writes synchronously to stdout, so lines keep
 * their order and a line logged just before `process.exit` is not lost.
 */
export function processLogger(level: string, name: string): Logger {
  return pino({ ...baseLoggerOptions(level), name }, pino.destination({ dest: 1, sync: true }));
}

/** JSON logs; credentials, personal data and secrets in URLs are redacted; each request carries an id. */
export function loggerOptions(config: ConfigService<Env, true>): Params {
  return {
    pinoHttp: {
      ...baseLoggerOptions(config.get('LOG_LEVEL', { infer: true })),
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
    },
  };
}
