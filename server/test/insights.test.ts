import { Contract } from '../src/contract/contract.entity';
import { rowIdOf } from '../src/common/ids';
import { INSIGHTS_COST } from '../src/insights/insights.resolver';
import { CompanyRole } from '../src/common/permissions';
import { CANCEL, END, PAUSE, START, START_TASK, createContract, finishTask, type TaskSpec } from './support/contracts';
import { companyWithEveryRole, createCompany, expectError, expectOk, signUp, type Account, type Crew } from './support/fixtures';
import { useTestServer } from './support/server';

const DAY = 24 * 60 * 60 * 1000;

const INSIGHTS = `query($id: ID!, $from: DateTimeISO, $to: DateTimeISO, $first: Int) {
  company(id: $id) {
    insights(from: $from, to: $to) {
      from to
      contractsByStatus { status count }
      onboardingCompletion { required completed rate }
      timeToStart { startedCount medianSeconds p90Seconds }
      tasksByTypeAndStatus { type status count }
      overdueTaskCount
      overdueTasks(first: $first) { title dueDate status overdue contract { title } }
      oldestPendingContracts(first: $first) { title status createdAt }
    }
  }
}`;

/** Only the non-zero rows of a zero-filled breakdown, as compact strings. */
const nonZero = (rows: { count: number; [k: string]: unknown }[]) =>
  rows.filter((r) => r.count > 0).map(({ count, ...key }) => `${Object.values(key).join('/')}=${count}`);

describe('Company insights', () => {
  const api = useTestServer();
  let crew: Crew;
  let freelancer: Account;
  /** The seeded contracts are created from T0 on, one a day (whole days, so ranges are exact). */
  let T0: Date;
  const at = (days: number, seconds = 0) => new Date(T0.getTime() + days * DAY + seconds * 1000);

  /** Creates a contract through the API, then moves its creation (and start) to controlled instants. */
  async function seed(
    title: string,
    createdAt: Date,
    tasks: TaskSpec[],
    steps: { startAfterSeconds?: number; then?: string; finish?: (tasks: { id: string; type: string }[]) => Promise<void> } = {},
  ) {
    const contract = await createContract(api, crew.HIRING_MANAGER, crew.companyId, freelancer, tasks, { title });
    await steps.finish?.(contract.onboardingTasks);
    if (steps.startAfterSeconds !== undefined) expectOk(await api.gql(START, { id: contract.id }, crew.OWNER.token), 'startContract');
    if (steps.then) {
      const name = steps.then === PAUSE ? 'pauseContract' : steps.then === END ? 'endContract' : 'cancelContract';
      expectOk(await api.gql(steps.then, { id: contract.id }, crew.OWNER.token), name);
    }
    const startedAt = steps.startAfterSeconds === undefined ? null : new Date(createdAt.getTime() + steps.startAfterSeconds * 1000);
    await api.db.getRepository(Contract).update({ id: rowIdOf(contract.id, 'Contract')! }, { createdAt, startedAt });
    return contract;
  }

  beforeAll(async () => {
    const now = new Date();
    T0 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 60 * DAY);
    crew = await companyWithEveryRole(api, 'Insightful');
    freelancer = await signUp(api, 'Fay Freelancer');
    const f = freelancer.id;
    const finishAll = (owner: Account, classification?: string) => async (tasks: { id: string }[]) => {
      for (const t of tasks) await finishTask(api, owner, t.id, classification);
    };

    // In range [T0, T0 + 7 days): four started contracts (1 h 0.25 s, 2 h 0.5 s, 3 h, 1 day to start) …
    await seed('A: active', at(0), [
      { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: f, required: true },
      { type: 'INDEPENDENT_CONTRACTOR_AGREEMENT', ownerId: f, required: true },
    ], { finish: finishAll(freelancer), startAfterSeconds: 3600.25 });
    await seed('B: paused', at(1), [], { startAfterSeconds: 7200.5, then: PAUSE });
    await seed('C: ended', at(2), [{ type: 'CLASSIFICATION', ownerId: crew.HIRING_MANAGER.id, required: true }], {
      finish: finishAll(crew.HIRING_MANAGER, 'INDEPENDENT_CONTRACTOR'),
      startAfterSeconds: 10800,
      then: END,
    });
    await seed('D: active', at(3), [{ type: 'OTHER', ownerId: f, required: false }], { startAfterSeconds: 86400 });
    // … two pending ones, one with overdue work …
    await seed('E: pending, overdue', at(4), [
      { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: f, required: true, dueDate: '2026-01-10' },
      { type: 'IP_OWNERSHIP_AGREEMENT', ownerId: f, required: true, dueDate: '2026-01-05' },
      { type: 'OTHER', ownerId: f, required: false, dueDate: '2026-01-20', title: 'Laptop pickup' },
      { type: 'CODE_OF_CONDUCT_REVIEW', ownerId: f, required: true, dueDate: '2026-01-01' },
    ], {
      finish: async (tasks) => {
        expectOk(await api.gql(START_TASK, { input: { taskId: tasks[1].id } }, freelancer.token), 'startOnboardingTask');
        await finishTask(api, freelancer, tasks[3].id);
      },
    });
    await seed('F: pending, no tasks', at(5), []);
    // … and a cancelled one whose task is due in the future.
    await seed('G: cancelled', at(6), [{ type: 'CLASSIFICATION', ownerId: crew.OWNER.id, required: true, dueDate: '2999-01-01' }], { then: CANCEL });
    // Out of range: 30 days before T0, pending with an overdue required task.
    await seed('H: old pending', at(-30), [{ type: 'OTHER', ownerId: f, required: true, dueDate: '2026-01-01' }]);
    // Another company's contract in range must not count.
    const other = await signUp(api, 'Other Owner');
    const otherCompany = await createCompany(api, other, 'Elsewhere');
    const foreign = await createContract(api, other, otherCompany, freelancer, [{ type: 'OTHER', ownerId: f, required: true, dueDate: '2026-01-02' }]);
    await api.db.getRepository(Contract).update({ id: rowIdOf(foreign.id, 'Contract')! }, { createdAt: at(2) });
  });

  const week = () => ({ from: at(0).toISOString(), to: at(7).toISOString() });

  it('counts contracts by status, every status listed', async () => {
    const res = await api.gql(INSIGHTS, { id: crew.companyId, ...week() }, crew.OWNER.token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.company.insights.contractsByStatus).toEqual([
      { status: 'PENDING', count: 2 },
      { status: 'ACTIVE', count: 2 },
      { status: 'PAUSED', count: 1 },
      { status: 'ENDED', count: 1 },
      { status: 'CANCELLED', count: 1 },
    ]);
    expect(res.data?.company.insights).toMatchObject({ from: at(0).toISOString(), to: at(7).toISOString() });
  });

  it('gives the onboarding completion rate as completed required tasks over required tasks', async () => {
    const insights = (await api.gql(INSIGHTS, { id: crew.companyId, ...week() }, crew.FULL.token)).data?.company.insights;
    // Required: A 2 (done), C 1 (done), E 3 (1 done), G 1 → 4 of 7.
    expect(insights.onboardingCompletion).toEqual({ required: 7, completed: 4, rate: 4 / 7 });
  });

  it('gives the median and 90th percentile of seconds from creation to start, interpolated like percentile_cont', async () => {
    const insights = (await api.gql(INSIGHTS, { id: crew.companyId, ...week() }, crew.HIRING_MANAGER.token)).data?.company.insights;
    // Sorted: 3600.25, 7200.5, 10800, 86400. Median: 7200.5 + 0.5 × 3599.5; p90: 10800 + 0.7 × 75600.
    expect(insights.timeToStart).toEqual({ startedCount: 4, medianSeconds: 9000.25, p90Seconds: 63720 });
  });

  it('counts tasks by type and status, every combination listed', async () => {
    const insights = (await api.gql(INSIGHTS, { id: crew.companyId, ...week() }, crew.OWNER.token)).data?.company.insights;
    expect(insights.tasksByTypeAndStatus).toHaveLength(6 * 3);
    expect(nonZero(insights.tasksByTypeAndStatus)).toEqual([
      'CONFIDENTIALITY_AGREEMENT/NOT_STARTED=1',
      'CONFIDENTIALITY_AGREEMENT/COMPLETED=1',
      'INDEPENDENT_CONTRACTOR_AGREEMENT/COMPLETED=1',
      'IP_OWNERSHIP_AGREEMENT/IN_PROGRESS=1',
      'CODE_OF_CONDUCT_REVIEW/COMPLETED=1',
      'CLASSIFICATION/NOT_STARTED=1',
      'CLASSIFICATION/COMPLETED=1',
      'OTHER/NOT_STARTED=2',
    ]);
  });

  it('counts and lists overdue tasks, the most overdue first, as OnboardingTask.overdue defines them', async () => {
    const insights = (await api.gql(INSIGHTS, { id: crew.companyId, ...week() }, crew.OWNER.token)).data?.company.insights;
    expect(insights.overdueTaskCount).toBe(3);
    expect(insights.overdueTasks).toEqual([
      { title: 'Intellectual property (IP) ownership agreement', dueDate: '2026-01-05', status: 'IN_PROGRESS', overdue: true, contract: { title: 'E: pending, overdue' } },
      { title: 'Confidentiality agreement', dueDate: '2026-01-10', status: 'NOT_STARTED', overdue: true, contract: { title: 'E: pending, overdue' } },
      { title: 'Laptop pickup', dueDate: '2026-01-20', status: 'NOT_STARTED', overdue: true, contract: { title: 'E: pending, overdue' } },
    ]);
    const two = (await api.gql(INSIGHTS, { id: crew.companyId, ...week(), first: 2 }, crew.OWNER.token)).data?.company.insights;
    expect(two.overdueTasks.map((t: { dueDate: string }) => t.dueDate)).toEqual(['2026-01-05', '2026-01-10']);
    expect(two.overdueTaskCount).toBe(3);
  });

  it('lists the oldest pending contracts first, bounded by `first`', async () => {
    const insights = (await api.gql(INSIGHTS, { id: crew.companyId, ...week() }, crew.OWNER.token)).data?.company.insights;
    expect(insights.oldestPendingContracts).toEqual([
      { title: 'E: pending, overdue', status: 'PENDING', createdAt: at(4).toISOString() },
      { title: 'F: pending, no tasks', status: 'PENDING', createdAt: at(5).toISOString() },
    ]);
    const one = (await api.gql(INSIGHTS, { id: crew.companyId, ...week(), first: 1 }, crew.OWNER.token)).data?.company.insights;
    expect(one.oldestPendingContracts.map((c: { title: string }) => c.title)).toEqual(['E: pending, overdue']);
    const none = (await api.gql(INSIGHTS, { id: crew.companyId, ...week(), first: 0 }, crew.OWNER.token)).data?.company.insights;
    expect(none.oldestPendingContracts).toEqual([]);
  });

  it('includes `from` and excludes `to`', async () => {
    // [T0 + 1 day, T0 + 6 days): B, C, D, E, F — not A (before) nor G (created exactly at `to`).
    const res = await api.gql(INSIGHTS, { id: crew.companyId, from: at(1).toISOString(), to: at(6).toISOString() }, crew.OWNER.token);
    const insights = res.data?.company.insights;
    expect(nonZero(insights.contractsByStatus)).toEqual(['PENDING=2', 'ACTIVE=1', 'PAUSED=1', 'ENDED=1']);
    expect(insights.onboardingCompletion).toEqual({ required: 4, completed: 2, rate: 0.5 });
    // 7200.5, 10800, 86400: median the middle one; p90 at 1.8 → 10800 + 0.8 × 75600.
    expect(insights.timeToStart).toEqual({ startedCount: 3, medianSeconds: 10800, p90Seconds: 71280 });
  });

  it('defaults to the 365 days before now, which takes in the older pending contract', async () => {
    const insights = (await api.gql(INSIGHTS, { id: crew.companyId }, crew.OWNER.token)).data?.company.insights;
    expect(new Date(insights.to).getTime() - new Date(insights.from).getTime()).toBe(365 * DAY);
    expect(Math.abs(new Date(insights.to).getTime() - Date.now())).toBeLessThan(60_000);
    expect(insights.oldestPendingContracts.map((c: { title: string }) => c.title)).toEqual(['H: old pending', 'E: pending, overdue', 'F: pending, no tasks']);
    expect(insights.overdueTaskCount).toBe(4);
    expect(insights.onboardingCompletion).toEqual({ required: 8, completed: 4, rate: 0.5 });
  });

  it('answers an empty range with zeros, and a null rate and percentiles (nothing to measure)', async () => {
    const res = await api.gql(INSIGHTS, { id: crew.companyId, from: at(100).toISOString(), to: at(100).toISOString() }, crew.OWNER.token);
    expect(res.errors).toBeUndefined();
    const insights = res.data?.company.insights;
    expect(nonZero(insights.contractsByStatus)).toEqual([]);
    expect(insights.contractsByStatus).toHaveLength(5);
    expect(nonZero(insights.tasksByTypeAndStatus)).toEqual([]);
    expect(insights.onboardingCompletion).toEqual({ required: 0, completed: 0, rate: null });
    expect(insights.timeToStart).toEqual({ startedCount: 0, medianSeconds: null, p90Seconds: null });
    expect(insights).toMatchObject({ overdueTaskCount: 0, overdueTasks: [], oldestPendingContracts: [] });
  });

  it('gives a single started contract as both its median and p90', async () => {
    const res = await api.gql(INSIGHTS, { id: crew.companyId, from: at(3).toISOString(), to: at(4).toISOString() }, crew.OWNER.token);
    expect(res.data?.company.insights.timeToStart).toEqual({ startedCount: 1, medianSeconds: 86400, p90Seconds: 86400 });
  });

  describe('refusals', () => {
    const SMALL = `query($id: ID!, $from: DateTimeISO, $to: DateTimeISO, $first: Int) {
      company(id: $id) { insights(from: $from, to: $to) { overdueTaskCount oldestPendingContracts(first: $first) { id } } }
    }`;

    it.each([
      [CompanyRole.OWNER, null],
      [CompanyRole.FULL, null],
      [CompanyRole.HIRING_MANAGER, null],
      [CompanyRole.RECRUITER, 'FORBIDDEN'],
    ])('answers %s with %s, as other hidden company fields do', async (role, code) => {
      const res = await api.gql(SMALL, { id: crew.companyId, ...week() }, crew[role].token);
      if (code) {
        expect(expectError(res, code).path).toEqual(['company', 'insights']);
        expect(res.data).toBeNull();
      } else {
        expect(res.errors).toBeUndefined();
        expect(res.data?.company.insights.overdueTaskCount).toBe(3);
      }
    });

    it('shows a stranger nothing: NOT_FOUND, word for word as an unknown company', async () => {
      expectError(await api.gql(SMALL, { id: crew.companyId }, crew.stranger.token), 'NOT_FOUND');
    });

    it('shows the freelancer, who reaches the company through a contract, NOT_FOUND', async () => {
      const q = `query { viewer { contracts(role: FREELANCER, first: 1) { nodes { company { insights { overdueTaskCount } } } } } }`;
      const res = await api.gql(q, {}, freelancer.token);
      expect(expectError(res, 'NOT_FOUND').path).toEqual(['viewer', 'contracts', 'nodes', 0, 'company', 'insights']);
    });

    it('refuses anonymous callers', async () => {
      expectError(await api.gql(SMALL, { id: crew.companyId }), 'UNAUTHENTICATED');
    });

    it.each([
      ['`from` after `to`', { from: '2026-02-02T00:00:00Z', to: '2026-02-01T00:00:00Z' }, ['from']],
      ['a range over 366 days', { from: '2025-01-01T00:00:00Z', to: '2026-01-02T00:00:01Z' }, ['to']],
      ['a `from` more than 366 days before the default `to`', { from: '2000-01-01T00:00:00Z' }, ['to']],
      ['`first` above 50', { first: 51 }, undefined],
      ['a negative `first`', { first: -1 }, undefined],
      ['a date that is not a date', { from: 'yesterday' }, undefined],
    ])('refuses %s with BAD_USER_INPUT', async (_what, args, field) => {
      const res = await api.gql(SMALL, { id: crew.companyId, ...args }, crew.OWNER.token);
      const error = expectError(res, 'BAD_USER_INPUT');
      if (field) expect(error.extensions.fields).toEqual([{ field, message: error.message }]);
      expect(res.status).toBeLessThan(500);
    });

    it('takes a null `first` as the default instead of failing', async () => {
      const res = await api.gql(SMALL, { id: crew.companyId, ...week(), first: null }, crew.OWNER.token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.company.insights.oldestPendingContracts).toHaveLength(2);
    });

    it('costs INSIGHTS_COST in the query cost limit: fine for a few companies, refused for a page of 50', async () => {
      const q = `query($n: Int) { viewer { companies(first: $n) { nodes { insights { overdueTaskCount } } } } }`;
      const few = await api.gql(q, { n: 10 }, crew.OWNER.token);
      expect(few.errors).toBeUndefined();
      const many = await api.gql(q, { n: 50 }, crew.OWNER.token);
      expect(expectError(many, 'QUERY_TOO_COMPLEX').extensions).toMatchObject({ limit: 'cost', actual: 1 + 50 * (1 + INSIGHTS_COST) });
    });

    it('accepts a range of exactly 366 days', async () => {
      const res = await api.gql(SMALL, { id: crew.companyId, from: '2025-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, crew.OWNER.token);
      expect(res.errors).toBeUndefined();
    });
  });
});
