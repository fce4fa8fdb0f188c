import { GraphQLError, Lexer, Source, TokenKind, parse } from 'graphql';
import type { Context } from '../common/context';
import { AppError } from '../common/errors';
import type { RequestLimitsConfig } from '../config';
import { queryTooComplex } from './errors';
import { checkQueryShape } from './query-shape';
import type { RequestAllowance } from './rate-limits';

/** Sets the `RateLimit-*` headers of `allowance` (nothing when rate limits are off). */
export function setRateLimitHeaders(headers: Map<string, string>, allowance: RequestAllowance | null | undefined): void {
  if (!allowance) return;
  headers.set('ratelimit-limit', String(allowance.limit));
  headers.set('ratelimit-remaining', String(Math.max(0, allowance.remaining)));
  headers.set('ratelimit-reset', String(allowance.reset));
}

/** The query text of a single GraphQL request (POST body, or GET's `query` parameter in `search`); null for anything else. */
export function graphqlQueryText(method: string | undefined, body: unknown, search: string): string | null {
  if (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { query?: unknown }).query === 'string') {
    return (body as { query: string }).query;
  }
  return method === 'GET' ? new URLSearchParams(search).get('query') : null;
}

/** Counts the document's tokens, stopping at `max + 1`; null when it does not even lex. */
function tokenCount(query: string, max: number): number | null {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF && count <= max) count += 1;
  } catch (error) {
    if (error instanceof GraphQLError) return null;
    throw error;
  }
  return count;
}

/** The QUERY_TOO_COMPLEX refusal for the document's size or shape, or null (also when it does not parse: Apollo says why). */
function refusalFor(query: string, limits: RequestLimitsConfig): AppError | null {
  const tokens = tokenCount(query, limits.tokens);
  if (tokens === null) return null;
  if (tokens > limits.tokens) return queryTooComplex('tokens', `Query has more than ${limits.tokens} tokens; the limit is ${limits.tokens}`, limits.tokens, null);
  let document;
  try {
    document = parse(query, { maxTokens: limits.tokens });
  } catch {
    return null;
  }
  try {
    checkQueryShape(document, limits);
    return null;
  } catch (refusal) {
    if (refusal instanceof AppError) return refusal;
    throw refusal;
  }
}

/**
 * Query texts already admitted, per limits: the check depends on nothing else, and clients send the
 * same few documents again and again (each check lexes and parses the text once more). Bounded in
 * count and in the length of a text kept; refusals are not kept (they are rare and carry headers).
 */
const admittedTexts = new WeakMap<RequestLimitsConfig, Set<string>>();
const MAX_ADMITTED = 500;
const MAX_ADMITTED_LENGTH = 8192;

function admitted(limits: RequestLimitsConfig): Set<string> {
  let texts = admittedTexts.get(limits);
  if (!texts) admittedTexts.set(limits, (texts = new Set()));
  return texts;
}

function remember(limits: RequestLimitsConfig, query: string): void {
  if (query.length > MAX_ADMITTED_LENGTH) return;
  const texts = admitted(limits);
  if (texts.size >= MAX_ADMITTED) texts.clear();
  texts.add(query);
}

/**
 * Admits a GraphQL request before Apollo parses and validates it, or throws its refusal (with the
 * `RateLimit-*` headers of the point it cost). This runs first because graphql-js validation is
 * quadratic in repeated fields: a 3,000-token document of 300 × `companies { nodes { id } }` takes
 * ~300 ms to validate, blocking every other request; its shape is linear to check.
 */
export async function admit(ctx: Context, query: string | null, limits: RequestLimitsConfig): Promise<Context> {
  if (query === null || admitted(limits).has(query)) return ctx;
  const refusal = refusalFor(query, limits);
  if (!refusal) {
    remember(limits, query);
    return ctx;
  }
  const spent = await ctx.limits.spendRequest(1, ctx.viewer?.id ?? null);
  const answer = spent?.refusal ?? refusal;
  setRateLimitHeaders((answer.extensions.http as { headers: Map<string, string> }).headers, spent?.allowance);
  // Apollo answers an error thrown while building the context with the error's own status and headers.
  throw answer;
}
