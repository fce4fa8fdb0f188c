import { createParameterDecorator } from 'type-graphql';
import type { AuthedContext, Context } from './context';
import { unauthenticated } from './errors';

/** Narrows the context to a signed-in one, or refuses with UNAUTHENTICATED. */
export function requireViewer(ctx: Context): AuthedContext {
  if (!ctx.viewer || !ctx.session) throw unauthenticated();
  return ctx as AuthedContext;
}

/**
 * `@CurrentViewer() ctx: AuthedContext`: the request's context, signed in, or UNAUTHENTICATED. The one
 * way a resolver says "signed-in users only". Put it first among the parameters: parameters are
 * resolved in order, so an anonymous caller hears UNAUTHENTICATED before any argument is validated.
 */
export function CurrentViewer(): ReturnType<typeof createParameterDecorator> {
  return createParameterDecorator<Context>(({ context }) => requireViewer(context));
}
