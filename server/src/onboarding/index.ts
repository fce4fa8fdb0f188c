import type { WorkroomModule } from '../common/module';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { OnboardingTask } from './onboarding-task.entity';
import { OnboardingTemplate } from './onboarding-template.entity';
import { onContractCreated, registerContractGuard } from '../contract';
import {
  CompanyOnboardingResolver,
  ContractOnboardingResolver,
  OnboardingAttachmentResolver,
  OnboardingTaskResolver,
  OnboardingTemplateResolver,
} from './onboarding.resolver';
import { assertOnboardingComplete, createInitialTasks, onboardingService } from './onboarding.service';
import { Upload } from './upload.entity';

export { OnboardingTask, OnboardingAttachment, OnboardingTemplate, Upload };
export { OnboardingTaskStatus, OnboardingTaskType, TemplateTaskOwner, WorkerClassification } from './onboarding.enums';
export { onboardingRoutes } from './upload.routes';
export { startUploadSweeper, uploadService } from './upload.service';

export const onboardingModule: WorkroomModule = {
  entities: [OnboardingTask, OnboardingAttachment, OnboardingTemplate, Upload],
  resolvers: [
    OnboardingTaskResolver,
    OnboardingAttachmentResolver,
    OnboardingTemplateResolver,
    CompanyOnboardingResolver,
    ContractOnboardingResolver,
  ],
  nodes: {
    OnboardingTask: (ctx, id) => onboardingService.findVisible(ctx, id),
    OnboardingAttachment: (ctx, id) => onboardingService.findVisibleAttachment(ctx, id),
    OnboardingTemplate: (ctx, id) => onboardingService.findVisibleTemplate(ctx, id),
  },
  // A contract's tasks come with it, and it starts only once they are done.
  extend: () => {
    onContractCreated(createInitialTasks);
    registerContractGuard('onboardingComplete', assertOnboardingComplete);
  },
};
