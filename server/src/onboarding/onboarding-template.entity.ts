import { Column, Entity, Index } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { CompanyOwned } from '../company';
import { OnboardingTaskType, TemplateTaskOwner } from './onboarding.enums';

/** One task of a company's onboarding template; its owner is resolved when a contract is created. */
@ObjectType({ description: 'A task every new contract of the company gets.' })
export class OnboardingTemplateTask {
  @Field(() => OnboardingTaskType) type!: OnboardingTaskType;
  @Field() title!: string;
  @Field() details!: string;
  @Field(() => TemplateTaskOwner) ownerRole!: TemplateTaskOwner;
  @Field() required!: boolean;
  @Field() requiresAttachment!: boolean;
  @Field(() => Int, { nullable: true, description: 'Due this many days after the contract is created.' })
  dueInDays!: number | null;
}

/** The tasks a company's new contracts get when `createContract` names none. One per company. */
@ObjectType({ implements: Node, description: 'The onboarding tasks each new contract of a company gets by default.' })
@Entity('onboarding_templates')
@Index(['companyId'], { unique: true })
export class OnboardingTemplate extends CompanyOwned {
  @Field(() => [OnboardingTemplateTask])
  @Column({ type: 'simple-json' })
  tasks!: OnboardingTemplateTask[];

  @Field(() => Date)
  @Column({ type: Date })
  updatedAt!: Date;
}
