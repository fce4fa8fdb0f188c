import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { In, type SelectQueryBuilder } from 'typeorm';
import { User } from '../account';
import type { AuthedContext, Context } from '../common/context';
import { toGlobalId } from '../common/ids';
import { requireMember } from '../company';
import { Contract } from '../contract';
import { OnboardingTask, OnboardingTaskStatus } from '../onboarding';
import type { CompanyExportUrls } from './insights.types';

/** Rows fetched per query: keeps memory flat however large the company, and each query short. */
export const EXPORT_BATCH_SIZE = 500;

export type ExportKind = 'contracts' | 'onboarding-tasks';
export const EXPORT_KINDS: readonly ExportKind[] = ['contracts', 'onboarding-tasks'];

type Cell = string | number | boolean | Date | null;
type Record = { [column: string]: Cell };

const gid = (type: string, id: string | null): string | null => (id ? toGlobalId(type, id) : null);

/** Yields the rows of `fetch`'s pages in id order, one keyset page (id > last seen) at a time. */
async function* keyset<T>(fetch: (after: string | null) => Promise<T[]>, idOf: (row: T) => string): AsyncGenerator<T> {
  let after: string | null = null;
  for (;;) {
    const rows = await fetch(after);
    yield* rows;
    if (rows.length < EXPORT_BATCH_SIZE) return;
    after = idOf(rows[rows.length - 1]);
  }
}

function page<T extends { id: string }>(qb: SelectQueryBuilder<T>, alias: string, after: string | null): SelectQueryBuilder<T> {
  if (after) qb.andWhere(`${alias}.id > :after`, { after });
  return qb.orderBy(`${alias}.id`, 'ASC').limit(EXPORT_BATCH_SIZE);
}

/** Each contract of the company with its freelancer's name and its task counts. */
async function* contractRecords(ctx: Context, companyId: string): AsyncGenerator<Record> {
  const batches = keyset(async (after) => {
    const qb = ctx.db
      .getRepository(Contract)
      .createQueryBuilder('c')
      .leftJoin(User, 'f', 'f.id = c.freelancerId')
      .addSelect('f.name', 'freelancerName')
      .where('c.companyId = :companyId', { companyId });
    const { entities, raw } = await page(qb, 'c', after).getRawAndEntities<{ c_id: string; freelancerName: string | null }>();
    const names = new Map(raw.map((r) => [r.c_id, r.freelancerName]));
    // One grouped count per page, not a query per contract.
    const counts = entities.length
      ? await ctx.db
          .getRepository(OnboardingTask)
          .createQueryBuilder('t')
          .select('t.contractId', 'contractId')
          .addSelect('CAST(COUNT(*) AS INTEGER)', 'tasks')
          .addSelect(`CAST(SUM(CASE WHEN t.status = :completed THEN 1 ELSE 0 END) AS INTEGER)`, 'completed')
          .addSelect(`CAST(SUM(CASE WHEN t.required THEN 1 ELSE 0 END) AS INTEGER)`, 'required')
          .addSelect(`CAST(SUM(CASE WHEN t.required AND t.status = :completed THEN 1 ELSE 0 END) AS INTEGER)`, 'requiredCompleted')
          .where('t.companyId = :companyId', { companyId, completed: OnboardingTaskStatus.COMPLETED })
          .andWhere({ contractId: In(entities.map((c) => c.id)) })
          .groupBy('t.contractId')
          .getRawMany<{ contractId: string; tasks: number; completed: number; required: number; requiredCompleted: number }>()
      : [];
    const byContract = new Map(counts.map((r) => [r.contractId, r]));
    return entities.map((contract) => ({ contract, name: names.get(contract.id) ?? null, counts: byContract.get(contract.id) }));
  }, (row) => row.contract.id);
  for await (const { contract, name, counts } of batches) {
    yield {
      id: gid('Contract', contract.id),
      title: contract.title,
      status: contract.status,
      freelancerId: gid('User', contract.freelancerId),
      freelancerName: name,
      description: contract.description,
      hourlyRateCents: contract.hourlyRateCents,
      currency: contract.currency,
      createdAt: contract.createdAt,
      startedAt: contract.startedAt,
      endedAt: contract.endedAt,
      tasks: Number(counts?.tasks ?? 0),
      tasksCompleted: Number(counts?.completed ?? 0),
      requiredTasks: Number(counts?.required ?? 0),
      requiredTasksCompleted: Number(counts?.requiredCompleted ?? 0),
    };
  }
}

/** Each onboarding task of the company's contracts, with its contract's title and its owner's name. */
async function* taskRecords(ctx: Context, companyId: string): AsyncGenerator<Record> {
  const batches = keyset(async (after) => {
    const qb = ctx.db
      .getRepository(OnboardingTask)
      .createQueryBuilder('t')
      .innerJoin(Contract, 'c', 'c.id = t.contractId')
      .addSelect('c.title', 'contractTitle')
      .leftJoin(User, 'o', 'o.id = t.ownerId')
      .addSelect('o.name', 'ownerName')
      .where('t.companyId = :companyId', { companyId });
    const { entities, raw } = await page(qb, 't', after).getRawAndEntities<{ t_id: string; contractTitle: string; ownerName: string | null }>();
    const extra = new Map(raw.map((r) => [r.t_id, r]));
    return entities.map((task) => ({ task, extra: extra.get(task.id) }));
  }, (row) => row.task.id);
  for await (const { task, extra } of batches) {
    yield {
      id: gid('OnboardingTask', task.id),
      contractId: gid('Contract', task.contractId),
      contractTitle: extra?.contractTitle ?? null,
      type: task.type,
      title: task.title,
      status: task.status,
      required: task.required,
      requiresAttachment: task.requiresAttachment,
      dueDate: task.dueDate,
      overdue: task.overdue,
      ownerId: gid('User', task.ownerId),
      ownerName: extra?.ownerName ?? null,
      startedAt: task.startedAt,
      completedAt: task.completedAt,
      completedById: gid('User', task.completedById),
      classification: task.classification,
      createdAt: task.createdAt,
    };
  }
}

const COLUMNS: { [K in ExportKind]: string[] } = {
  contracts: [
    'id', 'title', 'status', 'freelancerId', 'freelancerName', 'description', 'hourlyRateCents', 'currency',
    'createdAt', 'startedAt', 'endedAt', 'tasks', 'tasksCompleted', 'requiredTasks', 'requiredTasksCompleted',
  ],
  'onboarding-tasks': [
    'id', 'contractId', 'contractTitle', 'type', 'title', 'status', 'required', 'requiresAttachment', 'dueDate',
    'overdue', 'ownerId', 'ownerName', 'startedAt', 'completedAt', 'completedById', 'classification', 'createdAt',
  ],
};

/** CSV exports of a company's contracts and onboarding tasks. */
export class ExportService {
  /** The export links of a company, absolute from PUBLIC_URL; for those who may download them. */
  async urls(ctx: AuthedContext, companyId: string): Promise<CompanyExportUrls> {
    await requireMember(ctx, companyId, { action: 'export.read' });
    const base = `${ctx.config.publicUrl}/exports/companies/${toGlobalId('Company', companyId)}`;
    return { contracts: `${base}/contracts.csv`, onboardingTasks: `${base}/onboarding-tasks.csv` };
  }

  /**
   * The CSV text of one export, produced as it is read: rows come from the database a keyset page
   * at a time and are written only as fast as the client takes them. Checks access first
   * (non-members NOT_FOUND, like an unknown company). RFC 4180: CRLF, fields quoted when needed;
   * cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) get a leading `'`.
   */
  async csv(ctx: AuthedContext, companyId: string, kind: ExportKind): Promise<Readable> {
    await requireMember(ctx, companyId, { action: 'export.read' });
    const records = kind === 'contracts' ? contractRecords(ctx, companyId) : taskRecords(ctx, companyId);
    const csv = stringify({
      header: true,
      columns: COLUMNS[kind],
      record_delimiter: 'windows',
      escape_formulas: true,
      cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? 'true' : 'false') },
    });
    // Errors and early closes travel both ways: a failed query ends the response, a gone client the queries.
    pipeline(Readable.from(records), csv, () => undefined);
    return csv;
  }
}

export const exportService = new ExportService();
