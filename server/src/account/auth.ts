import type { Request } from 'express';
import type { AuthChecker } from 'type-graphql';
import { IsNull, LessThan, Or, type DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Context } from '../common/context';
import { columnValue } from '../common/db-values';
import { unauthenticated } from '../common/errors';
import { transaction } from '../common/transaction';
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
  await touchSession(db, session);
  return { viewer: session.user, session };
}

/** How stale `lastUsedAt` may get: recording every request would add a write to each of them. */
export const LAST_USED_PRECISION_MS = 60 * 1000;

/**
 * Records that the session was used, at most once a minute: a conditional UPDATE, so concurrent
 * requests (or server processes) write it once. Most requests write nothing.
 */
async function touchSession(db: DataSource, session: Session): Promise<void> {
  const now = new Date();
  if (session.lastUsedAt && now.getTime() - session.lastUsedAt.getTime() < LAST_USED_PRECISION_MS) return;
  const staleBefore = columnValue(db, Session, 'lastUsedAt', new Date(now.getTime() - LAST_USED_PRECISION_MS));
  // Through transaction(): on SQLite a bare write could land inside another request's open transaction.
  await transaction({ db }, (tx) =>
    tx.getRepository(Session).update({ id: session.id, lastUsedAt: Or(IsNull(), LessThan(staleBefore as Date)) }, { lastUsedAt: now }),
  );
  session.lastUsedAt = now;
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
    userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
    ...(await authenticate(db, req.headers.authorization)),
  };
}
