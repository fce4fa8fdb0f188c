import { In, type EntityManager } from 'typeorm';
import type { AuthedContext, Context } from '../common/context';
import { UserErrorCode, UserFailure, forbidden, notFound } from '../common/errors';
import { publish } from '../common/events';
import { requireRowId, rowIdOf } from '../common/ids';
import { loader } from '../common/loaders';
import { isUniqueViolation, lockRow, transaction } from '../common/transaction';
import { Company, CompanyMember, membershipOf, requireMember } from '../company';
import {
  Contract,
  ContractStatus,
  findVisibleContract,
  partyOf,
  requireContractRole,
  type ContractCreatedHook,
  type ContractGuard,
} from '../contract';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { OnboardingTask } from './onboarding-task.entity';
import { OnboardingTemplate, OnboardingTemplateTask } from './onboarding-template.entity';
import { OnboardingTaskStatus, OnboardingTaskType, TASK_DEFAULTS, TemplateTaskOwner } from './onboarding.enums';
import {
  tasksOfContractInput,
  type AttachFileToOnboardingTaskInput,
  type CompleteOnboardingTaskInput,
  type ReassignOnboardingTaskInput,
  type SetOnboardingTemplateInput,
} from './onboarding.input';
import { attachmentById, taskById } from './onboarding.loader';
import { Upload } from './upload.entity';

interface TaskScope {
  task: OnboardingTask;
  contract: Contract;
  tx: EntityManager;
}

const addDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The one home of the classification rule: the company determines how the work is classified (in
 * line with legal and tax requirements), so a CLASSIFICATION task never belongs to the freelancer.
 */
export const freelancerMayOwn = (type: OnboardingTaskType): boolean => type !== OnboardingTaskType.CLASSIFICATION;

/** Why `ownerId` may not own a task of `type` on a contract with `freelancerId`, or null when it may. */
export function ownerProblem(
  type: OnboardingTaskType,
  ownerId: string | null,
  freelancerId: string,
  invalid: Set<string>,
): string | null {
  if (!ownerId || invalid.has(ownerId)) return 'A task’s owner must be the contract’s freelancer or a member of the company';
  if (ownerId === freelancerId && !freelancerMayOwn(type)) {
    return 'A CLASSIFICATION task is decided by the company: its owner must be a company member';
  }
  return null;
}

/** The owners among `userIds` who may not own a task of a contract: neither its freelancer nor company members. */
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

/**
 * createContract's tasks (the contract module's created hook): from the input, else from the
 * company's onboarding template, else none. Returns the count for the audit event.
 */
export const createInitialTasks: ContractCreatedHook = async (tx, ctx, contract, input) => {
  const base = { companyId: contract.companyId, contractId: contract.id, status: OnboardingTaskStatus.NOT_STARTED };
  const blank = { startedAt: null, completedAt: null, completedById: null, classification: null };
  const listed = tasksOfContractInput(input);
  let tasks: OnboardingTask[];
  if (listed) {
    const owners = listed.map((t) => rowIdOf(t.ownerId, 'User'));
    const bad = await invalidOwners(tx, contract.companyId, contract.freelancerId, owners.filter((o): o is string => !!o));
    for (const [i, t] of listed.entries()) {
      const problem = ownerProblem(t.type, owners[i], contract.freelancerId, bad);
      if (problem) {
        throw new UserFailure(UserErrorCode.INVALID_TASK_OWNER, problem, ['input', 'onboardingTasks', String(i), 'ownerId']);
      }
    }
    tasks = listed.map((t, i) =>
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
  } else {
    const template = await tx.getRepository(OnboardingTemplate).findOneBy({ companyId: contract.companyId });
    tasks = (template?.tasks ?? []).map((t) =>
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
  if (tasks.length) await tx.getRepository(OnboardingTask).insert(tasks);
  return { tasks: tasks.length };
};

/** The `onboardingComplete` condition of starting a contract: every required task is completed. */
export const assertOnboardingComplete: ContractGuard = async (tx, contract) => {
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
};

const invalidState = (message: string) => new UserFailure(UserErrorCode.INVALID_STATE, message, ['input', 'taskId']);

/** Onboarding tasks (docs/domain.md "Onboarding"): their owners start and complete them; managers reassign them. */
export class OnboardingService {
  /** "Start task": the owner moves a NOT_STARTED task of a pending contract to IN_PROGRESS. */
  async start(ctx: AuthedContext, taskId: string): Promise<OnboardingTask> {
    return this.asOwner(ctx, taskId, async ({ task, contract, tx }) => {
      if (task.status !== OnboardingTaskStatus.NOT_STARTED) {
        throw invalidState(`This task is already ${task.status === OnboardingTaskStatus.COMPLETED ? 'completed' : 'started'}`);
      }
      await this.move(tx, task, OnboardingTaskStatus.NOT_STARTED, { status: OnboardingTaskStatus.IN_PROGRESS, startedAt: new Date() });
      await publish(tx, ctx, { type: 'onboardingTask.started', companyId: contract.companyId, target: task, data: {} });
      return tx.getRepository(OnboardingTask).findOneByOrFail({ id: task.id });
    });
  }

  /** "Complete": the owner finishes a started task, with its attachment and classification when needed. */
  async complete(ctx: AuthedContext, input: CompleteOnboardingTaskInput): Promise<OnboardingTask> {
    return this.asOwner(ctx, input.taskId, async ({ task, contract, tx }) => {
      if (task.status !== OnboardingTaskStatus.IN_PROGRESS) {
        throw invalidState(
          task.status === OnboardingTaskStatus.COMPLETED ? 'This task is already completed' : 'Start the task before completing it',
        );
      }
      if (task.requiresAttachment && !(await tx.getRepository(OnboardingAttachment).existsBy({ taskId: task.id }))) {
        throw new UserFailure(UserErrorCode.ATTACHMENT_REQUIRED, 'Attach the required file before completing this task', ['input', 'taskId']);
      }
      const classifying = task.type === OnboardingTaskType.CLASSIFICATION;
      if (classifying && !input.classification) {
        throw new UserFailure(
          UserErrorCode.CLASSIFICATION_REQUIRED,
          'Choose whether the work is INDEPENDENT_CONTRACTOR or EMPLOYEE work',
          ['input', 'classification'],
        );
      }
      await this.move(tx, task, OnboardingTaskStatus.IN_PROGRESS, {
        status: OnboardingTaskStatus.COMPLETED,
        completedAt: new Date(),
        completedById: ctx.viewer.id,
        classification: classifying ? input.classification! : null,
      });
      await publish(tx, ctx, {
        type: 'onboardingTask.completed',
        companyId: contract.companyId,
        target: task,
        data: { classification: classifying ? input.classification! : null },
      });
      return tx.getRepository(OnboardingTask).findOneByOrFail({ id: task.id });
    });
  }

  /** Attaches the viewer's own upload to a task they own (attaching the same file twice is a no-op). */
  async attach(ctx: AuthedContext, input: AttachFileToOnboardingTaskInput): Promise<OnboardingTask> {
    const uploadId = requireRowId(input.uploadId, 'Upload');
    try {
      return await this.asOwner(ctx, input.taskId, async ({ task, contract, tx }) => {
        if (task.status === OnboardingTaskStatus.COMPLETED) throw invalidState('This task is already completed');
        const upload = await tx.getRepository(Upload).findOneBy({ id: uploadId, uploaderId: ctx.viewer.id });
        if (!upload) throw notFound('Upload');
        if (await tx.getRepository(OnboardingAttachment).existsBy({ taskId: task.id, uploadId })) return task;
        const attachment = Object.assign(new OnboardingAttachment(), {
          companyId: contract.companyId,
          taskId: task.id,
          uploadId,
          attachedById: ctx.viewer.id,
          filename: upload.filename,
          contentType: upload.contentType,
          size: upload.size,
        });
        await tx.getRepository(OnboardingAttachment).insert(attachment);
        await publish(tx, ctx, {
          type: 'onboardingTask.fileAttached',
          companyId: contract.companyId,
          target: task,
          data: { attachmentId: attachment.id, filename: upload.filename },
        });
        return task;
      });
    } catch (error) {
      // A concurrent attach of the same file won: the file is attached either way.
      if (isUniqueViolation(error)) return this.requireVisible(ctx, input.taskId);
      throw error;
    }
  }

  /** Gives a task that is not completed to another owner (`contract.manage`). */
  async reassign(ctx: AuthedContext, input: ReassignOnboardingTaskInput): Promise<OnboardingTask> {
    const id = requireRowId(input.taskId, 'OnboardingTask');
    return transaction(ctx, async (tx) => {
      const { task, contract } = await this.load(tx, id);
      await requireContractRole(ctx, contract, tx, 'contract.manage', 'OnboardingTask');
      this.assertPending(contract);
      if (task.status === OnboardingTaskStatus.COMPLETED) throw invalidState('A completed task cannot be reassigned');
      const ownerId = rowIdOf(input.ownerId, 'User');
      const bad = ownerId ? await invalidOwners(tx, contract.companyId, contract.freelancerId, [ownerId]) : new Set<string>();
      const problem = ownerProblem(task.type, ownerId, contract.freelancerId, bad);
      if (problem || !ownerId) throw new UserFailure(UserErrorCode.INVALID_TASK_OWNER, problem ?? '', ['input', 'ownerId']);
      if (ownerId === task.ownerId) return task;
      const result = await tx
        .createQueryBuilder()
        .update(OnboardingTask)
        .set({ ownerId })
        .where('id = :id AND status <> :done', { id, done: OnboardingTaskStatus.COMPLETED })
        .execute();
      if (result.affected !== 1) throw invalidState('A completed task cannot be reassigned');
      await publish(tx, ctx, {
        type: 'onboardingTask.reassigned',
        companyId: contract.companyId,
        target: task,
        data: { from: task.ownerId, to: ownerId },
      });
      return tx.getRepository(OnboardingTask).findOneByOrFail({ id });
    });
  }

  /** Replaces the company's onboarding template (`contract.manage`). */
  async setTemplate(ctx: AuthedContext, input: SetOnboardingTemplateInput): Promise<OnboardingTemplate> {
    const companyId = requireRowId(input.companyId, 'Company');
    const freelancerClassifies = input.tasks.findIndex((t) => t.ownerRole === TemplateTaskOwner.FREELANCER && !freelancerMayOwn(t.type));
    const tasks = input.tasks.map((t) =>
      Object.assign(new OnboardingTemplateTask(), {
        type: t.type,
        title: t.title?.trim() || TASK_DEFAULTS[t.type].title,
        details: t.details?.trim() || TASK_DEFAULTS[t.type].details,
        ownerRole: t.ownerRole,
        required: t.required,
        requiresAttachment: t.requiresAttachment,
        dueInDays: t.dueInDays ?? null,
      }),
    );
    return transaction(ctx, async (tx) => {
      // The company row lock serialises concurrent first writes of the template.
      if (!(await lockRow(tx, Company, companyId))) throw notFound('Company');
      await requireMember(ctx, companyId, { action: 'contract.manage', tx });
      if (freelancerClassifies >= 0) {
        throw new UserFailure(
          UserErrorCode.INVALID_TASK_OWNER,
          'A CLASSIFICATION task is decided by the company: its owner must be COMPANY',
          ['input', 'tasks', String(freelancerClassifies), 'ownerRole'],
        );
      }
      const repo = tx.getRepository(OnboardingTemplate);
      const existing = await repo.findOneBy({ companyId });
      const template = existing ?? Object.assign(new OnboardingTemplate(), { companyId });
      if (existing) await repo.update({ id: existing.id }, { tasks, updatedAt: new Date() });
      else await repo.insert(Object.assign(template, { tasks, updatedAt: new Date() }));
      await publish(tx, ctx, { type: 'onboardingTemplate.set', companyId, target: template, data: { tasks: tasks.length } });
      return repo.findOneByOrFail({ id: template.id });
    });
  }

  /** A company's template, to its members; null when it has none. */
  async template(ctx: AuthedContext, companyId: string): Promise<OnboardingTemplate | null> {
    await requireMember(ctx, companyId);
    return ctx.db.getRepository(OnboardingTemplate).findOneBy({ companyId });
  }

  /** A task of a contract the viewer can see, or null. */
  async findVisible(ctx: Context, id: string): Promise<OnboardingTask | null> {
    const task = await loader(ctx, taskById).load(id);
    return task && (await findVisibleContract(ctx, task.contractId)) ? task : null;
  }

  async findVisibleTemplate(ctx: Context, id: string): Promise<OnboardingTemplate | null> {
    const template = await ctx.db.getRepository(OnboardingTemplate).findOneBy({ id });
    return template && (await membershipOf(ctx, template.companyId)) ? template : null;
  }

  /** An attachment of a task the viewer can see, or null. */
  async findVisibleAttachment(ctx: Context, id: string): Promise<OnboardingAttachment | null> {
    const attachment = await loader(ctx, attachmentById).load(id);
    return attachment && (await this.findVisible(ctx, attachment.taskId)) ? attachment : null;
  }

  private async requireVisible(ctx: Context, globalId: string): Promise<OnboardingTask> {
    const task = await this.findVisible(ctx, requireRowId(globalId, 'OnboardingTask'));
    if (!task) throw notFound('OnboardingTask');
    return task;
  }

  private async load(tx: EntityManager, id: string): Promise<{ task: OnboardingTask; contract: Contract }> {
    const task = await tx.getRepository(OnboardingTask).findOneBy({ id });
    if (!task) throw notFound('OnboardingTask');
    // Locked: the contract's state decides whether its tasks may change, and `startContract` reads them.
    const contract = await lockRow(tx, Contract, task.contractId);
    if (!contract) throw notFound('OnboardingTask');
    return { task, contract };
  }

  private assertPending(contract: Contract): void {
    if (contract.status !== ContractStatus.PENDING) {
      throw invalidState(`Onboarding tasks can only change while the contract is PENDING; it is ${contract.status}`);
    }
  }

  /** The frame of an owner's action: one transaction, visibility, ownership, a pending contract. */
  private asOwner<T>(ctx: AuthedContext, globalId: string, work: (scope: TaskScope) => Promise<T>): Promise<T> {
    const id = requireRowId(globalId, 'OnboardingTask');
    return transaction(ctx, async (tx) => {
      const { task, contract } = await this.load(tx, id);
      if (!(await partyOf(ctx, contract, tx))) throw notFound('OnboardingTask');
      if (task.ownerId !== ctx.viewer.id) throw forbidden('Only the task’s owner can do this');
      this.assertPending(contract);
      return work({ task, contract, tx });
    });
  }

  /** A conditional status change: exactly one of concurrent moves from `from` wins. */
  private async move(tx: EntityManager, task: OnboardingTask, from: OnboardingTaskStatus, changes: Partial<OnboardingTask>) {
    const result = await tx
      .createQueryBuilder()
      .update(OnboardingTask)
      .set(changes)
      .where('id = :id AND status = :from', { id: task.id, from })
      .execute();
    if (result.affected !== 1) throw invalidState('The task changed meanwhile; reload it');
  }
}

export const onboardingService = new OnboardingService();
