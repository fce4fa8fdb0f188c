import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byColumn, type LoaderFactory } from '../common/loaders';
import { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import { Team } from './team.entity';

export const companyById = byColumn(Company);
export const teamById = byColumn(Team);

/** The viewer's own membership of each company asked for (null when not a member). */
export const viewerMembership: LoaderFactory<string, CompanyMember | null> = (ctx) =>
  new DataLoader(async (companyIds) => {
    if (!ctx.viewer) return companyIds.map(() => null);
    const rows = await ctx.db
      .getRepository(CompanyMember)
      .findBy({ userId: ctx.viewer.id, companyId: In([...companyIds]) });
    const byCompany = new Map(rows.map((m) => [m.companyId, m]));
    return companyIds.map((id) => byCompany.get(id) ?? null);
  });
