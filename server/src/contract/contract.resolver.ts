import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Info, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { User, userById } from '../account';
import type { AuthedContext, Context } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { loader } from '../common/loaders';
import { Connection, ConnectionArgs, type Page } from '../common/pagination';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { Company, companyById } from '../company';
import { connectionColumns, connectionCounts, type LeanFields } from '../common/selection';
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
  @Mutation(() => CreateContractPayload, {
    description: 'Creates a PENDING contract with its onboarding tasks. OWNER, FULL and HIRING_MANAGER.',
  })
  @Idempotent()
  createContract(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: CreateContractInput): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.create(ctx, input));
  }

  @Mutation(() => StartContractPayload, {
    description: 'PENDING → ACTIVE, once every required onboarding task is completed (else ONBOARDING_INCOMPLETE).',
  })
  startContract(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: StartContractInput): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(ctx, input.contractId, 'start'));
  }

  @Mutation(() => PauseContractPayload, { description: 'ACTIVE → PAUSED.' })
  pauseContract(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: PauseContractInput): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(ctx, input.contractId, 'pause'));
  }

  @Mutation(() => ResumeContractPayload, { description: 'PAUSED → ACTIVE.' })
  resumeContract(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: ResumeContractInput): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(ctx, input.contractId, 'resume'));
  }

  @Mutation(() => EndContractPayload, { description: 'ACTIVE or PAUSED → ENDED.' })
  endContract(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: EndContractInput): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(ctx, input.contractId, 'end'));
  }

  @Mutation(() => CancelContractPayload, { description: 'PENDING → CANCELLED: calls off a contract that never started.' })
  cancelContract(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: CancelContractInput): Promise<PayloadShape<Contract>> {
    return mutate(() => contractService.transition(ctx, input.contractId, 'cancel'));
  }

  @Mutation(() => LogWorkPayload, { description: 'The freelancer records hours worked on an ACTIVE contract.' })
  @Idempotent()
  logWork(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: LogWorkInput): Promise<PayloadShape<WorkLog>> {
    return mutate(() => contractService.logWork(ctx, input));
  }

  @FieldResolver(() => Company)
  company(@Root() contract: Contract, @Ctx() ctx: Context): Promise<Company | null> {
    return loader(ctx, companyById).load(contract.companyId);
  }

  @FieldResolver(() => User)
  freelancer(@Root() contract: Contract, @Ctx() ctx: Context): Promise<User | null> {
    return loader(ctx, userById).load(contract.freelancerId);
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
  contracts(@CurrentViewer() ctx: AuthedContext, @Root() user: User, @Args() args: ViewerContractsArgs): Promise<Page<Contract>> {
    const authed = ctx;
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
  contracts(
    @CurrentViewer() ctx: AuthedContext,
    @Root() company: Company,
    @Args() args: ContractsArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<Contract>> {
    return contractService.listForCompany(ctx, company.id, args.status, args, connectionColumns(info, CONTRACT_COLUMNS), connectionCounts(info));
  }
}
