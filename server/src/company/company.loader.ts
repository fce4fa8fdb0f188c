import DataLoader from 'dataloader';
import { byColumn, type LoaderFactory } from '../common/loaders';
import { cachedSql, readRows, sqlWriter, toEntities } from '../common/rows';
import { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import { Team } from './team.entity';

export const companyById = byColumn(Company);
export const teamById = byColumn(Team);

/** The viewer's own membership of each company asked for (null when not a member). */
export const viewerMembership: LoaderFactory<string, CompanyMember | null> = (ctx) =>
  new DataLoader(async (companyIds) => {
    if (!ctx.viewer) return companyIds.map(() => null);
    const ids = [...new Set(companyIds)];
    const text = cachedSql(ctx.db, `viewerMembership:${ids.length}`, () => {
      const sql = sqlWriter(ctx.db);
      return `SELECT ${sql.columns(CompanyMember, 'm')} FROM ${sql.table(CompanyMember)} m WHERE m.${sql.name('userId')} = ${sql.param()} AND m.${sql.name('companyId')} IN (${sql.params(ids.length)})`;
    });
    const rows = toEntities(ctx.db, CompanyMember, await readRows(ctx.db, text, [ctx.viewer.id, ...ids]));
    const byCompany = new Map(rows.map((m) => [m.companyId, m]));
    return companyIds.map((id) => byCompany.get(id) ?? null);
  });
