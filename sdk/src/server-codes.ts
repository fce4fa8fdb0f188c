// Generated from server/src by `npm run generate` (server/scripts/emit-schema.ts). Do not edit.

/** Every `extensions.code` the server answers with (server/src/common/errors.ts `PUBLIC_ERROR_CODES`). */
export const GRAPHQL_ERROR_CODES = [
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PAYLOAD_TOO_LARGE',
] as const;
export type GraphQLErrorCode = (typeof GRAPHQL_ERROR_CODES)[number];

/** The mutations that accept an `Idempotency-Key` (server/src/idempotency, `@Idempotent()`). */
export const IDEMPOTENT_MUTATIONS = [
  'createCompany',
  'createContract',
  'inviteCoworker',
  'logWork',
  'postMessage',
  'startMessageThread',
] as const;
