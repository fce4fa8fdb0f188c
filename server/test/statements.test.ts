import { CompanyRole } from '../src/common/permissions';
import { rowIdOf } from '../src/common/ids';
import { CompanyMember } from '../src/company';
import { createContract } from './support/contracts';
import { addMember, createCompany, signUp, type Account } from './support/fixtures';
import { statementCounter } from '../src/db/statement-counter';
import { AUTH_STATEMENTS, countQueries, expectStatements } from './support/queries';
import { useTestServer } from './support/server';

/**
 * What a request costs in SQL statements (issue 11). Lists under a parent are read for every parent
 * in one statement, so the numbers below hold whatever the number of companies, contracts or tasks;
 * a query per parent (an N+1) breaks them. Counted by the data source's statement counter.
 */
const TREE = `{ viewer { companies(first: 100) { nodes { id name
  contracts(first: 20) { nodes { id title status onboardingTasks { id title status } } }
  members(first: 10) { nodes { id role } } } } } }`;

// The bench's W3 (bench/workloads.ts): every totalCount and each member's user.
const W3 = `{ viewer { companies(first: 100) { totalCount nodes { id name viewerRole
  members(first: 10) { totalCount nodes { id role user { name } } }
  contracts(first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id title status onboardingTasks { id status } } } } } } }`;

const PAGE = `query($after: String) { viewer { companies(first: 2, after: $after) {
  totalCount nodes { id name viewerRole } pageInfo { hasNextPage endCursor } } } }`;

// Small pages: the request limits' cost estimate multiplies each connection's `first` by its children's.
const RICH = `{ viewer { companies(first: 10) { nodes { name viewerRole
  contracts(first: 5, status: [PENDING]) { totalCount edges { cursor node { title freelancer { name } onboardingProgress { total }
    onboardingTasks { title owner { name } attachments { filename } } } } }
  members(first: 5) { totalCount nodes { role user { name } team { name } } }
  teams(first: 2) { totalCount nodes { name members(first: 5) { totalCount nodes { user { name } } } } }
  invitations(first: 2) { totalCount nodes { email } }
  auditLog(first: 5) { nodes { action actor { name } } } } } } }`;

describe('SQL statements per request', () => {
  const api = useTestServer();
  let owner: Account;
  const companies: string[] = [];
  let richWithOneCompany = 0;

  /** A company of `owner` with two contracts of two tasks, two more members and a team. */
  async function addCompany(n: number): Promise<void> {
    const companyId = await createCompany(api, owner, `Tree ${n}`);
    companies.push(companyId);
    for (const role of [CompanyRole.FULL, CompanyRole.RECRUITER]) await addMember(api, companyId, await signUp(api, `${role} ${n}`), role);
    const team = await api.gql(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id } } }`, { i: { companyId, name: 'Core' } }, owner.token);
    expect(team.data?.createTeam.team.id).toBeTruthy();
    for (let c = 0; c < 2; c += 1) {
      const freelancer = await signUp(api, `Freelancer ${n}.${c}`);
      await createContract(api, owner, companyId, freelancer, [
        { type: 'OTHER', ownerId: freelancer.id },
        { type: 'OTHER', ownerId: owner.id },
      ]);
    }
  }

  async function cost(query: string, variables: Record<string, unknown> = {}, as: Account = owner) {
    let body: Record<string, any> | null = null;
    let errors: unknown[] | undefined;
    const statements = await countQueries(api, async () => {
      const res = await api.gql(query, variables, as.token);
      body = res.data;
      errors = res.errors;
    });
    return { statements: statements - AUTH_STATEMENTS, body: body as Record<string, any> | null, errors };
  }

  beforeAll(async () => {
    owner = await signUp(api, 'Tree Owner');
    await addCompany(1);
  });

  it('reads the whole tree (companies → contracts → onboardingTasks, and members) in 4 statements, for 1 company or 4', async () => {
    const one = await cost(TREE);
    expect(one.errors).toBeUndefined();
    expect(one.body?.viewer.companies.nodes).toHaveLength(1);
    expect(one.body?.viewer.companies.nodes[0].contracts.nodes).toHaveLength(2);
    expect(one.body?.viewer.companies.nodes[0].contracts.nodes[0].onboardingTasks).toHaveLength(2);
    expect(one.body?.viewer.companies.nodes[0].members.nodes).toHaveLength(3);
    // companies (with the viewer's memberships), contracts, tasks, members.
    expect(one.statements).toBe(4);
    richWithOneCompany = (await cost(RICH)).statements;

    for (let n = 2; n <= 4; n += 1) await addCompany(n);
    const four = await cost(TREE);
    expect(four.errors).toBeUndefined();
    const nodes = four.body?.viewer.companies.nodes as { name: string; contracts: { nodes: { onboardingTasks: unknown[] }[] }; members: { nodes: unknown[] } }[];
    expect(nodes.map((c) => c.name)).toEqual(['Tree 1', 'Tree 2', 'Tree 3', 'Tree 4']);
    expect(nodes.map((c) => [c.contracts.nodes.length, c.contracts.nodes.flatMap((k) => k.onboardingTasks).length, c.members.nodes.length])).toEqual(
      [[2, 4, 3], [2, 4, 3], [2, 4, 3], [2, 4, 3]],
    );
    expect(four.statements).toBe(4);
  });

  it('reads the bench\'s whole tree, with every totalCount and each member\'s user, in 4 statements', async () => {
    const tree = await cost(W3);
    expect(tree.errors).toBeUndefined();
    const companiesPage = tree.body?.viewer.companies as { totalCount: number; nodes: Record<string, any>[] };
    expect(companiesPage.totalCount).toBe(4);
    expect(companiesPage.nodes.map((c) => [c.viewerRole, c.members.totalCount, c.members.nodes.length, c.contracts.totalCount, c.contracts.pageInfo.hasNextPage])).toEqual(
      [0, 1, 2, 3].map(() => ['OWNER', 3, 3, 2, false]),
    );
    expect(companiesPage.nodes[1].members.nodes.map((m: { role: string; user: { name: string } }) => [m.role, m.user.name])).toEqual([
      ['OWNER', 'Tree Owner'],
      ['FULL', 'FULL 2'],
      ['RECRUITER', 'RECRUITER 2'],
    ]);
    expect(companiesPage.nodes[0].contracts.nodes[0].onboardingTasks.map((t: { status: string }) => t.status)).toEqual(['NOT_STARTED', 'NOT_STARTED']);
    // companies (with the viewer's memberships and their count), members (with their users and count),
    // contracts (with their count), onboarding tasks.
    expectStatements(tree.statements, 4);
  });

  it('reads only the columns a selection needs, through fragments, and every column for a field that needs more', async () => {
    const counter = statementCounter(api.db);
    const tasksQuery = (fields: string) => `fragment T on OnboardingTask { ${fields} }
      { viewer { companies(first: 100) { nodes { contracts(first: 20) { edges { node { ... on Contract { onboardingTasks { ...T } } } } } } } } }`;
    const read = async (fields: string) => {
      const res = await cost(tasksQuery(fields));
      expect(res.errors).toBeUndefined();
      const tasksSql = counter.recent.filter((sql) => sql.includes('FROM "onboarding_tasks"')).pop() ?? '';
      const tasks = (res.body?.viewer.companies.nodes as { contracts: { edges: { node: { onboardingTasks: Record<string, unknown>[] } }[] } }[]).flatMap((c) =>
        c.contracts.edges.flatMap((e) => e.node.onboardingTasks),
      );
      return { tasks, tasksSql };
    };
    const lean = await read('id status');
    expect(lean.tasks).toHaveLength(16);
    expect(lean.tasksSql).toContain('"status"');
    expect(lean.tasksSql).not.toContain('"details"');
    expect(lean.tasksSql).not.toContain('"ownerId"');

    const full = await read('id status details overdue owner { name }');
    expect(full.tasksSql).toContain('"details"');
    expect(full.tasksSql).toContain('"ownerId"');
    expect(full.tasks.map((t) => [t.id, t.status])).toEqual(lean.tasks.map((t) => [t.id, t.status]));
    expect(new Set(full.tasks.map((t) => (t.owner as { name: string }).name.replace(/ \d.*$/, '')))).toEqual(new Set(['Freelancer', 'Tree Owner']));
    expect(full.tasks.every((t) => t.overdue === false && typeof t.details === 'string')).toBe(true);
  });

  it('serves large queries one at a time, in turn: their statements never interleave', async () => {
    // Costs 100 × (1 + 20) = 2,100 objects: a large query (1,000 or more). On PostgreSQL, where every
    // statement waits for the network, three such queries served together would interleave.
    const large = `{ viewer { companies(first: 100) { nodes { contracts(first: 20) { nodes { id } } } } } }`;
    const counter = statementCounter(api.db);
    const before = counter.statements;
    const answers = await Promise.all([1, 2, 3].map(() => api.gql(large, {}, owner.token)));
    for (const res of answers) expect(res.data?.viewer.companies.nodes).toHaveLength(companies.length);
    const tables = counter.recent
      .slice(-(counter.statements - before))
      .map((sql) => /FROM "(companies|contracts|sessions)"/.exec(sql)?.[1] ?? sql)
      .filter((table) => table !== 'sessions');
    expect(tables).toEqual(['companies', 'contracts', 'companies', 'contracts', 'companies', 'contracts']);
  });

  it('pages viewer.companies in at most 2 statements a page: the first page carries its totalCount, later ones count apart', async () => {
    const first = await cost(PAGE);
    expect(first.body?.viewer.companies).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(first.statements).toBe(1);
    const second = await cost(PAGE, { after: first.body?.viewer.companies.pageInfo.endCursor });
    expect(second.body?.viewer.companies.nodes.map((c: { name: string }) => c.name)).toEqual(['Tree 3', 'Tree 4']);
    expect(second.body?.viewer.companies.nodes.map((c: { viewerRole: string }) => c.viewerRole)).toEqual(['OWNER', 'OWNER']);
    expect(second.statements).toBe(2);
  });

  it('reads viewer.companies in 1 statement with or without its totalCount, counting and reading every column only when asked', async () => {
    const counter = statementCounter(api.db);
    const companiesSql = () => counter.recent.filter((sql) => sql.includes('FROM "companies"')).pop() ?? '';
    // The bench's W2 (bench/workloads.ts): edges and pageInfo, no totalCount.
    const lean = await cost(`{ viewer { companies(first: 3) { pageInfo { hasNextPage endCursor } edges { cursor node { id name city createdAt viewerRole } } } } }`);
    expect(lean.errors).toBeUndefined();
    expect(lean.statements).toBe(1);
    expect(companiesSql()).not.toContain('COUNT(');
    expect(companiesSql()).not.toContain('"timezone"');
    const edges = lean.body?.viewer.companies.edges as { node: Record<string, unknown> }[];
    expect(edges.map((e) => [e.node.name, e.node.viewerRole, e.node.city])).toEqual([1, 2, 3].map((n) => [`Tree ${n}`, 'OWNER', null]));
    expect(lean.body?.viewer.companies.pageInfo.hasNextPage).toBe(true);

    const counted = await cost(`fragment C on CompanyConnection { totalCount } { viewer { companies(first: 3) { ...C nodes { name timezone } } } }`);
    expect(counted.errors).toBeUndefined();
    expect(counted.statements).toBe(1);
    expect(companiesSql()).toContain('COUNT(');
    expect(counted.body?.viewer.companies).toEqual({ totalCount: 4, nodes: [1, 2, 3].map((n) => ({ name: `Tree ${n}`, timezone: null })) });

    // The same for the lists under it: no count unless asked, and one statement for each list either way.
    const nested = (count: string) => `{ viewer { companies(first: 3) { nodes { contracts(first: 1) { ${count} nodes { id } } members(first: 1) { ${count} nodes { id } } } } } }`;
    const tables = /FROM "(contracts|company_members)"/;
    for (const count of ['', 'totalCount']) {
      const res = await cost(nested(count));
      expect(res.errors).toBeUndefined();
      expect(res.statements).toBe(3);
      const lists = counter.recent.slice(-2);
      expect(lists.map((sql) => tables.exec(sql)?.[1]).sort()).toEqual(['company_members', 'contracts']);
      expect(lists.map((sql) => sql.includes('COUNT('))).toEqual([!!count, !!count]);
      const first = (res.body?.viewer.companies.nodes as { contracts: { totalCount?: number }; members: { totalCount?: number } }[])[0];
      expect([first.contracts.totalCount, first.members.totalCount]).toEqual(count ? [2, 3] : [undefined, undefined]);
    }

    // A field the lean map does not know (a field resolver reading more) reads every column.
    const rich = await cost(`{ viewer { companies(first: 1) { nodes { name insights { contractsByStatus { count } } } } } }`);
    expect(rich.errors).toBeUndefined();
    expect(companiesSql()).toContain('"timezone"');
  });

  it('costs one statement per relation of a rich tree, whatever the number of companies', async () => {
    const rich = await cost(RICH);
    expect(rich.errors).toBeUndefined();
    const nodes = rich.body?.viewer.companies.nodes as Record<string, any>[];
    expect(nodes).toHaveLength(4);
    expect(nodes.map((c) => [c.contracts.totalCount, c.members.totalCount, c.teams.nodes[0].members.totalCount, c.auditLog.nodes.length])).toEqual(
      [[2, 3, 0, 4], [2, 3, 0, 4], [2, 3, 0, 4], [2, 3, 0, 4]],
    );
    // companies; contracts page, tasks, attachments; members page (with their users), their teams; teams
    // page, their members page; invitations page; audit page. Pages without a cursor carry their totalCount;
    // every user shown here is a member, read with the members. On PostgreSQL a loader's keys may fall into
    // two ticks and take a batch each.
    expectStatements(rich.statements, 10, 3);
    expectStatements(richWithOneCompany, 10, 3);
  });

  it('answers a bad page argument inside the tree with BAD_USER_INPUT per company, reading no page for any', async () => {
    // nodes(ids:) has nullable items: each company's error nulls only its own entry.
    const bad = await cost(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Company { name contracts(first: 101) { nodes { id } } } } }`, { ids: companies });
    expect(bad.errors?.map((e) => (e as { extensions: { code: string } }).extensions.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(bad.errors?.map((e) => (e as { path: unknown[] }).path)).toEqual([0, 1, 2, 3].map((i) => ['nodes', i, 'contracts']));
    expect(bad.body).toEqual({ nodes: [null, null, null, null] });
    // The viewer's memberships, the companies: no page is read.
    expect(bad.statements).toBe(2);
  });

  it('gives a member who may not read the audit log FORBIDDEN per company, at the same cost', async () => {
    const recruiter = await signUp(api, 'Recruiter Everywhere');
    for (const companyId of companies) await addMember(api, companyId, recruiter, CompanyRole.RECRUITER);
    const res = await cost(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Company { auditLog { nodes { action } } } } }`, { ids: companies }, recruiter);
    expect(res.errors?.map((e) => (e as { extensions: { code: string } }).extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(res.body).toEqual({ nodes: [null, null, null, null] });
    // The viewer's memberships, the companies: the refused audit logs read nothing.
    expect(res.statements).toBe(2);
  });

  it('reuses a page statement’s text for other viewers and filters, with their own parameters', async () => {
    const half = await signUp(api, 'Half Member');
    for (const companyId of [companies[0], companies[2]]) await addMember(api, companyId, half, CompanyRole.FULL);
    const mine = `{ viewer { companies(first: 3) { nodes { name viewerRole } } } }`;
    const names = (res: { body: Record<string, any> | null }) => {
      const user = (res.body?.viewer ?? res.body?.node) as { companies: { nodes: { name: string }[] } };
      return user.companies.nodes.map((c) => c.name);
    };
    expect(names(await cost(mine))).toEqual(['Tree 1', 'Tree 2', 'Tree 3']);
    const halfs = await cost(mine, {}, half);
    expect(halfs.body?.viewer.companies.nodes).toEqual([{ name: 'Tree 1', viewerRole: 'FULL' }, { name: 'Tree 3', viewerRole: 'FULL' }]);
    expect(halfs.statements).toBe(1);
    // A coworker's companies: only the shared ones, whichever side asks.
    const theirs = `query($id: ID!) { node(id: $id) { ... on User { companies(first: 3) { nodes { name } } } } }`;
    expect(names(await cost(theirs, { id: half.id }))).toEqual(['Tree 1', 'Tree 3']);
    expect(names(await cost(theirs, { id: owner.id }, half))).toEqual(['Tree 1', 'Tree 3']);
    expect(names(await cost(mine))).toEqual(['Tree 1', 'Tree 2', 'Tree 3']);
  });
  it('reads a contract by id together with the viewer’s membership: 1 statement for node(id), 1 for nodes(ids:) across companies, and the same refusals', async () => {
    const freelancer = await signUp(api, 'Node Freelancer');
    const stranger = await signUp(api, 'Node Stranger');
    const [a, b] = [companies[0], companies[1]];
    const mine = await createContract(api, owner, a, freelancer);
    const other = await createContract(api, owner, b, freelancer);
    const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Contract { title status } } }`;
    const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Contract { title } } }`;

    const asOwner = await cost(NODE, { id: mine.id });
    expect(asOwner.body?.node).toEqual({ __typename: 'Contract', id: mine.id, title: 'Design system audit', status: 'PENDING' });
    expect(asOwner.statements).toBe(1);
    // Two companies' contracts, in one statement with both memberships.
    const both = await cost(NODES, { ids: [mine.id, other.id] });
    expect(both.body?.nodes.map((n: { id: string }) => n.id)).toEqual([mine.id, other.id]);
    expect(both.statements).toBe(1);
    // The freelancer is no member: the joined membership is null, and they still see their contract.
    const asFreelancer = await cost(NODE, { id: mine.id }, freelancer);
    expect(asFreelancer.body?.node).toMatchObject({ id: mine.id, title: 'Design system audit' });
    // A stranger hears what an unknown id gives.
    const asStranger = await cost(NODE, { id: mine.id }, stranger);
    expect(asStranger.body?.node).toBeNull();
    expect(asStranger.statements).toBe(1);
    // After leaving the company a member no longer sees it: the membership is read anew with every request.
    const leaver = await signUp(api, 'Node Leaver');
    await addMember(api, a, leaver, CompanyRole.FULL);
    expect((await cost(NODE, { id: mine.id }, leaver)).body?.node).toMatchObject({ id: mine.id });
    await api.db.getRepository(CompanyMember).delete({ companyId: rowIdOf(a, 'Company')!, userId: rowIdOf(leaver.id, 'User')! });
    expect((await cost(NODE, { id: mine.id }, leaver)).body?.node).toBeNull();
    // Anonymous: the contract alone is read, and nothing is shown.
    const anonymous = await api.gql(NODE, { id: mine.id });
    expect(anonymous.data?.node ?? null).toBeNull();
  });
});
