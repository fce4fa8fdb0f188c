/**
 * Request limits and rate limits: what one request may ask for, decided before any
 * resolver runs, and how many requests, failed log-ins and invitations a user or address may send.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Context } from '../common/context';
import { sendError } from '../common/request-scope';
import type { Config } from '../config';
import { admit, setRateLimitHeaders } from './admission';
import { limitsPlugin } from './limits.plugin';
import { createRateLimits, type RequestLimits } from './rate-limits';

export { MAX_REPEATS, MAX_SELECTIONS, ONCE_PER_OPERATION } from './query-shape';
export { ASSUMED_LIST_SIZE, checkQueryCost } from './query-cost';
export { requestPoints } from './limits.plugin';
export type { ActionKind, FailureKind, RequestAllowance, RequestLimits } from './rate-limits';

export interface Limits {
  /** Apollo's parser refuses documents over the token limit itself (graphql-armor's version answers 500); `admit` says so first, as QUERY_TOO_COMPLEX. */
  parseOptions: { maxTokens: number };
  /** "Did you mean …" suggestions reveal the schema; production answers without them. */
  hideSchemaDetailsFromClientErrors: boolean;
  plugin: ApolloServerPlugin<Context>;
  /** Checks the document's size and shape before Apollo parses and validates it; throws the refusal. */
  admit(ctx: Context, req: Request): Promise<Context>;
  /** Gives every request its `RequestLimits` (see `limitsOf`); mount before the routes. */
  middleware: RequestHandler;
  stop(): Promise<void>;
}

const perRequest = new WeakMap<Request, RequestLimits>();

/** The limits of one server: install `middleware` on Express and the rest on Apollo. */
export async function createLimits(config: Config, logger: Logger): Promise<Limits> {
  const rateLimits = createRateLimits(config, logger);
  await rateLimits.ready();
  return {
    parseOptions: { maxTokens: config.limits.tokens },
    hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
    plugin: limitsPlugin(config.limits),
    admit: (ctx, req) => admit(ctx, req, config.limits),
    middleware: (req, _res, next) => {
      // req.ip honours TRUST_PROXY (Express `trust proxy`), so a forged X-Forwarded-For changes nothing by default.
      perRequest.set(req, rateLimits.forRequest(req.ip ?? req.socket.remoteAddress ?? 'unknown'));
      next();
    },
    stop: () => rateLimits.stop(),
  };
}

/** The rate limits of the request, for its context. */
export function limitsOf(req: Request): RequestLimits {
  const limits = perRequest.get(req);
  if (!limits) throw new Error('limits middleware is not installed before this route');
  return limits;
}

/** Points a REST call costs: a file download like a query, an upload like a mutation, a CSV export like a large query. */
export const REST_POINTS = { download: 1, upload: 5, export: 20 } as const;

/**
 * Rate-limits a REST route (uploads, files, CSV exports) like a GraphQL request: spends `points` from the
 * viewer's bucket (the address's when anonymous) and sets the `RateLimit-*` headers. When the bucket is
 * empty it answers 429 RATE_LIMITED with `Retry-After` itself and returns false: the route does nothing more.
 */
export async function admitRest(ctx: Context, res: Response, points: number): Promise<boolean> {
  const outcome = await ctx.limits.spendRequest(points, ctx.viewer?.id ?? null);
  if (!outcome) return true;
  const headers = new Map<string, string>();
  setRateLimitHeaders(headers, outcome.allowance);
  for (const [name, value] of headers) res.setHeader(name, value);
  if (!outcome.refusal) return true;
  const { http, ...extensions } = outcome.refusal.extensions as { http: { status: number; headers: Map<string, string> }; code?: unknown };
  for (const [name, value] of http.headers) res.setHeader(name, value);
  // Refused before a request body (an upload) was read: close rather than read bytes we will not keep.
  if (!res.req.complete) res.setHeader('Connection', 'close');
  sendError(res, http.status, String(extensions.code), outcome.refusal.message, extensions);
  return false;
}
