import DataLoader from 'dataloader';
import type { Context } from '../common/context';
import { batching, byColumn, type LoaderFactory } from '../common/loaders';
import { cachedSql, readRows, sqlWriter, toEntities } from '../common/rows';
import { CompanyMember, primeMembership } from '../company';
import { Contract } from './contract.entity';

const contractRows = byColumn(Contract);

/** What the joined statement selects of the viewer's membership (prefixed, beside the contract's own columns). */
const MEMBER = 'm_';

/**
 * Contracts by id, each read with the viewer's membership of its company in the same statement:
 * whoever loads a contract checks next whether the viewer may see it (`partyOf`), and that check
 * then finds the membership already known instead of sending a second statement. Anonymous
 * requests read the contracts alone.
 */
export const contractById: LoaderFactory<string, Contract | null> = (ctx: Context) => {
  const viewer = ctx.viewer;
  if (!viewer) return contractRows(ctx);
  return new DataLoader<string, Contract | null>(async (keys) => {
    const ids = [...new Set(keys)];
    const text = cachedSql(ctx.db, `contractWithMembership:${ids.length}`, () => {
      const sql = sqlWriter(ctx.db);
      return (
        `SELECT ${sql.columns(Contract, 'c')}, ${sql.columns(CompanyMember, 'm', MEMBER)} FROM ${sql.table(Contract)} c ` +
        `LEFT JOIN ${sql.table(CompanyMember)} m ON m.${sql.name('companyId')} = c.${sql.name('companyId')} AND m.${sql.name('userId')} = ${sql.param()} ` +
        `WHERE c.${sql.name('id')} IN (${sql.params(ids.length)})`
      );
    });
    const raws = await readRows(ctx.db, text, [viewer.id, ...ids]);
    const memberships = toEntities(ctx.db, CompanyMember, raws, MEMBER);
    const contracts = toEntities(ctx.db, Contract, raws);
    // A row without a membership (the LEFT JOIN found none) says the viewer is no member of that company.
    contracts.forEach((contract, i) => primeMembership(ctx, contract.companyId, memberships[i].id == null ? null : memberships[i]));
    const byId = new Map(contracts.map((contract) => [contract.id, contract]));
    return keys.map((id) => byId.get(id) ?? null);
  }, batching(ctx));
};
