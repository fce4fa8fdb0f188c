import type { EntityManager } from 'typeorm';
import { CompanyMember } from '../company';
import { Contract } from './contract.entity';

/**
 * True when a contract links the two users: one is its freelancer and the other a member of its
 * company. They may then see each other (task owners, the freelancer's name).
 */
export function contractLinks(manager: EntityManager, viewerId: string, userId: string): Promise<boolean> {
  const link = (freelancer: string, member: string) =>
    manager
      .getRepository(Contract)
      .createQueryBuilder('c')
      .innerJoin(CompanyMember, 'm', 'm.companyId = c.companyId AND m.userId = :member', { member })
      .where('c.freelancerId = :freelancer', { freelancer })
      .getExists();
  return link(userId, viewerId).then((yes) => yes || link(viewerId, userId));
}
