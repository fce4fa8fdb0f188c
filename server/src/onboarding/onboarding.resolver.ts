import { Arg, Ctx, Field, FieldResolver, Info, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { User, userById } from '../account';
import type { AuthedContext, Context } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { loader } from '../common/loaders';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { Company, companyById } from '../company';
import { Contract, contractById } from '../contract';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { OnboardingTask } from './onboarding-task.entity';
import { OnboardingTemplate } from './onboarding-template.entity';
import {
  AttachFileToOnboardingTaskInput,
  CompleteOnboardingTaskInput,
  ReassignOnboardingTaskInput,
  SetOnboardingTemplateInput,
  StartOnboardingTaskInput,
} from './onboarding.input';
import { OnboardingTaskStatus } from './onboarding.enums';
import { attachmentsByTask, TASK_COLUMNS, tasksByContract, tasksByContractReading } from './onboarding.loader';
import { listColumns } from '../common/selection';
import { onboardingService } from './onboarding.service';

@ObjectType()
export class StartOnboardingTaskPayload extends Payload(OnboardingTask, 'onboardingTask') {}
@ObjectType()
export class CompleteOnboardingTaskPayload extends Payload(OnboardingTask, 'onboardingTask') {}
@ObjectType()
export class ReassignOnboardingTaskPayload extends Payload(OnboardingTask, 'onboardingTask') {}
@ObjectType()
export class AttachFileToOnboardingTaskPayload extends Payload(OnboardingTask, 'onboardingTask') {}
@ObjectType()
export class SetOnboardingTemplatePayload extends Payload(OnboardingTemplate, 'onboardingTemplate') {}

@Resolver(() => OnboardingTask)
export class OnboardingTaskResolver {
  @Mutation(() => StartOnboardingTaskPayload, { description: '"Start task": the task’s owner begins it.' })
  startOnboardingTask(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: StartOnboardingTaskInput): Promise<PayloadShape<OnboardingTask>> {
    return mutate(() => onboardingService.start(ctx, input.taskId));
  }

  @Mutation(() => CompleteOnboardingTaskPayload, {
    description: '"Complete": the owner finishes a started task (attachment and classification when required).',
  })
  completeOnboardingTask(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: CompleteOnboardingTaskInput): Promise<PayloadShape<OnboardingTask>> {
    return mutate(() => onboardingService.complete(ctx, input));
  }

  @Mutation(() => ReassignOnboardingTaskPayload, {
    description: 'Gives a task that is not completed to the freelancer or another member. OWNER, FULL and HIRING_MANAGER.',
  })
  reassignOnboardingTask(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: ReassignOnboardingTaskInput): Promise<PayloadShape<OnboardingTask>> {
    return mutate(() => onboardingService.reassign(ctx, input));
  }

  @Mutation(() => AttachFileToOnboardingTaskPayload, {
    description: 'Attaches a file you uploaded with `POST /uploads` to a task you own.',
  })
  attachFileToOnboardingTask(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: AttachFileToOnboardingTaskInput): Promise<PayloadShape<OnboardingTask>> {
    return mutate(() => onboardingService.attach(ctx, input));
  }

  @Mutation(() => SetOnboardingTemplatePayload, {
    description: 'Sets the tasks new contracts of the company get by default. OWNER, FULL and HIRING_MANAGER.',
  })
  setOnboardingTemplate(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: SetOnboardingTemplateInput): Promise<PayloadShape<OnboardingTemplate>> {
    return mutate(() => onboardingService.setTemplate(ctx, input));
  }

  @FieldResolver(() => Contract)
  contract(@Root() task: OnboardingTask, @Ctx() ctx: Context): Promise<Contract | null> {
    return loader(ctx, contractById).load(task.contractId);
  }

  @FieldResolver(() => User, { description: 'Who must do it: the freelancer or a company member.' })
  owner(@Root() task: OnboardingTask, @Ctx() ctx: Context): Promise<User | null> {
    return loader(ctx, userById).load(task.ownerId);
  }

  @FieldResolver(() => User, { nullable: true })
  async completedBy(@Root() task: OnboardingTask, @Ctx() ctx: Context): Promise<User | null> {
    return task.completedById ? loader(ctx, userById).load(task.completedById) : null;
  }

  @FieldResolver(() => [OnboardingAttachment])
  attachments(@Root() task: OnboardingTask, @Ctx() ctx: Context): Promise<OnboardingAttachment[]> {
    return loader(ctx, attachmentsByTask).load(task.id);
  }
}

@Resolver(() => OnboardingAttachment)
export class OnboardingAttachmentResolver {
  @FieldResolver(() => User)
  uploadedBy(@Root() attachment: OnboardingAttachment, @Ctx() ctx: Context): Promise<User | null> {
    return loader(ctx, userById).load(attachment.attachedById);
  }
}

@Resolver(() => OnboardingTemplate)
export class OnboardingTemplateResolver {
  @FieldResolver(() => Company)
  company(@Root() template: OnboardingTemplate, @Ctx() ctx: Context): Promise<Company | null> {
    return loader(ctx, companyById).load(template.companyId);
  }
}

@Resolver(() => Company)
export class CompanyOnboardingResolver {
  @FieldResolver(() => OnboardingTemplate, {
    nullable: true,
    description: 'The tasks new contracts get when `createContract` names none; null when not set.',
  })
  onboardingTemplate(@CurrentViewer() ctx: AuthedContext, @Root() company: Company): Promise<OnboardingTemplate | null> {
    return onboardingService.template(ctx, company.id);
  }
}

@ObjectType({ description: 'How far a contract’s onboarding is.' })
export class OnboardingProgress {
  @Field(() => Int, { description: 'All tasks.' }) total!: number;
  @Field(() => Int, { description: 'Completed tasks.' }) completed!: number;
  @Field(() => Int, { description: 'Tasks that must be completed before the start.' }) required!: number;
  @Field(() => Int, { description: 'Required tasks already completed.' }) requiredCompleted!: number;
}

/** What a contract shows of its onboarding (declared here: the tasks are this module's). */
@Resolver(() => Contract)
export class ContractOnboardingResolver {
  @FieldResolver(() => [OnboardingTask], { description: 'The tasks to complete before the start, in order.' })
  onboardingTasks(@Root() contract: Contract, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<OnboardingTask[]> {
    return loader(ctx, tasksByContractReading(listColumns(info, TASK_COLUMNS, ['contractId']))).load(contract.id);
  }

  @FieldResolver(() => OnboardingProgress)
  async onboardingProgress(@Root() contract: Contract, @Ctx() ctx: Context): Promise<OnboardingProgress> {
    const tasks = await loader(ctx, tasksByContract).load(contract.id);
    const done = (t: OnboardingTask) => t.status === OnboardingTaskStatus.COMPLETED;
    const required = tasks.filter((t) => t.required);
    return {
      total: tasks.length,
      completed: tasks.filter(done).length,
      required: required.length,
      requiredCompleted: required.filter(done).length,
    };
  }
}
