/**
 * Request limits and rate limits (SPEC §11): what one request may ask for, decided before any
 * resolver runs, and how many requests, failed log-ins and invitations a user or address may send.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Context } from '../common/context';
import type { Config } from '../config';
import { admit } from './admission';
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
