import type { AuthedContext, Context } from '../common/context';
import { childPage, type ChildList, type ConnectionArgs, type Page } from '../common/pagination';
import { can } from '../common/permissions';
import { membershipOf, requireMember } from '../company/access';
import { findNode } from '../common/node.resolver';
import { AuditEvent } from './audit-event.entity';

/** Company.auditLog, newest first, one statement for every company of a request. */
const eventsOfCompany: ChildList<AuditEvent, string | null> = {
  entity: AuditEvent,
  alias: 'event',
  parent: 'event.companyId',
  direction: 'DESC',
  where(qb, action) {
    if (action) qb.andWhere('event.action = :action', { action });
  },
};

/** User.accountLog: the account-level events a user caused (sign-up, log-ins, security changes), newest first. */
const accountEventsOfUser: ChildList<AuditEvent, string | null> = {
  entity: AuditEvent,
  alias: 'event',
  parent: 'event.actorId',
  direction: 'DESC',
  where(qb, action) {
    qb.andWhere('event.companyId IS NULL');
    if (action) qb.andWhere('event.action = :action', { action });
  },
};

/**
 * Details that name a person or a conversation (a thread's subject, an invited email). The log
 * shows them only to readers who can see the event's target: an OWNER outside a thread learns
 * that a thread was started, not what it is about or whom it was opened to.
 */
const PRIVATE_DETAILS = ['subject', 'email'];

/** Reading the audit log. */
export class AuditService {
  /** `event.data` as this reader may see it; hidden keys are listed under `redacted`. */
  async visibleData(ctx: Context, event: AuditEvent): Promise<Record<string, unknown>> {
    const hidden = PRIVATE_DETAILS.filter((key) => key in event.data);
    if (hidden.length === 0) return event.data;
    const targetVisible = await findNode(ctx, event.targetNodeId).then(
      () => true,
      () => false,
    );
    if (targetVisible) return event.data;
    const shown = Object.fromEntries(Object.entries(event.data).filter(([key]) => !hidden.includes(key)));
    return { ...shown, redacted: hidden };
  }

  /** A company's events, newest first; needs `audit.read` (OWNER and FULL). */
  async companyLog(
    ctx: AuthedContext,
    companyId: string,
    args: ConnectionArgs,
    action: string | null,
  ): Promise<Page<AuditEvent>> {
    await requireMember(ctx, companyId, { action: 'audit.read' });
    return childPage(ctx, eventsOfCompany, companyId, args, action);
  }

  /** The signed-in user's own account events (no company's), newest first. */
  async accountLog(ctx: AuthedContext, args: ConnectionArgs, action: string | null): Promise<Page<AuditEvent>> {
    return childPage(ctx, accountEventsOfUser, ctx.viewer.id, args, action);
  }

  /** An event, to the OWNER/FULL members of its company, or (account events) to its actor. */
  async findVisible(ctx: Context, eventId: string): Promise<AuditEvent | null> {
    const event = await ctx.db.getRepository(AuditEvent).findOneBy({ id: eventId });
    if (!event || !ctx.viewer) return null;
    if (!event.companyId) return event.actorId === ctx.viewer.id ? event : null;
    const member = await membershipOf(ctx, event.companyId);
    return member && can(member.role, 'audit.read') ? event : null;
  }
}

export const auditService = new AuditService();
