import type { EntityManager } from 'typeorm';
import { inTokenScope } from '../common/current-viewer';
import type { AuthedContext, Context } from '../common/context';
import { forbidden, notFound } from '../common/errors';
import { loader } from '../common/loaders';
import { can, type Action } from '../common/permissions';
import { CompanyMember } from './company-member.entity';
import { knownMembership, readMemberships, viewerMembership } from './company.loader';

/**
 * The viewer's membership of a company, or null. Inside a transaction pass `tx`: the answer is
 * then read fresh (and sees rows locked by the transaction), not from the request's cache.
 * A request made with an API token has no membership outside the token's company: there the
 * viewer is a stranger. Inside it the membership (and so the role) is the creator's current one.
 */
export async function membershipOf(
  ctx: Context,
  companyId: string,
  tx?: EntityManager,
): Promise<CompanyMember | null> {
  if (!ctx.viewer || !inTokenScope(ctx, companyId)) return null;
  if (tx) return (await readMemberships(tx, ctx.viewer.id, [companyId]))[0] ?? null;
  return loader(ctx, viewerMembership).load(companyId);
}

/**
 * `membershipOf` without waiting, when the request has already read the membership (undefined when
 * it has not: call `membershipOf`). The same answer, token scope included.
 */
export function membershipKnown(ctx: Context, companyId: string): CompanyMember | null | undefined {
  if (!ctx.viewer || !inTokenScope(ctx, companyId)) return null;
  return knownMembership(ctx, companyId);
}

export interface AccessOptions {
  /** Row of the permission table to check; default `company.read`. */
  action?: Action;
  /** Read the membership inside this transaction. */
  tx?: EntityManager;
  /**
   * The type the client asked for. A non-member hears "<as> not found", word for word what an
   * unknown id of that type gives, so nothing tells them the object exists.
   */
  as?: string;
}

/**
 * The one gate for company data: the viewer's membership, allowed to take `action` by the
 * permission table. Non-members get NOT_FOUND; members whose role lacks the action, FORBIDDEN.
 */
export async function requireMember(
  ctx: AuthedContext,
  companyId: string,
  { action = 'company.read', tx, as = 'Company' }: AccessOptions = {},
): Promise<CompanyMember> {
  const member = await membershipOf(ctx, companyId, tx);
  if (!member) throw notFound(as);
  if (!can(member.role, action)) {
    throw forbidden(`Your role (${member.role}) does not allow this (${action})`);
  }
  return member;
}

/** True when the viewer and `userId` are members of one company: coworkers see each other. */
export function sharesCompany(ctx: AuthedContext, userId: string): Promise<boolean> {
  return ctx.db
    .getRepository(CompanyMember)
    .createQueryBuilder('m')
    .innerJoin(CompanyMember, 'v', 'v.companyId = m.companyId AND v.userId = :viewerId', { viewerId: ctx.viewer.id })
    .where('m.userId = :userId', { userId })
    .getExists();
}
