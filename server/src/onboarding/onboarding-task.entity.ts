import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Node } from '../common/node';
import { CompanyOwned } from '../company';
import { Contract } from '../contract';
import { OnboardingTaskStatus, OnboardingTaskType, WorkerClassification } from './onboarding.enums';

/** A step that must be done before a contract starts (docs/domain.md "Onboarding"). */
@ObjectType({ implements: Node, description: 'A task to complete before a contract can start.' })
@Entity('onboarding_tasks')
// CSV exports page through a company's tasks by id. Insights join tasks to a company's contracts: without
// (companyId, contractId) PostgreSQL with stale statistics ANDs two bitmaps per contract (50 s for 60k tasks).
@Index(['companyId', 'id'])
@Index(['companyId', 'contractId'])
// Contract.onboardingTasks for many contracts, each in order: contractId IN (…) ORDER BY contractId, id.
@Index('IDX_onboarding_tasks_contract_order', ['contractId', 'id'])
@Index(['companyId'])
export class OnboardingTask extends CompanyOwned {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  contractId!: string;

  @ManyToOne(() => Contract, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contractId' })
  contract?: Contract;

  @Field(() => OnboardingTaskType)
  @Column({ type: 'varchar', length: 40 })
  type!: OnboardingTaskType;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field({ description: 'The help text behind the "?" icon: what to do and why.' })
  @Column({ type: 'varchar', length: 5000 })
  details!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  ownerId!: string;

  @Field({ description: 'Whether the contract can only start once this task is completed.' })
  @Column({ type: 'boolean' })
  required!: boolean;

  @Field({ description: 'Whether completing needs at least one attached file.' })
  @Column({ type: 'boolean' })
  requiresAttachment!: boolean;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Column({ type: 'varchar', length: 10, nullable: true })
  dueDate!: string | null;

  @Field({ description: 'True when `dueDate` has passed and the task is not completed.' })
  get overdue(): boolean {
    if (!this.dueDate || this.status === OnboardingTaskStatus.COMPLETED) return false;
    return this.dueDate < new Date().toISOString().slice(0, 10);
  }

  @Field(() => OnboardingTaskStatus)
  @Column({ type: 'varchar', length: 20 })
  status!: OnboardingTaskStatus;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  completedById!: string | null;

  @Field(() => WorkerClassification, { nullable: true, description: 'The result of a CLASSIFICATION task.' })
  @Column({ type: 'varchar', length: 30, nullable: true })
  classification!: WorkerClassification | null;
}
