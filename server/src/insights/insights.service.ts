import type { ObjectLiteral } from 'typeorm';
import type { AuthedContext, Context } from '../common/context';
import { badInput } from '../common/errors';
import { columnValue } from '../common/db-values';
import { requireMember } from '../company';
import { Contract, ContractStatus } from '../contract';
import { OnboardingTask, OnboardingTaskStatus, OnboardingTaskType } from '../onboarding';
import {
  CompanyInsights,
  MAX_RANGE_DAYS,
  type ContractStatusCount,
  type InsightsArgs,
  type OnboardingCompletion,
  type TaskTypeStatusCount,
  type TimeToStart,
} from './insights.types';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RANGE_DAYS = 365;

/** The contracts an insights figure covers: the company's, created in [from, to). Aliased `c`. */
const IN_RANGE = `c."companyId" = :companyId AND c."createdAt" >= :from AND c."createdAt" < :to`;

/** Today's date as `OnboardingTask.overdue` reads it (UTC), so the count matches the field. */
const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Onboarding insights. Every figure is one aggregate query (GROUP BY, window functions,
 * `percentile_cont`): rows never travel to JavaScript to be counted.
 */
export class InsightsService {
  /**
   * Checks the viewer may read insights (OWNER, FULL, HIRING_MANAGER; others FORBIDDEN, non-members
   * NOT_FOUND, as every hidden company field) and the range: `from` ≤ `to`, at most MAX_RANGE_DAYS.
   */
  async forCompany(ctx: AuthedContext, companyId: string, args: InsightsArgs): Promise<CompanyInsights> {
    await requireMember(ctx, companyId, { action: 'insights.read' });
    const to = args.to ?? new Date();
    const from = args.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
    if (from.getTime() > to.getTime()) throw badInput('`from` must not be after `to`', ['from']);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw badInput(`The range may span at most ${MAX_RANGE_DAYS} days`, ['to']);
    }
    return Object.assign(new CompanyInsights(), { companyId, from, to });
  }

  /** Contracts per status, every status listed (zeros included) in the enum's order. */
  async contractsByStatus(ctx: Context, insights: CompanyInsights): Promise<ContractStatusCount[]> {
    const rows = await query<{ status: ContractStatus; count: number }>(
      ctx,
      insights,
      `SELECT c."status" AS "status", CAST(COUNT(*) AS INTEGER) AS "count"
         FROM "contracts" c WHERE ${IN_RANGE} GROUP BY c."status"`,
    );
    const counts = new Map(rows.map((r) => [r.status, Number(r.count)]));
    return Object.values(ContractStatus).map((status) => ({ status, count: counts.get(status) ?? 0 }));
  }

  /** Required tasks of the contracts in range, the completed ones, and their ratio (null for none). */
  async onboardingCompletion(ctx: Context, insights: CompanyInsights): Promise<OnboardingCompletion> {
    const [row] = await query<{ required: number; completed: number; rate: number | null }>(
      ctx,
      insights,
      `SELECT CAST(COUNT(*) AS INTEGER) AS "required",
              CAST(COALESCE(SUM(CASE WHEN t."status" = :completed THEN 1 ELSE 0 END), 0) AS INTEGER) AS "completed",
              CAST(SUM(CASE WHEN t."status" = :completed THEN 1 ELSE 0 END) AS DOUBLE PRECISION)
                / NULLIF(COUNT(*), 0) AS "rate"
         FROM "onboarding_tasks" t
         JOIN "contracts" c ON c."id" = t."contractId"
        WHERE t."companyId" = :companyId AND t."required" AND ${IN_RANGE}`,
      { completed: OnboardingTaskStatus.COMPLETED },
    );
    return { required: Number(row.required), completed: Number(row.completed), rate: row.rate === null ? null : Number(row.rate) };
  }

  /**
   * Median and 90th percentile of the seconds from creation to start. PostgreSQL has
   * `percentile_cont`; SQLite gets the same definition (linear interpolation between the rows at
   * floor and ceil of p·(n−1), computed in floating point as PostgreSQL does) from window
   * functions, so both engines give the same numbers. Durations are rounded to the millisecond.
   */
  async timeToStart(ctx: Context, insights: CompanyInsights): Promise<TimeToStart> {
    const postgres = ctx.db.options.type === 'postgres';
    const seconds = postgres
      ? `ROUND(CAST(EXTRACT(EPOCH FROM (c."startedAt" - c."createdAt")) AS NUMERIC), 3)`
      : `ROUND(unixepoch(c."startedAt", 'subsec') - unixepoch(c."createdAt", 'subsec'), 3)`;
    const durations = `SELECT ${seconds} AS s FROM "contracts" c WHERE ${IN_RANGE} AND c."startedAt" IS NOT NULL`;
    const sql = postgres
      ? `SELECT CAST(COUNT(*) AS INTEGER) AS "startedCount",
                CAST(ROUND(CAST(percentile_cont(CAST(:p50 AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY d.s) AS NUMERIC), 3) AS DOUBLE PRECISION) AS "medianSeconds",
                CAST(ROUND(CAST(percentile_cont(CAST(:p90 AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY d.s) AS NUMERIC), 3) AS DOUBLE PRECISION) AS "p90Seconds"
           FROM (${durations}) d`
      : `WITH d AS (${durations}),
              r AS (SELECT s, ROW_NUMBER() OVER (ORDER BY s) - 1 AS i, COUNT(*) OVER () - 1 AS last FROM d)
         SELECT COUNT(*) AS "startedCount",
                ${sqlitePercentile(':p50')} AS "medianSeconds",
                ${sqlitePercentile(':p90')} AS "p90Seconds"
           FROM r`;
    const [row] = await query<{ startedCount: number; medianSeconds: number | null; p90Seconds: number | null }>(
      ctx,
      insights,
      sql,
      { p50: 0.5, p90: 0.9 },
    );
    const num = (v: number | null) => (v === null ? null : Number(v));
    return { startedCount: Number(row.startedCount), medianSeconds: num(row.medianSeconds), p90Seconds: num(row.p90Seconds) };
  }

  /** Tasks of the contracts in range per type and status: every combination, zeros included, in enum order. */
  async tasksByTypeAndStatus(ctx: Context, insights: CompanyInsights): Promise<TaskTypeStatusCount[]> {
    const rows = await query<{ type: OnboardingTaskType; status: OnboardingTaskStatus; count: number }>(
      ctx,
      insights,
      `SELECT t."type" AS "type", t."status" AS "status", CAST(COUNT(*) AS INTEGER) AS "count"
         FROM "onboarding_tasks" t
         JOIN "contracts" c ON c."id" = t."contractId"
        WHERE t."companyId" = :companyId AND ${IN_RANGE}
        GROUP BY t."type", t."status"`,
    );
    const counts = new Map(rows.map((r) => [`${r.type}/${r.status}`, Number(r.count)]));
    return Object.values(OnboardingTaskType).flatMap((type) =>
      Object.values(OnboardingTaskStatus).map((status) => ({ type, status, count: counts.get(`${type}/${status}`) ?? 0 })),
    );
  }

  /** How many tasks of the contracts in range are overdue (due date passed, not completed). */
  async overdueTaskCount(ctx: Context, insights: CompanyInsights): Promise<number> {
    const [row] = await query<{ count: number }>(
      ctx,
      insights,
      `SELECT CAST(COUNT(*) AS INTEGER) AS "count"
         FROM "onboarding_tasks" t
         JOIN "contracts" c ON c."id" = t."contractId"
        WHERE t."companyId" = :companyId AND t."dueDate" < :today AND t."status" <> :completed AND ${IN_RANGE}`,
      { today: today(), completed: OnboardingTaskStatus.COMPLETED },
    );
    return Number(row.count);
  }

  /** The most overdue tasks first (earliest due date), at most `first`. */
  overdueTasks(ctx: Context, insights: CompanyInsights, first: number): Promise<OnboardingTask[]> {
    return ctx.db
      .getRepository(OnboardingTask)
      .createQueryBuilder('t')
      .innerJoin(Contract, 'c', 'c.id = t.contractId')
      .where(`t.companyId = :companyId AND t.dueDate < :today AND t.status <> :completed AND ${IN_RANGE}`, {
        ...rangeParameters(ctx, insights),
        today: today(),
        completed: OnboardingTaskStatus.COMPLETED,
      })
      .orderBy('t.dueDate', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(first)
      .getMany();
  }

  /** Contracts in range still PENDING, oldest first, at most `first`. */
  oldestPendingContracts(ctx: Context, insights: CompanyInsights, first: number): Promise<Contract[]> {
    return ctx.db
      .getRepository(Contract)
      .createQueryBuilder('c')
      .where(`${IN_RANGE} AND c.status = :pending`, { ...rangeParameters(ctx, insights), pending: ContractStatus.PENDING })
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(first)
      .getMany();
  }
}

/**
 * `percentile_cont(p)` over `r(s, i, last)` (values, 0-based rank, n−1) for SQLite: the value at
 * k = floor(p·last) plus the fraction p·last − k of the step to the next one, rounded like the
 * PostgreSQL branch. NULL when there are no rows.
 */
function sqlitePercentile(p: string): string {
  const k = `CAST(MAX(last) * ${p} AS INTEGER)`;
  const at = (offset: string) => `MAX(CASE WHEN i = CAST(last * ${p} AS INTEGER)${offset} THEN s END)`;
  const lo = at('');
  return `ROUND(${lo} + (COALESCE(${at(' + 1')}, ${lo}) - ${lo}) * (MAX(last) * ${p} - ${k}), 3)`;
}

/** The company and the range as the database stores them (SQLite keeps dates as UTC text). */
function rangeParameters(ctx: Context, insights: CompanyInsights): ObjectLiteral {
  return {
    companyId: insights.companyId,
    from: columnValue(ctx.db, Contract, 'createdAt', insights.from),
    to: columnValue(ctx.db, Contract, 'createdAt', insights.to),
  };
}

/** Runs hand-written SQL with `:named` parameters (the company and range included) on either engine. */
async function query<T>(ctx: Context, insights: CompanyInsights, sql: string, parameters: ObjectLiteral = {}): Promise<T[]> {
  const [text, values] = ctx.db.driver.escapeQueryWithParameters(sql, { ...rangeParameters(ctx, insights), ...parameters });
  return (await ctx.db.query(text, values)) as T[];
}

export const insightsService = new InsightsService();
