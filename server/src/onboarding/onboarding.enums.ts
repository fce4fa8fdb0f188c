import { registerEnumType } from 'type-graphql';

/** The kinds of onboarding task an Enterprise client asks for. */
export enum OnboardingTaskType {
  CONFIDENTIALITY_AGREEMENT = 'CONFIDENTIALITY_AGREEMENT',
  INDEPENDENT_CONTRACTOR_AGREEMENT = 'INDEPENDENT_CONTRACTOR_AGREEMENT',
  IP_OWNERSHIP_AGREEMENT = 'IP_OWNERSHIP_AGREEMENT',
  CODE_OF_CONDUCT_REVIEW = 'CODE_OF_CONDUCT_REVIEW',
  CLASSIFICATION = 'CLASSIFICATION',
  OTHER = 'OTHER',
}
registerEnumType(OnboardingTaskType, { name: 'OnboardingTaskType' });

export enum OnboardingTaskStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
}
registerEnumType(OnboardingTaskStatus, { name: 'OnboardingTaskStatus' });

/** The outcome of a CLASSIFICATION task: decided by the company, in line with legal and tax rules. */
export enum WorkerClassification {
  INDEPENDENT_CONTRACTOR = 'INDEPENDENT_CONTRACTOR',
  EMPLOYEE = 'EMPLOYEE',
}
registerEnumType(WorkerClassification, { name: 'WorkerClassification' });

/** Who does a template task: resolved to a user when a contract is created from the template. */
export enum TemplateTaskOwner {
  FREELANCER = 'FREELANCER',
  COMPANY = 'COMPANY',
}
registerEnumType(TemplateTaskOwner, {
  name: 'TemplateTaskOwner',
  valuesConfig: {
    FREELANCER: { description: 'The contract’s freelancer.' },
    COMPANY: { description: 'The company member who creates the contract.' },
  },
});

/** Default title and "?" help text of each task type, used when the input gives none. */
export const TASK_DEFAULTS: Record<OnboardingTaskType, { title: string; details: string }> = {
  CONFIDENTIALITY_AGREEMENT: {
    title: 'Confidentiality agreement',
    details:
      'Read and sign the company’s confidentiality (non-disclosure) agreement. It covers how you may use and share ' +
      'the information you receive during the contract. Attach the signed copy if the task asks for a file.',
  },
  INDEPENDENT_CONTRACTOR_AGREEMENT: {
    title: 'Independent contractor agreement',
    details:
      'Review and sign the agreement that sets the terms of your engagement as an independent contractor: scope, ' +
      'payment, and termination. Attach the signed agreement if the task asks for a file.',
  },
  IP_OWNERSHIP_AGREEMENT: {
    title: 'Intellectual property (IP) ownership agreement',
    details:
      'Confirm who owns the work you create under this contract. Read the agreement carefully, sign it, and attach ' +
      'the signed copy if the task asks for a file.',
  },
  CODE_OF_CONDUCT_REVIEW: {
    title: 'Company code of conduct review',
    details:
      'Read the company’s code of conduct and confirm that you will follow it while working on this contract.',
  },
  CLASSIFICATION: {
    title: 'Classification',
    details:
      'The company determines whether this work qualifies as independent contractor or employee work, in line with ' +
      'legal and tax requirements, and records the result when completing this task.',
  },
  OTHER: {
    title: 'Onboarding task',
    details: 'A step the company needs before the contract can start. Ask the company if anything is unclear.',
  },
};
