import { ArrayMaxSize, IsInt, IsOptional, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NOT_BLANK } from '../common/input-hygiene';
import { CreateContractInput } from '../contract';
import { OnboardingTaskType, TemplateTaskOwner, WorkerClassification } from './onboarding.enums';

@InputType()
export class StartOnboardingTaskInput {
  @Field(() => ID)
  taskId!: string;
}

@InputType()
export class CompleteOnboardingTaskInput {
  @Field(() => ID)
  taskId!: string;

  @Field(() => WorkerClassification, { nullable: true, description: 'Required for a CLASSIFICATION task; ignored otherwise.' })
  classification?: WorkerClassification | null;
}

@InputType()
export class ReassignOnboardingTaskInput {
  @Field(() => ID)
  taskId!: string;

  @Field(() => ID, { description: 'The new owner: the freelancer or a member of the company.' })
  ownerId!: string;
}

@InputType()
export class AttachFileToOnboardingTaskInput {
  @Field(() => ID)
  taskId!: string;

  @Field(() => ID, { description: 'The `id` returned by `POST /uploads`; it must be your own upload.' })
  uploadId!: string;
}

/** What every way of describing an onboarding task shares (a contract's task, a template's task). */
@InputType()
export abstract class OnboardingTaskFields {
  @Field(() => OnboardingTaskType)
  type!: OnboardingTaskType;

  @Field(() => String, { nullable: true, description: 'Defaults to the type’s standard title.' })
  @IsOptional()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'The "?" help text; defaults to the type’s standard text.' })
  @IsOptional()
  @MaxLength(5000)
  details?: string | null;

  @Field({ defaultValue: true })
  required!: boolean;

  @Field({ defaultValue: false })
  requiresAttachment!: boolean;
}

@InputType({ description: 'One task of an onboarding template.' })
export class OnboardingTemplateTaskInput extends OnboardingTaskFields {
  @Field(() => TemplateTaskOwner)
  ownerRole!: TemplateTaskOwner;

  @Field(() => Int, { nullable: true, description: '0–365 days after the contract is created.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  dueInDays?: number | null;
}

@InputType()
export class SetOnboardingTemplateInput {
  @Field(() => ID)
  companyId!: string;

  @Field(() => [OnboardingTemplateTaskInput], { description: 'The whole template; an empty list clears it.' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  tasks!: OnboardingTemplateTaskInput[];
}

@InputType({ description: 'An onboarding task to create with a contract.' })
export class OnboardingTaskInput extends OnboardingTaskFields {
  @Field(() => ID, { description: 'Who must do it: the freelancer or a member of the company.' })
  ownerId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  dueDate?: string | null;
}

// createContract takes the contract's tasks: this module owns what a task is, so it declares that
// field of contract's input (the contract module runs `createInitialTasks` through its created hook).
Field(() => [OnboardingTaskInput], {
  nullable: true,
  description: 'The tasks to complete before the start; omit to use the company’s onboarding template.',
})(CreateContractInput.prototype, 'onboardingTasks');
IsOptional()(CreateContractInput.prototype, 'onboardingTasks');
ArrayMaxSize(50)(CreateContractInput.prototype, 'onboardingTasks');
ValidateNested({ each: true })(CreateContractInput.prototype, 'onboardingTasks');

/** The tasks a createContract input lists, or null to use the company's template. */
export const tasksOfContractInput = (input: CreateContractInput): OnboardingTaskInput[] | null =>
  (input as CreateContractInput & { onboardingTasks?: OnboardingTaskInput[] | null }).onboardingTasks ?? null;
