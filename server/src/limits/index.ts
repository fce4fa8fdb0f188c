/**
 * Request limits and rate limits: what one request may ask for, decided before any
 * resolver runs, and how many requests, failed log-ins and invitations a user or address may send.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Context } from '../common/context';
import { sendError } from '../common/http-errors';
import type { Config } from '../config';
import { admit, setRateLimitHeaders } from './admission';
import { limitsPlugin } from './limits.plugin';
import { createRateLimits, type RequestLimits } from './rate-limits';

export { MAX_REPEATS, MAX_SELECTIONS, ONCE_PER_OPERATION } from './query-shape';
export { ASSUMED_LIST_SIZE, checkQueryCost } from './query-cost';
export { requestPoints } from './limits.plugin';
export { graphqlQueryText } from './admission';
export type { ActionKind, FailureKind, RequestAllowance, RequestLimits } from './rate-limits';

export interface Limits {
  /** Apollo's parser refuses documents over the token limit itself (graphql-armor's version answers 500); `admit` says so first, as QUERY_TOO_COMPLEX. */
  parseOptions: { maxTokens: number };
  /** "Did you mean …" suggestions reveal the schema; production answers without them. */
  hideSchemaDetailsFromClientErrors: boolean;
  plugin: ApolloServerPlugin<Context>;
  /** Checks the query text's size and shape (null: no query) before Apollo parses and validates it; throws the refusal. */
  admit(ctx: Context, query: string | null): Promise<Context>;
  /**
   * Gives the request its `RequestLimits` (see `limitsOf`), by client address: Express's `req.ip`,
   * which honours TRUST_PROXY (`trust proxy`), so a forged X-Forwarded-For changes nothing by default.
   */
  attach(req: IncomingMessage, address: string | undefined): void;
  stop(): Promise<void>;
}

const perRequest = new WeakMap<IncomingMessage, RequestLimits>();

/** The limits of one server: `attach` on every request, the rest on Apollo. */
export async function createLimits(config: Config, logger: Logger): Promise<Limits> {
  const rateLimits = createRateLimits(config, logger);
  await rateLimits.ready();
  return {
    parseOptions: { maxTokens: config.limits.tokens },
    hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
    plugin: limitsPlugin(config.limits),
    admit: (ctx, query) => admit(ctx, query, config.limits),
    attach: (req, address) => void perRequest.set(req, rateLimits.forRequest(address ?? req.socket.remoteAddress ?? 'unknown')),
    stop: () => rateLimits.stop(),
  };
}

/** The rate limits of the request, for its context. */
export function limitsOf(req: IncomingMessage): RequestLimits {
  const limits = perRequest.get(req);
  if (!limits) throw new Error('limits are not attached to this request (Limits.attach)');
  return limits;
}

/** Points a REST call costs: a file download like a query, an upload like a mutation, a CSV export like a large query. */
export const REST_POINTS = { download: 1, upload: 5, export: 20 } as const;

/**
 * Rate-limits a REST route (uploads, files, CSV exports) like a GraphQL request: spends `points` from the
 * viewer's bucket (the address's when anonymous) and sets the `RateLimit-*` headers. When the bucket is
 * empty it answers 429 RATE_LIMITED with `Retry-After` itself and returns false: the route does nothing more.
 */
export async function admitRest(ctx: Context, res: ServerResponse, points: number): Promise<boolean> {
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
