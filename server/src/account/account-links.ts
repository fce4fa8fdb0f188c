import { IsNull, type EntityManager } from 'typeorm';
import type { Context } from '../common/context';
import { UserErrorCode, UserFailure } from '../common/errors';
import { lockRow } from '../common/transaction';
import { queueEmail } from '../mail/outbox';
import { renderAccountLinkEmail } from './account-email';
import { AccountToken, AccountTokenPurpose } from './account-token.entity';
import { hashToken, newToken } from './credentials';
import { User } from './user.entity';

/** How long a mailed link works. */
export const LINK_TTL_MS: Record<AccountTokenPurpose, number> = {
  [AccountTokenPurpose.PASSWORD_RESET]: 60 * 60 * 1000,
  [AccountTokenPurpose.EMAIL_VERIFICATION]: 7 * 24 * 60 * 60 * 1000,
};

/** The page each link opens. */
const PAGE: Record<AccountTokenPurpose, string> = {
  [AccountTokenPurpose.PASSWORD_RESET]: '/reset-password',
  [AccountTokenPurpose.EMAIL_VERIFICATION]: '/verify-email',
};

/** Longer than any token we issue: refused without a lookup. */
export const MAX_LINK_TOKEN_LENGTH = 200;

/**
 * Inside the caller's transaction: stores a new single-use link for `user` (its hash only) and queues
 * the email carrying it to the account's current address. Earlier unused links of the same purpose die.
 */
export async function mailAccountLink(tx: EntityManager, ctx: Context, user: User, purpose: AccountTokenPurpose): Promise<void> {
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS[purpose]);
  const repo = tx.getRepository(AccountToken);
  await repo.update({ userId: user.id, purpose, usedAt: IsNull() }, { usedAt: now });
  await repo.insert(
    Object.assign(new AccountToken(), { createdAt: now, userId: user.id, purpose, tokenHash: hashToken(token), emailKey: user.emailKey, expiresAt, usedAt: null }),
  );
  const url = `${ctx.config.publicUrl}${PAGE[purpose]}?token=${encodeURIComponent(token)}`;
  await queueEmail(tx, renderAccountLinkEmail(purpose, { to: user.email, name: user.name, url, expiresAt }), null);
}

const invalid = () =>
  new UserFailure(UserErrorCode.LINK_INVALID, 'This link is not valid or was already used; ask for a new one', ['input', 'token']);

/**
 * Inside the caller's transaction: spends the link `token` of `purpose` and returns its (locked) user.
 * LINK_INVALID when unknown, used, or mailed to an address the account no longer has; LINK_EXPIRED
 * after its expiry. Single use is the conditional update's: of two concurrent uses one changes the row.
 */
export async function useAccountLink(tx: EntityManager, token: string, purpose: AccountTokenPurpose): Promise<User> {
  const trimmed = token.trim();
  if (!trimmed || trimmed.length > MAX_LINK_TOKEN_LENGTH) throw invalid();
  const repo = tx.getRepository(AccountToken);
  const link = await repo.findOneBy({ tokenHash: hashToken(trimmed), purpose });
  if (!link || link.usedAt) throw invalid();
  if (link.expiresAt.getTime() <= Date.now()) {
    throw new UserFailure(UserErrorCode.LINK_EXPIRED, 'This link has expired; ask for a new one', ['input', 'token']);
  }
  const user = await lockRow(tx, User, link.userId);
  if (!user || user.closedAt || user.emailKey !== link.emailKey) throw invalid();
  const spent = await repo.update({ id: link.id, usedAt: IsNull() }, { usedAt: new Date() });
  if (spent.affected !== 1) throw invalid();
  return user;
}
