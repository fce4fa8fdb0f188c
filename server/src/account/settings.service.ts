import { IsNull, type EntityManager } from 'typeorm';
import type { AuthedContext } from '../common/context';
import { badInput } from '../common/errors';
import { publish } from '../common/events';
import { lockRow, transaction } from '../common/transaction';
import { AccountToken } from './account-token.entity';
import { notificationPreferencesOf, type StoredNotificationPreferences } from './notification-preferences';
import { confirmPassword, revokeSessions } from './security.service';
import type { CloseAccountInput, UpdatePreferencesInput, UpdateProfileInput } from './settings.input';
import { User } from './user.entity';

/** The name a closed account shows wherever it appears (audit logs, old messages). */
export const CLOSED_ACCOUNT_NAME = 'Closed account';
/** Contracts that keep an account open: the work is not over. */
/**
 * What a module above does when an account closes, inside closeAccount's transaction: `check` refuses
 * (every module's check runs before anything ends), `close` ends what the account holds there.
 */
export interface AccountClosing {
  check?(tx: EntityManager, ctx: AuthedContext, userId: string): Promise<void>;
  close?(tx: EntityManager, ctx: AuthedContext, userId: string): Promise<void>;
}

const closings: AccountClosing[] = [];

/** Called once at schema build by a module above (its `WorkroomModule.extend`). */
export function onAccountClosing(closing: AccountClosing): void {
  if (!closings.includes(closing)) closings.push(closing);
}

function validTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Profile, preferences and closing of the signed-in user's account. */
export class SettingsService {
  /** Changes the name and/or time zone; omitted fields stay. A time zone must be an IANA name. */
  async updateProfile(ctx: AuthedContext, input: UpdateProfileInput): Promise<User> {
    const changes: Partial<Pick<User, 'name' | 'timezone'>> = {};
    if (input.name != null) changes.name = input.name.trim();
    if (input.timezone != null) {
      const zone = input.timezone.trim();
      if (!validTimezone(zone)) throw badInput('timezone must be an IANA time zone such as "Europe/Paris"', ['input', 'timezone']);
      changes.timezone = zone;
    }
    return transaction(ctx, async (tx) => {
      const changed = Object.fromEntries(Object.entries(changes).filter(([k, v]) => ctx.viewer[k as keyof typeof changes] !== v));
      if (Object.keys(changed).length > 0) {
        await tx.getRepository(User).update({ id: ctx.viewer.id }, changed);
        await publish(tx, ctx, { type: 'account.profileUpdated', companyId: null, target: ctx.viewer, data: { changed: Object.keys(changed) } });
      }
      return tx.getRepository(User).findOneByOrFail({ id: ctx.viewer.id });
    });
  }

  /** Changes notification preferences (only the kinds and channels given) and the AI data preference. */
  async updatePreferences(ctx: AuthedContext, input: UpdatePreferencesInput): Promise<User> {
    return transaction(ctx, async (tx) => {
      const user = await tx.getRepository(User).findOneByOrFail({ id: ctx.viewer.id });
      const stored: StoredNotificationPreferences = structuredClone(user.notificationPreferences ?? {});
      for (const change of input.notifications ?? []) {
        const entry = { ...stored[change.kind] };
        if (change.email != null) entry.email = change.email;
        if (change.inApp != null) entry.inApp = change.inApp;
        stored[change.kind] = entry;
      }
      const aiDataOptOut = input.aiDataOptOut ?? user.aiDataOptOut;
      await tx.getRepository(User).update({ id: user.id }, { notificationPreferences: stored, aiDataOptOut });
      await publish(tx, ctx, {
        type: 'account.preferencesUpdated',
        companyId: null,
        target: user,
        data: {
          notifications: notificationPreferencesOf({ notificationPreferences: stored }).map(({ kind, email, inApp }) => ({ kind, email, inApp })),
          aiDataOptOut,
        },
      });
      return tx.getRepository(User).findOneByOrFail({ id: user.id });
    });
  }

  /**
   * Closes the signed-in user's account after checking the password. Refused (LAST_OWNER) while it is
   * the only OWNER of a company, and (OPEN_CONTRACTS) while it is the freelancer of a pending, active or
   * paused contract. Otherwise: every session ends, the memberships end (with the invitations they
   * sent), and the name and email become placeholders (the address is free for a new sign-up). Audit
   * events stay, their actor shown as a closed account. It publishes `account.closed` last, inside the
   * transaction: other modules subscribe to it to end what else the account holds (e.g. API tokens).
   */
  async closeAccount(ctx: AuthedContext, input: CloseAccountInput): Promise<User> {
    return confirmPassword(ctx, input.password, 'password', () =>
      transaction(ctx, async (tx) => {
        const user = (await lockRow(tx, User, ctx.viewer.id))!;
        // The modules that hold what an account is part of refuse first (a company's last OWNER, open
        // contracts), then end it (memberships, with the invitations they sent).
        for (const closing of closings) await closing.check?.(tx, ctx, user.id);
        const sessionsRevoked = await revokeSessions(tx, user.id);
        for (const closing of closings) await closing.close?.(tx, ctx, user.id);
        await tx.getRepository(AccountToken).update({ userId: user.id, usedAt: IsNull() }, { usedAt: new Date() });
        const placeholder = `closed-${user.id}@closed.invalid`;
        await tx.getRepository(User).update(
          { id: user.id },
          {
            name: CLOSED_ACCOUNT_NAME,
            email: placeholder,
            emailKey: placeholder,
            // Not a hash: no password matches it.
            passwordHash: 'closed',
            emailVerifiedAt: null,
            timezone: 'UTC',
            notificationPreferences: null,
            closedAt: new Date(),
          },
        );
        await publish(tx, ctx, { type: 'account.closed', companyId: null, target: user, data: { sessionsRevoked } });
        return tx.getRepository(User).findOneByOrFail({ id: user.id });
      }),
    );
  }
}

export const settingsService = new SettingsService();
