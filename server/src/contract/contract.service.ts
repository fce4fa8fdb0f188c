import { In, type EntityManager } from 'typeorm';
import { User, type AccountClosing } from '../account';
import { tokenCompanyId } from '../common/current-viewer';
import type { AuthedContext, Context } from '../common/context';
import { UserErrorCode, UserFailure, forbidden, notFound } from '../common/errors';
import { publish, type EventData } from '../common/events';
import { requireRowId } from '../common/ids';
import { childPage, paginate, type ChildList, type ConnectionArgs, type Page } from '../common/pagination';
import type { Columns } from '../common/rows';
import { lockRow, transaction } from '../common/transaction';
import { requireMember } from '../company';
import { partyOf } from './contract.access';
import { Contract, ContractStatus } from './contract.entity';
import type { CreateContractInput, LogWorkInput } from './contract.input';
import { TRANSITIONS, assertTransition, invalidState, type ContractAction } from './contract.state';
import { WorkLog } from './work-log.entity';

/** Which side of "Your active contracts" to list (docs/domain.md "Contracts"). */
export enum ContractRole {
  FREELANCER = 'FREELANCER',
  CLIENT = 'CLIENT',
}

const MINUTES_PER_DAY = 24 * 60;

/**
 * Runs inside createContract's transaction after the contract row is written: a module above adds
 * what comes with a contract (onboarding: its tasks) and returns details for the `contract.created` event.
 */
export type ContractCreatedHook = (
  tx: EntityManager,
  ctx: AuthedContext,
  contract: Contract,
  input: CreateContractInput,
) => Promise<Partial<EventData<'contract.created'>>>;

const createdHooks: ContractCreatedHook[] = [];

/** Called once at schema build by a module above (its `WorkroomModule.extend`). */
export function onContractCreated(hook: ContractCreatedHook): void {
  if (!createdHooks.includes(hook)) createdHooks.push(hook);
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

/** Contracts (docs/domain.md "Contracts"): creation with onboarding tasks, the state machine, and work logs. */
export class ContractService {
  /**
   * Creates a PENDING contract (`contract.manage`). What comes with it is added by the created hooks
   * in the same transaction: onboarding's tasks, from the input, else the company's template, else none.
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
      await tx.getRepository(Contract).insert(contract);
      const added: Partial<EventData<'contract.created'>> = {};
      for (const hook of createdHooks) Object.assign(added, await hook(tx, ctx, contract, input));
      await publish(tx, ctx, {
        type: 'contract.created',
        companyId,
        target: contract,
        data: { title: contract.title, freelancerId, tasks: 0, ...added },
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
      await assertTransition(ctx, tx, contract, action);
      const row: { to: ContractStatus; stamps?: 'startedAt' | 'endedAt' } = TRANSITIONS[action];
      const changes: Partial<Contract> = { status: row.to };
      if (row.stamps) changes[row.stamps] = new Date();
      const to = row.to;
      const result = await tx
        .createQueryBuilder()
        .update(Contract)
        .set(changes)
        .where('id = :id AND status = :from', { id, from: contract.status })
        .execute();
      // Someone else moved it between our read and our write: our view of its state is stale.
      if (result.affected !== 1) throw invalidState(action, contract.status);
      await publish(tx, ctx, {
        type: TRANSITIONS[action].event,
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
        data: { contractId: id, date: input.date, minutes },
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

  /** A company's contracts, newest first; for its members. `only` and `count` as `childPage`'s. */
  async listForCompany(
    ctx: AuthedContext,
    companyId: string,
    statuses: ContractStatus[] | null | undefined,
    args: ConnectionArgs,
    only: Columns = null,
    count = true,
  ): Promise<Page<Contract>> {
    await requireMember(ctx, companyId);
    // Sorted so that the same set of statuses is one batch whatever order a client lists them in.
    return childPage(ctx, contractsOfCompany, companyId, args, statuses?.length ? [...new Set(statuses)].sort() : null, only, count);
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
}

export const contractService = new ContractService();

/** The states of a contract that is not finished. */
export const OPEN_CONTRACT_STATUSES = [ContractStatus.PENDING, ContractStatus.ACTIVE, ContractStatus.PAUSED];

/** A closing account (account's `onAccountClosing`) is refused while it is the freelancer of an unfinished contract. */
export const refuseCloseWithOpenContracts: AccountClosing = {
  async check(tx, _ctx, userId) {
    const open = await tx.getRepository(Contract).countBy({ freelancerId: userId, status: In(OPEN_CONTRACT_STATUSES) });
    if (open > 0) {
      throw new UserFailure(
        UserErrorCode.OPEN_CONTRACTS,
        `You are the freelancer of ${open} contract${open === 1 ? '' : 's'} that ${open === 1 ? 'is' : 'are'} not finished: end or cancel ${open === 1 ? 'it' : 'them'} first`,
      );
    }
  },
};
