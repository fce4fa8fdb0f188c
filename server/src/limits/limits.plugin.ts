import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Semaphore } from 'async-mutex';
import type { Context } from '../common/context';
import type { AppError } from '../common/errors';
import type { RequestLimitsConfig } from '../config';
import { checkQueryCost } from './query-cost';
import { setRateLimitHeaders } from './admission';
import type { RequestAllowance } from './rate-limits';

/** Points a request costs: mutations write (and may send mail), expensive queries load a lot. */
export function requestPoints(kind: 'query' | 'mutation' | 'subscription', cost: number): number {
  return (kind === 'mutation' ? 5 : 1) + Math.floor(cost / 1000);
}

/**
 * Queries estimated to load this many objects or more (the cost at which a request starts to cost
 * extra points) run one at a time per process, in arrival order. Ten whole trees served at once all
 * finish late, after one another's garbage collections, and each holds its rows and its answer in
 * memory meanwhile; served in turn, each waits for those before it and is then served at full speed.
 * Cheaper requests never wait for them.
 */
export const HEAVY_COST = 1000;

/**
 * Decides, once the operation is known and before any resolver runs, its cost (which needs the
 * variables) and takes its points from the rate limit. The document's shape was checked before
 * parsing (admission.ts). Every GraphQL response carries the `RateLimit-*` headers of its bucket.
 */
export function limitsPlugin(limits: RequestLimitsConfig): ApolloServerPlugin<Context> {
  const heavy = new Semaphore(1);
  return {
    async requestDidStart() {
      let spent = false;
      let release: (() => void) | null = null;
      let allowance: RequestAllowance | null = null;
      /** Takes the request's points; the refusal when the bucket is empty. */
      const spend = async (ctx: GraphQLRequestContext<Context>, points: number): Promise<AppError | null> => {
        spent = true;
        const outcome = await ctx.contextValue.limits.spendRequest(points, ctx.contextValue.viewer?.id ?? null);
        allowance = outcome?.allowance ?? null;
        return outcome?.refusal ?? null;
      };
      return {
        async didResolveOperation(ctx) {
          if (!ctx.operation) return;
          const cost = checkQueryCost(ctx.schema, ctx.document, limits.cost, ctx.request.variables, ctx.operationName ?? undefined);
          const refusal = await spend(ctx, requestPoints(ctx.operation.operation, cost));
          if (refusal) throw refusal;
          if (ctx.operation.operation === 'query' && cost >= HEAVY_COST) {
            [, release] = await heavy.acquire();
            // Its loaders let other requests in between batches (common/loaders.ts, batching).
            ctx.contextValue.heavy = true;
          }
        },
        async willSendResponse(ctx) {
          // Apollo calls this for every request, answered or failed, once execution is over.
          release?.();
          release = null;
          // Requests refused before an operation was resolved (syntax, validation) still cost a point.
          if (!spent) {
            const refusal = await spend(ctx, 1);
            if (refusal) {
              const { http, ...extensions } = refusal.extensions as { http: { status: number; headers: Map<string, string> } };
              ctx.response.http.status = http.status;
              for (const [name, value] of http.headers) ctx.response.http.headers.set(name, value);
              // Set here, past formatError: the answer names its request like every error answer.
              const named = { ...extensions, requestId: ctx.contextValue.requestId };
              ctx.response.body = { kind: 'single', singleResult: { errors: [{ message: refusal.message, extensions: named }] } };
            }
          }
          setRateLimitHeaders(ctx.response.http.headers, allowance);
        },
      };
    },
  };
}
