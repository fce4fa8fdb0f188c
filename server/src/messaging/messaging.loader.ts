import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { batching, byColumn, groupedBy, type LoaderFactory } from '../common/loaders';
import { Message } from './message.entity';
import { MessageThread } from './message-thread.entity';
import { PendingThreadAccess } from './pending-thread-access.entity';
import { ThreadParticipant } from './thread-participant.entity';

export const threadById = byColumn(MessageThread);
export const messageById = byColumn(Message);
export const participantById = byColumn(ThreadParticipant);
export const pendingAccessById = byColumn(PendingThreadAccess);
export const participantsByThread = groupedBy(ThreadParticipant, 'threadId');
export const pendingAccessByThread = groupedBy(PendingThreadAccess, 'threadId');

/** The newest message of each thread, with one query for all threads asked for. */
export const lastMessageByThread: LoaderFactory<string, Message | null> = (ctx) =>
  new DataLoader(async (threadIds) => {
    const rows = await ctx.db
      .getRepository(Message)
      .createQueryBuilder('message')
      .where((qb) => {
        const latest = qb
          .subQuery()
          .select('MAX(m.id)')
          .from(Message, 'm')
          .where('m.threadId IN (:...threadIds)')
          .groupBy('m.threadId')
          .getQuery();
        return `message.id IN ${latest}`;
      })
      .setParameter('threadIds', [...threadIds])
      .getMany();
    const byThread = new Map(rows.map((m) => [m.threadId, m]));
    return threadIds.map((id) => byThread.get(id) ?? null);
  }, batching(ctx));

/** The viewer's own participant row in each thread asked for (null when not a participant). */
export const viewerParticipation: LoaderFactory<string, ThreadParticipant | null> = (ctx) =>
  new DataLoader(async (threadIds) => {
    if (!ctx.viewer) return threadIds.map(() => null);
    const rows = await ctx.db
      .getRepository(ThreadParticipant)
      .findBy({ userId: ctx.viewer.id, threadId: In([...threadIds]) });
    const byThread = new Map(rows.map((p) => [p.threadId, p]));
    return threadIds.map((id) => byThread.get(id) ?? null);
  }, batching(ctx));
