import type { Request } from 'express';
import type { AuthChecker } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Context } from '../common/context';
import { unauthenticated } from '../common/errors';
import { limitsOf } from '../limits';
import { hashToken } from './credentials';
import { Session } from './session.entity';
import type { User } from './user.entity';

/**
 * The viewer behind an `Authorization: Bearer <token>` header: one indexed lookup.
 * Unknown, expired and revoked tokens all mean "anonymous".
 */
export async function authenticate(
  db: DataSource,
  header: string | undefined,
): Promise<{ viewer: User | null; session: Session | null }> {
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header ?? '');
  if (!match) return { viewer: null, session: null };
  // A query builder, not findOne({ relations }): findOne's implicit LIMIT with a join costs TypeORM two statements.
  const session = await db
    .getRepository(Session)
    .createQueryBuilder('session')
    .innerJoinAndSelect('session.user', 'user')
    .where('session.tokenHash = :hash', { hash: hashToken(match[1]) })
    .getOne();
  if (!session?.user || session.revokedAt || session.expiresAt.getTime() <= Date.now()) {
    return { viewer: null, session: null };
  }
  return { viewer: session.user, session };
}

/** `@Authorized()` on a field means: signed in. Company roles are checked by services. */
export const authChecker: AuthChecker<Context> = ({ context }) => {
  if (!context.viewer) throw unauthenticated();
  return true;
};

export { requireViewer } from '../common/current-viewer';

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
