import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { AuthChecker } from 'type-graphql';
import { IsNull, LessThan, Or, type DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Context } from '../common/context';
import { columnValue } from '../common/db-values';
import { unauthenticated } from '../common/errors';
import { cachedSql, readRows, sqlWriter, toEntities } from '../common/rows';
import { transaction } from '../common/transaction';
import { limitsOf } from '../limits';
import { API_TOKEN_PREFIX, authenticateApiToken } from './api-token.auth';
import type { ApiToken } from './api-token.entity';
import { hashToken } from './credentials';
import { Session } from './session.entity';
import { User } from './user.entity';

/**
 * Every request runs this statement: hand-written (see rows.ts), the session and its user in one
 * row, mapped without TypeORM's hydration.
 */
function authSql(db: DataSource): string {
  return cachedSql(db, 'authenticate', () => {
    const sql = sqlWriter(db);
    return (
      `SELECT ${sql.columns(Session, 's', 's_')}, ${sql.columns(User, 'u', 'u_')} FROM ${sql.table(Session)} s ` +
      `INNER JOIN ${sql.table(User)} u ON u.${sql.name('id')} = s.${sql.name('userId')} WHERE s.${sql.name('tokenHash')} = ${sql.param()}`
    );
  });
}

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
  const raws = await readRows(db, authSql(db), [hashToken(match[1])]);
  const session = raws.length ? toEntities(db, Session, raws, 's_')[0] : null;
  if (session) session.user = toEntities(db, User, raws, 'u_')[0];
  if (!session?.user || session.revokedAt || session.expiresAt.getTime() <= Date.now()) {
    return anonymous;
  }
  await touchSession(db, session);
  return { viewer: session.user, session, apiToken: null };
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

export { requireSession, requireViewer } from '../common/current-viewer';

/**
 * Where a request's context finds its logger: a getter on the prototype, so that the request's
 * logger is made only when something logs. Apollo copies the context's own properties into each
 * operation's context (`Object.assign`), which would call an own getter, and make a pino child
 * logger (with its redaction set-up) for every request; a getter on the prototype is not copied
 * but inherited.
 */
class RequestLogger {
  constructor(private readonly request: IncomingMessage) {}
  get log(): Logger {
    return this.request.log;
  }
}

/** The context of one HTTP request (GraphQL or REST): its id, logger, viewer and fresh loaders. */
export async function requestContext(req: IncomingMessage, db: DataSource, config: Config): Promise<Context> {
  const who = await authenticate(db, req.headers.authorization);
  const context: Omit<Context, 'log'> = {
    requestId: String(req.id),
    db,
    config,
    loaders: new Map(),
    limits: limitsOf(req),
    userAgent: req.headers['user-agent']?.slice(0, 500) ?? null,
    ...who,
  };
  return Object.assign(new RequestLogger(req), context);
}
