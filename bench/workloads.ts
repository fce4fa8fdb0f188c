/**
 * The workloads: one GraphQL document each, sent as-is to every contestant (the floor matches the
 * document text and answers it with hand-written SQL). The viewer is the owner of all 100 companies.
 */
import type { Seeded } from './seed';

export type WorkloadName = 'W1' | 'W2' | 'W3' | 'W4' | 'W5';

export const W1_NODE = `query W1($id: ID!) { node(id: $id) { __typename id createdAt ... on Contract { title status currency hourlyRateCents } } }`;

export const W2_COMPANIES = `query W2 { viewer { id name companies(first: 50) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name website city country createdAt viewerRole } } } } }`;

/**
 * The whole tree in one request, with every connection's totalCount: 100 companies → 20 contracts
 * each → 5 onboarding tasks each (12,100 objects), plus each company's 10 members with their user's
 * name (1,000 more): 13,100 objects, ~1.4 MB. Pages are as large as the whole tree needs and the
 * cost limit allows (it refuses 50,000+; this costs 24,101; contracts(first: 100) would cost
 * 112,101). Few fields per object, so the cost per object (executor, hydration) is what it measures.
 */
export const W3_TREE =
  `query W3 { viewer { companies(first: 100) { totalCount nodes { id name viewerRole ` +
  `members(first: 10) { totalCount nodes { id role user { name } } } ` +
  `contracts(first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id title status onboardingTasks { id status } } } } } } }`;

export const W4_UPDATE_COMPANY = `mutation W4($i: UpdateCompanyInput!) { updateCompany(input: $i) { company { id name city } userErrors { code field message } } }`;

export interface GqlRequest {
  query: string;
  variables?: Record<string, unknown>;
}

/** One step of a workload's cycle; `vary(n)` gives the request of its n-th run. */
export interface Step {
  label: string;
  vary(n: number): GqlRequest;
}

export interface Workload {
  name: WorkloadName;
  title: string;
  /** Every connection runs these in turn; W4 is 4 reads : 1 write. */
  steps: Step[];
  /** Connections that run `steps` (default 10). */
  connections?: number;
  /**
   * Requests sent all the while on more connections, timed by nobody: W5's whole trees. The
   * figures are the `steps`' own, so they say what other users get while these run.
   */
  background?: { label: string; steps: Step[]; connections: number };
}

export function workloads(seeded: Seeded): Workload[] {
  // One contract per company, so W1 does not hit one hot row.
  const contracts = seeded.companyIds.map((_, c) => seeded.contractIds[c * 20 + (c % 20)]);
  const node: Step = { label: 'node(id) on a contract', vary: (n) => ({ query: W1_NODE, variables: { id: contracts[n % contracts.length] } }) };
  const companies: Step = { label: 'viewer.companies(first: 50)', vary: () => ({ query: W2_COMPANIES }) };
  const tree: Step = { label: 'tree', vary: () => ({ query: W3_TREE }) };
  const update: Step = {
    label: 'updateCompany(city)',
    vary: (n) => ({
      query: W4_UPDATE_COMPANY,
      variables: { i: { companyId: seeded.companyIds[n % seeded.companyIds.length], city: `Bench City ${n}` } },
    }),
  };
  return [
    { name: 'W1', title: 'W1 node(id) on a contract', steps: [node] },
    { name: 'W2', title: 'W2 viewer.companies(first: 50)', steps: [companies] },
    { name: 'W3', title: 'W3 whole tree (companies → contracts → tasks, + members)', steps: [tree] },
    { name: 'W4', title: 'W4 80/20 reads (W1, W2) and updateCompany', steps: [node, companies, node, node, update] },
    // What an analyst pulling whole trees does to everyone else: W1 on 8 connections while W3 runs on 2 more.
    {
      name: 'W5',
      title: 'W5 node(id) while whole trees run',
      steps: [node],
      connections: 8,
      background: { label: 'whole trees (W3) on 2 more connections', steps: [tree], connections: 2 },
    },
  ];
}
