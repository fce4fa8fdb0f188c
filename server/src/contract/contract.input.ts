import {
  IsInt,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { NOT_BLANK } from '../common/input-hygiene';
import { IdempotencyKeyField } from '../idempotency';

@InputType()
export class CreateContractInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field(() => ID)
  companyId!: string;

  @Field(() => ID, { description: 'Any Workroom user; a freelancer needs no company.' })
  freelancerId!: string;

  @Field({ description: '1–200 characters.' })
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(200)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'Hourly rate in cents of `currency`.' })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'hourlyRateCents must not be negative' })
  @Max(100_000_000)
  hourlyRateCents?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code; default "USD".' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "USD"' })
  currency?: string | null;

  // `onboardingTasks` is declared by the onboarding module (onboarding.input.ts), which owns what a task is.
}

@InputType()
export class ContractIdInput {
  @Field(() => ID)
  contractId!: string;
}

@InputType()
export class StartContractInput extends ContractIdInput {}
@InputType()
export class PauseContractInput extends ContractIdInput {}
@InputType()
export class ResumeContractInput extends ContractIdInput {}
@InputType()
export class EndContractInput extends ContractIdInput {}
@InputType()
export class CancelContractInput extends ContractIdInput {}

@InputType()
export class LogWorkInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field(() => ID)
  contractId!: string;

  @Field(() => GraphQLLocalDate, { description: 'The day worked (YYYY-MM-DD), not before the contract started.' })
  date!: string;

  @Field(() => Float, { description: 'More than 0 and at most 24; a day’s total is at most 24.' })
  @Min(1 / 60, { message: 'hours must be at least one minute' })
  @Max(24, { message: 'hours must be at most 24' })
  hours!: number;

  @Field({ description: 'What was done; 1–2000 characters.' })
  @Matches(NOT_BLANK, { message: 'memo must not be blank' })
  @MaxLength(2000)
  memo!: string;
}
