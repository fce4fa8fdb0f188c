import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import type { Context } from '../common/context';
import { batching, byColumn, loader, type LoaderFactory } from '../common/loaders';
import { cachedSql, dataSourceOf, readRows, sqlWriter, toEntities } from '../common/rows';
import { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import { Team } from './team.entity';

export const companyById = byColumn(Company);
export const teamById = byColumn(Team);

/**
 * The viewer's memberships this request has read, by company, for a synchronous answer: a field
 * such as `viewerRole` on each of 50 companies of a page, whose memberships came with the page,
 * then answers without a promise per company. Kept on the request's loader; filled by its batches
 * and by `primeMembership`.
 */
class MembershipLoader extends DataLoader<string, CompanyMember | null> {
  readonly known = new Map<string, CompanyMember | null>();
}

/** The viewer's membership of `companyId` if this request has read it already; undefined if not. */
export const knownMembership = (ctx: Context, companyId: string): CompanyMember | null | undefined =>
  (ctx.loaders.get(viewerMembership) as MembershipLoader | undefined)?.known.get(companyId);

/** Hands the viewer's membership of `companyId` (null: not a member), read along with something else, to the loader. */
export function primeMembership(ctx: Context, companyId: string, membership: CompanyMember | null): void {
  const memberships = loader(ctx, viewerMembership) as MembershipLoader;
  memberships.prime(companyId, membership);
  if (!memberships.known.has(companyId)) memberships.known.set(companyId, membership);
}

/**
 * `userId`'s membership rows in these companies, in one statement: for the request's loader (the data
 * source) or fresh inside a transaction (`tx`, see `membershipOf`).
 */
export async function readMemberships(source: DataSource | EntityManager, userId: string, companyIds: readonly string[]): Promise<CompanyMember[]> {
  const db = dataSourceOf(source);
  const ids = [...new Set(companyIds)];
  const text = cachedSql(db, `viewerMembership:${ids.length}`, () => {
    const sql = sqlWriter(db);
    return `SELECT ${sql.columns(CompanyMember, 'm')} FROM ${sql.table(CompanyMember)} m WHERE m.${sql.name('userId')} = ${sql.param()} AND m.${sql.name('companyId')} IN (${sql.params(ids.length)})`;
  });
  return toEntities(db, CompanyMember, await readRows(source, text, [userId, ...ids]));
}

/** The viewer's own membership of each company asked for (null when not a member). */
export const viewerMembership: LoaderFactory<string, CompanyMember | null> = (ctx) => {
  const memberships: MembershipLoader = new MembershipLoader(async (companyIds) => {
    if (!ctx.viewer) return companyIds.map(() => null);
    const rows = await readMemberships(ctx.db, ctx.viewer.id, companyIds);
    const byCompany = new Map(rows.map((m) => [m.companyId, m]));
    return companyIds.map((id) => {
      const membership = byCompany.get(id) ?? null;
      if (!memberships.known.has(id)) memberships.known.set(id, membership);
      return membership;
    });
  }, batching(ctx));
  return memberships;
};
