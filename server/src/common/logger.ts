import { IncomingMessage, type ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import type { Config } from '../config';

/** Longest SQL kept in a log line: enough to recognise the statement, never its whole IN (…) list. */
const MAX_LOGGED_QUERY = 200;
const MAX_LOGGED_MESSAGE = 500;

const clip = (text: unknown, max: number): unknown =>
  typeof text === 'string' && text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;

/**
 * How errors appear in logs. A TypeORM QueryFailedError carries the statement's `parameters` —
 * client values, possibly 40,000 of them (issue 9 logged a 524 KB line) — and its driver error;
 * the log keeps the message, the driver's code and the start of the query, never the parameters.
 */
export function serializeError(error: unknown): unknown {
  if (!error || typeof error !== 'object') return error;
  // pino-http hands us the standard serializer's output, the app's logger the Error itself.
  const out: Record<string, unknown> = error instanceof Error ? { ...pino.stdSerializers.err(error) } : { ...(error as Record<string, unknown>) };
  const driverError = (error as { driverError?: { code?: unknown } } | null)?.driverError;
  delete out.parameters;
  delete out.driverError;
  if (driverError && typeof driverError === 'object') out.code = driverError.code;
  if ('query' in out) out.query = clip(out.query, MAX_LOGGED_QUERY);
  out.message = clip(out.message, MAX_LOGGED_MESSAGE);
  return out;
}

/** Serializers every logger of the app uses (buildApp applies them to a logger it is handed). */
export const logSerializers = { err: serializeError };

/** Structured JSON logs. Secrets never reach them: tokens and passwords are redacted. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'workroom' },
    serializers: logSerializers,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', 'variables.input.password'],
      censor: '[redacted]',
    },
  });
}

declare module 'http' {
  interface IncomingMessage {
    /** The request id (`x-request-id`), set by `requestLogging`. */
    id: string;
    /** A logger whose lines carry the request (its id, method and URL), made on first use. */
    log: Logger;
  }
}


/**
 * One access line per request (`request completed`, or `request errored` at level error for a 5xx),
 * with the request, the status and the response time in ms, and `req.log` for lines logged while
 * serving it. Cheaper than pino-http, which built two child loggers and serialised the request's
 * headers for every request whatever the level: `req.log` is made only when something logs, and the
 * access line only when its level is on.
 */
export function requestLogging(logger: Logger, options: { requestId(req: IncomingMessage, res: ServerResponse): string; ignore(req: IncomingMessage): boolean }) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = performance.now();
    req.id = options.requestId(req, res);
    // What the request's lines say of it (the URL as it came, before routers strip their mount path):
    // never its headers (tokens, cookies), never its body.
    const fields = { id: req.id, method: req.method, url: req.url, remoteAddress: req.socket.remoteAddress };
    (req as LoggedRequest)[LOGGING] = { logger, fields, child: null };
    if (!options.ignore(req)) {
      res.once('finish', () => {
        const failed = res.statusCode >= 500;
        if (!logger.isLevelEnabled(failed ? 'error' : 'info')) return;
        const line = { req: fields, res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) };
        if (failed) logger.error(line, 'request errored');
        else logger.info(line, 'request completed');
      });
    }
    next();
  };
}

const LOGGING = Symbol('request logging');
type LoggedRequest = IncomingMessage & { [LOGGING]?: { logger: Logger; fields: Record<string, unknown>; child: Logger | null } };

// `req.log` is one getter on the prototype, defined once, rather than an accessor added to every request
// (which cost a W1 request as much as its access line): the child logger is made on first use.
Object.defineProperty(IncomingMessage.prototype, 'log', {
  configurable: true,
  get(this: LoggedRequest): Logger | undefined {
    const state = this[LOGGING];
    if (!state) return undefined;
    state.child ??= state.logger.child({ req: state.fields });
    return state.child;
  },
  set(this: LoggedRequest, value: Logger) {
    const state = this[LOGGING];
    if (state) state.child = value;
  },
});
