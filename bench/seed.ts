/**
 * Seeds the data set through the GraphQL API, as clients would: one owner with 100 companies, each
 * with 10 members (the owner + 9 coworkers who sign up, are invited and accept), 20 contracts
 * with 5 onboarding tasks each. Nothing is inserted behind the API's back.
 */
import { gql } from './gql';

export const COMPANIES = 100;
export const COWORKERS_PER_COMPANY = 9;
export const CONTRACTS_PER_COMPANY = 20;
const FREELANCERS = 50;
const PASSWORD = 'correct horse battery staple';
const ROLES = ['FULL', 'HIRING_MANAGER', 'RECRUITER', 'RECRUITER', 'HIRING_MANAGER', 'RECRUITER', 'FULL', 'RECRUITER', 'RECRUITER'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'CA', 'NL', 'ES', 'IT', 'SE', 'JP'];

export interface Seeded {
  /** Bearer token of the owner of every company: the viewer of all timed workloads. */
  ownerToken: string;
  companyIds: string[];
  contractIds: string[];
  calls: number;
}

/** Runs `work` over `items` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } userErrors { code message } } }`;
const CREATE_COMPANY = `mutation($i: CreateCompanyInput!) { createCompany(input: $i) { company { id } userErrors { code message } } }`;
const INVITE = `mutation($i: InviteCoworkerInput!) { inviteCoworker(input: $i) { invitation { joinUrl } userErrors { code message } } }`;
const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { companyMember { id } userErrors { code message } } }`;
const CREATE_CONTRACT = `mutation($i: CreateContractInput!) { createContract(input: $i) { contract { id } userErrors { code message } } }`;

export async function seed(baseUrl: string, log: (line: string) => void): Promise<Seeded> {
  const url = `${baseUrl}/graphql`;
  let calls = 0;
  const call = (query: string, i: Record<string, unknown>, token?: string) => {
    calls += 1;
    return gql(url, query, { i }, token);
  };
  const signUp = async (email: string, name: string) => {
    const data = await call(SIGN_UP, { email, name, password: PASSWORD });
    return { token: data.signUp.token as string, id: data.signUp.user.id as string };
  };

  const started = Date.now();
  const owner = await signUp('owner@bench.example', 'Olivia Owner');
  const freelancers: { id: string }[] = [];
  await pool([...Array(FREELANCERS).keys()], 4, async (f) => {
    freelancers[f] = await signUp(`freelancer${f}@bench.example`, `Freelancer ${f} Surname${f % 7}`);
  });
  log(`  users: owner + ${FREELANCERS} freelancers (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const companyIds: string[] = [];
  const contractIds: string[][] = [];
  await pool([...Array(COMPANIES).keys()], 4, async (c) => {
    const n = String(c).padStart(3, '0');
    const created = await call(
      CREATE_COMPANY,
      {
        name: `Company ${n}`,
        description: `Bench company number ${c}, hiring freelancers for web and data projects.`,
        website: `https://company${n}.example`,
        city: `City ${c % 17}`,
        country: COUNTRIES[c % COUNTRIES.length],
        timezone: 'Europe/Berlin',
      },
      owner.token,
    );
    const companyId = created.createCompany.company.id as string;
    companyIds[c] = companyId;
    for (let k = 0; k < COWORKERS_PER_COMPANY; k += 1) {
      const email = `member${n}-${k}@bench.example`;
      const coworker = await signUp(email, `Member ${n}-${k}`);
      const invited = await call(INVITE, { companyId, email, role: ROLES[k] }, owner.token);
      const token = String(invited.inviteCoworker.invitation.joinUrl).split('/join/')[1];
      await call(ACCEPT, { token }, coworker.token);
    }
    contractIds[c] = [];
    for (let k = 0; k < CONTRACTS_PER_COMPANY; k += 1) {
      const freelancerId = freelancers[(c * CONTRACTS_PER_COMPANY + k) % FREELANCERS].id;
      const data = await call(
        CREATE_CONTRACT,
        {
          companyId,
          freelancerId,
          title: `Contract ${n}-${k}: ${['API integration', 'Data pipeline', 'Design system', 'Mobile app'][k % 4]}`,
          description: 'Scope as agreed in the kickoff call.',
          hourlyRateCents: 5000 + 250 * k,
          currency: k % 3 ? 'USD' : 'EUR',
          onboardingTasks: [
            { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancerId },
            { type: 'INDEPENDENT_CONTRACTOR_AGREEMENT', ownerId: freelancerId },
            { type: 'IP_OWNERSHIP_AGREEMENT', ownerId: freelancerId },
            { type: 'CODE_OF_CONDUCT_REVIEW', ownerId: freelancerId, required: false },
            { type: 'CLASSIFICATION', ownerId: owner.id, dueDate: '2030-01-31' },
          ],
        },
        owner.token,
      );
      contractIds[c].push(data.createContract.contract.id as string);
    }
    if ((c + 1) % 20 === 0) log(`  companies seeded: ${c + 1}/${COMPANIES} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
  return { ownerToken: owner.token, companyIds, contractIds: contractIds.flat(), calls };
}
