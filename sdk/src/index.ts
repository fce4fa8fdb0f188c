/**
 * @workroom/sdk: a typed client for the Workroom GraphQL API.
 *
 * `createClient({ url, token })` gives `request(document, variables, options)` for any
 * operation and one method per operation in `sdk/operations`; every result, input and enum type
 * of those operations, and their `…Document`s, are exported here too.
 */
export {
  createClient,
  type CallOptions,
  type ClientHelpers,
  type ClientOptions,
  type Fetch,
  type Operations,
  type RequestArgs,
  type RequestOptions,
  type TypedDocumentNode,
  type WorkroomClient,
} from './client.js';
export {
  UserErrorsError,
  WorkroomError,
  inputIssues,
  type GraphQLErrorEntry,
  type InputIssue,
  type UserError,
  type WorkroomErrorCode,
} from './errors.js';
export { GRAPHQL_ERROR_CODES, IDEMPOTENT_MUTATIONS, type GraphQLErrorCode } from './server-codes.js';
export * from './generated.js';
export { paginate, type ConnectionNode, type PageItem, type PaginateArgs } from './paginate.js';
