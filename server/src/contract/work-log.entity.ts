import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Node } from '../common/node';
import { CompanyOwned } from '../company';
import { Contract } from './contract.entity';

/** Hours a freelancer worked on an active contract on one day (docs/domain.md "Contracts"). */
@ObjectType({ implements: Node, description: 'Hours worked on a contract on one day.' })
@Entity('work_logs')
@Index(['contractId', 'date'])
@Index(['companyId', 'id'])
export class WorkLog extends CompanyOwned {
  @Column({ type: 'varchar', length: 36 })
  contractId!: string;

  @ManyToOne(() => Contract, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contractId' })
  contract?: Contract;

  @Column({ type: 'varchar', length: 36 })
  freelancerId!: string;

  @Field(() => GraphQLLocalDate, { description: 'The day worked (YYYY-MM-DD).' })
  @Column({ type: 'varchar', length: 10 })
  date!: string;

  /** Stored in whole minutes so that a day's total adds up exactly. */
  @Column({ type: 'integer' })
  minutes!: number;

  @Field(() => Float, { description: 'Hours worked, to the minute.' })
  get hours(): number {
    return Math.round((this.minutes / 60) * 1000) / 1000;
  }

  @Field({ description: 'What was done.' })
  @Column({ type: 'varchar', length: 2000 })
  memo!: string;
}
