import { byColumn, groupedBy, groupedByColumns } from '../common/loaders';
import type { LeanFields } from '../common/selection';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { OnboardingTask } from './onboarding-task.entity';
import { OnboardingTemplate } from './onboarding-template.entity';

export const taskById = byColumn(OnboardingTask);
/** A contract's tasks in creation order; also the source of its onboarding progress. */
export const tasksByContract = groupedBy(OnboardingTask, 'contractId');
/** `tasksByContract` reading only the columns a selection of OnboardingTask fields needs (see selection.ts). */
export const tasksByContractReading = groupedByColumns(tasksByContract, OnboardingTask, 'contractId');

/** OnboardingTask's fields that read only columns (the others, like `owner` or `attachments`, read them all). */
export const TASK_COLUMNS: LeanFields = {
  createdAt: ['createdAt'],
  type: ['type'],
  title: ['title'],
  details: ['details'],
  required: ['required'],
  requiresAttachment: ['requiresAttachment'],
  dueDate: ['dueDate'],
  overdue: ['dueDate', 'status'],
  status: ['status'],
  startedAt: ['startedAt'],
  completedAt: ['completedAt'],
  classification: ['classification'],
};
export const attachmentsByTask = groupedBy(OnboardingAttachment, 'taskId');
export const attachmentById = byColumn(OnboardingAttachment);
export const templateByCompany = byColumn(OnboardingTemplate, 'companyId');
