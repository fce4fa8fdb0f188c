import type { Context, SessionContext } from '../common/context';
import { UserErrorCode, UserFailure, failedWith } from '../common/errors';
import { publish } from '../common/events';
import { isUniqueViolation, transaction } from '../common/transaction';
import type { LogInInput, SignUpInput } from './account.input';
import { hashPassword, verifyPassword } from './credentials';
import { AccountTokenPurpose } from './account-token.entity';
import { mailAccountLink } from './account-links';
import { Session } from './session.entity';
import { twoStepService, type TwoStepChallengeIssued } from './two-step.service';
import { User, emailKey } from './user.entity';

// Opening a session lives in open-session.ts: two-step verification opens one too, and this file
// asks two-step verification whether log-in needs a second step.
import { clientOf, openSession, type SignedIn } from './open-session';

export { SESSION_TTL_MS, openSession, clientOf, type ClientInfo, type SignedIn } from './open-session';

// Compared against when the email is unknown, so a miss costs as much time as a wrong password.
let dummyHash: Promise<string> | null = null;

/** Accounts and sessions: sign-up, log-in, log-out. */
export class AccountService {
  /** Creates an account and signs it in. EMAIL_TAKEN when the email exists in any case. */
  async signUp(ctx: Context, input: SignUpInput): Promise<SignedIn> {
    const passwordHash = await hashPassword(input.password, ctx.config.passwordCost);
    try {
      return await transaction(ctx, async (tx) => {
        const key = emailKey(input.email);
        if (await tx.getRepository(User).existsBy({ emailKey: key })) throw emailTaken();
        const user = Object.assign(new User(), {
          name: input.name.trim(),
          email: input.email.trim(),
          emailKey: key,
          passwordHash,
        });
        await tx.getRepository(User).insert(user);
        await publish(tx, ctx, { type: 'account.signedUp', companyId: null, actorId: user.id, target: user, data: {} });
        await mailAccountLink(tx, ctx, user, AccountTokenPurpose.EMAIL_VERIFICATION);
        return openSession(tx, user, clientOf(ctx));
      });
    } catch (error) {
      // Two sign-ups with one email at once: the unique index decides, the loser hears EMAIL_TAKEN.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /**
   * Opens a new session. Unknown email and wrong password give the same INVALID_CREDENTIALS. With
   * two-step verification on, the right password gives a challenge for completeTwoStepLogIn instead.
   */
  async logIn(ctx: Context, input: LogInInput): Promise<SignedIn | TwoStepChallengeIssued> {
    const key = emailKey(input.email);
    // Failed attempts count per account and per address; after too many, even the right password waits.
    return ctx.limits.counted('logIn', key, failedWith(UserErrorCode.INVALID_CREDENTIALS), async () => {
      const user = await ctx.db.getRepository(User).findOneBy({ emailKey: key });
      dummyHash ??= hashPassword('not-a-real-password', ctx.config.passwordCost);
      const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
      if (!user || !valid) {
        throw new UserFailure(UserErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect', ['input', 'password']);
      }
      if (await twoStepService.isOn(ctx.db.manager, user.id)) return transaction(ctx, (tx) => twoStepService.challenge(tx, user));
      return transaction(ctx, async (tx) => {
        await publish(tx, ctx, { type: 'account.loggedIn', companyId: null, actorId: user.id, target: user, data: {} });
        return openSession(tx, user, clientOf(ctx));
      });
    });
  }

  /** Revokes the token the request was made with; it stops working at once. */
  async logOut(ctx: SessionContext): Promise<User> {
    return transaction(ctx, async (tx) => {
      await tx.getRepository(Session).update({ id: ctx.session.id }, { revokedAt: new Date() });
      await publish(tx, ctx, { type: 'account.loggedOut', companyId: null, target: ctx.viewer, data: {} });
      return ctx.viewer;
    });
  }
}

const emailTaken = () =>
  new UserFailure(UserErrorCode.EMAIL_TAKEN, 'An account with this email already exists', ['input', 'email']);

export const accountService = new AccountService();
