import { toWorkroomError, type GraphQLErrorEntry, WorkroomError } from './errors.js';

/** The `fetch` the client sends requests with. */
export type Fetch = (input: URL | RequestInfo, init?: RequestInit) => Promise<Response>;

/** How one call is sent and retried; the client merges its defaults with the call's options. */
export interface SendOptions {
  url: string;
  fetch: Fetch | undefined;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  /** Retries after the first attempt; 0 sends once. */
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

/** What a GraphQL response body holds. */
export interface GraphQLResult {
  data: Record<string, unknown> | null;
  errors: GraphQLErrorEntry[];
}

/** One attempt's outcome, before it is turned into a result or an error. */
type Attempt =
  | { ok: true; data: Record<string, unknown>; requestId: string | undefined; status: number }
  | { ok: false; error: WorkroomError; retryable: boolean };

/** Statuses worth retrying: the server asked to slow down, or is briefly unavailable. */
const RETRY_STATUSES = new Set([429, 503]);

/** Seconds from a `Retry-After` header (delay-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The wait before retry number `retry` (1-based): the server's `Retry-After` when it gave one,
 * else "full jitter" exponential backoff, a random delay in [0, base · 2^(retry−1)] capped at
 * `max` (spreads out clients that failed together, so they do not come back together).
 */
export function retryDelay(retry: number, retryAfter: number | undefined, options: Pick<SendOptions, 'retryDelayMs' | 'maxRetryDelayMs'>): number {
  if (retryAfter !== undefined) return retryAfter * 1000 + Math.random() * options.retryDelayMs;
  return Math.random() * Math.min(options.maxRetryDelayMs, options.retryDelayMs * 2 ** (retry - 1));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Marks the abort of an attempt that ran out of `timeoutMs`, told apart from the caller's signal. */
class AttemptTimeout extends Error {
  override name = 'TimeoutError';
}

/** One POST; never throws: failures come back as a WorkroomError and whether a retry may help. */
async function attempt(body: string, operationName: string, options: SendOptions): Promise<Attempt> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal!.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new AttemptTimeout(`no response within ${options.timeoutMs} ms`)), options.timeoutMs);
  try {
    let response: Response;
    let text: string;
    try {
      // Called as a plain function: browsers refuse `fetch` called as a method of another object.
      const send = options.fetch ?? globalThis.fetch;
      response = await send(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
        body,
        signal: controller.signal,
      });
      text = await response.text();
    } catch (cause) {
      const reason = controller.signal.aborted ? controller.signal.reason : cause;
      if (reason instanceof AttemptTimeout) {
        return { ok: false, retryable: true, error: new WorkroomError(`${operationName}: ${reason.message}`, { code: 'TIMEOUT', operationName, cause: reason }) };
      }
      if (options.signal?.aborted) {
        return { ok: false, retryable: false, error: toWorkroomError({ kind: 'aborted', cause: options.signal.reason }, operationName) };
      }
      return { ok: false, retryable: true, error: toWorkroomError({ kind: 'network', cause }, operationName) };
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      parsed = undefined;
      if (response.ok) {
        return { ok: false, retryable: false, error: toWorkroomError({ kind: 'unreadable', status: response.status, requestId, cause }, operationName) };
      }
    }
    const result = asGraphQLResult(parsed);
    const retryable = RETRY_STATUSES.has(response.status);
    if (result && result.errors.length === 0 && result.data && response.ok) {
      return { ok: true, data: result.data, requestId, status: response.status };
    }
    const error = toWorkroomError(
      { kind: 'response', status: response.status, requestId, retryAfter, errors: result?.errors ?? [], data: result?.data ?? null },
      operationName,
    );
    return { ok: false, retryable, error };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function asGraphQLResult(value: unknown): GraphQLResult | null {
  if (typeof value !== 'object' || value === null) return null;
  const { data, errors } = value as { data?: unknown; errors?: unknown };
  const okData = data === undefined || data === null || (typeof data === 'object' && !Array.isArray(data));
  if (!okData || (errors !== undefined && !Array.isArray(errors))) return null;
  if (data === undefined && errors === undefined) return null;
  return { data: (data ?? null) as Record<string, unknown> | null, errors: (errors ?? []) as GraphQLErrorEntry[] };
}

/**
 * Sends one GraphQL request, retrying up to `options.retries` times on network errors, timeouts,
 * 429 and 503 (the caller decides whether the operation may be retried at all). Resolves to the
 * result's `data` and the last response's request id; rejects with the last attempt's WorkroomError,
 * which tells how many attempts were made.
 */
export async function send(
  body: string,
  operationName: string,
  options: SendOptions,
): Promise<{ data: Record<string, unknown>; requestId: string | undefined }> {
  for (let tries = 1; ; tries += 1) {
    const outcome = await attempt(body, operationName, options);
    if (outcome.ok) return { data: outcome.data, requestId: outcome.requestId };
    const { error } = outcome;
    error.attempts = tries;
    if (!outcome.retryable || tries > options.retries) throw error;
    const delay = retryDelay(tries, error.retryAfter, options);
    // A server asking for a longer pause than we would wait: give the app its Retry-After instead.
    if (delay > options.maxRetryDelayMs + options.retryDelayMs) throw error;
    try {
      await wait(delay, options.signal);
    } catch (reason) {
      throw toWorkroomError({ kind: 'aborted', cause: reason }, operationName);
    }
  }
}
