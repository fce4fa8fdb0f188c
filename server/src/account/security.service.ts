import { IsNull, Not, type EntityManager } from 'typeorm';
import type { AuthedContext, Context, SessionContext } from '../common/context';
import { UserErrorCode, UserFailure, failedWith, notFound } from '../common/errors';
import { rowIdOf } from '../common/ids';
import { columnValue } from '../common/db-values';
import { publish } from '../common/events';
import { transaction } from '../common/transaction';
import { mailAccountLink, useAccountLink } from './account-links';
import { AccountTokenPurpose } from './account-token.entity';
import { hashPassword, hashToken, newToken, verifyPassword } from './credentials';
import type { ChangePasswordInput, RequestPasswordResetInput, ResetPasswordInput, RevokeSessionInput, VerifyEmailInput } from './security.input';
import { Session } from './session.entity';
import { User, emailKey } from './user.entity';

/**
 * Inside the caller's transaction: revokes every live session of `userId` except `keep`. Returns how many.
 */
export async function revokeSessions(tx: EntityManager, userId: string, keep: string | null = null): Promise<number> {
  const revoked = await tx
    .getRepository(Session)
    .update({ userId, revokedAt: IsNull(), ...(keep ? { id: Not(keep) } : {}) }, { revokedAt: new Date() });
  return revoked.affected ?? 0;
}

/**
 * Inside the caller's transaction: records that `user` proved the address (a link mailed to it was
 * used). True when it was unverified until now; the caller publishes the change in its own event.
 */
export async function markEmailVerified(tx: EntityManager, user: User): Promise<boolean> {
  if (user.emailVerifiedAt) return false;
  const verified = await tx.getRepository(User).update({ id: user.id, emailVerifiedAt: IsNull() }, { emailVerifiedAt: new Date() });
  return verified.affected === 1;
}

const wrongPassword = (field: string) =>
  new UserFailure(UserErrorCode.INVALID_CREDENTIALS, 'The password is incorrect', ['input', field]);

/**
 * Checks the signed-in user's password. Wrong guesses count like failed log-ins (per account and per
 * address), so a stolen session cannot be used to guess the password either.
 */
export async function confirmPassword<T>(ctx: AuthedContext, password: string, field: string, work: () => Promise<T>): Promise<T> {
  return ctx.limits.counted('logIn', ctx.viewer.emailKey, failedWith(UserErrorCode.INVALID_CREDENTIALS), async () => {
    if (!(await verifyPassword(password, ctx.viewer.passwordHash))) throw wrongPassword(field);
    return work();
  });
}

/** Password reset and change, email verification, and the sessions of an account. */
export class SecurityService {
  /**
   * Mails a password-reset link when an open account has `email`; says nothing either way. The same
   * work is done for a missing address (a lookup, a token generated and hashed, a transaction), and
   * the answer waits for a fixed floor (`passwordResetMinMs`), so neither the answer nor its timing
   * tells whether the account exists. Counts per address and per client address, whatever the outcome.
   */
  async requestPasswordReset(ctx: Context, input: RequestPasswordResetInput): Promise<void> {
    const key = emailKey(input.email);
    await ctx.limits.spend('accountEmail', key);
    const started = performance.now();
    await transaction(ctx, async (tx) => {
      const user = await tx.getRepository(User).findOneBy({ emailKey: key });
      if (user && !user.closedAt) return mailAccountLink(tx, ctx, user, AccountTokenPurpose.PASSWORD_RESET);
      // Nothing to mail: spend the same hashing a real link costs.
      hashToken(newToken());
    });
    // Storing and queueing a link still costs a few writes more than finding nothing: answer no sooner
    // than the floor either way, so response times do not tell the two apart.
    const wait = ctx.config.passwordResetMinMs - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /**
   * Sets a new password through a mailed link: the link dies, the address counts as verified (the
   * mailbox's owner proved it), and every session of the account ends, so whoever used it before
   * (including whoever signed up with someone else's address) is signed out.
   */
  async resetPassword(ctx: Context, input: ResetPasswordInput): Promise<User> {
    const passwordHash = await hashPassword(input.newPassword, ctx.config.passwordCost);
    return transaction(ctx, async (tx) => {
      const user = await useAccountLink(tx, input.token, AccountTokenPurpose.PASSWORD_RESET);
      const verifiedNow = !user.emailVerifiedAt;
      await tx.getRepository(User).update({ id: user.id }, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() });
      const sessionsRevoked = await revokeSessions(tx, user.id);
      await publish(tx, ctx, {
        type: 'account.passwordReset',
        companyId: null,
        actorId: user.id,
        target: user,
        data: { sessionsRevoked, emailVerified: verifiedNow },
      });
      return tx.getRepository(User).findOneByOrFail({ id: user.id });
    });
  }

  /** Changes the password of the signed-in user: this session stays signed in, every other one ends. */
  async changePassword(ctx: SessionContext, input: ChangePasswordInput): Promise<User> {
    return confirmPassword(ctx, input.currentPassword, 'currentPassword', async () => {
      const passwordHash = await hashPassword(input.newPassword, ctx.config.passwordCost);
      return transaction(ctx, async (tx) => {
        await tx.getRepository(User).update({ id: ctx.viewer.id }, { passwordHash });
        const sessionsRevoked = await revokeSessions(tx, ctx.viewer.id, ctx.session.id);
        await publish(tx, ctx, { type: 'account.passwordChanged', companyId: null, target: ctx.viewer, data: { sessionsRevoked } });
        return tx.getRepository(User).findOneByOrFail({ id: ctx.viewer.id });
      });
    });
  }

  /** Marks the address verified through the link mailed at sign-up (no sign-in needed: the link is the proof). */
  async verifyEmail(ctx: Context, input: VerifyEmailInput): Promise<User> {
    return transaction(ctx, async (tx) => {
      const user = await useAccountLink(tx, input.token, AccountTokenPurpose.EMAIL_VERIFICATION);
      if (await markEmailVerified(tx, user)) {
        await publish(tx, ctx, { type: 'account.emailVerified', companyId: null, actorId: user.id, target: user, data: {} });
      }
      return tx.getRepository(User).findOneByOrFail({ id: user.id });
    });
  }

  /** Mails a new verification link (the earlier ones die). EMAIL_ALREADY_VERIFIED when there is nothing to prove. */
  async resendVerificationEmail(ctx: AuthedContext): Promise<User> {
    if (ctx.viewer.emailVerifiedAt) {
      throw new UserFailure(UserErrorCode.EMAIL_ALREADY_VERIFIED, 'Your email address is already verified');
    }
    await ctx.limits.spend('accountEmail', ctx.viewer.emailKey);
    return transaction(ctx, async (tx) => {
      await mailAccountLink(tx, ctx, ctx.viewer, AccountTokenPurpose.EMAIL_VERIFICATION);
      return ctx.viewer;
    });
  }

  /** The signed-in user's live sessions (not revoked, not expired), newest first. */
  async sessions(ctx: AuthedContext): Promise<Session[]> {
    return ctx.db
      .getRepository(Session)
      .createQueryBuilder('session')
      .where('session.userId = :userId', { userId: ctx.viewer.id })
      .andWhere('session.revokedAt IS NULL')
      .andWhere('session.expiresAt > :now', { now: columnValue(ctx.db, Session, 'expiresAt', new Date()) })
      .orderBy('session.id', 'DESC')
      .getMany();
  }

  /**
   * Ends one of the signed-in user's sessions (the current one too: that is a log-out). Another user's
   * session, or one already ended, is NOT_FOUND and nothing changes.
   */
  async revokeSession(ctx: SessionContext, input: RevokeSessionInput): Promise<Session> {
    const id = rowIdOf(input.sessionId, 'Session');
    return transaction(ctx, async (tx) => {
      const ended = id
        ? await tx.getRepository(Session).update({ id, userId: ctx.viewer.id, revokedAt: IsNull() }, { revokedAt: new Date() })
        : null;
      if (!id || ended?.affected !== 1) throw notFound('Session');
      const session = await tx.getRepository(Session).findOneByOrFail({ id });
      await publish(tx, ctx, { type: 'session.revoked', companyId: null, target: session, data: { current: id === ctx.session.id } });
      return session;
    });
  }

  /** Ends every session of the signed-in user but this one. Returns how many ended. */
  async revokeOtherSessions(ctx: SessionContext): Promise<number> {
    return transaction(ctx, async (tx) => {
      const count = await revokeSessions(tx, ctx.viewer.id, ctx.session.id);
      await publish(tx, ctx, { type: 'session.othersRevoked', companyId: null, target: ctx.viewer, data: { count } });
      return count;
    });
  }

  /** Whether `session` is the one the request was made with. */
  isCurrent(ctx: Context, session: Session): boolean {
    return ctx.session?.id === session.id;
  }
}

/** `node(id)` for a Session: only your own live ones; anyone else's is not found. */
export async function findOwnSession(ctx: Context, id: string): Promise<Session | null> {
  if (!ctx.viewer) return null;
  const session = await ctx.db.getRepository(Session).findOneBy({ id, userId: ctx.viewer.id, revokedAt: IsNull() });
  return session && session.expiresAt.getTime() > Date.now() ? session : null;
}

export const securityService = new SecurityService();
