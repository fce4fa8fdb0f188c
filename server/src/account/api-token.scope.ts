import { HeaderMap } from '@apollo/server';
import type { Context } from '../common/context';
import { AppError } from '../common/errors';

/** The one company an API token limits its request to; null for a session (no narrowing). */
export const tokenCompanyId = (ctx: Context): string | null => ctx.apiToken?.companyId ?? null;

/**
 * False when the request's API token belongs to another company: the viewer must then be treated
 * there exactly as a stranger.
 */
export const inTokenScope = (ctx: Context, companyId: string): boolean => {
  const scope = tokenCompanyId(ctx);
  return scope === null || scope === companyId;
};

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

/** FORBIDDEN for account security (tokens, two-step, sessions) asked with an API token. */
export const sessionRequired = (): AppError =>
  new AppError('FORBIDDEN', 'API tokens cannot manage account security: sign in with your password', {
    scope: 'SESSION',
  });
