import { Contract, ContractStatus } from '../server/src/contract/contract.entity';
import { rowIdOf } from '../server/src/common/ids';
import { OnboardingTask } from '../server/src/onboarding/onboarding-task.entity';
import { OnboardingTaskStatus, OnboardingTaskType } from '../server/src/onboarding/onboarding.enums';
import type { BenchClient, Scenario } from './client';

const CONTRACTS = 5000;

/**
 * One company with 5,000 contracts a minute apart (a third each PENDING, ACTIVE, ENDED; the started ones
 * 0–96 h after creation) and 3 tasks each (15,000), inserted in bulk: the insights and CSV scenarios share it.
 */
async function seedContracts(client: BenchClient): Promise<{ token: string; companyId: string }> {
  const email = `insights-${Date.now()}@bench.example`;
  const signUp = await client.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }`, {
    i: { email, password: 'correct horse battery', name: 'Insights Owner' },
  });
  const token = signUp.signUp.token as string;
  const userId = rowIdOf(signUp.signUp.user.id, 'User')!;
  const created = await client.gql(`mutation { createCompany(input: { name: "Insights Co" }) { company { id } } }`, {}, token);
  const companyId = created.createCompany.company.id as string;
  const companyRow = rowIdOf(companyId, 'Company')!;
  const now = Date.now();
  const types = Object.values(OnboardingTaskType);
  const statuses = Object.values(OnboardingTaskStatus);
  await client.db.transaction(async (tx) => {
    for (let i = 0; i < CONTRACTS; i += 250) {
      const contracts = Array.from({ length: Math.min(250, CONTRACTS - i) }, (_, k) => {
        const n = i + k;
        const createdAt = new Date(now - n * 60_000);
        const status = [ContractStatus.PENDING, ContractStatus.ACTIVE, ContractStatus.ENDED][n % 3];
        return Object.assign(new Contract(), {
          companyId: companyRow, freelancerId: userId, createdById: userId, title: `Contract ${n}, "bench"`,
          description: null, hourlyRateCents: 10_000, currency: 'USD', status, createdAt,
          startedAt: status === ContractStatus.PENDING ? null : new Date(createdAt.getTime() + (n % 97) * 3_600_000), endedAt: null,
        });
      });
      await tx.getRepository(Contract).insert(contracts);
      const tasks = contracts.flatMap((c, k) =>
        [0, 1, 2].map((j) =>
          Object.assign(new OnboardingTask(), {
            companyId: companyRow, contractId: c.id, type: types[(k + j) % types.length], title: 'Task', details: 'Details',
            ownerId: userId, required: j < 2, requiresAttachment: false, dueDate: j === 0 ? '2026-01-01' : null,
            status: statuses[(k + j) % statuses.length], startedAt: null, completedAt: null, completedById: null, classification: null,
          }),
        ),
      );
      await tx.getRepository(OnboardingTask).insert(tasks);
    }
  });
  return { token, companyId };
}

const seeded = new WeakMap<BenchClient, ReturnType<typeof seedContracts>>();
const seededContracts = (client: BenchClient) => {
  let seed = seeded.get(client);
  if (!seed) seeded.set(client, (seed = seedContracts(client)));
  return seed;
};

const INSIGHTS = `query($id: ID!) { company(id: $id) { insights {
  contractsByStatus { status count } onboardingCompletion { rate } timeToStart { medianSeconds p90Seconds }
  tasksByTypeAndStatus { count } overdueTaskCount overdueTasks { id } oldestPendingContracts { id } } } }`;

export const insightsScenarios: Scenario[] = [
  {
    name: 'Company.insights, all figures, 5k contracts',
    requests: 200,
    concurrency: 4,
    async setup(client) {
      const { token, companyId } = await seededContracts(client);
      return () => client.gql(INSIGHTS, { id: companyId }, token);
    },
  },
  ...(['contracts', 'onboarding-tasks'] as const).map(
    (kind): Scenario => ({
      name: `${kind}.csv, ${kind === 'contracts' ? '5k' : '15k'} rows, whole file`,
      requests: 20,
      concurrency: 2,
      async setup(client) {
        const { token, companyId } = await seededContracts(client);
        return async () => {
          const res = await client.fetch(`/exports/companies/${companyId}/${kind}.csv`, { headers: { authorization: `Bearer ${token}` } });
          const text = await res.text();
          if (res.status !== 200) throw new Error(`${res.status} ${text}`);
        };
      },
    }),
  ),
];
