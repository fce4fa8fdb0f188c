import { GraphQLError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/**
 * Transport and access failures: GraphQL errors with `extensions.code` (catalogue: docs/errors.md).
 * Business outcomes are not here; they are `UserError`s in a payload.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Every `extensions.code` a client can receive: ours and Apollo's request-level ones. The one
 * list: app.ts masks every other code, and `npm run generate` emits it for the SDK's
 * `WorkroomErrorCode`.
 */
export const PUBLIC_ERROR_CODES = [
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // A body over LIMIT_BODY_BYTES: answered (413) before GraphQL sees the request.
  'PAYLOAD_TOO_LARGE',
] as const;

export type PublicErrorCode = (typeof PUBLIC_ERROR_CODES)[number];

/** What each `extensions.code` means, for docs/errors.md (`npm run generate`). */
export const ERROR_CODE_DESCRIPTIONS: Record<PublicErrorCode, string> = {
  UNAUTHENTICATED: 'No valid `Authorization: Bearer <token>`: sign in (or in again) and retry. REST routes answer 401.',
  NOT_FOUND:
    'The object does not exist, or it belongs to a company you are not a member of: the two answers are identical, so ' +
    'nothing tells an outsider that an id exists.',
  BAD_USER_INPUT:
    'An argument is malformed or out of range. `extensions.fields` lists each value at fault as `{ field, message }`; ' +
    '`field` is the path from inside `input` (`["email"]`) or from the argument (`["first"]`), `[]` when no single ' +
    'value is at fault. Nothing was changed.',
  FORBIDDEN: 'You can see the object but your role does not allow this action (see docs/permissions.md).',
  RATE_LIMITED:
    'Too many requests, failed log-ins or invitations: wait `extensions.retryAfter` seconds (also the `Retry-After` ' +
    'header; HTTP 429). `extensions.limit` names the counter.',
  QUERY_TOO_COMPLEX:
    'The document is too deep, too wide, too long or too costly before anything ran: `extensions.limit`, `max` and ' +
    '`actual` say which limit and by how much (HTTP 400).',
  INTERNAL_SERVER_ERROR: 'A bug or an outage; the details are in the server log under `extensions.requestId`. Nothing partial was committed.',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not fit the schema (an unknown field, a missing argument…).',
  BAD_REQUEST: 'The HTTP request is not a GraphQL request (no query, a body that is not JSON…).',
  OPERATION_RESOLUTION_FAILURE: 'The document has several operations and `operationName` names none of them.',
  PERSISTED_QUERY_NOT_FOUND: 'An automatic persisted query hash the server does not know: send the full query.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Persisted queries are not enabled on this server.',
  PAYLOAD_TOO_LARGE: 'The request body is over `LIMIT_BODY_BYTES` (HTTP 413); `extensions.max` gives the limit.',
};

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/** The one answer for "does not exist" and "exists but is not yours": they must be indistinguishable. */
export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this'): AppError =>
  new AppError('FORBIDDEN', message);
export const unauthenticated = (): AppError =>
  new AppError('UNAUTHENTICATED', 'You must be signed in to do this');

/**
 * One entry of BAD_USER_INPUT's `extensions.fields`: the path of the value at fault, from inside `input`
 * when the argument is `input` (`['email']`), else from the argument's name (`['first']`); `[]` when the
 * refusal is about no one value (a variable's type, a header). The one shape of every BAD_USER_INPUT:
 * class-validator's failures, input hygiene's and `badInput`'s alike (docs/errors.md).
 */
export interface FieldIssue {
  field: string[];
  message: string;
}

/** Paths are written from the argument (`['input', 'email']`); the answer leaves out `input`, as class-validator does. */
const issuePath = (path: string[]): string[] => (path[0] === 'input' ? path.slice(1) : path);

/** BAD_USER_INPUT listing every value at fault. */
export const invalidInput = (fields: FieldIssue[]): AppError =>
  new AppError('BAD_USER_INPUT', `Invalid input: ${fields.map((f) => f.message).join('; ')}`, {
    fields: fields.map((f) => ({ field: issuePath(f.field), message: f.message })),
  });

/** BAD_USER_INPUT about one value, at `field` (e.g. `['input', 'email']`, `['first']`). */
export const badInput = (message: string, field: string[] = []): AppError =>
  new AppError('BAD_USER_INPUT', message, { fields: [{ field: issuePath(field), message }] });

/** Codes of the business outcomes a mutation can refuse with. Later modules add their own here. */
export enum UserErrorCode {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  LAST_OWNER = 'LAST_OWNER',
  TEAM_NAME_TAKEN = 'TEAM_NAME_TAKEN',
  NOT_A_MEMBER = 'NOT_A_MEMBER',
  // Contracts and onboarding (docs/domain.md "Contracts")
  INVALID_STATE = 'INVALID_STATE',
  ONBOARDING_INCOMPLETE = 'ONBOARDING_INCOMPLETE',
  INVALID_TASK_OWNER = 'INVALID_TASK_OWNER',
  ATTACHMENT_REQUIRED = 'ATTACHMENT_REQUIRED',
  CLASSIFICATION_REQUIRED = 'CLASSIFICATION_REQUIRED',
  CONTRACT_NOT_ACTIVE = 'CONTRACT_NOT_ACTIVE',
  BEFORE_CONTRACT_START = 'BEFORE_CONTRACT_START',
  HOURS_EXCEEDED = 'HOURS_EXCEEDED',
  // Invitations (docs/domain.md "Inviting coworkers")
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  ALREADY_INVITED = 'ALREADY_INVITED',
  INVITATION_INVALID = 'INVITATION_INVALID',
  INVITATION_REVOKED = 'INVITATION_REVOKED',
  INVITATION_EXPIRED = 'INVITATION_EXPIRED',
  INVITATION_ALREADY_ACCEPTED = 'INVITATION_ALREADY_ACCEPTED',
  INVITATION_EMAIL_MISMATCH = 'INVITATION_EMAIL_MISMATCH',
  INVITATION_NOT_PENDING = 'INVITATION_NOT_PENDING',
  /** The inviter has left the company or can no longer grant the invitation's role. */
  INVITER_CANNOT_GRANT = 'INVITER_CANNOT_GRANT',
  // Message threads (docs/domain.md "Message threads")
  ALREADY_PARTICIPANT = 'ALREADY_PARTICIPANT',
  LAST_THREAD_MANAGER = 'LAST_THREAD_MANAGER',
  // Idempotency keys
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  // Two-step verification and API tokens
  /** A two-step code or recovery code that is wrong, outside its window, or already used. */
  INVALID_TWO_STEP_CODE = 'INVALID_TWO_STEP_CODE',
  /** completeTwoStepLogIn with a challenge that is unknown, expired or already used: log in again. */
  TWO_STEP_CHALLENGE_INVALID = 'TWO_STEP_CHALLENGE_INVALID',
  TWO_STEP_ALREADY_ENABLED = 'TWO_STEP_ALREADY_ENABLED',
  /** confirmTwoStepVerification before enableTwoStepVerification. */
  TWO_STEP_NOT_PENDING = 'TWO_STEP_NOT_PENDING',
  TWO_STEP_NOT_ENABLED = 'TWO_STEP_NOT_ENABLED',
  TOO_MANY_API_TOKENS = 'TOO_MANY_API_TOKENS',
  // Account settings and security
  /** A mailed account link (password reset, email verification) that is unknown or already used. */
  LINK_INVALID = 'LINK_INVALID',
  /** A mailed account link past its expiry: ask for a new one. */
  LINK_EXPIRED = 'LINK_EXPIRED',
  EMAIL_ALREADY_VERIFIED = 'EMAIL_ALREADY_VERIFIED',
  /** Closing an account that is still a party to a pending, active or paused contract. */
  OPEN_CONTRACTS = 'OPEN_CONTRACTS',
}
/** What each user error code means, for docs/errors.md (`npm run generate`). A new code needs its line here. */
export const USER_ERROR_DESCRIPTIONS: Record<UserErrorCode, string> = {
  EMAIL_TAKEN: 'An account with this email (in any case) exists already.',
  INVALID_CREDENTIALS: 'Unknown email or wrong password; the two are not told apart.',
  LAST_OWNER: 'The change would leave the company without an OWNER: make another member an owner first.',
  TEAM_NAME_TAKEN: 'The company has a team of that name already (names compare without case and outer spaces).',
  NOT_A_MEMBER: 'The user is not a member of the company (e.g. adding them to a thread).',
  INVALID_STATE: 'The object is not in a state that allows this (a contract that is not PENDING, a task already completed…).',
  ONBOARDING_INCOMPLETE: 'A contract starts only once every required onboarding task is completed; the message names the open ones.',
  INVALID_TASK_OWNER:
    'A task’s owner must be the contract’s freelancer or a company member, and a CLASSIFICATION task belongs to the company.',
  ATTACHMENT_REQUIRED: 'The task needs an attached file before it can be completed.',
  CLASSIFICATION_REQUIRED: 'Completing a CLASSIFICATION task needs its result: INDEPENDENT_CONTRACTOR or EMPLOYEE.',
  CONTRACT_NOT_ACTIVE: 'Work can be logged only on an ACTIVE contract.',
  BEFORE_CONTRACT_START: 'Work dated before the contract started cannot be billed.',
  HOURS_EXCEEDED: 'A day has at most 24 logged hours on one contract.',
  ALREADY_MEMBER: 'The invited email belongs to a member of the company already.',
  ALREADY_INVITED: 'A pending invitation to this email exists already: resend it instead.',
  INVITATION_INVALID: 'The join token matches no invitation.',
  INVITATION_REVOKED: 'The invitation was revoked.',
  INVITATION_EXPIRED: 'The invitation expired: ask for a new one.',
  INVITATION_ALREADY_ACCEPTED: 'The invitation was accepted already.',
  INVITATION_EMAIL_MISMATCH: 'The invitation was sent to another email than the signed-in account’s.',
  INVITATION_NOT_PENDING: 'Only a pending invitation can be revoked or resent.',
  INVITER_CANNOT_GRANT: 'The inviter has left the company or can no longer grant the invitation’s role.',
  ALREADY_PARTICIPANT: 'The coworker is in the thread already.',
  LAST_THREAD_MANAGER: 'The change would leave the thread without anyone holding MANAGE.',
  IDEMPOTENCY_KEY_REUSED: 'This idempotency key was used for a different request (another mutation or other input), or twice in one request.',
  IDEMPOTENCY_KEY_IN_USE: 'A request with this idempotency key is still running: retry shortly.',
  LINK_INVALID: 'A mailed account link (password reset, email verification) that is unknown or already used.',
  LINK_EXPIRED: 'A mailed account link past its expiry: ask for a new one.',
  EMAIL_ALREADY_VERIFIED: 'The account’s email is verified already: there is nothing to send.',
  OPEN_CONTRACTS: 'An account cannot be closed while it is a party to a pending, active or paused contract.',
  INVALID_TWO_STEP_CODE: 'A two-step code or recovery code that is wrong, outside its time window, or already used.',
  TWO_STEP_CHALLENGE_INVALID: 'completeTwoStepLogIn with a challenge that is unknown, expired or already used: log in again.',
  TWO_STEP_ALREADY_ENABLED: 'Two-step verification is on already: switch it off first to set up a new authenticator.',
  TWO_STEP_NOT_PENDING: 'confirmTwoStepVerification without a pending setup: call enableTwoStepVerification first.',
  TWO_STEP_NOT_ENABLED: 'Two-step verification is off: there is nothing to switch off.',
  TOO_MANY_API_TOKENS: 'A user holds at most 50 live API tokens: revoke one before creating another.',
};

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation refused: an expected business outcome, never a bug.',
});

@ObjectType({ description: 'A business rule the mutation refused on. Nothing was changed.' })
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description: 'Path to the input field at fault, e.g. ["input", "email"].',
  })
  field!: string[] | null;

  @Field({ description: 'Human-readable explanation, safe to show to the end user.' })
  message!: string;

  @Field(() => UserErrorCode)
  code!: UserErrorCode;
}

/**
 * Thrown by a service to refuse. It rolls back the surrounding transaction, and the
 * payload helper turns it into `userErrors`.
 */
export class UserFailure extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly field: string[] | null = null,
  ) {
    super(message);
  }

  toUserError(): UserError {
    return Object.assign(new UserError(), { code: this.code, message: this.message, field: this.field });
  }
}

/** True for a UserFailure with `code`: which outcomes of an attempt count as failures for a rate limit. */
export const failedWith =
  (code: UserErrorCode) =>
  (error: unknown): boolean =>
    error instanceof UserFailure && error.code === code;
