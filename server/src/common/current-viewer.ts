import { createParameterDecorator } from 'type-graphql';
import type { AuthedContext, Context, SessionContext } from './context';
import { AppError, unauthenticated } from './errors';

/** Narrows the context to a signed-in one (a session or an API token), or refuses with UNAUTHENTICATED. */
export function requireViewer(ctx: Context): AuthedContext {
  if (!ctx.viewer || (!ctx.session && !ctx.apiToken)) throw unauthenticated();
  return ctx as AuthedContext;
}

/** FORBIDDEN for account security (tokens, two-step, sessions) asked with an API token. */
export const sessionRequired = (): AppError =>
  new AppError('FORBIDDEN', 'API tokens cannot manage account security: sign in with your password', {
    scope: 'SESSION',
  });

/**
 * Narrows the context to one signed in with a session, not an API token: UNAUTHENTICATED when
 * anonymous, else `refusal()` (FORBIDDEN with `extensions.scope: "SESSION"`) for an API token,
 * whatever its scopes.
 */
export function requireSession(ctx: Context, refusal: () => AppError = sessionRequired): SessionContext {
  const authed = requireViewer(ctx);
  if (authed.apiToken || !authed.session) throw refusal();
  return authed as SessionContext;
}

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

export interface CurrentViewerOptions {
  /** Sessions only: an API token is refused (`requireSession`). */
  session?: boolean;
  /** With `session`, the refusal an API token gets; `sessionRequired` unless told. */
  refusal?: () => AppError;
}

/**
 * `@CurrentViewer() ctx: AuthedContext`: the request's context, signed in (with a session or an API
 * token), or UNAUTHENTICATED. `@CurrentViewer({ session: true }) ctx: SessionContext` also refuses API
 * tokens (FORBIDDEN, `extensions.scope: "SESSION"`): what account security needs. The one way a
 * resolver says "signed-in users only". Put it first among the parameters: parameters are resolved in
 * order, so an anonymous caller hears UNAUTHENTICATED before any argument is validated.
 */
export function CurrentViewer(options: CurrentViewerOptions = {}): ReturnType<typeof createParameterDecorator> {
  return createParameterDecorator<Context>(({ context }) =>
    options.session ? requireSession(context, options.refusal) : requireViewer(context),
  );
}
