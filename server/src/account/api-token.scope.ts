import { HeaderMap } from '@apollo/server';
import { AppError } from '../common/errors';

// The company narrowing and the session-only refusal live in common (current-viewer.ts), which every
// module may read.
export { inTokenScope, sessionRequired, tokenCompanyId } from '../common/current-viewer';

/** FORBIDDEN for a mutation sent with a READ-only token; `extensions.scope` names the scope it lacks. */
export const tokenScopeMissing = (): AppError =>
  new AppError('FORBIDDEN', 'This API token is read-only: mutations need the WRITE scope', {
    scope: 'WRITE',
    http: { status: 403, headers: new HeaderMap() },
  });

/**
 * FORBIDDEN for creating or joining a company with an API token: the token could not reach it, and
 * what a token may reach is decided once, by its creator, when it is made.
 */
export const otherCompanyRefused = (): AppError =>
  new AppError('FORBIDDEN', 'An API token reaches only its own company: sign in to create or join another', {
    scope: 'SESSION',
  });
