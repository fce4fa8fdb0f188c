import type { UserErrorCode } from './generated.js';
import type { GraphQLErrorCode } from './server-codes.js';

/** One entry of a GraphQL response's `errors`, as the server sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: {
    code?: string;
    /** On every error answer: the request's id, the same as the `x-request-id` response header. */
    requestId?: string;
    /** On every `BAD_USER_INPUT`: each value at fault (see {@link InputIssue}). */
    fields?: ReadonlyArray<InputIssue>;
    [key: string]: unknown;
  };
}

/**
 * One value a `BAD_USER_INPUT` refused, the one shape the server uses for every such refusal: `field` is
 * the path from inside `input` when the argument is `input` (`['email']`), else from the argument's name
 * (`['first']`), and `[]` when no single value is at fault (a variable of the wrong type).
 */
export interface InputIssue {
  field: ReadonlyArray<string>;
  message: string;
}

/** Every value the server refused as `BAD_USER_INPUT` in `error` (empty for any other error). */
export function inputIssues(error: { errors: ReadonlyArray<GraphQLErrorEntry> }): InputIssue[] {
  return error.errors.flatMap((entry) => (entry.extensions?.code === 'BAD_USER_INPUT' ? [...(entry.extensions.fields ?? [])] : []));
}

/**
 * What went wrong, in one string to switch on: the server's `extensions.code` (one of
 * {@link GraphQLErrorCode}, generated from the server's list: `UNAUTHENTICATED`, `NOT_FOUND`,
 * `BAD_USER_INPUT`, `FORBIDDEN`, `RATE_LIMITED`, …), a user error code when thrown as a
 * {@link UserErrorsError}, or one the SDK sets itself:
 * - `NETWORK_ERROR`: no response (connection refused or dropped, DNS, TLS…); see `cause`.
 * - `TIMEOUT`: no response within `timeoutMs`.
 * - `ABORTED`: the call's `signal` aborted it; see `cause`.
 * - `HTTP_ERROR`: a non-2xx response without GraphQL errors (a proxy's 502 page…); see `status`.
 * - `BAD_RESPONSE`: a 2xx response that is not a GraphQL result (or, from `paginate`, not a connection).
 */
export type WorkroomErrorCode =
  | GraphQLErrorCode
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
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
  requestId?: string;
  retryAfter?: number;
  cause?: unknown;
}

/**
 * The one error the SDK throws. It carries the GraphQL `errors`, the first one's
 * `extensions.code` as `code`, the HTTP `status`, whatever partial `data` the server returned,
 * the server's `requestId` (quote it to support: it finds the log line) and, when the server
 * asked to slow down, `retryAfter`. It never carries the request's variables or headers
 * (passwords, tokens).
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
  /** The server's `x-request-id` for the (last) response; undefined when there was none. */
  readonly requestId: string | undefined;
  /** Seconds the server asked to wait (`Retry-After`, sent with 429 `RATE_LIMITED` and 503). */
  readonly retryAfter: number | undefined;
  /** Requests sent for this call, retries included. */
  attempts = 1;

  constructor(message: string, init: WorkroomErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.operationName = init.operationName;
    this.errors = init.errors ?? [];
    this.status = init.status;
    this.data = init.data ?? null;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
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

  constructor(operationName: string, userErrors: ReadonlyArray<UserError>, data: Record<string, unknown>, requestId?: string) {
    super(userErrors.map((e) => e.message).join('; '), {
      code: userErrors[0]?.code ?? 'USER_ERRORS',
      operationName,
      status: 200,
      data,
      requestId,
    });
    this.userErrors = userErrors;
  }
}

/** What went wrong with one request, as the transport saw it. */
export type Failure =
  | { kind: 'network'; cause: unknown }
  | { kind: 'aborted'; cause: unknown }
  | { kind: 'unreadable'; status: number; requestId?: string; cause: unknown }
  | {
      kind: 'response';
      status: number;
      requestId?: string;
      retryAfter?: number;
      errors: ReadonlyArray<GraphQLErrorEntry>;
      data: Record<string, unknown> | null;
    };

/** The {@link WorkroomError} for a failure. */
export function toWorkroomError(failure: Failure, operationName: string): WorkroomError {
  switch (failure.kind) {
    case 'network':
    case 'aborted': {
      const { cause } = failure;
      const reason = cause instanceof Error ? cause.message : String(cause);
      const aborted = failure.kind === 'aborted';
      return new WorkroomError(`${operationName}: ${aborted ? 'request aborted' : 'network error'} (${reason})`, {
        code: aborted ? 'ABORTED' : 'NETWORK_ERROR',
        operationName,
        cause,
      });
    }
    case 'unreadable':
      return new WorkroomError(`${operationName}: the response is not a GraphQL result`, {
        code: 'BAD_RESPONSE',
        operationName,
        status: failure.status,
        requestId: failure.requestId,
        cause: failure.cause,
      });
    case 'response': {
      const { status, errors, data, requestId } = failure;
      // Retry-After only means "slow down" on these two.
      const retryAfter = status === 429 || status === 503 ? failure.retryAfter : undefined;
      if (errors.length > 0) {
        return new WorkroomError(errors.map((e) => e.message).join('; '), {
          code: errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR',
          operationName,
          errors,
          status,
          data,
          requestId,
          retryAfter,
        });
      }
      const ok = status >= 200 && status < 300;
      return new WorkroomError(`${operationName}: HTTP ${status} ${ok ? 'with no data' : 'without a GraphQL result'}`, {
        code: ok ? 'BAD_RESPONSE' : 'HTTP_ERROR',
        operationName,
        status,
        data,
        requestId,
        retryAfter,
      });
    }
  }
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
