import { Args, Ctx, Extensions, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { AuthedContext, Context } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { Company } from '../company';
import { Contract } from '../contract';
import { OnboardingTask } from '../onboarding';
import { exportService } from './export.service';
import { insightsService } from './insights.service';
import {
  CompanyExportUrls,
  CompanyInsights,
  ContractStatusCount,
  DEFAULT_LIST_SIZE,
  InsightsArgs,
  InsightsListArgs,
  OnboardingCompletion,
  TaskTypeStatusCount,
  TimeToStart,
} from './insights.types';

/**
 * Query cost of one Company.insights: each of its figures aggregates up to a year of the company's
 * contracts and tasks, so a request may hold a few dozen, not one per company of a 100-company page.
 */
export const INSIGHTS_COST = 1000;

@Resolver(() => Company)
export class CompanyInsightsResolver {
  @Extensions({ cost: INSIGHTS_COST })
  @FieldResolver(() => CompanyInsights, {
    description:
      'Onboarding figures over the contracts created in [from, to). OWNER, FULL and HIRING_MANAGER; others FORBIDDEN.',
  })
  insights(@CurrentViewer() ctx: AuthedContext, @Root() company: Company, @Args() args: InsightsArgs): Promise<CompanyInsights> {
    return insightsService.forCompany(ctx, company.id, args);
  }

  @FieldResolver(() => CompanyExportUrls, {
    description: 'Where to download the company’s data as CSV (GET with `Authorization: Bearer <token>`).',
  })
  exportUrls(@CurrentViewer() ctx: AuthedContext, @Root() company: Company): Promise<CompanyExportUrls> {
    return exportService.urls(ctx, company.id);
  }
}

@Resolver(() => CompanyInsights)
export class InsightsResolver {
  @FieldResolver(() => [ContractStatusCount], { description: 'Contracts per status; every status, zeros included.' })
  contractsByStatus(@Root() insights: CompanyInsights, @Ctx() ctx: Context): Promise<ContractStatusCount[]> {
    return insightsService.contractsByStatus(ctx, insights);
  }

  @FieldResolver(() => OnboardingCompletion, { description: 'Completed required tasks ÷ required tasks.' })
  onboardingCompletion(@Root() insights: CompanyInsights, @Ctx() ctx: Context): Promise<OnboardingCompletion> {
    return insightsService.onboardingCompletion(ctx, insights);
  }

  @FieldResolver(() => TimeToStart, { description: 'Seconds from creation to start of the contracts that started.' })
  timeToStart(@Root() insights: CompanyInsights, @Ctx() ctx: Context): Promise<TimeToStart> {
    return insightsService.timeToStart(ctx, insights);
  }

  @FieldResolver(() => [TaskTypeStatusCount], {
    description: 'Onboarding tasks per type and status; every combination, zeros included.',
  })
  tasksByTypeAndStatus(@Root() insights: CompanyInsights, @Ctx() ctx: Context): Promise<TaskTypeStatusCount[]> {
    return insightsService.tasksByTypeAndStatus(ctx, insights);
  }

  @FieldResolver(() => Int, { description: 'Tasks whose due date has passed and that are not completed (see `OnboardingTask.overdue`).' })
  overdueTaskCount(@Root() insights: CompanyInsights, @Ctx() ctx: Context): Promise<number> {
    return insightsService.overdueTaskCount(ctx, insights);
  }

  @FieldResolver(() => [OnboardingTask], { description: 'The overdue tasks, earliest due date first.' })
  overdueTasks(@Root() insights: CompanyInsights, @Args() { first }: InsightsListArgs, @Ctx() ctx: Context): Promise<OnboardingTask[]> {
    return insightsService.overdueTasks(ctx, insights, first ?? DEFAULT_LIST_SIZE);
  }

  @FieldResolver(() => [Contract], { description: 'Contracts still PENDING, oldest first.' })
  oldestPendingContracts(@Root() insights: CompanyInsights, @Args() { first }: InsightsListArgs, @Ctx() ctx: Context): Promise<Contract[]> {
    return insightsService.oldestPendingContracts(ctx, insights, first ?? DEFAULT_LIST_SIZE);
  }
}
