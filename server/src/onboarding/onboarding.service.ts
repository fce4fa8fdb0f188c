import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../account/account.service';
import type { AuthedContext, Context } from '../common/context';
import { UserErrorCode, UserFailure, forbidden, notFound } from '../common/errors';
import { publish } from '../common/events';
import { requireRowId, rowIdOf } from '../common/ids';
import { loader } from '../common/loaders';
import { lockRow, transaction } from '../common/transaction';
import { membershipOf, requireMember } from '../company/access';
import { Company } from '../company/company.entity';
import { findVisibleContract, partyOf, requireContractRole } from '../contract/contract.access';
import { Contract, ContractStatus } from '../contract/contract.entity';
import { invalidOwners, ownerProblem } from '../contract/contract.service';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { OnboardingTask } from './onboarding-task.entity';
import { OnboardingTemplate, OnboardingTemplateTask } from './onboarding-template.entity';
import { OnboardingTaskStatus, OnboardingTaskType, TASK_DEFAULTS, TemplateTaskOwner } from './onboarding.enums';
import type {
  AttachFileToOnboardingTaskInput,
  CompleteOnboardingTaskInput,
  ReassignOnboardingTaskInput,
  SetOnboardingTemplateInput,
} from './onboarding.input';
import { attachmentById, taskById } from './onboarding.loader';
import { Upload } from './upload.entity';

interface TaskScope {
  task: OnboardingTask;
  contract: Contract;
  tx: EntityManager;
}

const invalidState = (message: string) => new UserFailure(UserErrorCode.INVALID_STATE, message, ['input', 'taskId']);

/** Onboarding tasks (SPEC §5): their owners start and complete them; managers reassign them. */
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
    const freelancerClassifies = input.tasks.findIndex(
      (t) => t.type === OnboardingTaskType.CLASSIFICATION && t.ownerRole === TemplateTaskOwner.FREELANCER,
    );
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
