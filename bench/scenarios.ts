import { User } from '../server/src/account/user.entity';
import { CompanyMember } from '../server/src/company/company-member.entity';
import { newId, rowIdOf } from '../server/src/common/ids';
import { CompanyRole, ThreadPermission } from '../server/src/common/permissions';
import { Message, MessageThread, ThreadParticipant } from '../server/src/messaging';
import { backfillSearchIndex } from '../server/src/messaging/thread-search';
import type { BenchClient, Scenario } from './client';

let seq = 0;
async function signUp(client: BenchClient, name: string): Promise<{ token: string; id: string }> {
  seq += 1;
  const data = await client.gql(
    `mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }`,
    { i: { email: `bench${seq}-${Date.now()}@example.com`, password: 'correct horse battery', name } },
  );
  return { token: data.signUp.token, id: data.signUp.user.id };
}

/** A company with `size` members spread over 10 teams; returns the owner's token and the company id. */
async function seedCompany(client: BenchClient, size: number): Promise<{ token: string; companyId: string }> {
  const owner = await signUp(client, 'Bench Owner');
  const company = await client.gql(`mutation { createCompany(input: { name: "Bench Co" }) { company { id } } }`, {}, owner.token);
  const companyId = company.createCompany.company.id as string;
  const teams: string[] = [];
  for (let t = 0; t < 10; t += 1) {
    const res = await client.gql(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id } } }`, { i: { companyId, name: `Team ${t}` } }, owner.token);
    teams.push(rowIdOf(res.createTeam.team.id, 'Team')!);
  }
  for (let m = 1; m < size; m += 1) {
    const user = await signUp(client, `Member ${m}`);
    await client.db.getRepository(CompanyMember).insert(
      Object.assign(new CompanyMember(), {
        companyId: rowIdOf(companyId, 'Company'),
        userId: rowIdOf(user.id, 'User'),
        role: CompanyRole.RECRUITER,
        teamId: teams[m % teams.length],
      }),
    );
  }
  return { token: owner.token, companyId };
}

const WORDS = (
  'kafka terraform react design budget invoice deadline schedule interview contract logo pipeline ' +
  'migration postgres review sprint feedback milestone estimate proposal payment travel onsite remote ' +
  'python golang rust typescript figma copywriting translation video audit security compliance'
).split(' ');

/**
 * 500 threads of 20 messages (10,000) between one company's owner and 50 freelancers, inserted in bulk
 * in one transaction, then indexed for search in bulk (SQLite's FTS rows; PostgreSQL indexes itself).
 */
async function seedThreads(client: BenchClient): Promise<{ token: string; companyId: string }> {
  const { token, companyId: companyGid } = await seedCompany(client, 1);
  const viewer = await client.gql(`{ viewer { id } }`, {}, token);
  const ownerId = rowIdOf(viewer.viewer.id, 'User')!;
  const companyId = rowIdOf(companyGid, 'Company')!;
  let state = 42;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const sentence = (n: number) => Array.from({ length: n }, () => WORDS[random(WORDS.length)]).join(' ');
  await client.db.transaction(async (tx) => {
    const freelancers = Array.from({ length: 50 }, (_, i) =>
      Object.assign(new User(), { name: `Freelancer${i} Surname${i % 7}`, email: `fl${i}-${Date.now()}@bench.example`, emailKey: `fl${i}-${Date.now()}@bench.example`, passwordHash: 'x' }),
    );
    await tx.getRepository(User).insert(freelancers);
    const start = Date.now() - 86_400_000;
    for (let t = 0; t < 500; t += 1) {
      const thread = Object.assign(new MessageThread(), {
        id: newId(),
        companyId,
        freelancerId: freelancers[t % 50].id,
        startedById: ownerId,
        subject: `${sentence(3)} ${t}`,
        createdAt: new Date(start + t * 1000),
        lastMessageAt: new Date(start + t * 1000 + 19_000),
      });
      await tx.getRepository(MessageThread).insert(thread);
      await tx.getRepository(ThreadParticipant).insert(
        Object.assign(new ThreadParticipant(), { companyId, threadId: thread.id, userId: ownerId, permission: ThreadPermission.MANAGE, addedById: null }),
      );
      const messages = Array.from({ length: 20 }, (_, m) =>
        Object.assign(new Message(), {
          id: newId(),
          companyId,
          threadId: thread.id,
          authorId: m % 2 ? thread.freelancerId : ownerId,
          body: sentence(12 + random(20)),
          createdAt: new Date(start + t * 1000 + m * 1000),
        }),
      );
      await tx.getRepository(Message).insert(messages);
    }
    await backfillSearchIndex(tx, companyId);
  });
  if (client.db.options.type === 'postgres') await client.db.query('ANALYZE');
  return { token, companyId: companyGid };
}

const seeded = new WeakMap<BenchClient, ReturnType<typeof seedThreads>>();
/** The search scenarios share one seed per run. */
function seededThreads(client: BenchClient): ReturnType<typeof seedThreads> {
  let seed = seeded.get(client);
  if (!seed) {
    seed = seedThreads(client);
    seeded.set(client, seed);
  }
  return seed;
}

export const scenarios: Scenario[] = [
  {
    name: 'viewer (auth lookup only)',
    requests: 2000,
    concurrency: 10,
    async setup(client) {
      const { token } = await signUp(client, 'Viewer');
      return () => client.gql(`{ viewer { id name } }`, {}, token);
    },
  },
  {
    name: 'company.members(first:100) with user+team',
    requests: 1000,
    concurrency: 10,
    async setup(client) {
      const { token, companyId } = await seedCompany(client, 150);
      return () =>
        client.gql(
          `query($id: ID!) { company(id: $id) { members(first: 100) { totalCount nodes { role user { name email } team { name } } } } }`,
          { id: companyId },
          token,
        );
    },
  },
  {
    name: 'updateCompany (transaction + audit)',
    requests: 1000,
    concurrency: 10,
    async setup(client) {
      const { token, companyId } = await seedCompany(client, 2);
      let n = 0;
      return () => {
        n += 1;
        return client.gql(`mutation($i: UpdateCompanyInput!) { updateCompany(input: $i) { company { city } } }`, { i: { companyId, city: `City ${n}` } }, token);
      };
    },
  },
  // What an idempotency key costs: the same mutation without one, with a new one each time (claim +
  // stored answer), and repeated with one key (a replay: two reads, nothing created).
  ...(['no key', 'new key each', 'replay of one key'] as const).map(
    (mode): Scenario => ({
      name: `createCompany (${mode})`,
      requests: 500,
      concurrency: 10,
      async setup(client) {
        const { token } = await signUp(client, 'Keyed');
        let n = 0;
        return () => {
          n += 1;
          const idempotencyKey = mode === 'no key' ? undefined : mode === 'new key each' ? `bench-${n}-${Date.now()}` : 'bench-replayed';
          return client.gql(
            `mutation($i: CreateCompanyInput!) { createCompany(input: $i) { company { id name } userErrors { code } } }`,
            { i: { name: 'Keyed Co', idempotencyKey } },
            token,
          );
        };
      },
    }),
  ),
  ...[10, 1].map(
    (concurrency): Scenario => ({
      name: `messageThreads(search:) 10k msgs, ${concurrency === 1 ? 'serial' : `c=${concurrency}`}`,
      requests: concurrency === 1 ? 300 : 1000,
      concurrency,
      async setup(client) {
        const { token } = await seededThreads(client);
        const searches = ['kafka', 'Freelancer7', 'surname3 budget', 'TERRAFORM review', 'pipe', 'invoice 42', 'nothingmatches'];
        let n = 0;
        return () => {
          n += 1;
          return client.gql(
            `query($s: String) { messageThreads(search: $s, first: 20) { totalCount nodes { id subject lastMessageAt freelancer { name } lastMessage { body } } } }`,
            { s: searches[n % searches.length] },
            token,
          );
        };
      },
    }),
  ),
];
