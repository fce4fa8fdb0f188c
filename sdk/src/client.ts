import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, parse, print, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { UserErrorsError, userErrorsIn } from './errors.js';
import * as documents from './generated.js';
import { IDEMPOTENT_MUTATIONS } from './server-codes.js';
import { send, type Fetch } from './transport.js';

export type { Fetch } from './transport.js';
export type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** Options of {@link createClient}; {@link ClientHelpers.withDefaults} takes any of them. */
export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `https://workroom.example.com/graphql`; in a browser `/graphql` works too. */
  url: string;
  /** Session token from `signUp` or `logIn`, sent as `authorization: Bearer <token>`. */
  token?: string | null;
  /** Headers sent with every request (use lower-case names). */
  headers?: Record<string, string>;
  /** Replaces the global `fetch` (tests, proxies). Read at each request when omitted. */
  fetch?: Fetch;
  /** Throw a `UserErrorsError` when a mutation payload has `userErrors`, instead of returning it. */
  throwOnUserErrors?: boolean;
  /** Aborts an attempt that has no response after this many ms (it is then retried like a network error). None by default. */
  timeoutMs?: number;
  /** Retries after the first attempt, for calls that may be retried (see {@link RequestOptions.retries}). Default 2. */
  retries?: number;
  /** Base of the exponential backoff between retries, in ms. Default 250. */
  retryDelayMs?: number;
  /**
   * Longest wait between two attempts, in ms. Default 10 000. A `Retry-After` asking for longer is
   * not waited for: the call rejects at once with `retryAfter` set, for the app to schedule.
   */
  maxRetryDelayMs?: number;
}

/** Options of one call: the last argument of `request` and of every operation method. */
export interface RequestOptions {
  /** Headers for this call; they win over the client's headers and token. */
  headers?: Record<string, string>;
  /** Aborts the call, retries included (it then rejects with a `WorkroomError` coded `ABORTED`). */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call; see {@link ClientOptions.timeoutMs}. */
  timeoutMs?: number;
  /**
   * Retries for this call. Queries are retried on network errors, timeouts, 429 and 503; a
   * mutation only when it carries an idempotency key, which makes a repeat harmless.
   */
  retries?: number;
  /**
   * The mutation's `Idempotency-Key`. By default the SDK makes one per call of a mutation the
   * server accepts keys for (`createContract`, …) and sends the same one with every retry.
   * Pass your own to make retries safe across calls (e.g. after a reload: store it first);
   * `null` sends none, and the mutation is then not retried.
   */
  idempotencyKey?: string | null;
  /** Which operation of a document holding several to run. */
  operationName?: string;
}

/** @deprecated Renamed {@link RequestOptions}. */
export type CallOptions = RequestOptions;

/** The variables-and-options arguments: variables may be left out when every one is optional. */
export type RequestArgs<V> = Record<string, never> extends V
  ? [variables?: V, options?: RequestOptions]
  : [variables: V, options?: RequestOptions];

type Documents = typeof documents;
type MethodOf<D> = D extends TypedDocumentNode<infer R, infer V> ? (...args: RequestArgs<V>) => Promise<R> : never;

/** One method per named operation in `sdk/operations`, named after it in camelCase (`SignUp` → `signUp`). */
export type Operations = {
  [K in keyof Documents as K extends `${infer Name}Document` ? Uncapitalize<Name> : never]: MethodOf<Documents[K]>;
};

/** The client's own members; no operation may take these names (a test checks). */
export interface ClientHelpers {
  /**
   * Runs any operation: a `TypedDocumentNode` (from your own codegen, or one of the SDK's
   * `…Document`s), whose result and variables are then typed, or a string.
   */
  request<R, V>(document: TypedDocumentNode<R, V>, ...args: RequestArgs<V>): Promise<R>;
  request<R = Record<string, unknown>, V extends Record<string, unknown> = Record<string, unknown>>(
    document: string,
    variables?: V,
    options?: RequestOptions,
  ): Promise<R>;
  /** A new client like this one with some options replaced. This client is unchanged. */
  withDefaults(options: Partial<ClientOptions>): WorkroomClient;
  /** Shorthand for `withDefaults({ token })`: the same client signed in as `token` (null: anonymous). */
  withToken(token: string | null | undefined): WorkroomClient;
}

/** What {@link createClient} returns. */
export type WorkroomClient = Operations & ClientHelpers;

/** Names the client reserves for itself. */
export const CLIENT_HELPERS: ReadonlyArray<keyof ClientHelpers> = ['request', 'withDefaults', 'withToken'];

const DEFAULTS = { retries: 2, retryDelayMs: 250, maxRetryDelayMs: 10_000 } as const;
/** An upper bound on `retries`, so that no setting turns a client into a load generator. */
const MAX_RETRIES = 10;

const IDEMPOTENT = new Set<string>(IDEMPOTENT_MUTATIONS);

/** What the client needs to know of an operation before sending it. */
interface Operation {
  text: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  /** The root fields, through fragments (`__typename` aside). */
  rootFields: string[];
}

function rootFields(set: SelectionSetNode, document: DocumentNode): string[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename' ? [] : [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, document);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
    return fragment?.kind === Kind.FRAGMENT_DEFINITION ? rootFields(fragment.selectionSet, document) : [];
  });
}

function describe(document: DocumentNode, text: string, operationName: string | undefined): Operation {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return { text, name: operationName ?? 'anonymous', type: 'unknown', rootFields: [] };
  return {
    text,
    name: operation.name?.value ?? 'anonymous',
    type: operation.operation,
    rootFields: rootFields(operation.selectionSet, document),
  };
}

// Documents are usually module constants: print and inspect each once.
const described = new WeakMap<DocumentNode, Map<string | undefined, Operation>>();
const parsedStrings = new Map<string, DocumentNode | null>();

function operationOf(document: DocumentNode | string, operationName: string | undefined): Operation {
  if (typeof document === 'string') {
    let parsed = parsedStrings.get(document);
    if (parsed === undefined) {
      try {
        parsed = parse(document, { noLocation: true });
      } catch {
        parsed = null; // Sent as it is: the server answers GRAPHQL_PARSE_FAILED.
      }
      // Strings built at run time must not grow this without bound.
      if (parsedStrings.size >= 500) parsedStrings.clear();
      parsedStrings.set(document, parsed);
    }
    return parsed ? describe(parsed, document, operationName) : { text: document, name: operationName ?? 'anonymous', type: 'unknown', rootFields: [] };
  }
  let byName = described.get(document);
  if (!byName) {
    byName = new Map();
    described.set(document, byName);
  }
  let operation = byName.get(operationName);
  if (!operation) {
    operation = describe(document, print(document), operationName);
    byName.set(operationName, operation);
  }
  return operation;
}

/** A random idempotency key: a UUID where `crypto.randomUUID` exists (secure contexts), else 128 random bits in hex. */
function newIdempotencyKey(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The key this call sends, if any: the caller's, or a new one for a mutation the server takes keys for. */
function idempotencyKeyFor(operation: Operation, given: string | null | undefined): string | undefined {
  if (operation.type !== 'mutation' || given === null) return undefined;
  if (typeof given === 'string') return given;
  const [field, ...others] = operation.rootFields;
  // The server applies a header key to exactly one idempotent mutation field.
  return others.length === 0 && field !== undefined && IDEMPOTENT.has(field) ? newIdempotencyKey() : undefined;
}

/**
 * The absolute endpoint URL. A relative one is resolved against the page in a browser; elsewhere
 * it is refused here, rather than failing at the first request.
 */
function endpoint(url: string): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  try {
    return new URL(url, base).href;
  } catch {
    throw new TypeError(`createClient: url must be an absolute http(s) URL here, got ${JSON.stringify(url)}`);
  }
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Creates a Workroom client: `request(document, variables, options)` for any operation, and one
 * typed method per built-in operation (`workroom.signUp({ input })`, `workroom.viewer()`), each
 * resolving to the operation's `data` and rejecting with a `WorkroomError` when the server
 * answers with errors or cannot be reached. The client is immutable: derive others with
 * `withDefaults` and `withToken`.
 */
export function createClient(options: ClientOptions): WorkroomClient {
  const url = endpoint(options.url);
  const config = { ...DEFAULTS, ...options };

  const request = async (document: DocumentNode | string, variables?: unknown, call: RequestOptions = {}): Promise<unknown> => {
    const operation = operationOf(document, call.operationName);
    const key = idempotencyKeyFor(operation, call.idempotencyKey);
    const retryable = operation.type === 'query' || key !== undefined;
    const headers: Record<string, string> = {
      ...config.headers,
      ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
      ...(key === undefined ? {} : { 'idempotency-key': key }),
      ...call.headers,
    };
    const body = JSON.stringify({
      query: operation.text,
      ...(variables === undefined ? {} : { variables }),
      ...(call.operationName ? { operationName: call.operationName } : {}),
    });
    const { data, requestId } = await send(body, operation.name, {
      url,
      fetch: config.fetch,
      headers,
      signal: call.signal,
      timeoutMs: call.timeoutMs ?? config.timeoutMs,
      retries: retryable ? Math.min(Math.max(0, call.retries ?? config.retries), MAX_RETRIES) : 0,
      retryDelayMs: config.retryDelayMs,
      maxRetryDelayMs: config.maxRetryDelayMs,
    });
    if (config.throwOnUserErrors && operation.type === 'mutation') {
      const userErrors = userErrorsIn(data);
      if (userErrors.length > 0) throw new UserErrorsError(operation.name, userErrors, data, requestId);
    }
    return data;
  };

  const methods: Record<string, (variables?: unknown, call?: RequestOptions) => Promise<unknown>> = {};
  for (const [exported, document] of Object.entries(documents) as [string, DocumentNode][]) {
    if (!exported.endsWith('Document')) continue;
    const name = exported.slice(0, -'Document'.length);
    const method = (variables?: unknown, call?: RequestOptions) => request(document, variables, call);
    // paginate names its errors after the operation.
    Object.defineProperty(method, 'name', { value: name });
    methods[lowerFirst(name)] = method;
  }

  const helpers = {
    request,
    withDefaults: (overrides: Partial<ClientOptions>) => createClient({ ...options, ...overrides }),
    withToken: (token: string | null | undefined) => createClient({ ...options, token }),
  };
  return Object.freeze(Object.assign(methods, helpers)) as unknown as WorkroomClient;
}
