import { In, type EntityManager } from 'typeorm';
import { tokenCompanyId } from '../account/api-token.scope';
import { User } from '../account/user.entity';
import type { AuthedContext, Context } from '../common/context';
import { UserErrorCode, UserFailure, forbidden, notFound } from '../common/errors';
import { publish, type EventType } from '../common/events';
import { requireRowId, rowIdOf } from '../common/ids';
import { childPage, paginate, type ChildList, type ConnectionArgs, type Page } from '../common/pagination';
import type { Columns } from '../common/rows';
import { lockRow, transaction } from '../common/transaction';
import { requireMember } from '../company/access';
import { CompanyMember } from '../company/company-member.entity';
import { OnboardingTask } from '../onboarding/onboarding-task.entity';
import { OnboardingTemplate } from '../onboarding/onboarding-template.entity';
import { OnboardingTaskStatus, OnboardingTaskType, TASK_DEFAULTS, TemplateTaskOwner } from '../onboarding/onboarding.enums';
import { partyOf, requireContractRole } from './contract.access';
import { Contract, ContractStatus } from './contract.entity';
import type { CreateContractInput, LogWorkInput } from './contract.input';
import { TRANSITIONS, canTransition, type ContractAction } from './contract.state';
import { WorkLog } from './work-log.entity';

/** The domain event each state-machine action publishes. */
const TRANSITION_EVENTS = {
  start: 'contract.started',
  pause: 'contract.paused',
  resume: 'contract.resumed',
  end: 'contract.ended',
  cancel: 'contract.cancelled',
} as const satisfies Record<ContractAction, EventType>;

/** Which side of "Your active contracts" to list (SPEC §4). */
export enum ContractRole {
  FREELANCER = 'FREELANCER',
  CLIENT = 'CLIENT',
}

const MINUTES_PER_DAY = 24 * 60;
const addDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Why `ownerId` may not own a task of `type` on a contract with `freelancerId`, or null when it may. */
export function ownerProblem(
  type: OnboardingTaskType,
  ownerId: string | null,
  freelancerId: string,
  invalid: Set<string>,
): string | null {
  if (!ownerId || invalid.has(ownerId)) return 'A task’s owner must be the contract’s freelancer or a member of the company';
  // Seed 000: the company determines the classification, in line with legal and tax requirements.
  if (type === OnboardingTaskType.CLASSIFICATION && ownerId === freelancerId) {
    return 'A CLASSIFICATION task is decided by the company: its owner must be a company member';
  }
  return null;
}

/** The owners among `userIds` who may own a task of a contract: its freelancer or company members. */
export async function invalidOwners(
  tx: EntityManager,
  companyId: string,
  freelancerId: string,
  userIds: string[],
): Promise<Set<string>> {
  const others = [...new Set(userIds.filter((id) => id !== freelancerId))];
  if (others.length === 0) return new Set();
  const members = await tx.getRepository(CompanyMember).findBy({ companyId, userId: In(others) });
  const ok = new Set(members.map((m) => m.userId));
  return new Set(others.filter((id) => !ok.has(id)));
}

/** Company.contracts, newest first, one statement for every company of a request. */
const contractsOfCompany: ChildList<Contract, ContractStatus[] | null> = {
  entity: Contract,
  alias: 'contract',
  parent: 'contract.companyId',
  direction: 'DESC',
  where(qb, statuses) {
    if (statuses) qb.andWhere('contract.status IN (:...statuses)', { statuses });
  },
};

/** Contract.workLogs, oldest first. The contract was checked already; its id alone scopes the rows. */
const workLogsOfContract: ChildList<WorkLog> = { entity: WorkLog, alias: 'log', parent: 'log.contractId', direction: 'ASC' };

/** Contracts (SPEC §4): creation with onboarding tasks, the state machine, and work logs. */
export class ContractService {
  /**
   * Creates a PENDING contract (`contract.manage`). Tasks come from the input, else from the
   * company's onboarding template, else there are none.
   */
  async create(ctx: AuthedContext, input: CreateContractInput): Promise<Contract> {
    const companyId = requireRowId(input.companyId, 'Company');
    const freelancerId = requireRowId(input.freelancerId, 'User');
    return transaction(ctx, async (tx) => {
      await requireMember(ctx, companyId, { action: 'contract.manage', tx });
      if (!(await tx.getRepository(User).existsBy({ id: freelancerId }))) throw notFound('User');
      const contract = Object.assign(new Contract(), {
        companyId,
        freelancerId,
        createdById: ctx.viewer.id,
        title: input.title.trim(),
        description: input.description?.trim() || null,
        hourlyRateCents: input.hourlyRateCents ?? null,
        currency: input.currency ?? 'USD',
        status: ContractStatus.PENDING,
        startedAt: null,
        endedAt: null,
      });
      const tasks = await this.initialTasks(ctx, tx, contract, input);
      await tx.getRepository(Contract).insert(contract);
      if (tasks.length) await tx.getRepository(OnboardingTask).insert(tasks);
      await publish(tx, ctx, {
        type: 'contract.created',
        companyId,
        target: contract,
        data: { title: contract.title, freelancerId, tasks: tasks.length },
      });
      return tx.getRepository(Contract).findOneByOrFail({ id: contract.id });
    });
  }

  /**
   * Moves a contract along the state machine (`contract.manage`). The change is a conditional
   * UPDATE on the state read, so of concurrent calls exactly one succeeds.
   */
  async transition(ctx: AuthedContext, globalId: string, action: ContractAction): Promise<Contract> {
    const id = requireRowId(globalId, 'Contract');
    return transaction(ctx, async (tx) => {
      const contract = await tx.getRepository(Contract).findOneBy({ id });
      if (!contract) throw notFound('Contract');
      await requireContractRole(ctx, contract, tx);
      const { to } = TRANSITIONS[action];
      if (!canTransition(action, contract.status)) throw this.invalidState(action, contract.status);
      if (action === 'start') await this.assertOnboardingComplete(tx, contract);
      const now = new Date();
      const changes: Partial<Contract> = { status: to };
      if (action === 'start') changes.startedAt = now;
      if (to === ContractStatus.ENDED || to === ContractStatus.CANCELLED) changes.endedAt = now;
      const result = await tx
        .createQueryBuilder()
        .update(Contract)
        .set(changes)
        .where('id = :id AND status = :from', { id, from: contract.status })
        .execute();
      // Someone else moved it between our read and our write: our view of its state is stale.
      if (result.affected !== 1) throw this.invalidState(action, contract.status);
      await publish(tx, ctx, {
        type: TRANSITION_EVENTS[action],
        companyId: contract.companyId,
        target: contract,
        data: { from: contract.status, to },
      });
      return tx.getRepository(Contract).findOneByOrFail({ id });
    });
  }

  /** Records hours the freelancer worked on an ACTIVE contract, on or after its start date. */
  async logWork(ctx: AuthedContext, input: LogWorkInput): Promise<WorkLog> {
    const id = requireRowId(input.contractId, 'Contract');
    const minutes = Math.round(input.hours * 60);
    return transaction(ctx, async (tx) => {
      // Locked so that two logs for one day cannot both fit under 24 hours.
      const contract = await lockRow(tx, Contract, id);
      if (!contract) throw notFound('Contract');
      const party = await partyOf(ctx, contract, tx);
      if (!party) throw notFound('Contract');
      if (!party.freelancer) throw forbidden('Only the contract’s freelancer can log work');
      if (contract.status !== ContractStatus.ACTIVE) {
        throw new UserFailure(
          UserErrorCode.CONTRACT_NOT_ACTIVE,
          `Work can only be logged on an active contract; this one is ${contract.status}`,
          ['input', 'contractId'],
        );
      }
      const startDate = contract.startedAt!.toISOString().slice(0, 10);
      if (input.date < startDate) {
        throw new UserFailure(
          UserErrorCode.BEFORE_CONTRACT_START,
          `Work done before the contract started (${startDate}) cannot be billed`,
          ['input', 'date'],
        );
      }
      const logged = await tx
        .getRepository(WorkLog)
        .createQueryBuilder('log')
        .select('COALESCE(SUM(log.minutes), 0)', 'total')
        .where('log.contractId = :id AND log.date = :date', { id, date: input.date })
        .getRawOne<{ total: string | number }>();
      const total = Number(logged?.total ?? 0);
      if (total + minutes > MINUTES_PER_DAY) {
        throw new UserFailure(
          UserErrorCode.HOURS_EXCEEDED,
          `A day has at most 24 hours; ${Math.round((total / 60) * 100) / 100} are already logged on ${input.date}`,
          ['input', 'hours'],
        );
      }
      const log = Object.assign(new WorkLog(), {
        companyId: contract.companyId,
        contractId: id,
        freelancerId: ctx.viewer.id,
        date: input.date,
        minutes,
        memo: input.memo.trim(),
      });
      await tx.getRepository(WorkLog).insert(log);
      await publish(tx, ctx, {
        type: 'contract.workLogged',
        companyId: contract.companyId,
        target: log,
        data: { contractId: input.contractId, date: input.date, minutes },
      });
      return tx.getRepository(WorkLog).findOneByOrFail({ id: log.id });
    });
  }

  /** "Your active contracts": as freelancer, as client (member of the company), or both. */
  listForViewer(
    ctx: AuthedContext,
    self: boolean,
    role: ContractRole | null | undefined,
    statuses: ContractStatus[] | null | undefined,
    args: ConnectionArgs,
  ): Promise<Page<Contract>> {
    const qb = ctx.db.getRepository(Contract).createQueryBuilder('contract');
    const clientOf = 'contract.companyId IN (SELECT m."companyId" FROM company_members m WHERE m."userId" = :viewerId)';
    const freelancer = 'contract.freelancerId = :viewerId';
    const where = role === ContractRole.FREELANCER ? freelancer : role === ContractRole.CLIENT ? clientOf : `(${freelancer} OR ${clientOf})`;
    // Someone else's contracts are not yours to list, whatever you share with them.
    qb.where(self ? where : '1 = 0', { viewerId: ctx.viewer.id });
    if (statuses?.length) qb.andWhere('contract.status IN (:...statuses)', { statuses });
    const scope = tokenCompanyId(ctx);
    if (scope) qb.andWhere('contract.companyId = :scope', { scope });
    return paginate(qb, args, 'DESC');
  }

  /** A company's contracts, newest first; for its members. */
  async listForCompany(
    ctx: AuthedContext,
    companyId: string,
    statuses: ContractStatus[] | null | undefined,
    args: ConnectionArgs,
    only: Columns = null,
  ): Promise<Page<Contract>> {
    await requireMember(ctx, companyId);
    // Sorted so that the same set of statuses is one batch whatever order a client lists them in.
    return childPage(ctx, contractsOfCompany, companyId, args, statuses?.length ? [...new Set(statuses)].sort() : null, only);
  }

  /** A contract's work logs, oldest first (the contract is already visible to the viewer). */
  workLogs(ctx: Context, contract: Contract, args: ConnectionArgs): Promise<Page<WorkLog>> {
    return childPage(ctx, workLogsOfContract, contract.id, args, undefined);
  }

  /** A work log of a contract the viewer can see, or null. */
  async findVisibleWorkLog(ctx: Context, id: string): Promise<WorkLog | null> {
    const log = await ctx.db.getRepository(WorkLog).findOneBy({ id });
    if (!log) return null;
    const contract = await ctx.db.getRepository(Contract).findOneBy({ id: log.contractId });
    return contract && (await partyOf(ctx, contract)) ? log : null;
  }

  private invalidState(action: ContractAction, status: ContractStatus): UserFailure {
    const allowed = TRANSITIONS[action].from.join(' or ');
    return new UserFailure(
      UserErrorCode.INVALID_STATE,
      `Cannot ${action} a contract that is ${status}; it must be ${allowed}`,
      ['input', 'contractId'],
    );
  }

  private async assertOnboardingComplete(tx: EntityManager, contract: Contract): Promise<void> {
    const open = await tx.getRepository(OnboardingTask).find({
      where: { contractId: contract.id, required: true },
      order: { id: 'ASC' },
    });
    const missing = open.filter((t) => t.status !== OnboardingTaskStatus.COMPLETED);
    if (missing.length) {
      throw new UserFailure(
        UserErrorCode.ONBOARDING_INCOMPLETE,
        `You cannot begin work until all required tasks are completed. Still open: ${missing.map((t) => `"${t.title}"`).join(', ')}`,
        ['input', 'contractId'],
      );
    }
  }

  private async initialTasks(
    ctx: AuthedContext,
    tx: EntityManager,
    contract: Contract,
    input: CreateContractInput,
  ): Promise<OnboardingTask[]> {
    const base = { companyId: contract.companyId, contractId: contract.id, status: OnboardingTaskStatus.NOT_STARTED };
    const blank = { startedAt: null, completedAt: null, completedById: null, classification: null };
    if (input.onboardingTasks) {
      const owners = input.onboardingTasks.map((t) => rowIdOf(t.ownerId, 'User'));
      const bad = await invalidOwners(tx, contract.companyId, contract.freelancerId, owners.filter((o): o is string => !!o));
      for (const [i, t] of input.onboardingTasks.entries()) {
        const problem = ownerProblem(t.type, owners[i], contract.freelancerId, bad);
        if (problem) {
          throw new UserFailure(UserErrorCode.INVALID_TASK_OWNER, problem, ['input', 'onboardingTasks', String(i), 'ownerId']);
        }
      }
      return input.onboardingTasks.map((t, i) =>
        Object.assign(new OnboardingTask(), base, blank, {
          type: t.type,
          title: t.title?.trim() || TASK_DEFAULTS[t.type].title,
          details: t.details?.trim() || TASK_DEFAULTS[t.type].details,
          ownerId: owners[i]!,
          required: t.required,
          requiresAttachment: t.requiresAttachment,
          dueDate: t.dueDate ?? null,
        }),
      );
    }
    const template = await tx.getRepository(OnboardingTemplate).findOneBy({ companyId: contract.companyId });
    return (template?.tasks ?? []).map((t) =>
      Object.assign(new OnboardingTask(), base, blank, {
        type: t.type,
        title: t.title,
        details: t.details,
        ownerId: t.ownerRole === TemplateTaskOwner.FREELANCER ? contract.freelancerId : ctx.viewer.id,
        required: t.required,
        requiresAttachment: t.requiresAttachment,
        dueDate: t.dueInDays === null || t.dueInDays === undefined ? null : addDays(t.dueInDays),
      }),
    );
  }
}

export const contractService = new ContractService();
