import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { User, userById, type AccountClosing } from '../account';
import { loader } from '../common/loaders';
import type { AuthedContext, Context } from '../common/context';
import { UserErrorCode, UserFailure, forbidden, notFound } from '../common/errors';
import { publish } from '../common/events';
import { requireRowId } from '../common/ids';
import { childPage, type ChildList, type ConnectionArgs, type Page } from '../common/pagination';
import type { LeanFields } from '../common/selection';
import { CompanyRole, canGrant } from '../common/permissions';
import type { Columns } from '../common/rows';
import { lockRow, transaction } from '../common/transaction';
import { membershipOf, requireMember } from './access';
import { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import type { RemoveMemberInput, SetMemberRoleInput, SetMemberTeamInput } from './member.input';
import { teamService } from './team.service';

export interface MemberFilter {
  role?: CompanyRole | null;
  /** Global Team id from client input. */
  teamId?: string | null;
  /** Row id of a team already known to be in the company. */
  teamRowId?: string;
}

/** The member filters of a page, as row ids. */
interface MemberRows {
  role: CompanyRole | null;
  teamId: string | null;
}

const memberFilters = (qb: SelectQueryBuilder<CompanyMember>, f: MemberRows) => {
  qb.innerJoin(User, 'member_user', 'member_user.id = member.userId');
  if (f.role) qb.andWhere('member.role = :role', { role: f.role });
  if (f.teamId) qb.andWhere('member.teamId = :teamId', { teamId: f.teamId });
};

/** Company.members, one statement for every company of a request. */
const membersOfCompany: ChildList<CompanyMember, MemberRows> = {
  entity: CompanyMember,
  alias: 'member',
  parent: 'member.companyId',
  direction: 'ASC',
  where: memberFilters,
  // Each member's user comes in the same statement: \`members { user { name } }\` costs no batch of users.
  also: { alias: () => 'member_user', entity: User, use: (ctx, _member, user) => void loader(ctx, userById).prime(user.id as string, user as User) },
};
/** CompanyMember's fields that read only columns (see selection.ts); the others read them all. */
export const MEMBER_COLUMNS: LeanFields = {
  createdAt: ['createdAt'],
  role: ['role'],
  user: ['userId'],
  team: ['teamId'],
  company: ['companyId'],
};
/** Team.members, one statement for every team of a request. */
const membersOfTeam: ChildList<CompanyMember, MemberRows> = { ...membersOfCompany, parent: 'member.teamId' };

interface MemberChange {
  companyId: string;
  actor: CompanyMember;
  target: CompanyMember;
  tx: EntityManager;
}

/** Roles, teams and removal of members (docs/domain.md "Companies, members, teams"): OWNER and FULL, with the owner rules. */
export class MemberService {
  /** Changes a member's role. Only an OWNER touches an OWNER; the last OWNER keeps the role. */
  async setRole(ctx: AuthedContext, input: SetMemberRoleInput): Promise<CompanyMember> {
    return this.change(ctx, input, async ({ companyId, actor, target, tx }) => {
      // canGrant is the whole rule (it also keeps OWNER for owners).
      if (!canGrant(actor.role, input.role)) throw forbidden(`Your role (${actor.role}) cannot grant ${input.role}`);
      if (target.role === input.role) return target;
      if (target.role === CompanyRole.OWNER) await this.assertNotLastOwner(tx, companyId, 'demote');
      await tx.getRepository(CompanyMember).update({ id: target.id }, { role: input.role });
      // Subscribers keep what they set going within the new role (invitation: their pending invitations above it stop working).
      await publish(tx, ctx, {
        type: 'member.roleChanged',
        companyId,
        target,
        data: { userId: target.userId, from: target.role, to: input.role },
      });
      return tx.getRepository(CompanyMember).findOneByOrFail({ id: target.id });
    });
  }

  /** Moves a member into a team of the company, or out of any team with `teamId: null`. */
  async setTeam(ctx: AuthedContext, input: SetMemberTeamInput): Promise<CompanyMember> {
    return this.change(ctx, input, async ({ companyId, target, tx }) => {
      const team = input.teamId ? await teamService.requireInCompany(tx, input.teamId, companyId) : null;
      if (target.teamId === (team?.id ?? null)) return target;
      await tx.getRepository(CompanyMember).update({ id: target.id }, { teamId: team?.id ?? null });
      await publish(tx, ctx, {
        type: 'member.teamChanged',
        companyId,
        target,
        data: { userId: target.userId, from: target.teamId, to: team?.id ?? null },
      });
      return tx.getRepository(CompanyMember).findOneByOrFail({ id: target.id });
    });
  }

  /**
   * Removes a member (OWNER/FULL), or lets any member leave by removing themselves.
   * Returns the membership as it was.
   */
  async remove(ctx: AuthedContext, input: RemoveMemberInput): Promise<CompanyMember> {
    const leaving = requireRowId(input.userId, 'User') === ctx.viewer.id;
    return this.change(
      ctx,
      input,
      async ({ companyId, target, tx }) => {
        if (target.role === CompanyRole.OWNER) await this.assertNotLastOwner(tx, companyId, 'remove');
        await tx.getRepository(CompanyMember).delete({ id: target.id });
        // Subscribers see that a removed member's invitations stop admitting people.
        await publish(tx, ctx, {
          type: leaving ? 'member.left' : 'member.removed',
          companyId,
          target,
          data: { userId: target.userId, role: target.role },
        });
        return target;
      },
      leaving,
    );
  }

  /** A membership of a company the viewer is in, or null. */
  async findVisible(ctx: Context, memberId: string): Promise<CompanyMember | null> {
    const member = await ctx.db.getRepository(CompanyMember).findOneBy({ id: memberId });
    return member && (await membershipOf(ctx, member.companyId)) ? member : null;
  }

  /**
   * A company's members, to its members only (a contract's freelancer can reach the company, not its
   * people). `only` and `count` as `childPage`'s.
   */
  async list(ctx: AuthedContext, companyId: string, args: ConnectionArgs, filter: MemberFilter = {}, only: Columns = null, count = true): Promise<Page<CompanyMember>> {
    await requireMember(ctx, companyId);
    const role = filter.role ?? null;
    if (filter.teamRowId) return childPage(ctx, membersOfTeam, filter.teamRowId, args, { role, teamId: null }, only, count);
    const teamId = filter.teamId ? requireRowId(filter.teamId, 'Team') : null;
    return childPage(ctx, membersOfCompany, companyId, args, { role, teamId }, only, count);
  }

  /**
   * The frame of every membership change: one transaction, the company row locked (so two
   * owners cannot demote each other at once), the actor's right checked, the target found.
   */
  private change<T>(
    ctx: AuthedContext,
    input: { companyId: string; userId: string },
    work: (change: MemberChange) => Promise<T>,
    self = false,
  ): Promise<T> {
    const companyId = requireRowId(input.companyId, 'Company');
    const userId = requireRowId(input.userId, 'User');
    return transaction(ctx, async (tx) => {
      if (!(await lockRow(tx, Company, companyId))) throw notFound('Company');
      const actor = await requireMember(ctx, companyId, { action: self ? 'company.read' : 'member.manage', tx });
      const target = await tx.getRepository(CompanyMember).findOneBy({ companyId, userId });
      if (!target) throw notFound('Member');
      if (target.role === CompanyRole.OWNER && actor.role !== CompanyRole.OWNER) {
        throw forbidden('Only an owner can change another owner');
      }
      return work({ companyId, actor, target, tx });
    });
  }

  private async assertNotLastOwner(tx: EntityManager, companyId: string, verb: string): Promise<void> {
    const owners = await tx.getRepository(CompanyMember).countBy({ companyId, role: CompanyRole.OWNER });
    if (owners <= 1) {
      throw new UserFailure(
        UserErrorCode.LAST_OWNER,
        `Cannot ${verb} the last owner: make another member an owner first`,
        ['input', 'userId'],
      );
    }
  }
}

export const memberService = new MemberService();

/**
 * A closing account (account's `onAccountClosing`): refused while it is the only OWNER of a company;
 * then its memberships end, each published as `member.left` (invitation revokes what it sent).
 */
export const endMembershipsOnClose: AccountClosing = {
  async check(tx, _ctx, userId) {
    const owned = await tx.getRepository(CompanyMember).findBy({ userId, role: CompanyRole.OWNER });
    for (const membership of owned) {
      // Locked, so that two owners closing at once cannot both count on the other.
      const company = await lockRow(tx, Company, membership.companyId);
      const owners = await tx.getRepository(CompanyMember).countBy({ companyId: membership.companyId, role: CompanyRole.OWNER });
      if (owners <= 1) {
        throw new UserFailure(
          UserErrorCode.LAST_OWNER,
          `You are the only owner of ${company?.name ?? 'a company'}: make a coworker an owner first, then close your account`,
        );
      }
    }
  },
  async close(tx, ctx, userId) {
    for (const membership of await tx.getRepository(CompanyMember).findBy({ userId })) {
      await tx.getRepository(CompanyMember).delete({ id: membership.id });
      await publish(tx, ctx, {
        type: 'member.left',
        companyId: membership.companyId,
        target: membership,
        data: { userId, role: membership.role, reason: 'account_closed' },
      });
    }
  },
};
