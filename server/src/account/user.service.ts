import type { UserLink } from '../common/module';
import type { AuthedContext, Context } from '../common/context';
import { tokenCompanyId } from '../common/current-viewer';
import { User } from './user.entity';

const links: UserLink[] = [];

/** Called once per module at schema build (`WorkroomModule.userLinks`). */
export function registerUserLink(link: UserLink): void {
  if (!links.includes(link)) links.push(link);
}

/**
 * A user the viewer may see: themselves, or someone a module links them to (company: a coworker;
 * contract: its freelancer and the company's members; messaging: a thread's people).
 */
export async function findVisibleUser(ctx: Context, userId: string): Promise<User | null> {
  if (!ctx.viewer) return null;
  if (userId === ctx.viewer.id) return ctx.viewer;
  const scope = tokenCompanyId(ctx);
  if (scope) return visibleInCompany(ctx, scope, userId);
  for (const link of links) {
    if (await link(ctx as AuthedContext, userId)) return ctx.db.getRepository(User).findOneBy({ id: userId });
  }
  return null;
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
