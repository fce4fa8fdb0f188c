import { useTestServer } from '../../server/test/support/server';
import { createClient, paginate, WorkroomError, type CompanyTeamsQuery, type WorkroomClient } from '../src';

type Team = NonNullable<CompanyTeamsQuery['company']>['teams']['nodes'][number];

describe('paginate', () => {
  const api = useTestServer();
  let owner: WorkroomClient;
  let companyId: string;
  const teamNames = Array.from({ length: 23 }, (_, i) => `Team ${String(i + 1).padStart(2, '0')}`);

  beforeAll(async () => {
    const anonymous = createClient({ url: `${api.url}/graphql`, throwOnUserErrors: true });
    const { signUp } = await anonymous.signUp({
      input: { email: 'pager@example.com', password: 'correct horse battery', name: 'Pat Pager' },
    });
    owner = anonymous.withToken(signUp.token);
    const { createCompany } = await owner.createCompany({ input: { name: 'Paged' } });
    companyId = createCompany.company!.id;
    for (const name of teamNames) await owner.createTeam({ input: { companyId, name } });
  });

  it('follows endCursor through every page and yields the nodes, typed', async () => {
    const calls: unknown[] = [];
    const counted: typeof owner.companyTeams = (variables, options) => {
      calls.push(variables);
      return owner.companyTeams(variables, options);
    };
    const teams: Team[] = [];
    for await (const team of paginate(counted, { companyId, first: 10 })) teams.push(team);
    expect(teams.map((t) => t.name)).toEqual(teamNames);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual({ companyId, first: 10, after: null });
    expect(calls[1]).toMatchObject({ companyId, first: 10, after: expect.any(String) });
  });

  it('finds the connection under any path (viewer.companies) and needs no variables when none are required', async () => {
    for (const name of ['Second', 'Third']) await owner.createCompany({ input: { name } });
    const names: string[] = [];
    for await (const company of paginate(owner.viewerCompanies)) names.push(company.name);
    expect(names.sort()).toEqual(['Paged', 'Second', 'Third']);
  });

  it('passes filter variables on every page', async () => {
    const roles: string[] = [];
    for await (const member of paginate(owner.companyMembers, { companyId, role: 'OWNER', first: 1 })) roles.push(member.role);
    expect(roles).toEqual(['OWNER']);
  });

  it('starts after a given cursor', async () => {
    const { company } = await owner.companyTeams({ companyId, first: 20 });
    const rest: string[] = [];
    for await (const team of paginate(owner.companyTeams, { companyId, after: company.teams.pageInfo.endCursor })) rest.push(team.name);
    expect(rest).toEqual(teamNames.slice(20));
  });

  it('reads edges when the result has no nodes', async () => {
    const edgesOnly = async (variables: { companyId: string; first?: number; after?: string | null }) => {
      const { company } = await owner.companyTeams(variables);
      return { company: { teams: { pageInfo: company.teams.pageInfo, edges: company.teams.nodes.map((node) => ({ cursor: 'x', node })) } } };
    };
    const names: string[] = [];
    for await (const team of paginate(edgesOnly, { companyId, first: 7 })) names.push(team.name);
    expect(names).toEqual(teamNames);
  });

  it('stops early when the loop breaks, fetching no further page', async () => {
    let calls = 0;
    const counted: typeof owner.companyTeams = (variables, options) => {
      calls += 1;
      return owner.companyTeams(variables, options);
    };
    for await (const team of paginate(counted, { companyId, first: 5 })) if (team.name === 'Team 03') break;
    expect(calls).toBe(1);
  });

  it('rejects with the WorkroomError of a failing page', async () => {
    const stranger = createClient({ url: `${api.url}/graphql` });
    const iterator = paginate(stranger.companyTeams, { companyId });
    await expect(iterator.next()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(paginate(stranger.companyTeams, { companyId }).next()).rejects.toBeInstanceOf(WorkroomError);
  });

  it('refuses a result with no connection, or with several', async () => {
    // The types already refuse these; this is what plain JavaScript callers get.
    const untyped = paginate as unknown as (method: (v: object) => Promise<unknown>) => AsyncGenerator<unknown>;
    await expect(untyped(async () => ({ viewer: { id: '1' } })).next()).rejects.toThrow(
      'expected one connection (pageInfo with nodes or edges) in the result, found 0',
    );
    const page = { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
    await expect(untyped(async () => ({ a: page, b: page })).next()).rejects.toThrow('found 2');
    // A WorkroomError like every other failure, named after the operation when it is a client method.
    const viewerless = createClient({ url: 'https://workroom.test/graphql', fetch: async () => Response.json({ data: { viewer: null } }) });
    const error = await (paginate as unknown as (m: unknown) => AsyncGenerator<unknown>)(viewerless.viewer).next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkroomError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', operationName: 'Viewer' });
  });

  it('refuses a server that repeats a cursor instead of looping forever', async () => {
    const stuck = async (_: { after?: string | null }) => ({
      list: { pageInfo: { hasNextPage: true, endCursor: 'same' }, nodes: [1] },
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of paginate(stuck)) seen.push(n);
      })(),
    ).rejects.toThrow(new WorkroomError('paginate(stuck): the server said hasNextPage but gave no new endCursor', { code: 'BAD_RESPONSE', operationName: 'stuck' }));
    expect(seen).toEqual([1, 1]);
  });

  it('is refused at compile time for operations without `after` or without a connection', () => {
    // @ts-expect-error — signUp has no `after` variable
    expect(() => paginate(owner.signUp, { input: { email: 'x', password: 'y', name: 'z' } })).not.toThrow();
    // @ts-expect-error — company has no `after` variable (its connections are not selected)
    expect(() => paginate(owner.company, { id: companyId })).not.toThrow();
    // @ts-expect-error — companyTeams needs companyId
    expect(() => paginate(owner.companyTeams, { first: 1 })).not.toThrow();
  });
});
