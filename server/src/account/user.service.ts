import type { Context } from '../common/context';
import { tokenCompanyId } from './api-token.scope';
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
  const scope = tokenCompanyId(ctx);
  if (scope) return visibleInCompany(ctx, scope, userId);
  const shared = await ctx.db
    .getRepository(CompanyMember)
    .createQueryBuilder('m')
    .innerJoin(CompanyMember, 'v', 'v.companyId = m.companyId AND v.userId = :viewerId', { viewerId: ctx.viewer.id })
    .where('m.userId = :userId', { userId })
    .getExists();
  const linked = shared || (await contractLinks(ctx.db.manager, ctx.viewer.id, userId)) || (await sharesThread(ctx, userId));
  return linked ? ctx.db.getRepository(User).findOneBy({ id: userId }) : null;
}

/**
 * With an API token the viewer sees only the people of the token's company: its members, and the
 * freelancers of its contracts and threads.
 */
async function visibleInCompany(ctx: Context, companyId: string, userId: string): Promise<User | null> {
  const seen = await ctx.db
    .getRepository(User)
    .createQueryBuilder('u')
    .where('u.id = :userId', { userId })
    .andWhere(
      '(EXISTS (SELECT 1 FROM "company_members" "m" WHERE "m"."companyId" = :companyId AND "m"."userId" = u.id)' +
        ' OR EXISTS (SELECT 1 FROM "contracts" "c" WHERE "c"."companyId" = :companyId AND "c"."freelancerId" = u.id)' +
        ' OR EXISTS (SELECT 1 FROM "message_threads" "t" WHERE "t"."companyId" = :companyId AND "t"."freelancerId" = u.id))',
      { companyId },
    )
    .getOne();
  return seen ?? null;
}
