import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../account';
import { Node } from '../common/node';
import { CompanyRole } from '../common/permissions';
import { Team } from './team.entity';
import { CompanyOwned } from './company-owned';

/** A user's membership of a company: their role and team. One per (company, user), by constraint. */
@ObjectType({ implements: Node, description: 'A coworker: a user’s membership of a company.' })
@Entity('company_members')
@Index(['companyId', 'userId'], { unique: true })
// Company.members pages: PARTITION BY companyId ORDER BY id (see common/pagination.ts).
@Index('IDX_company_members_company_page', ['companyId', 'id'])
export class CompanyMember extends CompanyOwned {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Field(() => CompanyRole)
  @Column({ type: 'varchar', length: 20 })
  role!: CompanyRole;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  teamId!: string | null;

  @ManyToOne(() => Team, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'teamId' })
  team?: Team | null;
}
