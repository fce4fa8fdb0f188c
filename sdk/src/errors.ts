import type { UserErrorCode } from './generated.js';

/** One entry of a GraphQL response's `errors`, as the server sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * What went wrong, in one string to switch on: the server's `extensions.code`
 * (`UNAUTHENTICATED`, `NOT_FOUND`, `BAD_USER_INPUT`, `FORBIDDEN`, `RATE_LIMITED`,
 * `QUERY_TOO_COMPLEX`, `INTERNAL_SERVER_ERROR`), a user error code when thrown as a
 * {@link UserErrorsError}, or one the SDK sets itself:
 * - `NETWORK_ERROR`: no response (connection refused, DNS, TLS…); see `cause`.
 * - `ABORTED`: the request's `signal` aborted it; see `cause`.
 * - `HTTP_ERROR`: a non-2xx response without GraphQL errors (a proxy's 502 page…); see `status`.
 * - `BAD_RESPONSE`: a 2xx response that is not a GraphQL result; see `cause`.
 */
export type WorkroomErrorCode =
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'INTERNAL_SERVER_ERROR'
  | 'NETWORK_ERROR'
  | 'ABORTED'
  | 'HTTP_ERROR'
  | 'BAD_RESPONSE'
  | UserErrorCode
  // Codes added to the server after this SDK was built still type-check.
  | (string & Record<never, never>);

/** What a {@link WorkroomError} is built from. */
export interface WorkroomErrorInit {
  code: WorkroomErrorCode;
  operationName: string;
  errors?: ReadonlyArray<GraphQLErrorEntry>;
  status?: number;
  data?: Record<string, unknown> | null;
  cause?: unknown;
}

/**
 * The one error the SDK throws. It carries the GraphQL `errors`, the first one's
 * `extensions.code` as `code`, the HTTP `status`, and whatever partial `data` the server
 * returned. It never carries the request's variables or headers (passwords, tokens).
 */
export class WorkroomError extends Error {
  override name = 'WorkroomError';
  /** See {@link WorkroomErrorCode}. */
  readonly code: WorkroomErrorCode;
  /** The operation that failed, e.g. `CreateCompany`. */
  readonly operationName: string;
  /** The response's GraphQL errors; empty for network and HTTP failures. */
  readonly errors: ReadonlyArray<GraphQLErrorEntry>;
  /** HTTP status of the response; undefined when there was none. */
  readonly status: number | undefined;
  /** The fields that did resolve (GraphQL answers partially); null when none did. */
  readonly data: Record<string, unknown> | null;

  constructor(message: string, init: WorkroomErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.operationName = init.operationName;
    this.errors = init.errors ?? [];
    this.status = init.status;
    this.data = init.data ?? null;
  }
}

/** A refusal listed in a mutation payload's `userErrors`. Nothing was changed. */
export interface UserError {
  code: UserErrorCode;
  /** Path to the input field at fault, e.g. `['input', 'email']`. */
  field: Array<string> | null;
  message: string;
}

/**
 * Thrown instead of returning a mutation payload whose `userErrors` is not empty, when the
 * client was created with `throwOnUserErrors: true`. `code` is the first user error's code.
 */
export class UserErrorsError extends WorkroomError {
  override name = 'UserErrorsError';
  /** Every user error of every payload in the response, in order. */
  readonly userErrors: ReadonlyArray<UserError>;

  constructor(operationName: string, userErrors: ReadonlyArray<UserError>, data: Record<string, unknown>) {
    super(userErrors.map((e) => e.message).join('; '), {
      code: userErrors[0]?.code ?? 'USER_ERRORS',
      operationName,
      status: 200,
      data,
    });
    this.userErrors = userErrors;
  }
}

/** Marks a rejection of `fetch` itself, so it is told apart from an unreadable response. */
export class FetchFailure extends Error {
  constructor(readonly original: unknown) {
    super('fetch failed');
  }
}

interface ClientErrorLike {
  response: { status: number; statusText?: string; errors?: GraphQLErrorEntry[]; data?: Record<string, unknown> | null };
}

function isClientError(error: unknown): error is ClientErrorLike {
  const response = (error as { response?: { status?: unknown } } | null)?.response;
  return typeof response === 'object' && response !== null && typeof response.status === 'number';
}

/**
 * Turns whatever graphql-request or `fetch` threw into a {@link WorkroomError}. The
 * graphql-request error itself is not kept as `cause`: its message embeds the variables.
 */
export function toWorkroomError(error: unknown, operationName: string): WorkroomError {
  if (error instanceof WorkroomError) return error;
  if (error instanceof FetchFailure) {
    const cause = error.original;
    const name = (cause as { name?: unknown } | null)?.name;
    const aborted = name === 'AbortError' || name === 'TimeoutError';
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new WorkroomError(`${operationName}: ${aborted ? 'request aborted' : 'network error'} (${reason})`, {
      code: aborted ? 'ABORTED' : 'NETWORK_ERROR',
      operationName,
      cause,
    });
  }
  if (isClientError(error)) {
    const { status, errors = [], data = null } = error.response;
    if (errors.length > 0) {
      return new WorkroomError(errors.map((e) => e.message).join('; '), {
        code: errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR',
        operationName,
        errors,
        status,
        data,
      });
    }
    return new WorkroomError(`${operationName}: HTTP ${status} without a GraphQL result`, {
      code: 'HTTP_ERROR',
      operationName,
      status,
      data,
    });
  }
  return new WorkroomError(`${operationName}: the response is not a GraphQL result`, {
    code: 'BAD_RESPONSE',
    operationName,
    cause: error,
  });
}

/** Every entry of every `userErrors` list directly under the response's root fields. */
export function userErrorsIn(data: unknown): UserError[] {
  if (typeof data !== 'object' || data === null) return [];
  const found: UserError[] = [];
  for (const payload of Object.values(data)) {
    const list = (payload as { userErrors?: unknown } | null)?.userErrors;
    if (Array.isArray(list)) found.push(...(list as UserError[]));
  }
  return found;
}
