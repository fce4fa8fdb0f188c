import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Info, Int, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { requireViewer } from '../account/auth';
import { User } from '../account/user.entity';
import { userById } from '../account/user.loader';
import type { Context } from '../common/context';
import { loader } from '../common/loaders';
import { Connection, ConnectionArgs, type Page } from '../common/pagination';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { Company } from '../company/company.entity';
import { companyById } from '../company/company.loader';
import { OnboardingTask } from '../onboarding/onboarding-task.entity';
import { OnboardingTaskStatus } from '../onboarding/onboarding.enums';
import { TASK_COLUMNS, tasksByContract, tasksByContractReading } from '../onboarding/onboarding.loader';
import { connectionColumns, listColumns, type LeanFields } from '../common/selection';
import { Contract, ContractStatus } from './contract.entity';
import { contractById } from './contract.loader';
import {
  CancelContractInput,
  CreateContractInput,
  EndContractInput,
  LogWorkInput,
  PauseContractInput,
  ResumeContractInput,
  StartContractInput,
} from './contract.input';
import { ContractRole, contractService } from './contract.service';
import { WorkLog } from './work-log.entity';
import { Idempotent } from '../idempotency';

registerEnumType(ContractRole, {
  name: 'ContractRole',
  valuesConfig: {
    FREELANCER: { description: 'Contracts where you are the freelancer.' },
    CLIENT: { description: 'Contracts of the companies you are a member of.' },
  },
});

export const ContractConnection = Connection(Contract);
export const WorkLogConnection = Connection(WorkLog);

@ObjectType({ description: 'How far a contract’s onboarding is.' })
export class OnboardingProgress {
  @Field(() => Int, { description: 'All tasks.' }) total!: number;
  @Field(() => Int, { description: 'Completed tasks.' }) completed!: number;
  @Field(() => Int, { description: 'Tasks that must be completed before the start.' }) required!: number;
  @Field(() => Int, { description: 'Required tasks already completed.' }) requiredCompleted!: number;
}

@ArgsType()
export class ContractsArgs extends ConnectionArgs {
  @Field(() => [ContractStatus], { nullable: true, description: 'Only contracts in these states.' })
  status?: ContractStatus[] | null;
}

@ArgsType()
export class ViewerContractsArgs extends ContractsArgs {
  @Field(() => ContractRole, { nullable: true, description: 'Which side; both when omitted.' })
  role?: ContractRole | null;
}

@ObjectType()
export class CreateContractPayload extends Payload(Contract, 'contract') {}
@ObjectType()
export class StartContractPayload extends Payload(Contract, 'contract') {}
@ObjectType()
export class PauseContractPayload extends Payload(Contract, 'contract') {}
@ObjectType()
export class ResumeContractPayload extends Payload(Contract, 'contract') {}
@ObjectType()
export class EndContractPayload extends Payload(Contract, 'contract') {}
@ObjectType()
export class CancelContractPayload extends Payload(Contract, 'contract') {}
@ObjectType()
export class LogWorkPayload extends Payload(WorkLog, 'workLog') {}

@Resolver(() => Contract)
export class ContractResolver {
  @Authorized()
  @Mutation(() => CreateContractPayload, {
    description: 'Creates a PENDING contract with its onboarding tasks. OWNER, FULL and HIRING_MANAGER.',
  })
  @Idempotent()
  createContract(@Arg('input') input: CreateContractInput, @Ctx() ctx: Context): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.create(requireViewer(ctx), input));
  }

  @Authorized()
  @Mutation(() => StartContractPayload, {
    description: 'PENDING → ACTIVE, once every required onboarding task is completed (else ONBOARDING_INCOMPLETE).',
  })
  startContract(@Arg('input') input: StartContractInput, @Ctx() ctx: Context): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(requireViewer(ctx), input.contractId, 'start'));
  }

  @Authorized()
  @Mutation(() => PauseContractPayload, { description: 'ACTIVE → PAUSED.' })
  pauseContract(@Arg('input') input: PauseContractInput, @Ctx() ctx: Context): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(requireViewer(ctx), input.contractId, 'pause'));
  }

  @Authorized()
  @Mutation(() => ResumeContractPayload, { description: 'PAUSED → ACTIVE.' })
  resumeContract(@Arg('input') input: ResumeContractInput, @Ctx() ctx: Context): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(requireViewer(ctx), input.contractId, 'resume'));
  }

  @Authorized()
  @Mutation(() => EndContractPayload, { description: 'ACTIVE or PAUSED → ENDED.' })
  endContract(@Arg('input') input: EndContractInput, @Ctx() ctx: Context): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(requireViewer(ctx), input.contractId, 'end'));
  }

  @Authorized()
  @Mutation(() => CancelContractPayload, { description: 'PENDING → CANCELLED: calls off a contract that never started.' })
  cancelContract(@Arg('input') input: CancelContractInput, @Ctx() ctx: Context): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(requireViewer(ctx), input.contractId, 'cancel'));
  }

  @Authorized()
  @Mutation(() => LogWorkPayload, { description: 'The freelancer records hours worked on an ACTIVE contract.' })
  @Idempotent()
  logWork(@Arg('input') input: LogWorkInput, @Ctx() ctx: Context): Promise<PayloadShape<WorkLog>> {
    return mutate(() => contractService.logWork(requireViewer(ctx), input));
  }

  @FieldResolver(() => Company)
  company(@Root() contract: Contract, @Ctx() ctx: Context): Promise<Company | null> {
    return loader(ctx, companyById).load(contract.companyId);
  }

  @FieldResolver(() => User)
  freelancer(@Root() contract: Contract, @Ctx() ctx: Context): Promise<User | null> {
    return loader(ctx, userById).load(contract.freelancerId);
  }

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

  @FieldResolver(() => WorkLogConnection, { description: 'Hours logged, oldest first.' })
  workLogs(@Root() contract: Contract, @Args() args: ConnectionArgs, @Ctx() ctx: Context): Promise<Page<WorkLog>> {
    return contractService.workLogs(ctx, contract, args);
  }
}

@Resolver(() => WorkLog)
export class WorkLogResolver {
  @FieldResolver(() => Contract)
  contract(@Root() log: WorkLog, @Ctx() ctx: Context): Promise<Contract | null> {
    return loader(ctx, contractById).load(log.contractId);
  }
}

@Resolver(() => User)
export class UserContractsResolver {
  @FieldResolver(() => ContractConnection, {
    description: '"Your active contracts" (on `viewer`): as freelancer, as client, or both. Empty on other users.',
  })
  contracts(@Root() user: User, @Args() args: ViewerContractsArgs, @Ctx() ctx: Context): Promise<Page<Contract>> {
    const authed = requireViewer(ctx);
    return contractService.listForViewer(authed, user.id === authed.viewer.id, args.role, args.status, args);
  }
}

/** Contract's fields that read only columns (see selection.ts); the others read them all. */
const CONTRACT_COLUMNS: LeanFields = {
  createdAt: ['createdAt'],
  title: ['title'],
  description: ['description'],
  hourlyRateCents: ['hourlyRateCents'],
  currency: ['currency'],
  status: ['status'],
  startedAt: ['startedAt'],
  endedAt: ['endedAt'],
  company: ['companyId'],
  freelancer: ['freelancerId'],
  onboardingTasks: ['id'],
  onboardingProgress: ['id'],
};

@Resolver(() => Company)
export class CompanyContractsResolver {
  @FieldResolver(() => ContractConnection, { description: 'The company’s contracts, newest first.' })
  contracts(@Root() company: Company, @Args() args: ContractsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Page<Contract>> {
    return contractService.listForCompany(requireViewer(ctx), company.id, args.status, args, connectionColumns(info, CONTRACT_COLUMNS));
  }
}
