import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../account';
import { Node } from '../common/node';
import { CompanyOwned } from '../company';

/** Where a contract is in its life (work starts only once onboarding is done). */
export enum ContractStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ENDED = 'ENDED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ContractStatus, {
  name: 'ContractStatus',
  valuesConfig: {
    PENDING: { description: 'Created; onboarding tasks are being completed. No work may be logged.' },
    ACTIVE: { description: 'Started: the freelancer may log work.' },
    PAUSED: { description: 'Temporarily stopped; can be resumed or ended.' },
    ENDED: { description: 'Finished after having been active. Final.' },
    CANCELLED: { description: 'Called off before it started. Final.' },
  },
});

/** A contract between a company and a freelancer (docs/domain.md "Contracts"). */
@ObjectType({ implements: Node, description: 'A contract between a company and a freelancer.' })
@Entity('contracts')
@Index(['companyId', 'status'])
// Insights filter a company's contracts by creation time; CSV exports and Company.contracts pages
// (PARTITION BY companyId ORDER BY id, see common/pagination.ts) read them by id.
@Index(['companyId', 'createdAt'])
@Index(['companyId', 'id'])
export class Contract extends CompanyOwned {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  freelancerId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'freelancerId' })
  freelancer?: User;

  /** The member who created the contract. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  createdById!: string | null;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'The scope of work, as agreed.' })
  @Column({ type: 'varchar', length: 5000, nullable: true })
  description!: string | null;

  @Field(() => Int, { nullable: true, description: 'Hourly rate in minor units of `currency` (cents); null when not hourly.' })
  @Column({ type: 'integer', nullable: true })
  hourlyRateCents!: number | null;

  @Field({ description: 'ISO 4217 currency code of the rate, e.g. "USD".' })
  @Column({ type: 'varchar', length: 3, default: 'USD' })
  currency!: string;

  @Field(() => ContractStatus)
  @Column({ type: 'varchar', length: 20 })
  status!: ContractStatus;

  @Field(() => Date, { nullable: true, description: 'When the contract was started; work before this cannot be billed.' })
  @Column({ type: Date, nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the contract was ended or cancelled.' })
  @Column({ type: Date, nullable: true })
  endedAt!: Date | null;
}
