import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { ContractStatus } from '../contract';
import { OnboardingTaskStatus, OnboardingTaskType } from '../onboarding';

/** Longest span one insights query may cover: a year, plus a day for leap years. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_LIST_SIZE = 10;
export const MAX_LIST_SIZE = 50;

@ArgsType()
export class InsightsArgs {
  @Field(() => Date, {
    nullable: true,
    description: `Contracts created at or after this instant; default \`to\` minus 365 days.`,
  })
  from?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: `Contracts created before this instant; default now. At most ${MAX_RANGE_DAYS} days after \`from\`.`,
  })
  to?: Date | null;
}

@ArgsType()
export class InsightsListArgs {
  // Nullable, and null means the default: a non-null argument given a null variable fails in graphql-js
  // with an error that carries no code.
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_LIST_SIZE, description: `How many: 0–${MAX_LIST_SIZE}, default ${DEFAULT_LIST_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_LIST_SIZE)
  first?: number | null;
}

/**
 * The onboarding dashboard of one company over contracts created in [from, to). Only built once
 * the viewer's role was checked (Company.insights), so its fields trust `companyId`; each field
 * runs its own aggregate query, and only when asked for.
 */
@ObjectType({ description: 'Onboarding figures over the contracts created in [from, to), computed by the database.' })
export class CompanyInsights {
  companyId!: string;

  @Field({ description: 'Start of the range (inclusive).' })
  from!: Date;

  @Field({ description: 'End of the range (exclusive).' })
  to!: Date;
}

@ObjectType()
export class ContractStatusCount {
  @Field(() => ContractStatus) status!: ContractStatus;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class TaskTypeStatusCount {
  @Field(() => OnboardingTaskType) type!: OnboardingTaskType;
  @Field(() => OnboardingTaskStatus) status!: OnboardingTaskStatus;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Required onboarding tasks of the contracts in range, and how many are done.' })
export class OnboardingCompletion {
  @Field(() => Int, { description: 'Required tasks.' })
  required!: number;

  @Field(() => Int, { description: 'Required tasks that are COMPLETED.' })
  completed!: number;

  @Field(() => Float, {
    nullable: true,
    description: '`completed / required`, from 0 to 1; null when there are no required tasks (nothing to measure).',
  })
  rate!: number | null;
}

@ObjectType({ description: 'Seconds from a contract’s creation to its start, over the contracts in range that were started.' })
export class TimeToStart {
  @Field(() => Int, { description: 'Contracts in range that have been started.' })
  startedCount!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Median (50th percentile, linear interpolation as `percentile_cont`); null when none started.',
  })
  medianSeconds!: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile, same definition; null when none started.' })
  p90Seconds!: number | null;
}

@ObjectType()
export class CompanyExportUrls {
  @Field({ description: 'CSV of every contract of the company, one row each.' })
  contracts!: string;

  @Field({ description: 'CSV of every onboarding task of the company’s contracts, one row each.' })
  onboardingTasks!: string;
}
