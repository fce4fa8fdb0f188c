import { byColumn, groupedBy } from '../common/loaders';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { OnboardingTask } from './onboarding-task.entity';
import { OnboardingTemplate } from './onboarding-template.entity';

export const taskById = byColumn(OnboardingTask);
/** A contract's tasks in creation order; also the source of its onboarding progress. */
export const tasksByContract = groupedBy(OnboardingTask, 'contractId');
export const attachmentsByTask = groupedBy(OnboardingAttachment, 'taskId');
export const attachmentById = byColumn(OnboardingAttachment);
export const templateByCompany = byColumn(OnboardingTemplate, 'companyId');
