import type { UserLink } from '../common/module';
import type { AuthedContext, Context } from '../common/context';
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
  for (const link of links) {
    if (await link(ctx as AuthedContext, userId)) return ctx.db.getRepository(User).findOneBy({ id: userId });
  }
  return null;
}
