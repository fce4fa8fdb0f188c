import type { Request } from 'express';
import type { AuthChecker } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { AuthedContext, Context, SessionContext } from '../common/context';
import { unauthenticated } from '../common/errors';
import { limitsOf } from '../limits';
import { API_TOKEN_PREFIX, authenticateApiToken } from './api-token.auth';
import type { ApiToken } from './api-token.entity';
import { sessionRequired } from './api-token.scope';
import type { AppError } from '../common/errors';
import { hashToken } from './credentials';
import { Session } from './session.entity';
import type { User } from './user.entity';

/**
 * The viewer behind an `Authorization: Bearer <token>` header: one indexed lookup. A session token
 * (`wr_…`) gives a session; an app token (`wrapp_…`) gives its creator and the token instead.
 * Unknown, expired and revoked tokens all mean "anonymous".
 */
export async function authenticate(
  db: DataSource,
  header: string | undefined,
): Promise<{ viewer: User | null; session: Session | null; apiToken: ApiToken | null }> {
  const anonymous = { viewer: null, session: null, apiToken: null };
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header ?? '');
  if (!match) return anonymous;
  if (match[1].startsWith(API_TOKEN_PREFIX)) {
    const apiToken = await authenticateApiToken(db, match[1]);
    return apiToken?.user ? { viewer: apiToken.user, session: null, apiToken } : anonymous;
  }
  // A query builder, not findOne({ relations }): findOne's implicit LIMIT with a join costs TypeORM two statements.
  const session = await db
    .getRepository(Session)
    .createQueryBuilder('session')
    .innerJoinAndSelect('session.user', 'user')
    .where('session.tokenHash = :hash', { hash: hashToken(match[1]) })
    .getOne();
  if (!session?.user || session.revokedAt || session.expiresAt.getTime() <= Date.now()) {
    return anonymous;
  }
  return { viewer: session.user, session, apiToken: null };
}

/** `@Authorized()` on a field means: signed in. Company roles are checked by services. */
export const authChecker: AuthChecker<Context> = ({ context }) => {
  if (!context.viewer) throw unauthenticated();
  return true;
};

/** Narrows the context to a signed-in one (a session or an API token), or refuses with UNAUTHENTICATED. */
export function requireViewer(ctx: Context): AuthedContext {
  if (!ctx.viewer || (!ctx.session && !ctx.apiToken)) throw unauthenticated();
  return ctx as AuthedContext;
}

/**
 * Narrows the context to one signed in with a session. Account security (API tokens, two-step
 * verification, sessions) refuses API tokens with FORBIDDEN, whatever their scopes.
 */
export function requireSession(ctx: Context, refusal: () => AppError = sessionRequired): SessionContext {
  const authed = requireViewer(ctx);
  if (authed.apiToken || !authed.session) throw refusal();
  return authed as SessionContext;
}

/** The context of one HTTP request (GraphQL or REST): its id, logger, viewer and fresh loaders. */
export async function requestContext(req: Request, db: DataSource, config: Config): Promise<Context> {
  return {
    requestId: String(req.id),
    log: req.log,
    db,
    config,
    loaders: new Map(),
    limits: limitsOf(req),
    ...(await authenticate(db, req.headers.authorization)),
  };
}
