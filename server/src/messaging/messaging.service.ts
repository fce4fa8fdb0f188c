import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/transaction';
import { emailKey as toEmailKey, User } from '../account';
import { inTokenScope, tokenCompanyId } from '../common/current-viewer';
import type { AuthedContext, Context } from '../common/context';
import { UserErrorCode, UserFailure, badInput, forbidden, notFound } from '../common/errors';
import { publish, subscriber } from '../common/events';
import { requireRowId } from '../common/ids';
import { loader } from '../common/loaders';
import { childPage, paginate, type ChildList, type ConnectionArgs, type Page } from '../common/pagination';
import { ThreadPermission, threadAllows, threadGrantCap } from '../common/permissions';
import { lockRow, transaction } from '../common/transaction';
import { CompanyMember, membershipOf, requireMember } from '../company';
import { Invitation, invitationService } from '../invitation';
import { Message } from './message.entity';
import { MessageThread } from './message-thread.entity';
import type {
  AddCoworkerToThreadInput,
  MessageThreadsArgs,
  PostMessageInput,
  RemoveThreadParticipantInput,
  SetThreadParticipantPermissionInput,
  StartMessageThreadInput,
} from './message-thread.input';
import { messageById, pendingAccessById, participantById, threadById, viewerParticipation } from './messaging.loader';
import { PendingThreadAccess } from './pending-thread-access.entity';
import { ThreadParticipant } from './thread-participant.entity';
import { indexMessage, indexThread, searchTerms, whereThreadMatches } from './thread-search';
import { viewerInThreadSql } from './thread-visibility';

/** How the viewer stands in a thread. A participant counts only while still a member of the company. */
export interface ThreadAccess {
  thread: MessageThread;
  isFreelancer: boolean;
  member: CompanyMember | null;
  participant: ThreadParticipant | null;
}

/** What addCoworkerToThread did: added a participant, or recorded access pending an invitation. */
/** The posting rule, in one place: the thread's freelancer, or a participant holding MESSAGE (or MANAGE). */
export const mayPost = (access: ThreadAccess): boolean =>
  access.isFreelancer || (!!access.participant && threadAllows(access.participant.permission, ThreadPermission.MESSAGE));

/** Pending access names an email: the thread's coworkers see it, its freelancer does not. */
export const maySeePending = (access: ThreadAccess): boolean => !!access.participant;

export interface CoworkerAdded {
  thread: MessageThread;
  participant: ThreadParticipant | null;
  pendingAccess: PendingThreadAccess | null;
  /** The company invitation that carries `pendingAccess` (new, or the one already pending). */
  invitation: Invitation | null;
}

/** A participant change and the thread it happened in (null when the viewer left it). */
export interface ParticipantChange {
  thread: MessageThread | null;
  participant: ThreadParticipant;
}

const { MANAGE } = ThreadPermission;

const alreadyParticipant = (field: string[]) =>
  new UserFailure(UserErrorCode.ALREADY_PARTICIPANT, 'They are already in this thread', field);

/** MessageThread.messages, oldest first, one statement for every thread of a request (the thread was checked already). */
const messagesOfThread: ChildList<Message> = { entity: Message, alias: 'message', parent: 'message.threadId', direction: 'ASC' };

/** Message threads between coworkers and freelancers (docs/domain.md "Message threads"). */
export class MessagingService {
  /** Starts a thread with a freelancer; the viewer becomes its first MANAGE participant. */
  async start(ctx: AuthedContext, input: StartMessageThreadInput): Promise<MessageThread> {
    const companyId = requireRowId(input.companyId, 'Company');
    const freelancerId = requireRowId(input.freelancerId, 'User');
    if (freelancerId === ctx.viewer.id) throw badInput('You cannot start a thread with yourself', ['input', 'freelancerId']);
    return transaction(ctx, async (tx) => {
      await requireMember(ctx, companyId, { action: 'thread.start', tx });
      const freelancer = await tx.getRepository(User).findOneBy({ id: freelancerId });
      if (!freelancer) throw notFound('User');
      const now = new Date();
      const thread = Object.assign(new MessageThread(), {
        companyId,
        freelancerId,
        startedById: ctx.viewer.id,
        subject: input.subject.trim(),
        createdAt: now,
        lastMessageAt: now,
      });
      await tx.getRepository(MessageThread).insert(thread);
      const starter = Object.assign(new ThreadParticipant(), {
        companyId,
        threadId: thread.id,
        userId: ctx.viewer.id,
        permission: MANAGE,
        addedById: null,
      });
      await tx.getRepository(ThreadParticipant).insert(starter);
      await indexThread(tx, thread, freelancer.name);
      const first = await this.insertMessage(tx, ctx, thread, input.body, now);
      await publish(tx, ctx, { type: 'thread.started', companyId, target: thread, data: { freelancerId, subject: thread.subject } });
      await publish(tx, ctx, { type: 'message.posted', companyId, target: first, data: { threadId: thread.id } });
      return tx.getRepository(MessageThread).findOneByOrFail({ id: thread.id });
    });
  }

  /** Posts a message: the freelancer, or a participant with MESSAGE or MANAGE. Publishes `message.posted`, not audited. */
  async post(ctx: AuthedContext, input: PostMessageInput): Promise<Message> {
    return transaction(ctx, async (tx) => {
      const access = await this.requireAccess(ctx, tx, input.threadId);
      if (!mayPost(access)) {
        throw forbidden('Your permission in this thread (VIEW) does not allow posting');
      }
      const now = new Date();
      const message = await this.insertMessage(tx, ctx, access.thread, input.body, now);
      await tx.getRepository(MessageThread).update({ id: access.thread.id }, { lastMessageAt: now });
      await publish(tx, ctx, { type: 'message.posted', companyId: access.thread.companyId, target: message, data: { threadId: access.thread.id } });
      return tx.getRepository(Message).findOneByOrFail({ id: message.id });
    });
  }

  /**
   * Adds a coworker (by user id or email) with at most the adder's own permission and at most their
   * role's cap (THREAD_GRANT_CAP). An email without an account becomes PendingThreadAccess.
   */
  async addCoworker(ctx: AuthedContext, input: AddCoworkerToThreadInput): Promise<CoworkerAdded> {
    const byEmail = typeof input.email === 'string';
    if (byEmail === (typeof input.userId === 'string')) {
      throw badInput('Give exactly one of `userId` and `email`', ['input', byEmail ? 'userId' : 'email']);
    }
    const field = ['input', byEmail ? 'email' : 'userId'];
    return transaction(ctx, async (tx) => {
      const { thread, member, participant: actor } = await this.requireManager(ctx, tx, input.threadId);
      this.assertCanGrant(member!, actor!, input.permission);
      let user: User | null;
      if (byEmail) {
        user = await tx.getRepository(User).findOneBy({ emailKey: toEmailKey(input.email!) });
        if (!user) return { thread, participant: null, ...(await this.addPending(ctx, tx, thread, input)) };
      } else {
        user = await tx.getRepository(User).findOneBy({ id: requireRowId(input.userId!, 'User') });
      }
      const isMember = user && (await tx.getRepository(CompanyMember).existsBy({ companyId: thread.companyId, userId: user.id }));
      if (!user || !isMember) {
        throw new UserFailure(UserErrorCode.NOT_A_MEMBER, 'Only members of the company can be added to its threads', field);
      }
      if (user.id === thread.freelancerId) throw alreadyParticipant(field);
      if (await tx.getRepository(ThreadParticipant).existsBy({ threadId: thread.id, userId: user.id })) {
        throw alreadyParticipant(field);
      }
      const participant = Object.assign(new ThreadParticipant(), {
        companyId: thread.companyId,
        threadId: thread.id,
        userId: user.id,
        permission: input.permission,
        addedById: ctx.viewer.id,
      });
      try {
        await tx.getRepository(ThreadParticipant).insert(participant);
      } catch (error) {
        if (isUniqueViolation(error)) throw alreadyParticipant(field);
        throw error;
      }
      await publish(tx, ctx, {
        type: 'thread.participantAdded',
        companyId: thread.companyId,
        target: thread,
        data: { userId: user.id, permission: input.permission },
      });
      return {
        thread,
        participant: await tx.getRepository(ThreadParticipant).findOneByOrFail({ id: participant.id }),
        pendingAccess: null,
        invitation: null,
      };
    });
  }

  /**
   * Removes a participant (needs MANAGE, and the target's level within the remover's cap), or lets
   * any participant leave. The last MANAGE holder stays.
   */
  async removeParticipant(ctx: AuthedContext, input: RemoveThreadParticipantInput): Promise<ParticipantChange> {
    const userId = requireRowId(input.userId, 'User');
    const leaving = userId === ctx.viewer.id;
    return transaction(ctx, async (tx) => {
      const access = leaving
        ? await this.requireAccess(ctx, tx, input.threadId, true)
        : await this.requireManager(ctx, tx, input.threadId);
      const { thread } = access;
      const target = leaving ? access.participant : await this.requireParticipant(tx, thread, userId);
      if (!target) throw notFound('ThreadParticipant');
      if (!leaving) this.assertCanTouch(access, target);
      if (target.permission === MANAGE) await this.assertNotLastManager(tx, thread);
      await tx.getRepository(ThreadParticipant).delete({ id: target.id });
      await publish(tx, ctx, {
        type: leaving ? 'thread.left' : 'thread.participantRemoved',
        companyId: thread.companyId,
        target: thread,
        data: { userId, permission: target.permission },
      });
      return { thread: leaving ? null : thread, participant: target };
    });
  }

  /** Changes a participant's permission within the changer's own level and role cap. */
  async setPermission(ctx: AuthedContext, input: SetThreadParticipantPermissionInput): Promise<ParticipantChange> {
    const userId = requireRowId(input.userId, 'User');
    return transaction(ctx, async (tx) => {
      const access = await this.requireManager(ctx, tx, input.threadId);
      const { thread } = access;
      const target = await this.requireParticipant(tx, thread, userId);
      this.assertCanGrant(access.member!, access.participant!, input.permission);
      // Lowering your own level needs no cap on what you already hold.
      if (userId !== ctx.viewer.id) this.assertCanTouch(access, target);
      if (target.permission === input.permission) return { thread, participant: target };
      if (target.permission === MANAGE) await this.assertNotLastManager(tx, thread);
      await tx.getRepository(ThreadParticipant).update({ id: target.id }, { permission: input.permission });
      await publish(tx, ctx, {
        type: 'thread.participantPermissionChanged',
        companyId: thread.companyId,
        target: thread,
        data: { userId, from: target.permission, to: input.permission },
      });
      return { thread, participant: await tx.getRepository(ThreadParticipant).findOneByOrFail({ id: target.id }) };
    });
  }

  /**
   * The threads the viewer is in (as a participant still in the company, or as the freelancer),
   * newest first by creation (id order), optionally of one company and matching `search`.
   */
  list(ctx: AuthedContext, args: MessageThreadsArgs): Promise<Page<MessageThread>> {
    const qb = ctx.db
      .getRepository(MessageThread)
      .createQueryBuilder('thread')
      .where(viewerInThreadSql('thread'), { viewerId: ctx.viewer.id });
    if (args.companyId) qb.andWhere('thread.companyId = :companyId', { companyId: requireRowId(args.companyId, 'Company') });
    const scope = tokenCompanyId(ctx);
    if (scope) qb.andWhere('thread.companyId = :scope', { scope });
    const terms = searchTerms(args.search);
    if (terms) whereThreadMatches(qb, 'thread', terms);
    return paginate(qb, args, 'DESC');
  }

  /** A thread's messages in creation order (`last: n` gives the latest n). */
  messages(ctx: Context, thread: MessageThread, args: ConnectionArgs): Promise<Page<Message>> {
    return childPage(ctx, messagesOfThread, thread.id, args, undefined);
  }

  /** How the viewer stands in `thread`; inside a transaction pass `tx` to read fresh rows. */
  async accessTo(ctx: Context, thread: MessageThread, tx?: EntityManager): Promise<ThreadAccess> {
    const isFreelancer = !!ctx.viewer && thread.freelancerId === ctx.viewer.id && inTokenScope(ctx, thread.companyId);
    const member = await membershipOf(ctx, thread.companyId, tx);
    let participant: ThreadParticipant | null = null;
    if (member && ctx.viewer) {
      participant = tx
        ? await tx.getRepository(ThreadParticipant).findOneBy({ threadId: thread.id, userId: ctx.viewer.id })
        : await loader(ctx, viewerParticipation).load(thread.id);
    }
    return { thread, isFreelancer, member, participant };
  }

  /** The thread if the viewer is in it; null otherwise (callers answer NOT_FOUND). */
  async findVisible(ctx: Context, threadId: string): Promise<MessageThread | null> {
    const thread = await loader(ctx, threadById).load(threadId);
    if (!thread) return null;
    const access = await this.accessTo(ctx, thread);
    return access.isFreelancer || access.participant ? thread : null;
  }

  async findVisibleMessage(ctx: Context, messageId: string): Promise<Message | null> {
    const message = await loader(ctx, messageById).load(messageId);
    return message && (await this.findVisible(ctx, message.threadId)) ? message : null;
  }

  async findVisibleParticipant(ctx: Context, participantId: string): Promise<ThreadParticipant | null> {
    const participant = await loader(ctx, participantById).load(participantId);
    return participant && (await this.findVisible(ctx, participant.threadId)) ? participant : null;
  }

  /** Pending access (it names an email) is shown to the thread's coworkers, not to its freelancer. */
  async findVisiblePending(ctx: Context, pendingId: string): Promise<PendingThreadAccess | null> {
    const pending = await loader(ctx, pendingAccessById).load(pendingId);
    const thread = pending && (await loader(ctx, threadById).load(pending.threadId));
    return thread && maySeePending(await this.accessTo(ctx, thread)) ? pending : null;
  }

  private async insertMessage(tx: EntityManager, ctx: AuthedContext, thread: MessageThread, body: string, at: Date): Promise<Message> {
    const message = Object.assign(new Message(), {
      companyId: thread.companyId,
      threadId: thread.id,
      authorId: ctx.viewer.id,
      body,
      createdAt: at,
    });
    await tx.getRepository(Message).insert(message);
    await indexMessage(tx, message);
    return message;
  }

  /**
   * The thread behind a global id, if the viewer is in it, else NOT_FOUND (like an unknown id). With
   * `lock`, the thread row stays locked until the transaction ends (participant changes).
   */
  private async requireAccess(ctx: AuthedContext, tx: EntityManager, globalId: string, lock = false): Promise<ThreadAccess> {
    const id = requireRowId(globalId, 'MessageThread');
    const thread = lock ? await lockRow(tx, MessageThread, id) : await tx.getRepository(MessageThread).findOneBy({ id });
    const access = thread && (await this.accessTo(ctx, thread, tx));
    if (!access || (!access.isFreelancer && !access.participant)) throw notFound('MessageThread');
    return access;
  }

  /** A visible thread (locked) in which the viewer holds MANAGE; FORBIDDEN for lower levels. */
  private async requireManager(ctx: AuthedContext, tx: EntityManager, globalId: string): Promise<ThreadAccess> {
    const access = await this.requireAccess(ctx, tx, globalId, true);
    if (!access.participant || access.participant.permission !== MANAGE) {
      throw forbidden('Only participants with MANAGE can change who is in a thread');
    }
    return access;
  }

  private async requireParticipant(tx: EntityManager, thread: MessageThread, userId: string): Promise<ThreadParticipant> {
    const participant = await tx.getRepository(ThreadParticipant).findOneBy({ threadId: thread.id, userId });
    if (!participant) throw notFound('ThreadParticipant');
    return participant;
  }

  /** `permission` must be within the actor's own level and their role's cap. */
  private assertCanGrant(member: CompanyMember, actor: ThreadParticipant, permission: ThreadPermission): void {
    const cap = threadGrantCap(member.role, actor.permission);
    if (!threadAllows(cap, permission)) {
      throw forbidden(`With your role (${member.role}) and permission (${actor.permission}) you can grant at most ${cap}`);
    }
  }

  /** Nobody changes a participant who holds more than they could grant. */
  private assertCanTouch(access: ThreadAccess, target: ThreadParticipant): void {
    const cap = threadGrantCap(access.member!.role, access.participant!.permission);
    if (!threadAllows(cap, target.permission)) {
      throw forbidden(`With your role (${access.member!.role}) you cannot change a participant with ${target.permission}`);
    }
  }

  private async assertNotLastManager(tx: EntityManager, thread: MessageThread): Promise<void> {
    const managers = await tx.getRepository(ThreadParticipant).countBy({ threadId: thread.id, permission: MANAGE });
    if (managers <= 1) {
      throw new UserFailure(
        UserErrorCode.LAST_THREAD_MANAGER,
        'A thread needs at least one participant with MANAGE: give someone else MANAGE first',
        ['input', 'userId'],
      );
    }
  }

  /** Records (or updates) access for an email with no account yet. */
  private async addPending(
    ctx: AuthedContext,
    tx: EntityManager,
    thread: MessageThread,
    input: AddCoworkerToThreadInput,
  ): Promise<{ pendingAccess: PendingThreadAccess; invitation: Invitation }> {
    const email = input.email!.trim();
    const key = toEmailKey(email);
    // Someone not on Workroom yet gets the company invitation; accepting it grants
    // this access (granted by a subscriber of `invitation.accepted`, inside acceptInvitation). First, because finding a
    // stale invitation expired drops the access it carried (`invitation.expired`).
    const invitation = await invitationService.ensureInvited(ctx, tx, {
      companyRowId: thread.companyId,
      email,
      // Not the subject: every member can read invitations, not every member may see this thread.
      message: `${ctx.viewer.name} added you to a conversation on Workroom; you can read it once you join.`,
    });
    const repo = tx.getRepository(PendingThreadAccess);
    const existing = await repo.findOneBy({ threadId: thread.id, emailKey: key });
    const pending = existing ?? Object.assign(new PendingThreadAccess(), { companyId: thread.companyId, threadId: thread.id, emailKey: key });
    Object.assign(pending, { email, permission: input.permission, addedById: ctx.viewer.id });
    if (existing) {
      await repo.update({ id: existing.id }, { email, permission: input.permission, addedById: ctx.viewer.id });
    } else {
      await repo.insert(pending);
    }
    await publish(tx, ctx, {
      type: 'thread.pendingAccessAdded',
      companyId: thread.companyId,
      target: thread,
      data: { email, permission: input.permission, invitationId: invitation.id },
    });
    return { pendingAccess: await repo.findOneByOrFail({ id: pending.id }), invitation };
  }
}

/**
 * Turns the thread access promised to `emailKey` in `companyId` into ThreadParticipants of
 * `userId`, inside the caller's transaction (acceptInvitation's, after the membership row is
 * written). Returns the participants created.
 */
async function grantPendingThreadAccess(
  tx: EntityManager,
  ctx: Context,
  { companyId, userId, emailKey }: { companyId: string; userId: string; emailKey: string },
): Promise<ThreadParticipant[]> {
  const pendingRepo = tx.getRepository(PendingThreadAccess);
  const rows = await pendingRepo.find({ where: { companyId, emailKey }, order: { id: 'ASC' } });
  const granted: ThreadParticipant[] = [];
  for (const row of rows) {
    const thread = await tx.getRepository(MessageThread).findOneBy({ id: row.threadId, companyId });
    const taken =
      !thread ||
      thread.freelancerId === userId ||
      (await tx.getRepository(ThreadParticipant).existsBy({ threadId: row.threadId, userId }));
    if (thread && !taken) {
      const participant = Object.assign(new ThreadParticipant(), {
        companyId,
        threadId: row.threadId,
        userId,
        permission: row.permission,
        addedById: row.addedById,
      });
      await tx.getRepository(ThreadParticipant).insert(participant);
      await publish(tx, ctx, {
        type: 'thread.participantAdded',
        companyId,
        target: thread,
        data: { userId, permission: row.permission, via: 'invitation', pendingAccessId: row.id },
      });
      granted.push(participant);
    }
    await pendingRepo.delete({ id: row.id });
  }
  return granted;
}

/** Thread access waiting for an invitee becomes theirs when they accept the invitation that carried it. */
export const grantThreadAccessOnAcceptance = subscriber({
  name: 'thread access',
  description: 'Turns the pending thread access the invitation carried into thread participants, in the same transaction.',
  types: ['invitation.accepted'],
  mode: 'inTransaction',
  async handle({ data, companyId }, { tx, ctx }) {
    await grantPendingThreadAccess(tx, ctx, { companyId, userId: data.userId, emailKey: data.emailKey });
  },
});

/**
 * An invitation revoked or found expired takes the thread access it carried with it (one pending
 * invitation per email and company, so the rows for that email are its).
 */
export const dropThreadAccessOnClose = subscriber({
  name: 'thread access',
  description: 'Deletes the pending thread access the invitation carried, in the same transaction.',
  types: ['invitation.revoked', 'invitation.expired'],
  mode: 'inTransaction',
  async handle({ data, companyId }, { tx }) {
    await tx.getRepository(PendingThreadAccess).delete({ companyId, emailKey: data.emailKey });
  },
});

export const messagingService = new MessagingService();
