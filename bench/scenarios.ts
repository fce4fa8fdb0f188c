import { CompanyMember } from '../server/src/company/company-member.entity';
import { rowIdOf } from '../server/src/common/ids';
import { CompanyRole } from '../server/src/common/permissions';
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
];
