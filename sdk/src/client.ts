import { GraphQLClient } from 'graphql-request';
import { FetchFailure, UserErrorsError, toWorkroomError, userErrorsIn } from './errors.js';
import { getSdk, type SdkFunctionWrapper } from './generated.js';

/** The `fetch` the client sends requests with. */
export type Fetch = (input: URL | RequestInfo, init?: RequestInit) => Promise<Response>;

/** Options of {@link createClient}; {@link WorkroomClient.withDefaults} takes any of them. */
export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `https://workroom.example.com/graphql`; in a browser `/graphql` works too. */
  url: string;
  /** Session token from `signUp` or `logIn`, sent as `authorization: Bearer <token>`. */
  token?: string | null;
  /** Headers sent with every request (use lower-case names). */
  headers?: Record<string, string>;
  /** Replaces the global `fetch` (tests, proxies, retries). Read at each request when omitted. */
  fetch?: Fetch;
  /** Throw a `UserErrorsError` when a mutation payload has `userErrors`, instead of returning it. */
  throwOnUserErrors?: boolean;
}

/** Per-call options, the last argument of every operation method. */
export interface CallOptions {
  /** Headers for this call; they win over the client's headers and token. */
  headers?: Record<string, string>;
  /** Aborts the request (the promise then rejects with a `WorkroomError` coded `ABORTED`). */
  signal?: AbortSignal;
}

type GeneratedSdk = ReturnType<typeof getSdk>;

/** Turns a generated method into `(variables, options?) => Promise<Result>`, keeping optional variables optional. */
type OperationMethod<F> = F extends (...args: infer A) => Promise<infer R>
  ? [] extends A
    ? (variables?: NonNullable<A[0]>, options?: CallOptions) => Promise<R>
    : (variables: A[0], options?: CallOptions) => Promise<R>
  : never;

/** One method per named operation in `sdk/operations`, named after it in camelCase (`SignUp` → `signUp`). */
export type Operations = {
  [K in keyof GeneratedSdk as Uncapitalize<K & string>]: OperationMethod<GeneratedSdk[K]>;
};

/** The client's own members; no operation may take these names (a test checks). */
export interface ClientHelpers {
  /** A new client like this one that sends `token` (null: anonymous). This client is unchanged. */
  withToken(token: string | null): WorkroomClient;
  /** A new client like this one with some options replaced. This client is unchanged. */
  withDefaults(options: Partial<ClientOptions>): WorkroomClient;
  /** Sends `token` from now on with this client (e.g. after `logIn`); null signs out. */
  setToken(token: string | null | undefined): void;
}

/** What {@link createClient} returns. */
export type WorkroomClient = Operations & ClientHelpers;

/** Names the client reserves for itself. */
export const CLIENT_HELPERS: ReadonlyArray<keyof ClientHelpers> = ['withToken', 'withDefaults', 'setToken'];

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

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

/**
 * Creates a Workroom client: one typed method per operation (`workroom.signUp({ input })`,
 * `workroom.viewer()`), each resolving to the operation's `data` and rejecting with a
 * `WorkroomError` when the server answers with errors or cannot be reached.
 */
export function createClient(options: ClientOptions): WorkroomClient {
  let token = options.token ?? null;
  const { fetch: customFetch } = options;

  // Called as a plain function: browsers refuse `fetch` called as a method of another object.
  const send: Fetch = async (input, init) => {
    try {
      return await (customFetch ? customFetch(input, init) : globalThis.fetch(input, init));
    } catch (error) {
      throw new FetchFailure(error);
    }
  };

  const wrapper: SdkFunctionWrapper = async (action, operationName, operationType) => {
    let data;
    try {
      data = await action();
    } catch (error) {
      throw toWorkroomError(error, operationName);
    }
    if (options.throwOnUserErrors && operationType === 'mutation') {
      const userErrors = userErrorsIn(data);
      if (userErrors.length > 0) throw new UserErrorsError(operationName, userErrors, data as Record<string, unknown>);
    }
    return data;
  };

  const generated = getSdk(new GraphQLClient(endpoint(options.url), { headers: options.headers, fetch: send }), wrapper);

  type Generic = (variables: unknown, headers: Record<string, string>, signal?: AbortSignal) => Promise<unknown>;
  const methods: Record<string, (variables?: unknown, call?: CallOptions) => Promise<unknown>> = {};
  for (const [name, method] of Object.entries(generated) as [string, Generic][]) {
    methods[lowerFirst(name)] = (variables, call) =>
      method(variables, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...call?.headers }, call?.signal);
  }

  const helpers: ClientHelpers = {
    withToken: (next) => createClient({ ...options, token: next }),
    withDefaults: (overrides) => createClient({ ...options, token, ...overrides }),
    setToken: (next) => {
      token = next ?? null;
    },
  };
  return Object.assign(methods, helpers) as unknown as WorkroomClient;
}
