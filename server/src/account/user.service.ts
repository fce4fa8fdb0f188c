import type { Context } from '../common/context';
import { CompanyMember } from '../company/company-member.entity';
import { contractLinks } from '../contract/contract.visibility';
import { sharesThread } from '../messaging/thread-visibility';
import { User } from './user.entity';

/**
 * A user the viewer may see: themselves or a coworker (someone sharing a company).
 * Later modules widen this (a contract's freelancer, a thread's participants).
 */
export async function findVisibleUser(ctx: Context, userId: string): Promise<User | null> {
  if (!ctx.viewer) return null;
  if (userId === ctx.viewer.id) return ctx.viewer;
  const shared = await ctx.db
    .getRepository(CompanyMember)
    .createQueryBuilder('m')
    .innerJoin(CompanyMember, 'v', 'v.companyId = m.companyId AND v.userId = :viewerId', { viewerId: ctx.viewer.id })
    .where('m.userId = :userId', { userId })
    .getExists();
  const linked = shared || (await contractLinks(ctx.db.manager, ctx.viewer.id, userId)) || (await sharesThread(ctx, userId));
  return linked ? ctx.db.getRepository(User).findOneBy({ id: userId }) : null;
}
