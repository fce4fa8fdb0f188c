import { GraphQLError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/**
 * Transport and access failures: GraphQL errors with `extensions.code` (SPEC §7).
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
export const badInput = (message: string, field?: string[]): AppError =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : {});

/** Codes of the business outcomes a mutation can refuse with. Later modules add their own here. */
export enum UserErrorCode {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  LAST_OWNER = 'LAST_OWNER',
  TEAM_NAME_TAKEN = 'TEAM_NAME_TAKEN',
  NOT_A_MEMBER = 'NOT_A_MEMBER',
  // Contracts and onboarding (SPEC §4, §5)
  INVALID_STATE = 'INVALID_STATE',
  ONBOARDING_INCOMPLETE = 'ONBOARDING_INCOMPLETE',
  INVALID_TASK_OWNER = 'INVALID_TASK_OWNER',
  ATTACHMENT_REQUIRED = 'ATTACHMENT_REQUIRED',
  CLASSIFICATION_REQUIRED = 'CLASSIFICATION_REQUIRED',
  CONTRACT_NOT_ACTIVE = 'CONTRACT_NOT_ACTIVE',
  BEFORE_CONTRACT_START = 'BEFORE_CONTRACT_START',
  HOURS_EXCEEDED = 'HOURS_EXCEEDED',
  // Invitations (SPEC §3)
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
  // Message threads (SPEC §6)
  ALREADY_PARTICIPANT = 'ALREADY_PARTICIPANT',
  LAST_THREAD_MANAGER = 'LAST_THREAD_MANAGER',
  // Idempotency keys (SPEC §11)
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
