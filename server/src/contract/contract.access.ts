import type { EntityManager } from 'typeorm';
import { inTokenScope } from '../common/current-viewer';
import type { AuthedContext, Context } from '../common/context';
import { forbidden, notFound } from '../common/errors';
import { loader } from '../common/loaders';
import { can, type Action } from '../common/permissions';
import { membershipOf, type CompanyMember } from '../company';
import type { Contract } from './contract.entity';
import { contractById } from './contract.loader';

/** How the viewer relates to a contract: a member of its company, its freelancer, or both. */
export interface ContractParty {
  member: CompanyMember | null;
  freelancer: boolean;
}

/**
 * The viewer's part in `contract`, or null when they have none (and so may not even know it
 * exists). Inside a transaction pass `tx` for a fresh read of the membership.
 */
export async function partyOf(ctx: Context, contract: Contract, tx?: EntityManager): Promise<ContractParty | null> {
  if (!ctx.viewer) return null;
  const member = await membershipOf(ctx, contract.companyId, tx);
  // With an API token of another company the freelancer is a stranger to the contract too.
  const freelancer = contract.freelancerId === ctx.viewer.id && inTokenScope(ctx, contract.companyId);
  return member || freelancer ? { member, freelancer } : null;
}

/** A contract the viewer may see (company member or its freelancer), or null. */
export async function findVisibleContract(ctx: Context, contractId: string): Promise<Contract | null> {
  const contract = await loader(ctx, contractById).load(contractId);
  return contract && (await partyOf(ctx, contract)) ? contract : null;
}

/**
 * Requires the viewer to be a member of the contract's company allowed to take `action`.
 * Someone who cannot see the contract gets `<as> not found`; its freelancer (and members
 * whose role lacks the action) get FORBIDDEN.
 */
export async function requireContractRole(
  ctx: AuthedContext,
  contract: Contract,
  tx: EntityManager,
  action: Action = 'contract.manage',
  as = 'Contract',
): Promise<CompanyMember> {
  const party = await partyOf(ctx, contract, tx);
  if (!party) throw notFound(as);
  if (!party.member) throw forbidden(`Only members of the company can do this (${action})`);
  if (!can(party.member.role, action)) {
    throw forbidden(`Your role (${party.member.role}) does not allow this (${action})`);
  }
  return party.member;
}
