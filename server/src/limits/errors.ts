import { HeaderMap } from '@apollo/server';
import { AppError } from '../common/errors';

/** Which request limit a query broke; clients see it as `extensions.limit`. */
export type QueryLimit = 'depth' | 'aliases' | 'tokens' | 'cost' | 'selections' | 'repeatedFields' | 'onePerOperation';

/** QUERY_TOO_COMPLEX (HTTP 400), naming the limit and the numbers so a client can fix its query. */
export function queryTooComplex(limit: QueryLimit, message: string, max: number, actual: number | null, extra: Record<string, unknown> = {}): AppError {
  return new AppError('QUERY_TOO_COMPLEX', message, { limit, max, actual, ...extra, http: { status: 400, headers: new HeaderMap() } });
}

/** RATE_LIMITED (HTTP 429) with `Retry-After` in whole seconds (at least 1). */
export function rateLimited(limit: string, msBeforeNext: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many requests (${limit}); retry in ${retryAfter} s`, {
    limit,
    retryAfter,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
  });
}
