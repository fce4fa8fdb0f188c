import type { EntityManager } from 'typeorm';
import type { Context } from '../common/context';
import { hashToken, newToken } from './credentials';
import { Session } from './session.entity';
import type { User } from './user.entity';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: User;
}

/** Where a session is opened from: shown on `viewer.sessions`. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** The client of the request behind `ctx`. */
export const clientOf = (ctx: Context): ClientInfo => ({ ip: ctx.limits.ip ?? null, userAgent: ctx.userAgent ?? null });

/**
 * The one place a session (bearer token) is created, inside the caller's transaction: sign-up, log-in,
 * and any later way of signing in (e.g. a second step) use it. The token is returned once, only its
 * hash is stored. Pass `clientOf(ctx)` so that `viewer.sessions` can say where it was opened.
 */
export async function openSession(tx: EntityManager, user: User, client: ClientInfo = { ip: null, userAgent: null }): Promise<SignedIn> {
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await tx.getRepository(Session).insert(
    Object.assign(new Session(), {
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt,
      revokedAt: null,
      // Counts as used now: the first minute of requests then writes nothing (see auth.ts).
      lastUsedAt: now,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
    }),
  );
  return { token, expiresAt, user };
}
