import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { ArgumentValidationError } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { requestContext } from './account/auth';
import type { Context } from './common/context';
import { executorOptions } from './common/executor';
import { createLogger } from './common/logger';
import type { Config } from './config';
import { openDatabase } from './db/data-source';
import { onboardingRoutes } from './onboarding';
import { startMailWorker } from './mail/mail-worker';
import { buildWorkroomSchema } from './schema';

export interface App {
  httpServer: http.Server;
  db: DataSource;
  logger: Logger;
  /** Starts listening; resolves with the base URL (e.g. http://127.0.0.1:4000). */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests, lets in-flight ones finish, stops the mail worker, closes the database. */
  stop(): Promise<void>;
}

/** Codes clients may see; everything else is an internal error and is masked. */
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

interface ValidationIssue {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

function flattenValidation(issues: ValidationIssue[], parent: string[] = []): { field: string[]; message: string }[] {
  return issues.flatMap((issue) => {
    const field = [...parent, issue.property];
    const own = Object.values(issue.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidation(issue.children ?? [], field)];
  });
}

/**
 * What clients see of an error: public codes pass (without stack traces), input validation is
 * summarised per field (never echoing the value), anything else becomes INTERNAL_SERVER_ERROR.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { message, locations, path } = formatted;
  if (original instanceof ArgumentValidationError) {
    const fields = flattenValidation(original.extensions.validationErrors as ValidationIssue[]);
    return {
      message: `Invalid input: ${fields.map((f) => f.message).join('; ')}`,
      locations,
      path,
      extensions: { code: 'BAD_USER_INPUT', fields },
    };
  }
  const { code, stacktrace: _stack, ...rest } = formatted.extensions ?? {};
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    return { message, locations, path, extensions: { code, ...rest } };
  }
  return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** Internal errors are logged with the request id (the client only gets the id in `x-request-id`). */
const logInternalErrors: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          const code = (original as { extensions?: { code?: unknown } }).extensions?.code;
          if (typeof code === 'string' && PUBLIC_CODES.has(code)) continue;
          if (original instanceof ArgumentValidationError) continue;
          contextValue.log.error({ err: original, path: error.path }, 'internal error');
        }
      },
    };
  },
};

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Builds the whole server (database, schema, HTTP routes) without listening; starts the mail worker, which `stop()` ends. */
export async function buildApp(config: Config, logger: Logger = createLogger(config)): Promise<App> {
  const db = await openDatabase(config.database);
  const schema = await buildWorkroomSchema();
  const app = express();
  const httpServer = http.createServer(app);
  let stopping = false;

  const apollo = new ApolloServer<Context>({
    ...executorOptions(schema, config.executor),
    formatError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: Apollo's own handler would re-raise SIGTERM and exit with 143.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      logInternalErrors,
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    if (stopping) return void res.status(503).json({ status: 'stopping' });
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: ({ req }) => requestContext(req, db, config) }),
  );

  onboardingRoutes(app, { db, config });

  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });

  // Express would answer bad JSON with an HTML stack trace; clients get a JSON error instead.
  const jsonErrors: ErrorRequestHandler = (err: { status?: number; type?: string; message?: string }, req, res, _next) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) req.log.error({ err }, 'unhandled HTTP error');
    const message =
      err.type === 'entity.parse.failed'
        ? 'Request body is not valid JSON'
        : err.type === 'entity.too.large'
          ? 'Request body is too large'
          : status === 500
            ? 'Internal server error'
            : (err.message ?? 'Bad request');
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
  app.use(jsonErrors);

  const mailWorker = startMailWorker(db, config, logger);

  return {
    httpServer,
    db,
    logger,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const { address, port: actual } = httpServer.address() as AddressInfo;
          const shown = address === '0.0.0.0' || address === '::' ? 'localhost' : address.includes(':') ? `[${address}]` : address;
          resolve(`http://${shown}:${actual}`);
        });
      }),
    async stop() {
      stopping = true;
      await apollo.stop();
      if (httpServer.listening) await new Promise((r) => httpServer.close(() => r(undefined)));
      await mailWorker.stop();
      await db.destroy();
    },
  };
}
