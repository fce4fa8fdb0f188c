import path from 'node:path';
import type { GraphQLRequestContext } from '@apollo/server';

/**
 * A fix for Apollo Server's gateway path (the way graphql-jit runs behind Apollo, see executor.ts).
 *
 * For every operation it hands a gateway executor, Apollo (5.5.1, `utils/makeGatewayGraphQLRequestContext.js`)
 * builds the executor's request context with `response.http` as an object literal holding its own
 * `get status()` / `set status()` closures. V8 gives every such object a new hidden class, and that
 * class keeps the closures, and through them the whole request (its context, document, answer),
 * alive until the next full collection. Measured with `node --trace-gc-nvp`: every scavenge promoted
 * 1.6 MB and paused 4 ms where the same requests without the gateway promoted 0.3 MB and paused 1 ms,
 * and a W1 request cost more CPU on jit than on graphql-js.
 *
 * `installGatewayContextFix` puts in its place the same function, field for field, with the status
 * accessors on a class. The module is Apollo's own file (the one its request pipeline calls), found
 * beside Apollo's entry point; when it is not there or exports no such function (another Apollo
 * version) nothing is changed and it returns false: `executor.test.ts` fails then, so an upgrade is
 * noticed.
 */

interface HeaderMapLike {
  get(name: string): string | undefined;
  set(name: string, value: string): unknown;
  has(name: string): boolean;
  delete(name: string): unknown;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
}

/** Apollo's `FetcherHeadersForHeaderMap`: a Fetch-style view of a HeaderMap. */
class FetcherHeaders {
  constructor(readonly map: HeaderMapLike) {}
  append(name: string, value: string): void {
    const existing = this.map.get(name);
    this.map.set(name, existing !== undefined ? `${existing}, ${value}` : value);
  }
  delete(name: string): void {
    this.map.delete(name);
  }
  get(name: string): string | null {
    return this.map.get(name) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  set(name: string, value: string): void {
    this.map.set(name, value);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

type RequestContext = GraphQLRequestContext<Record<string, unknown>> & { requestIsBatched?: boolean };

/** `response.http` of the executor's context: its status is the request's own, read and written through. */
class ResponseHttp {
  readonly headers: FetcherHeaders;
  constructor(private readonly requestContext: RequestContext) {
    this.headers = new FetcherHeaders(requestContext.response.http.headers as unknown as HeaderMapLike);
  }
  get status(): number | undefined {
    return this.requestContext.response.http.status;
  }
  set status(status: number | undefined) {
    this.requestContext.response.http.status = status;
  }
}

interface Internals {
  includeStacktraceInErrorResponses?: boolean;
}

/** Apollo's function, with `response.http` a ResponseHttp. */
function makeGatewayGraphQLRequestContext(requestContext: RequestContext, server: { logger: unknown; cache: unknown }, internals: Internals) {
  const given = requestContext.request;
  const request: Record<string, unknown> = {};
  if ('query' in given) request.query = given.query;
  if ('operationName' in given) request.operationName = given.operationName;
  if ('variables' in given) request.variables = given.variables;
  if ('extensions' in given) request.extensions = given.extensions;
  if (given.http) {
    const { method, search, headers } = given.http;
    const question = search !== '' && !search.startsWith('?');
    request.http = { method, url: `https://unknown-url.invalid/${question ? '?' : ''}${search}`, headers: new FetcherHeaders(headers as unknown as HeaderMapLike) };
  }
  return {
    request,
    response: { http: new ResponseHttp(requestContext) },
    logger: server.logger,
    schema: requestContext.schema,
    schemaHash: 'schemaHash no longer exists since Apollo Server 4',
    context: requestContext.contextValue,
    cache: server.cache,
    queryHash: requestContext.queryHash,
    document: requestContext.document,
    source: requestContext.source,
    operationName: requestContext.operationName,
    operation: requestContext.operation,
    errors: requestContext.errors,
    metrics: requestContext.metrics,
    debug: internals.includeStacktraceInErrorResponses,
    overallCachePolicy: requestContext.overallCachePolicy,
    requestIsBatched: requestContext.requestIsBatched,
  };
}

const NAME = 'makeGatewayGraphQLRequestContext';

/** Replaces Apollo's function (see above); true when it is in place. */
export function installGatewayContextFix(): boolean {
  let target: Record<string, unknown>;
  try {
    const file = path.join(path.dirname(require.resolve('@apollo/server')), 'utils', `${NAME}.js`);
    // The module object Apollo's request pipeline itself holds (Node caches modules by file): only require gives it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    target = require(file) as Record<string, unknown>;
  } catch {
    return false;
  }
  if (target[NAME] === makeGatewayGraphQLRequestContext) return true;
  if (typeof target[NAME] !== 'function' || (target[NAME] as (...args: unknown[]) => unknown).length !== 3) return false;
  Object.defineProperty(target, NAME, { value: makeGatewayGraphQLRequestContext, enumerable: true, configurable: true, writable: true });
  return target[NAME] === makeGatewayGraphQLRequestContext;
}
