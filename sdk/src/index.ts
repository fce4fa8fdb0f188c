/**
 * @workroom/sdk: a typed client for the Workroom GraphQL API.
 *
 * `createClient({ url, token })` gives one method per operation in `sdk/operations`; every
 * result, input and enum type of those operations is exported here too.
 */
export { createClient, type CallOptions, type ClientHelpers, type ClientOptions, type Fetch, type Operations, type WorkroomClient } from './client.js';
export { UserErrorsError, WorkroomError, type GraphQLErrorEntry, type UserError, type WorkroomErrorCode } from './errors.js';
export { paginate, type ConnectionNode, type PageItem, type PaginateArgs } from './paginate.js';
export type * from './generated.js';
