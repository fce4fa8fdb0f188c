import type { User } from '../account';
import { tokenCompanyId } from '../common/current-viewer';
import type { AuthedContext, Context } from '../common/context';
import { notFound } from '../common/errors';
import { publish } from '../common/events';
import { requireRowId } from '../common/ids';
import { loader } from '../common/loaders';
import { childPage, type ChildList, type ConnectionArgs, type Page } from '../common/pagination';
import { CompanyRole } from '../common/permissions';
import { rowById, type Columns } from '../common/rows';
import { transaction } from '../common/transaction';
import { membershipOf, requireMember } from './access';
import { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import type { CreateCompanyInput, UpdateCompanyInput } from './company.input';
import { companyById, primeMembership } from './company.loader';

const trimmed = (v: string | null | undefined) => (typeof v === 'string' ? v.trim() || null : v);

/**
 * User.companies for every user of a request in one statement. On a coworker (`viewerId` set) only
 * the companies the viewer shares with them. The viewer's own membership row comes along and fills
 * the membership loader, so the access checks below each company cost nothing more.
 */
const companiesOfUser: ChildList<Company, { viewerId: string | null; onlyCompanyId: string | null }> = {
  entity: Company,
  alias: 'company',
  parent: 'm.userId',
  direction: 'ASC',
  where(qb, { viewerId, onlyCompanyId }) {
    qb.innerJoin(CompanyMember, 'm', 'm.companyId = company.id');
    // An API token's request sees its one company and no other.
    if (onlyCompanyId) qb.andWhere('company.id = :onlyCompanyId', { onlyCompanyId });
    if (viewerId) qb.innerJoin(CompanyMember, 'vm', 'vm.companyId = company.id AND vm.userId = :viewerId', { viewerId });
  },
  also: {
    alias: ({ viewerId }) => (viewerId ? 'vm' : 'm'),
    entity: CompanyMember,
    use: (ctx, company, membership) => primeMembership(ctx, company.id, membership as CompanyMember),
  },
};

/** Companies (docs/domain.md "Companies, members, teams"): creating, editing, and the lists a member sees. */
export class CompanyService {
  /** Creates a company; the viewer becomes its OWNER. */
  async create(ctx: AuthedContext, input: CreateCompanyInput): Promise<Company> {
    return transaction(ctx, async (tx) => {
      const { name, ...contact } = input;
      const company = Object.assign(new Company(), contactFields(contact), { name: name.trim() });
      await tx.getRepository(Company).insert(company);
      const owner = Object.assign(new CompanyMember(), {
        companyId: company.id,
        userId: ctx.viewer.id,
        role: CompanyRole.OWNER,
        teamId: null,
      });
      await tx.getRepository(CompanyMember).insert(owner);
      await publish(tx, ctx, { type: 'company.created', companyId: company.id, target: company, data: { name: company.name } });
      return tx.getRepository(Company).findOneByOrFail({ id: company.id });
    });
  }

  /** Edits company info (OWNER and FULL). Omitted fields stay; null clears. */
  async update(ctx: AuthedContext, input: UpdateCompanyInput): Promise<Company> {
    const companyId = requireRowId(input.companyId, 'Company');
    return transaction(ctx, async (tx) => {
      await requireMember(ctx, companyId, { action: 'company.update', tx });
      const repo = tx.getRepository(Company);
      const company = await rowById(tx, Company, companyId);
      if (!company) throw notFound('Company');
      const { companyId: _id, name, ...contact } = input;
      const changes: Partial<Company> = contactFields(contact);
      if (typeof name === 'string') changes.name = name.trim();
      const changed = Object.keys(changes).filter(
        (k) => company[k as keyof Company] !== changes[k as keyof Company],
      );
      if (changed.length > 0) {
        await repo.update({ id: companyId }, changes);
        await publish(tx, ctx, {
          type: 'company.updated',
          companyId,
          target: company,
          data: { changed: Object.fromEntries(changed.map((k) => [k, changes[k as keyof Company]])) },
        });
      }
      const updated = await rowById(tx, Company, companyId);
      if (!updated) throw notFound('Company');
      return updated;
    });
  }

  /** The company if the viewer is a member; null otherwise (callers answer NOT_FOUND). */
  async findVisible(ctx: Context, companyId: string): Promise<Company | null> {
    if (!(await membershipOf(ctx, companyId))) return null;
    return loader(ctx, companyById).load(companyId);
  }

  async get(ctx: AuthedContext, globalId: string): Promise<Company> {
    const company = await this.findVisible(ctx, requireRowId(globalId, 'Company'));
    if (!company) throw notFound('Company');
    return company;
  }

  /**
   * The companies `user` belongs to that the viewer also belongs to: for the viewer, all of theirs
   * (`viewer.companies`); for a coworker, only the ones they share. `only` and `count` as `childPage`'s.
   */
  async companiesOf(ctx: AuthedContext, user: User, args: ConnectionArgs, only: Columns = null, count = true): Promise<Page<Company>> {
    const filter = { viewerId: user.id === ctx.viewer.id ? null : ctx.viewer.id, onlyCompanyId: tokenCompanyId(ctx) };
    return childPage(ctx, companiesOfUser, user.id, args, filter, only, count);
  }
}

function contactFields(input: Record<string, string | null | undefined>): Partial<Company> {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) out[key] = trimmed(value) ?? null;
  }
  return out as Partial<Company>;
}

export const companyService = new CompanyService();
