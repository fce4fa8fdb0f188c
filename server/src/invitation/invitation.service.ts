import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { isUniqueViolation } from '../account/account.service';
import { hashToken, newToken } from '../account/credentials';
import { NotificationKind } from '../account/notification-preferences';
import { markEmailVerified } from '../account/security.service';
import { User, emailKey } from '../account/user.entity';
import type { AuthedContext, Context } from '../common/context';
import { columnValue } from '../common/db-values';
import { UserError, UserErrorCode, UserFailure, failedWith, forbidden, notFound } from '../common/errors';
import { publish } from '../common/events';
import { requireRowId } from '../common/ids';
import { loader } from '../common/loaders';
import { childPage, type ChildList, type Page } from '../common/pagination';
import { CompanyRole, can, canGrant } from '../common/permissions';
import { lockRow, transaction } from '../common/transaction';
import { membershipOf, requireMember } from '../company/access';
import { CompanyMember } from '../company/company-member.entity';
import { Company } from '../company/company.entity';
import { Team } from '../company/team.entity';
import { teamService } from '../company/team.service';
import { queueEmail, type EmailMessage } from '../mail/outbox';
import { renderInvitationEmail } from './invitation-email';
import { INVITATION_TTL_MS, Invitation, InvitationStatus } from './invitation.entity';
import type { AcceptInvitationInput, InvitationsArgs, InviteCoworkerInput, ResendInvitationInput, RevokeInvitationInput } from './invitation.input';
import { invitationById } from './invitation.loader';
import { userById } from '../account/user.loader';
import { companyById, teamById } from '../company/company.loader';

/** An email as inviteCoworker would send it, and the refusals Send would meet (empty when it would go). */
export interface InvitationPreview extends EmailMessage {
  joinUrl: string;
  userErrors: UserError[];
}

/**
 * What a join link shows before it is accepted (GET /join/<token>, `invitationByToken`): enough to
 * decide, nothing more. Not the invited email, the message or any id: the link may have been forwarded.
 */
export interface InvitationLink {
  companyName: string;
  inviterName: string | null;
  role: CompanyRole;
  teamName: string | null;
  expiresAt: Date;
  status: InvitationStatus;
}

export interface Accepted {
  invitation: Invitation;
  companyMember: CompanyMember;
}

/** A checked inviteCoworker input: what would be stored, and the business refusal if any. */
interface Draft {
  companyId: string;
  company: Company;
  email: string;
  emailKey: string;
  role: CompanyRole;
  team: Team | null;
  message: string | null;
  refusal: UserFailure | null;
}

const fail = (code: UserErrorCode, message: string, field: string[] | null = null) => new UserFailure(code, message, field);

const alreadyInvited = () =>
  fail(UserErrorCode.ALREADY_INVITED, 'This email already has a pending invitation; resend or revoke it instead', ['input', 'email']);
const alreadyMember = (field: string[] | null) =>
  fail(UserErrorCode.ALREADY_MEMBER, 'This person is already a member of the company', field);

const joinUrlOf = (ctx: Context, token: string) => `${ctx.config.publicUrl}/join/${token}`;

/** Links carry the token; only its hash is stored. Surrounding whitespace from a pasted link is ignored. */
const tokenHashOf = (token: string) => hashToken(token.trim());

/** The refusal an invitation in its current state gives on accept. */
function stateRefusal(invitation: Invitation): UserFailure | null {
  switch (invitation.effectiveStatus()) {
    case InvitationStatus.ACCEPTED:
      return fail(UserErrorCode.INVITATION_ALREADY_ACCEPTED, 'This invitation has already been accepted', ['input', 'token']);
    case InvitationStatus.REVOKED:
      return fail(UserErrorCode.INVITATION_REVOKED, 'This invitation was revoked', ['input', 'token']);
    case InvitationStatus.EXPIRED:
      return fail(UserErrorCode.INVITATION_EXPIRED, 'This invitation has expired; ask for a new one', ['input', 'token']);
    default:
      return null;
  }
}

/** Concurrent invites or resends to one email: the partial unique index decides, the loser hears ALREADY_INVITED. */
async function guardPending<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyInvited();
    throw error;
  }
}

/** The invitation is closed for good (revoked, or found expired): what it promised must not outlive it. */
function publishExpired(tx: EntityManager, ctx: Context, invitation: Invitation): Promise<unknown> {
  return publish(tx, ctx, {
    type: 'invitation.expired',
    companyId: invitation.companyId,
    actorId: null,
    target: invitation,
    data: { email: invitation.email, emailKey: invitation.emailKey },
  });
}

/** Why invitations were revoked without anyone revoking them (audit `data.reason`). */
export type AutoRevokeReason = 'inviter_removed' | 'inviter_demoted';

/** Company.invitations, newest first, by status as clients see it; one statement for every company of a request. */
const invitationsOfCompany: ChildList<Invitation, InvitationStatus | null> = {
  entity: Invitation,
  alias: 'invitation',
  parent: 'invitation.companyId',
  direction: 'DESC',
  where(qb, status, ctx) {
    const now = columnValue(ctx.db, Invitation, 'expiresAt', new Date());
    if (status === InvitationStatus.PENDING) {
      qb.andWhere('invitation.status = :pending AND invitation.expiresAt > :now', { pending: InvitationStatus.PENDING, now });
    } else if (status === InvitationStatus.EXPIRED) {
      qb.andWhere('(invitation.status = :expired OR (invitation.status = :pending AND invitation.expiresAt <= :now))', {
        expired: InvitationStatus.EXPIRED,
        pending: InvitationStatus.PENDING,
        now,
      });
    } else if (status) {
      qb.andWhere('invitation.status = :status', { status });
    }
  },
};

/** Coworker invitations (SPEC §3, seed 002): invite, preview, accept, revoke, resend, list. */
export class InvitationService {
  /**
   * Invites a coworker: stores a PENDING invitation and queues its email in one transaction.
   * The returned invitation carries the `joinUrl` (the only time it is known).
   */
  async invite(ctx: AuthedContext, input: InviteCoworkerInput): Promise<Invitation> {
    await ctx.limits.spend('invitations', ctx.viewer.id);
    return guardPending(() =>
      transaction(ctx, async (tx) => {
        const companyId = requireRowId(input.companyId, 'Company');
        const draft = await this.check(ctx, tx, companyId, input, { expireStale: true });
        if (draft.refusal) throw draft.refusal;
        return this.create(ctx, tx, draft);
      }),
    );
  }

  /**
   * Inside the caller's transaction: the live pending invitation of `email` to the company, or a new
   * RECRUITER one (its email queued). For features that invite as a side effect, e.g. adding an
   * email with no account to a message thread (seed 002).
   */
  async ensureInvited(
    ctx: AuthedContext,
    tx: EntityManager,
    input: { companyRowId: string; email: string; message: string | null },
  ): Promise<Invitation> {
    const companyId = input.companyRowId;
    const draft = await this.check(
      ctx,
      tx,
      companyId,
      { companyId: '', email: input.email, message: input.message, role: CompanyRole.RECRUITER },
      { expireStale: true },
    );
    if (!draft.refusal) {
      // A new invitation mails a stranger, like inviteCoworker: it counts against the same limit.
      await ctx.limits.spend('invitations', ctx.viewer.id);
      return this.create(ctx, tx, draft);
    }
    if (draft.refusal.code !== UserErrorCode.ALREADY_INVITED) throw draft.refusal;
    return tx.getRepository(Invitation).findOneByOrFail({ companyId, emailKey: draft.emailKey, status: InvitationStatus.PENDING });
  }

  /** Stores a checked invitation and queues its email; the result carries the `joinUrl`. */
  private async create(ctx: AuthedContext, tx: EntityManager, draft: Draft): Promise<Invitation> {
    const token = newToken();
    const invitation = Object.assign(new Invitation(), {
      companyId: draft.companyId,
      email: draft.email,
      emailKey: draft.emailKey,
      role: draft.role,
      teamId: draft.team?.id ?? null,
      message: draft.message,
      status: InvitationStatus.PENDING,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      invitedById: ctx.viewer.id,
      acceptedById: null,
      acceptedAt: null,
      revokedAt: null,
    });
    await tx.getRepository(Invitation).insert(invitation);
    const joinUrl = joinUrlOf(ctx, token);
    await queueEmail(tx, this.render(draft, ctx.viewer, joinUrl, invitation.expiresAt), draft.companyId, { notification: NotificationKind.INVITATIONS });
    await publish(tx, ctx, {
      type: 'invitation.created',
      companyId: draft.companyId,
      target: invitation,
      data: { email: draft.email, role: draft.role, teamId: invitation.teamId },
    });
    const saved = await tx.getRepository(Invitation).findOneByOrFail({ id: invitation.id });
    return Object.assign(saved, { joinUrl });
  }

  /**
   * The email inviteCoworker would send for `input`, built by the same checks and template, saving
   * nothing. Its `joinUrl` holds a freshly generated token that is never stored: it looks exactly
   * like the real link but does not work. Business refusals come back in `userErrors`.
   */
  async preview(ctx: AuthedContext, input: InviteCoworkerInput): Promise<InvitationPreview> {
    const companyId = requireRowId(input.companyId, 'Company');
    const draft = await this.check(ctx, ctx.db.manager, companyId, input, { expireStale: false });
    const joinUrl = joinUrlOf(ctx, newToken());
    const email = this.render(draft, ctx.viewer, joinUrl, new Date(Date.now() + INVITATION_TTL_MS));
    return { ...email, joinUrl, userErrors: draft.refusal ? [draft.refusal.toUserError()] : [] };
  }

  /**
   * Accepts an invitation as the signed-in user, whose email must be the invited one: they become
   * a member with its role and team. Single use is enforced by the database: the conditional
   * PENDING → ACCEPTED update must change one row, and memberships are unique per (company, user).
   */
  async accept(ctx: AuthedContext, input: AcceptInvitationInput): Promise<Accepted> {
    const tokenHash = tokenHashOf(input.token);
    try {
      // Links that match nothing count against the user (guessing); any other outcome does not.
      return await ctx.limits.counted('acceptInvitation', ctx.viewer.id, failedWith(UserErrorCode.INVITATION_INVALID), () => transaction(ctx, async (tx) => {
        const repo = tx.getRepository(Invitation);
        // Locked (PostgreSQL) so that concurrent accepts queue up and the later ones see it ACCEPTED.
        const found = await repo.findOneBy({ tokenHash });
        const invitation = found && (await lockRow(tx, Invitation, found.id));
        if (!invitation) {
          throw fail(UserErrorCode.INVITATION_INVALID, 'This invitation link is not valid', ['input', 'token']);
        }
        if (invitation.emailKey !== ctx.viewer.emailKey) {
          throw fail(
            UserErrorCode.INVITATION_EMAIL_MISMATCH,
            'This invitation was sent to a different email address; sign in with that account to accept it',
            ['input', 'token'],
          );
        }
        const refusal = stateRefusal(invitation);
        if (refusal) throw refusal;
        const { companyId } = invitation;
        if (await tx.getRepository(CompanyMember).existsBy({ companyId, userId: ctx.viewer.id })) throw alreadyMember(['input', 'token']);
        // The link carries its inviter's authority: it works only while they could still grant the role.
        const inviter = invitation.invitedById
          ? await tx.getRepository(CompanyMember).findOneBy({ companyId, userId: invitation.invitedById })
          : null;
        if (!inviter || !canGrant(inviter.role, invitation.role)) {
          throw fail(
            UserErrorCode.INVITER_CANNOT_GRANT,
            'The coworker who invited you can no longer grant this role; ask the company for a new invitation',
            ['input', 'token'],
          );
        }
        const now = new Date();
        const claimed = await repo.update(
          { id: invitation.id, status: InvitationStatus.PENDING },
          { status: InvitationStatus.ACCEPTED, acceptedById: ctx.viewer.id, acceptedAt: now },
        );
        if (claimed.affected !== 1) {
          // Someone else changed it between our read and our update (PostgreSQL): say what it is now.
          throw stateRefusal(await repo.findOneByOrFail({ id: invitation.id })) ?? alreadyMember(['input', 'token']);
        }
        const member = Object.assign(new CompanyMember(), {
          companyId,
          userId: ctx.viewer.id,
          role: invitation.role,
          teamId: invitation.teamId,
        });
        await tx.getRepository(CompanyMember).insert(member);
        // The token came by mail to this address: using it proves the mailbox is the viewer's.
        const emailVerified = await markEmailVerified(tx, ctx.viewer);
        await publish(tx, ctx, {
          type: 'invitation.accepted',
          companyId,
          target: invitation,
          data: {
            memberId: member.id,
            userId: ctx.viewer.id,
            emailKey: invitation.emailKey,
            role: member.role,
            teamId: member.teamId,
            emailVerified,
          },
        });
        return {
          invitation: await repo.findOneByOrFail({ id: invitation.id }),
          companyMember: await tx.getRepository(CompanyMember).findOneByOrFail({ id: member.id }),
        };
      }));
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyMember(['input', 'token']);
      throw error;
    }
  }

  /**
   * What the join link with `token` shows, in any state (the page explains an expired, used or
   * revoked one), or null when no invitation has this token. Public: a token is the only key, and
   * 256 random bits cannot be guessed; nothing here says whether the invited email has an account.
   */
  async linkPreview(ctx: Context, token: string): Promise<InvitationLink | null> {
    const invitation = await ctx.db.getRepository(Invitation).findOneBy({ tokenHash: tokenHashOf(token) });
    if (!invitation) return null;
    const [company, team, inviter] = await Promise.all([
      loader(ctx, companyById).load(invitation.companyId),
      invitation.teamId ? loader(ctx, teamById).load(invitation.teamId) : null,
      invitation.invitedById ? loader(ctx, userById).load(invitation.invitedById) : null,
    ]);
    if (!company) return null;
    return {
      companyName: company.name,
      inviterName: inviter?.name ?? null,
      role: invitation.role,
      teamName: team?.name ?? null,
      expiresAt: invitation.expiresAt,
      status: invitation.effectiveStatus(),
    };
  }

  /** Withdraws a pending invitation; its link stops working. The inviter, or OWNER/FULL. */
  async revoke(ctx: AuthedContext, input: RevokeInvitationInput): Promise<Invitation> {
    return transaction(ctx, async (tx) => {
      const invitation = await this.manageable(ctx, tx, input.invitationId);
      if (invitation.effectiveStatus() !== InvitationStatus.PENDING) throw this.notPending(invitation);
      const changed = await tx
        .getRepository(Invitation)
        .update({ id: invitation.id, status: InvitationStatus.PENDING }, { status: InvitationStatus.REVOKED, revokedAt: new Date() });
      if (changed.affected !== 1) throw this.notPending(invitation);
      await publish(tx, ctx, {
        type: 'invitation.revoked',
        companyId: invitation.companyId,
        target: invitation,
        data: { email: invitation.email, emailKey: invitation.emailKey, role: invitation.role, reason: null },
      });
      return tx.getRepository(Invitation).findOneByOrFail({ id: invitation.id });
    });
  }

  /**
   * Sends a pending (or expired) invitation again with a new link and a new expiry; the old link
   * stops working. The inviter, or OWNER/FULL.
   */
  async resend(ctx: AuthedContext, input: ResendInvitationInput): Promise<Invitation> {
    await ctx.limits.spend('invitations', ctx.viewer.id);
    const token = newToken();
    return guardPending(() =>
      transaction(ctx, async (tx) => {
        const invitation = await this.manageable(ctx, tx, input.invitationId);
        const renewable = [InvitationStatus.PENDING, InvitationStatus.EXPIRED];
        if (!renewable.includes(invitation.status)) throw this.notPending(invitation);
        const { companyId } = invitation;
        if (await this.memberWithEmail(tx, companyId, invitation.emailKey)) throw alreadyMember(['input', 'invitationId']);
        const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
        const changed = await tx
          .getRepository(Invitation)
          .update(
            { id: invitation.id, status: In(renewable) },
            { status: InvitationStatus.PENDING, tokenHash: hashToken(token), expiresAt },
          );
        if (changed.affected !== 1) throw this.notPending(invitation);
        // An expired invitation's promises lapsed with it; the renewed one carries only its role.
        if (invitation.effectiveStatus() === InvitationStatus.EXPIRED) await publishExpired(tx, ctx, invitation);
        const company = await tx.getRepository(Company).findOneByOrFail({ id: companyId });
        const team = invitation.teamId ? await tx.getRepository(Team).findOneBy({ id: invitation.teamId, companyId }) : null;
        const inviter = invitation.invitedById
          ? await tx.getRepository(User).findOneBy({ id: invitation.invitedById })
          : null;
        const joinUrl = joinUrlOf(ctx, token);
        const draft = { ...invitation, company, team };
        await queueEmail(tx, this.render(draft, inviter ?? ctx.viewer, joinUrl, expiresAt), companyId, {
          notification: NotificationKind.INVITATIONS,
        });
        await publish(tx, ctx, {
          type: 'invitation.resent',
          companyId,
          target: invitation,
          data: { email: invitation.email, expiresAt: expiresAt.toISOString() },
        });
        const saved = await tx.getRepository(Invitation).findOneByOrFail({ id: invitation.id });
        return Object.assign(saved, { joinUrl });
      }),
    );
  }

  /**
   * Inside a membership change's transaction: revokes the pending invitations `inviterId` sent to
   * the company that they could no longer grant: all of them when they leave (`role` null), those
   * above the new role on a demotion. Each is audited as revoked, with the reason.
   */
  async revokeBeyondReach(
    ctx: AuthedContext,
    tx: EntityManager,
    change: { companyId: string; inviterId: string; role: CompanyRole | null; reason: AutoRevokeReason },
  ): Promise<Invitation[]> {
    const pending = await tx
      .getRepository(Invitation)
      .findBy({ companyId: change.companyId, invitedById: change.inviterId, status: InvitationStatus.PENDING });
    const beyond = pending.filter((invitation) => !change.role || !canGrant(change.role, invitation.role));
    for (const invitation of beyond) {
      await tx
        .getRepository(Invitation)
        .update({ id: invitation.id, status: InvitationStatus.PENDING }, { status: InvitationStatus.REVOKED, revokedAt: new Date() });
      await publish(tx, ctx, {
        type: 'invitation.revoked',
        companyId: change.companyId,
        target: invitation,
        data: { email: invitation.email, emailKey: invitation.emailKey, role: invitation.role, reason: change.reason },
      });
    }
    return beyond;
  }

  /** An invitation of a company the viewer is a member of, or null. */
  async findVisible(ctx: Context, invitationId: string): Promise<Invitation | null> {
    const invitation = await loader(ctx, invitationById).load(invitationId);
    return invitation && (await membershipOf(ctx, invitation.companyId)) ? invitation : null;
  }

  /** A company's invitations, newest first, optionally by status (as clients see it). Members only. */
  async list(ctx: AuthedContext, companyId: string, args: InvitationsArgs): Promise<Page<Invitation>> {
    await requireMember(ctx, companyId);
    return childPage(ctx, invitationsOfCompany, companyId, args, args.status ?? null);
  }

  /**
   * Every check of inviteCoworker, shared with the preview. Access and input problems throw
   * (NOT_FOUND, FORBIDDEN); business refusals are returned so a preview can show them.
   */
  private async check(
    ctx: AuthedContext,
    tx: EntityManager,
    companyId: string,
    input: InviteCoworkerInput,
    { expireStale }: { expireStale: boolean },
  ): Promise<Draft> {
    const actor = await requireMember(ctx, companyId, { action: 'invitation.create', tx });
    const role = input.role ?? CompanyRole.RECRUITER;
    if (!canGrant(actor.role, role)) throw forbidden(`Your role (${actor.role}) cannot invite as ${role}`);
    let team: Team | null = null;
    if (input.teamId) {
      if (!can(actor.role, 'invitation.assign_team')) {
        throw forbidden(`Your role (${actor.role}) cannot assign a team when inviting`);
      }
      team = await teamService.requireInCompany(tx, input.teamId, companyId);
    }
    const company = await tx.getRepository(Company).findOneByOrFail({ id: companyId });
    const email = input.email.trim();
    const key = emailKey(email);
    const message = input.message?.trim() || null;
    let refusal: UserFailure | null = null;
    if (await this.memberWithEmail(tx, companyId, key)) refusal = alreadyMember(['input', 'email']);
    else if (await this.pendingFor(ctx, tx, companyId, key, expireStale)) refusal = alreadyInvited();
    return { companyId, company, email, emailKey: key, role, team, message, refusal };
  }

  /**
   * True when a live pending invitation to `key` exists. With `expireStale`, a pending one past its
   * expiry is marked EXPIRED on the way, so it no longer holds the one-pending-per-email slot.
   */
  private async pendingFor(ctx: Context, tx: EntityManager, companyId: string, key: string, expireStale: boolean): Promise<boolean> {
    const pending = await tx.getRepository(Invitation).findBy({ companyId, emailKey: key, status: InvitationStatus.PENDING });
    let live = false;
    for (const invitation of pending) {
      if (invitation.effectiveStatus() === InvitationStatus.PENDING) live = true;
      else if (expireStale) {
        await tx
          .getRepository(Invitation)
          .update({ id: invitation.id, status: InvitationStatus.PENDING }, { status: InvitationStatus.EXPIRED });
        await publishExpired(tx, ctx, invitation);
      }
    }
    return live;
  }

  private memberWithEmail(tx: EntityManager, companyId: string, key: string): Promise<boolean> {
    return tx
      .getRepository(CompanyMember)
      .createQueryBuilder('member')
      .innerJoin(User, 'user', 'user.id = member.userId')
      .where('member.companyId = :companyId', { companyId })
      .andWhere('user.emailKey = :key', { key })
      .getExists();
  }

  /** The invitation, locked, if the viewer may revoke or resend it: its inviter, or `invitation.manage`. */
  private async manageable(ctx: AuthedContext, tx: EntityManager, globalId: string): Promise<Invitation> {
    const invitation = await lockRow(tx, Invitation, requireRowId(globalId, 'Invitation'));
    if (!invitation) throw notFound('Invitation');
    const actor = await requireMember(ctx, invitation.companyId, { tx, as: 'Invitation' });
    if (invitation.invitedById !== ctx.viewer.id && !can(actor.role, 'invitation.manage')) {
      throw forbidden('Only the inviter, an OWNER or a FULL member can change this invitation');
    }
    // Resending hands out a working link: only someone who could grant the role may touch it
    // (a FULL member must not get an OWNER invitation's link, nor a demoted inviter their old one).
    if (!canGrant(actor.role, invitation.role)) {
      throw forbidden(`Your role (${actor.role}) cannot grant ${invitation.role}, so you cannot change this invitation`);
    }
    return invitation;
  }

  private notPending(invitation: Invitation): UserFailure {
    return fail(
      UserErrorCode.INVITATION_NOT_PENDING,
      `This invitation is ${invitation.effectiveStatus().toLowerCase()}, not pending`,
      ['input', 'invitationId'],
    );
  }

  private render(
    draft: Pick<Draft, 'email' | 'role' | 'team' | 'message' | 'company'>,
    inviter: User,
    joinUrl: string,
    expiresAt: Date,
  ): EmailMessage {
    return renderInvitationEmail({
      to: draft.email,
      companyName: draft.company.name,
      inviterName: inviter.name,
      role: draft.role,
      teamName: draft.team?.name ?? null,
      message: draft.message,
      joinUrl,
      expiresAt,
    });
  }
}

export const invitationService = new InvitationService();
