import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type ErrorRequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import proxyaddr from 'proxy-addr';
import { ArgumentValidationError } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { accountRoutes, apiTokenScopePlugin } from './account';
import { requestContext } from './account/auth';
import type { Context } from './common/context';
import { executorOptions } from './common/executor';
import { createLogger, logSerializers, requestLogging } from './common/logger';
import type { Config } from './config';
import { openDatabase } from './db/data-source';
import { exportRoutes } from './insights';
import { onboardingRoutes, startUploadSweeper } from './onboarding';
import { createLimits, graphqlQueryText } from './limits';
import { PUBLIC_ERROR_CODES, invalidInput } from './common/errors';
import { sendError } from './common/http-errors';
import { graphqlEndpoint, isPlainGraphQLPost, nameErrors, readJsonBody } from './graphql-http';
import { idempotencyPlugin, startIdempotencySweeper } from './idempotency';
import { introspectionForSignedInUsers } from './common/introspection';
import { joinRoutes } from './invitation';
import { startMailWorker } from './mail/mail-worker';
import { buildWorkroomSchema } from './schema';
import { assetRoutes, ideRoutes, loadWebAssets } from './web';

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
// INTERNAL_SERVER_ERROR is what masking gives: an error that carries it is masked like any other.
const PUBLIC_CODES = new Set<string>(PUBLIC_ERROR_CODES.filter((code) => code !== 'INTERNAL_SERVER_ERROR'));

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
  // The request id is added past formatting (graphql-http.ts); one already there (a refusal thrown while building the context) stays.
  const requestId = formatted.extensions?.requestId;
  const id = typeof requestId === 'string' ? { requestId } : {};
  if (original instanceof ArgumentValidationError) {
    const refusal = invalidInput(flattenValidation(original.extensions.validationErrors as ValidationIssue[]));
    return { message: refusal.message, locations, path, extensions: { ...refusal.extensions, ...id } };
  }
  const { code, stacktrace: _stack, ...rest } = formatted.extensions ?? {};
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    // Apollo's own BAD_USER_INPUT (a variable that does not fit its type) names no input field.
    const fields = code === 'BAD_USER_INPUT' && !Array.isArray(rest.fields) ? { fields: [{ field: [], message }] } : {};
    return { message, locations, path, extensions: { code, ...rest, ...fields, ...id } };
  }
  return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR', ...id } };
}

/**
 * Errors, once per request: internal ones are logged with the request id (the client only gets the
 * id), and every error of the answer names its request. One plugin for both: Apollo calls each
 * plugin's listener at every stage of every request.
 */
const errorsPlugin: ApolloServerPlugin<Context> = {
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
      async willSendResponse({ response, contextValue }) {
        nameErrors(response, contextValue.requestId);
      },
    };
  },
};

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Builds the whole server (database, schema, HTTP routes) without listening; starts the mail worker, which `stop()` ends. */
export async function buildApp(config: Config, given: Logger = createLogger(config)): Promise<App> {
  // Whatever logger we are handed, errors are logged without SQL parameters.
  const logger = given.child({}, { serializers: logSerializers });
  const db = await openDatabase(config.database);
  const schema = await buildWorkroomSchema();
  const app = express();
  // POST /graphql of plain JSON is served without Express (graphql-http.ts); everything else by the app.
  const httpServer = http.createServer((req, res) => (isPlainGraphQLPost(req) ? servePlainPost(req, res) : app(req, res)));
  let stopping = false;
  const limits = await createLimits(config, logger);

  const apollo = new ApolloServer<Context>({
    ...executorOptions(schema, config.executor),
    formatError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: Apollo's own handler would re-raise SIGTERM and exit with 143.
    stopOnTerminationSignals: false,
    parseOptions: limits.parseOptions,
    hideSchemaDetailsFromClientErrors: limits.hideSchemaDetailsFromClientErrors,
    // Allowed here, then limited to signed-in users in production by introspectionForSignedInUsers.
    introspection: true,
    plugins: [
      // Apollo's landing page loads from its CDN; browsers get our own IDE (web/).
      ApolloServerPluginLandingPageDisabled(),
      introspectionForSignedInUsers(config.nodeEnv === 'production'),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      errorsPlugin,
      limits.plugin,
      apiTokenScopePlugin,
      idempotencyPlugin,
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // No ETag: Express would hash every response body (SHA-1 of a 1.4 MB tree) for a conditional GET no GraphQL client sends.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const logRequest = requestLogging(logger, {
    requestId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    ignore: (req) => req.url === '/healthz' || req.url === '/readyz',
  });
  /** What every request gets first, on either path: its id and access line, then its rate limits by client address. */
  const begin = (req: http.IncomingMessage, res: http.ServerResponse, address: string | undefined) => {
    logRequest(req, res, () => {});
    limits.attach(req, address);
  };
  app.use((req, res, next) => {
    begin(req, res, req.ip);
    next();
  });

  const graphql = graphqlEndpoint(apollo, async (req, body, search) =>
    limits.admit(await requestContext(req, db, config), graphqlQueryText(req.method, body, search)),
  );
  const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  // With no proxy trusted (the default), req.ip is the socket's address: no X-Forwarded-For to parse.
  const clientAddress = config.trustProxy === false ? (req: http.IncomingMessage) => req.socket.remoteAddress : (req: http.IncomingMessage) => proxyaddr(req, trust);
  async function servePlainPost(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    begin(req, res, clientAddress(req));
    const read = await readJsonBody(req, config.limits.bodyBytes);
    if ('body' in read) return graphql.execute(req, res, read.body);
    const tooLarge = read.code === 'PAYLOAD_TOO_LARGE';
    // The rest of a body too large is not read: the connection closes after the answer.
    if (tooLarge && !req.complete) res.setHeader('Connection', 'close');
    sendError(res, read.status, read.code, read.message, tooLarge ? { limit: 'bodyBytes', max: config.limits.bodyBytes } : {});
  }

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

  const webAssets = loadWebAssets();
  assetRoutes(app);
  ideRoutes(app, config, webAssets);

  // GET, and POSTs that are not plain JSON: Express's parser answers what it cannot read (jsonErrors below).
  app.use('/graphql', express.json({ limit: config.limits.bodyBytes }), (req, res) => void graphql.execute(req, res, req.body));

  onboardingRoutes(app, { db, config });
  joinRoutes(app, { db, config, assets: webAssets });
  accountRoutes(app, { db, config, assets: webAssets });
  exportRoutes(app, { db, config });

  app.use((_req, res) => {
    sendError(res, 404, 'NOT_FOUND', 'Not found');
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
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : err.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    const limit = code === 'PAYLOAD_TOO_LARGE' ? { limit: 'bodyBytes', max: config.limits.bodyBytes } : {};
    sendError(res, status, code, message, limit);
  };
  app.use(jsonErrors);

  const mailWorker = startMailWorker(db, config, logger);
  const uploadSweeper = startUploadSweeper(db, config, logger);
  const idempotencySweeper = startIdempotencySweeper(db, logger);

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
      await uploadSweeper.stop();
      await limits.stop();
      idempotencySweeper.stop();
      await db.destroy();
    },
  };
}
