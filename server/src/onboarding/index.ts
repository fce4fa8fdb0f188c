import type { WorkroomModule } from '../modules';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { OnboardingTask } from './onboarding-task.entity';
import { OnboardingTemplate } from './onboarding-template.entity';
import {
  CompanyOnboardingResolver,
  OnboardingAttachmentResolver,
  OnboardingTaskResolver,
  OnboardingTemplateResolver,
} from './onboarding.resolver';
import { onboardingService } from './onboarding.service';
import { Upload } from './upload.entity';

export { OnboardingTask, OnboardingAttachment, OnboardingTemplate, Upload };
export { onboardingRoutes } from './upload.routes';
export { startUploadSweeper, uploadService } from './upload.service';

export const onboardingModule: WorkroomModule = {
  entities: [OnboardingTask, OnboardingAttachment, OnboardingTemplate, Upload],
  resolvers: [OnboardingTaskResolver, OnboardingAttachmentResolver, OnboardingTemplateResolver, CompanyOnboardingResolver],
  nodes: {
    OnboardingTask: (ctx, id) => onboardingService.findVisible(ctx, id),
    OnboardingAttachment: (ctx, id) => onboardingService.findVisibleAttachment(ctx, id),
    OnboardingTemplate: (ctx, id) => onboardingService.findVisibleTemplate(ctx, id),
  },
};
