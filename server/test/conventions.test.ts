import { Company } from '../src/company/company.entity';
import { CompanyMember } from '../src/company/company-member.entity';
import { addMember, companyWithEveryRole, type Account, createCompany, expectError, expectOk, randomId, signUp, type Crew } from './support/fixtures';
import { countQueries, expectStatements } from './support/queries';
import { ENGINE, useTestServer } from './support/server';
import { CompanyRole } from '../src/common/permissions';

const MEMBERS = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  company(id: $id) { members(first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { user { name } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }
}`;

describe('API conventions', () => {
  const api = useTestServer();
  let crew: Crew;
  beforeAll(async () => {
    crew = await companyWithEveryRole(api);
  });

  describe('Node', () => {
    it('resolves every object type by global id, and nodes() keeps order with null for the unseen', async () => {
      const team = expectOk(
        await api.gql(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id } userErrors { code } } }`, { i: { companyId: crew.companyId, name: 'Core' } }, crew.OWNER.token),
        'createTeam',
      ).team;
      const res = await api.gql(
        `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
        { ids: [crew.companyId, team.id, crew.FULL.id, randomId('Company')] },
        crew.OWNER.token,
      );
      expect(res.data?.nodes).toEqual([
        { __typename: 'Company', id: crew.companyId },
        { __typename: 'Team', id: team.id },
        { __typename: 'User', id: crew.FULL.id },
        null,
      ]);
      expect(res.errors?.map((e) => [e.extensions.code, e.path])).toEqual([['NOT_FOUND', ['nodes', 3]]]);
    });

    it("gives a stranger the same answer for a company's id as for a random or malformed id", async () => {
      const answers = await Promise.all(
        [crew.companyId, randomId('Company'), 'not-an-id', crew.OWNER.id].map((id) =>
          api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, crew.stranger.token),
        ),
      );
      for (const res of answers) {
        expectError(res, 'NOT_FOUND');
        expect(res).toMatchObject({ data: { node: null } });
        expect(res.errors).toEqual(answers[0].errors);
      }
    });

    it('ids are opaque strings, not database keys', async () => {
      expect(crew.companyId).not.toMatch(/^[0-9a-f-]{36}$/);
      expect(crew.companyId).toMatch(/^[A-Za-z0-9_-]+$/);
    });
  });

  describe('Connections', () => {
    let big: string;
    let bigOwner: Account;
    beforeAll(async () => {
      bigOwner = await signUp(api, 'Member 00');
      big = await createCompany(api, bigOwner, 'Big Co');
      for (let i = 1; i < 45; i += 1) await addMember(api, big, await signUp(api, `Member ${String(i).padStart(2, '0')}`), CompanyRole.RECRUITER);
    });
    const bigOwnerToken = () => bigOwner.token;

    it('pages forward 20 at a time by default, in creation order, to the end', async () => {
      const names: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const res: any = await api.gql(MEMBERS, { id: big, after }, bigOwnerToken());
        const conn = res.data.company.members;
        expect(conn.totalCount).toBe(45);
        names.push(...conn.edges.map((e: any) => e.node.user.name));
        pages += 1;
        expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(names).toEqual(Array.from({ length: 45 }, (_, i) => `Member ${String(i).padStart(2, '0')}`));
    });

    it('pages backward with last/before', async () => {
      const tail = (await api.gql(MEMBERS, { id: big, last: 5 }, bigOwnerToken())).data?.company.members;
      expect(tail.edges.map((e: any) => e.node.user.name)).toEqual(['Member 40', 'Member 41', 'Member 42', 'Member 43', 'Member 44']);
      expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
      const before = (await api.gql(MEMBERS, { id: big, last: 2, before: tail.pageInfo.startCursor }, bigOwnerToken())).data?.company.members;
      expect(before.edges.map((e: any) => e.node.user.name)).toEqual(['Member 38', 'Member 39']);
    });

    it.each([
      ['first above 100', { first: 101 }],
      ['a negative first', { first: -1 }],
      ['a negative last', { last: -5 }],
      ['first and last together', { first: 5, last: 5 }],
      ['a forged cursor', { after: 'bm90LWEtY3Vyc29y' }],
    ])('refuses %s with BAD_USER_INPUT', async (_what, args) => {
      const res = await api.gql(MEMBERS, { id: big, ...args }, bigOwnerToken());
      expectError(res, 'BAD_USER_INPUT');
    });

    it('loads a page of members with their users and teams in a constant number of queries', async () => {
      const page = `query($id: ID!, $first: Int) { company(id: $id) { members(first: $first) { totalCount nodes { role user { name } team { name } company { name } } } } }`;
      const load = (first: number) =>
        countQueries(api, async () => expect((await api.gql(page, { id: big, first }, bigOwnerToken())).data?.company.members.nodes).toHaveLength(first));
      // The session; the viewer's membership; the company; the members page with its count and their users
      // (the company again comes from the loader's cache; no member has a team). Same for 3 members or 45.
      expectStatements(await load(3), 4);
      expectStatements(await load(45), 4);
    });

    it('allows first: 100 and first: 0', async () => {
      expect((await api.gql(MEMBERS, { id: big, first: 100 }, bigOwnerToken())).data?.company.members.edges).toHaveLength(45);
      const none = (await api.gql(MEMBERS, { id: big, first: 0 }, bigOwnerToken())).data?.company.members;
      expect(none).toMatchObject({ totalCount: 45, edges: [], pageInfo: { hasNextPage: true } });
    });
  });

  describe('Audit log', () => {
    const LOG = `query($id: ID!, $action: String) { company(id: $id) { auditLog(action: $action) { totalCount nodes { action data actor { id } target { id } targetNodeId } } } }`;

    it('records every mutation of this slice, newest first, with actor and target', async () => {
      const owner = await signUp(api, 'Auditor');
      const companyId = await createCompany(api, owner, 'Audited');
      const gql = (q: string, input: object) => api.gql(q, { input }, owner.token);
      await gql(`mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) { userErrors { code } } }`, { companyId, city: 'Oslo' });
      const team = (await gql(`mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } } }`, { companyId, name: 'A' })).data?.createTeam.team;
      await gql(`mutation($input: RenameTeamInput!) { renameTeam(input: $input) { userErrors { code } } }`, { teamId: team.id, name: 'B' });
      const mate = await signUp(api, 'Mate');
      await addMember(api, companyId, mate, CompanyRole.RECRUITER);
      await gql(`mutation($input: SetMemberTeamInput!) { setMemberTeam(input: $input) { userErrors { code } } }`, { companyId, userId: mate.id, teamId: team.id });
      await gql(`mutation($input: SetMemberRoleInput!) { setMemberRole(input: $input) { userErrors { code } } }`, { companyId, userId: mate.id, role: 'FULL' });
      await gql(`mutation($input: DeleteTeamInput!) { deleteTeam(input: $input) { userErrors { code } } }`, { teamId: team.id });
      await gql(`mutation($input: RemoveMemberInput!) { removeMember(input: $input) { userErrors { code } } }`, { companyId, userId: mate.id });
      const log = (await api.gql(LOG, { id: companyId }, owner.token)).data?.company.auditLog;
      expect(log.nodes.map((e: any) => e.action)).toEqual([
        'member.remove',
        'team.delete',
        'member.role_change',
        'member.team_change',
        'team.rename',
        'team.create',
        'company.update',
        'company.create',
      ]);
      expect(log.nodes.every((e: any) => e.actor.id === owner.id)).toBe(true);
      expect(log.nodes[2].data).toMatchObject({ from: 'RECRUITER', to: 'FULL' });
      expect(log.nodes[6]).toMatchObject({ data: { changed: { city: 'Oslo' } }, target: { id: companyId }, targetNodeId: companyId });
      expect(log.nodes[1].target).toBeNull();
      const filtered = (await api.gql(LOG, { id: companyId, action: 'team.rename' }, owner.token)).data?.company.auditLog;
      expect(filtered.totalCount).toBe(1);
    });

    it.each([
      [CompanyRole.OWNER, true],
      [CompanyRole.FULL, true],
      [CompanyRole.HIRING_MANAGER, false],
      [CompanyRole.RECRUITER, false],
    ])('is readable by %s: %s', async (role, allowed) => {
      const res = await api.gql(LOG, { id: crew.companyId }, crew[role].token);
      if (allowed) expect(res.data?.company.auditLog.totalCount).toBeGreaterThan(0);
      else expectError(res, 'FORBIDDEN');
    });
  });

  describe('Errors and HTTP', () => {
    it('masks internal errors and rolls the whole mutation back', async () => {
      const owner = await signUp(api, 'Rollback');
      const companies = await api.db.getRepository(Company).count();
      const members = await api.db.getRepository(CompanyMember).count();
      // Make the mutation's last write (its audit event) fail inside the transaction.
      if (ENGINE === 'sqlite') {
        await api.db.query(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events WHEN NEW.action = 'company.create' BEGIN SELECT RAISE(ABORT, 'secret detail'); END`);
      } else {
        await api.db.query(`CREATE FUNCTION fail_audit() RETURNS trigger AS $$ BEGIN IF NEW.action = 'company.create' THEN RAISE EXCEPTION 'secret detail'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
        await api.db.query(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_audit()`);
      }
      try {
        const res = await api.gql(`mutation { createCompany(input: { name: "Doomed" }) { company { id } } }`, {}, owner.token);
        expect(res.status).toBe(200);
        expect(res.errors).toEqual([
          { message: 'Internal server error', path: ['createCompany'], locations: [{ line: 1, column: 12 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ]);
        expect(JSON.stringify(res)).not.toContain('secret');
        expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
      } finally {
        await api.db.query(ENGINE === 'sqlite' ? 'DROP TRIGGER fail_audit' : 'DROP TRIGGER fail_audit ON audit_events');
      }
      expect(await api.db.getRepository(Company).count()).toBe(companies);
      expect(await api.db.getRepository(CompanyMember).count()).toBe(members);
    });

    it('answers malformed JSON with a JSON 400, not an HTML page', async () => {
      const res = await api.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    });

    it('answers a syntax error and an unknown field with typed errors', async () => {
      expectError(await api.gql('{ viewer { id '), 'GRAPHQL_PARSE_FAILED');
      expectError(await api.gql('{ viewer { password } }'), 'GRAPHQL_VALIDATION_FAILED');
    });

    it('echoes a client request id and makes one otherwise', async () => {
      const res = await api.fetch('/healthz', { headers: { 'x-request-id': 'client-abc-123' } });
      expect(res.headers.get('x-request-id')).toBe('client-abc-123');
      const made = await api.fetch('/healthz');
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('serves /healthz and /readyz', async () => {
      const health = await api.fetch('/healthz');
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await api.fetch('/readyz');
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    });

    it('answers unknown routes with a JSON 404', async () => {
      const res = await api.fetch('/nope');
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
    });
  });
});
