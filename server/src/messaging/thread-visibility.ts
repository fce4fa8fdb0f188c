import type { Context } from '../common/context';
import { MessageThread } from './message-thread.entity';

/**
 * SQL condition: the viewer (`:viewerId`) is in the thread aliased `alias`, as its freelancer or as a
 * participant who is still a member of the thread's company.
 */
export const viewerInThreadSql = (alias: string): string =>
  `(${alias}.freelancerId = :viewerId OR EXISTS (SELECT 1 FROM "thread_participants" "vp"` +
  ` INNER JOIN "company_members" "vm" ON "vm"."companyId" = "vp"."companyId" AND "vm"."userId" = "vp"."userId"` +
  ` WHERE "vp"."threadId" = ${alias}.id AND "vp"."userId" = :viewerId))`;

/**
 * True when the viewer and `userId` are in a thread together (participant or freelancer): they
 * then see each other as Users (findVisibleUser).
 */
export async function sharesThread(ctx: Context, userId: string): Promise<boolean> {
  if (!ctx.viewer) return false;
  return ctx.db
    .getRepository(MessageThread)
    .createQueryBuilder('thread')
    .where(viewerInThreadSql('thread'), { viewerId: ctx.viewer.id })
    .andWhere(
      '(thread.freelancerId = :userId OR EXISTS (SELECT 1 FROM "thread_participants" "up" WHERE "up"."threadId" = thread.id AND "up"."userId" = :userId))',
      { userId },
    )
    .getExists();
}
