import { In, IsNull } from 'typeorm';
import type { AuthedContext } from '../common/context';
import { UserErrorCode, UserFailure, badInput } from '../common/errors';
import { publish } from '../common/events';
import { CompanyRole } from '../common/permissions';
import { lockRow, transaction } from '../common/transaction';
import { CompanyMember } from '../company/company-member.entity';
import { Company } from '../company/company.entity';
import { Contract, ContractStatus } from '../contract/contract.entity';
import { invitationService } from '../invitation/invitation.service';
import { AccountToken } from './account-token.entity';
import { notificationPreferencesOf, type StoredNotificationPreferences } from './notification-preferences';
import { confirmPassword, revokeSessions } from './security.service';
import type { CloseAccountInput, UpdatePreferencesInput, UpdateProfileInput } from './settings.input';
import { User } from './user.entity';

/** The name a closed account shows wherever it appears (audit logs, old messages). */
export const CLOSED_ACCOUNT_NAME = 'Closed account';
/** Contracts that keep an account open: the work is not over. */
export const OPEN_CONTRACT_STATUSES = [ContractStatus.PENDING, ContractStatus.ACTIVE, ContractStatus.PAUSED];

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
        const memberships = await tx.getRepository(CompanyMember).findBy({ userId: user.id });
        for (const owned of memberships.filter((m) => m.role === CompanyRole.OWNER)) {
          // Locked, so that two owners closing at once cannot both count on the other.
          const company = await lockRow(tx, Company, owned.companyId);
          const owners = await tx.getRepository(CompanyMember).countBy({ companyId: owned.companyId, role: CompanyRole.OWNER });
          if (owners <= 1) {
            throw new UserFailure(
              UserErrorCode.LAST_OWNER,
              `You are the only owner of ${company?.name ?? 'a company'}: make a coworker an owner first, then close your account`,
            );
          }
        }
        const open = await tx.getRepository(Contract).countBy({ freelancerId: user.id, status: In(OPEN_CONTRACT_STATUSES) });
        if (open > 0) {
          throw new UserFailure(
            UserErrorCode.OPEN_CONTRACTS,
            `You are the freelancer of ${open} contract${open === 1 ? '' : 's'} that ${open === 1 ? 'is' : 'are'} not finished: end or cancel ${open === 1 ? 'it' : 'them'} first`,
          );
        }
        const sessionsRevoked = await revokeSessions(tx, user.id);
        for (const membership of memberships) {
          await tx.getRepository(CompanyMember).delete({ id: membership.id });
          await invitationService.revokeBeyondReach(ctx, tx, { companyId: membership.companyId, inviterId: user.id, role: null, reason: 'inviter_removed' });
          await publish(tx, ctx, {
            type: 'member.left',
            companyId: membership.companyId,
            target: membership,
            data: { userId: user.id, role: membership.role, reason: 'account_closed' },
          });
        }
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
