import { ApiToken } from '../src/account/api-token.entity';
import { rowIdOf } from '../src/common/ids';
import { CompanyRole } from '../src/common/permissions';
import { ATTACH_FILE, CREATE_CONTRACT, SAMPLES, createContract, tempUploadDir, upload } from './support/contracts';
import { addMember, companyWithEveryRole, createCompany, expectError, expectOk, randomId, signUp, type Account, type Crew } from './support/fixtures';
import { AUTH_STATEMENTS, countQueries } from './support/queries';
import { useTestServer, type TestApi } from './support/server';

const CREATE = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    token
    apiToken { id name scopes createdAt lastUsedAt expiresAt company { id } }
    userErrors { code field message }
  }
}`;
const REVOKE = `mutation($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) { apiToken { id } userErrors { code field message } }
}`;
const TOKENS = `{ viewer { id apiTokens { id name scopes createdAt lastUsedAt expiresAt company { id name } } } }`;
const COMPANY = `query($id: ID!) { company(id: $id) { id name } }`;
const MY_COMPANIES = `{ viewer { id companies { edges { node { id } } } } }`;
const UPDATE_COMPANY = `mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) { company { id name } userErrors { code } } }`;
const SET_ROLE = `mutation($input: SetMemberRoleInput!) { setMemberRole(input: $input) { companyMember { role } userErrors { code } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { companyMember { id } userErrors { code } } }`;
const VIEWER = `{ viewer { id } }`;

/** Creates an API token as `as` (expects success); returns the token and its global id. */
async function createToken(api: TestApi, as: Account, companyId: string, scopes: string[], extra: Record<string, unknown> = {}) {
  const payload = expectOk(await api.gql(CREATE, { input: { name: 'Payroll sync', companyId, scopes, ...extra } }, as.token), 'createApiToken');
  return { token: payload.token as string, id: payload.apiToken.id as string, apiToken: payload.apiToken };
}

/** `as` acting through an API token: the same user, another bearer. */
const via = (as: Account, token: string): Account => ({ ...as, token });

describe('API tokens', () => {
  const api = useTestServer({ uploadDir: tempUploadDir() });
  let crew: Crew;
  /** A second company the OWNER of `crew` also owns. */
  let other: string;

  beforeAll(async () => {
    crew = await companyWithEveryRole(api, 'Token Co');
    other = await createCompany(api, crew.OWNER, 'Elsewhere Ltd');
  });

  describe('creating and listing', () => {
    it('returns a wrapp_ token once, stores only its hash, and lists it without the secret', async () => {
      const { token, id, apiToken } = await createToken(api, crew.OWNER, crew.companyId, ['READ']);
      expect(token).toMatch(/^wrapp_[\w-]{43}$/);
      expect(apiToken).toMatchObject({ name: 'Payroll sync', scopes: ['READ'], lastUsedAt: null, expiresAt: null, company: { id: crew.companyId } });
      const stored = await api.db.getRepository(ApiToken).findOneByOrFail({ id: rowIdOf(id, 'ApiToken')! });
      expect(JSON.stringify(stored)).not.toContain(token);

      expect((await api.gql(VIEWER, {}, token)).data?.viewer).toEqual({ id: crew.OWNER.id });
      const list = await api.gql(TOKENS, {}, crew.OWNER.token);
      const listed = list.data?.viewer.apiTokens.find((t: { id: string }) => t.id === id);
      expect(listed).toMatchObject({ name: 'Payroll sync', scopes: ['READ'], expiresAt: null, company: { id: crew.companyId, name: 'Token Co' } });
      expect(listed.lastUsedAt).toEqual(expect.any(String));
      expect(JSON.stringify(list)).not.toContain(token);
    });

    it('records who created and revoked a token in the company audit log', async () => {
      const { id } = await createToken(api, crew.FULL, crew.companyId, ['READ', 'WRITE']);
      expectOk(await api.gql(REVOKE, { input: { apiTokenId: id } }, crew.FULL.token), 'revokeApiToken');
      const log = await api.gql(
        `query($id: ID!) { company(id: $id) { auditLog(first: 5) { edges { node { action actor { id } data } } } } }`,
        { id: crew.companyId },
        crew.OWNER.token,
      );
      const events = log.data?.company.auditLog.edges.map((e: { node: unknown }) => e.node).slice(0, 2);
      expect(events).toEqual([
        { action: 'api_token.revoke', actor: { id: crew.FULL.id }, data: { name: 'Payroll sync' } },
        { action: 'api_token.create', actor: { id: crew.FULL.id }, data: { name: 'Payroll sync', scopes: ['READ', 'WRITE'] } },
      ]);
    });

    it.each([
      ['no scopes', { scopes: [] }, 'scopes'],
      ['a blank name', { name: '   ' }, 'name'],
      ['an expiry in the past', { expiresAt: new Date(Date.now() - 60_000).toISOString() }, 'expiresAt'],
    ])('refuses %s with BAD_USER_INPUT and creates nothing', async (_what, change, field) => {
      const before = await api.db.getRepository(ApiToken).count();
      const res = await api.gql(CREATE, { input: { name: 'X', companyId: crew.companyId, scopes: ['READ'], ...change } }, crew.OWNER.token);
      const error = expectError(res, 'BAD_USER_INPUT');
      expect(JSON.stringify(error)).toContain(field);
      expect(await api.db.getRepository(ApiToken).count()).toBe(before);
    });

    it('refuses a company the creator is not a member of exactly as an unknown one', async () => {
      const res = await api.gql(CREATE, { input: { name: 'X', companyId: crew.companyId, scopes: ['READ'] } }, crew.stranger.token);
      expect(expectError(res, 'NOT_FOUND').message).toBe('Company not found');
      const unknown = await api.gql(CREATE, { input: { name: 'X', companyId: randomId('Company'), scopes: ['READ'] } }, crew.stranger.token);
      expect(expectError(unknown, 'NOT_FOUND').message).toBe('Company not found');
    });
  });

  it('costs one statement to authenticate, as a session does, plus a lastUsedAt write at most once a minute', async () => {
    const { token } = await createToken(api, crew.OWNER, crew.companyId, ['READ']);
    // The first use writes lastUsedAt (one UPDATE, in its own transaction).
    expect(await countQueries(api, () => api.gql(VIEWER, {}, token))).toBeGreaterThan(AUTH_STATEMENTS);
    expect(await countQueries(api, () => api.gql(VIEWER, {}, token))).toBe(AUTH_STATEMENTS);
    expect(await countQueries(api, () => api.gql(VIEWER, {}, crew.OWNER.token))).toBe(AUTH_STATEMENTS);
  });

  describe('a READ token', () => {
    let read: string;
    beforeAll(async () => {
      read = (await createToken(api, crew.OWNER, crew.companyId, ['READ'])).token;
    });

    it('reads its company', async () => {
      const res = await api.gql(COMPANY, { id: crew.companyId }, read);
      expect(res.errors).toBeUndefined();
      expect(res.data?.company).toEqual({ id: crew.companyId, name: 'Token Co' });
    });

    it('is refused on a mutation with FORBIDDEN (403) and extensions.scope WRITE, and changes nothing', async () => {
      const res = await api.gql(UPDATE_COMPANY, { input: { companyId: crew.companyId, name: 'Renamed by token' } }, read);
      expect(res.status).toBe(403);
      const error = expectError(res, 'FORBIDDEN');
      expect(error.message).toBe('This API token is read-only: mutations need the WRITE scope');
      expect(error.extensions).toEqual({ code: 'FORBIDDEN', scope: 'WRITE' });
      expect(res.data).toBeNull();
      expect((await api.gql(COMPANY, { id: crew.companyId }, crew.OWNER.token)).data?.company.name).toBe('Token Co');
    });

    it("answers for another company of its creator exactly as for a stranger: NOT_FOUND, and absent from lists", async () => {
      const byToken = await api.gql(COMPANY, { id: other }, read);
      const byStranger = await api.gql(COMPANY, { id: other }, crew.stranger.token);
      expect(expectError(byToken, 'NOT_FOUND').message).toBe('Company not found');
      expect({ ...byToken, headers: null }).toEqual({ ...byStranger, headers: null });
      // The creator's session sees both companies; the token only its own.
      const session = await api.gql(MY_COMPANIES, {}, crew.OWNER.token);
      expect(session.data?.viewer.companies.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([crew.companyId, other].sort());
      const token = await api.gql(MY_COMPANIES, {}, read);
      expect(token.data?.viewer.companies.edges).toEqual([{ node: { id: crew.companyId } }]);
      const node = await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: other }, read);
      expect(node.data?.node).toBeNull();
    });

    it('downloads its company CSV, answers 404 for the other company, and may not upload', async () => {
      const owner = via(crew.OWNER, read);
      const csv = await api.fetch(`/exports/companies/${crew.companyId}/contracts.csv`, { headers: { authorization: `Bearer ${read}` } });
      expect(csv.status).toBe(200);
      const elsewhere = await api.fetch(`/exports/companies/${other}/contracts.csv`, { headers: { authorization: `Bearer ${read}` } });
      expect(elsewhere.status).toBe(404);
      expect(await elsewhere.json()).toEqual({ errors: [{ message: 'Company not found', extensions: { code: 'NOT_FOUND', requestId: expect.any(String) } }] });
      const res = await upload(api, owner, SAMPLES.pdf, 'application/pdf', 'signed.pdf');
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        errors: [{ message: 'This API token is read-only: mutations need the WRITE scope', extensions: { code: 'FORBIDDEN', scope: 'WRITE', requestId: expect.any(String) } }],
      });
    });
  });

  it("hides its creator's freelance work for other companies: their contracts and threads answer as for a stranger", async () => {
    const worker = await signUp(api, 'Wanda Worker');
    await addMember(api, crew.companyId, worker, CompanyRole.RECRUITER);
    const contract = await createContract(api, crew.OWNER, other, worker);
    const thread = await api.gql(
      `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id } userErrors { code } } }`,
      { input: { companyId: other, freelancerId: worker.id, subject: 'Next steps', body: 'Hello' } },
      crew.OWNER.token,
    );
    const threadId = thread.data?.startMessageThread.messageThread.id as string;
    const { token } = await createToken(api, worker, crew.companyId, ['READ']);
    const NODE = `query($id: ID!) { node(id: $id) { id } }`;
    const LISTS = `{ viewer { contracts { edges { node { id } } } } messageThreads { edges { node { id } } } }`;
    expect((await api.gql(NODE, { id: contract.id }, worker.token)).data?.node).toEqual({ id: contract.id });
    expect((await api.gql(NODE, { id: threadId }, worker.token)).data?.node).toEqual({ id: threadId });
    const session = (await api.gql(LISTS, {}, worker.token)).data;
    expect(session?.viewer.contracts.edges).toEqual([{ node: { id: contract.id } }]);
    expect(session?.messageThreads.edges).toEqual([{ node: { id: threadId } }]);

    expect((await api.gql(NODE, { id: contract.id }, token)).data?.node).toBeNull();
    expect((await api.gql(NODE, { id: threadId }, token)).data?.node).toBeNull();
    expect((await api.gql(NODE, { id: crew.OWNER.id }, token)).data?.node).toEqual({ id: crew.OWNER.id });
    const viaToken = (await api.gql(LISTS, {}, token)).data;
    expect(viaToken).toEqual({ viewer: { contracts: { edges: [] } }, messageThreads: { edges: [] } });
  });

  it("keeps a token to its own company when its creator is a member of another: that company's contracts answer as unknown ids", async () => {
    const freelancer = await signUp(api, 'Scoped Freelancer');
    const here = await createContract(api, crew.OWNER, crew.companyId, freelancer);
    const there = await createContract(api, crew.OWNER, other, freelancer);
    const { token } = await createToken(api, crew.OWNER, crew.companyId, ['READ']);
    const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    // The contract is read with its creator's membership of the other company; the token's scope still decides.
    expect((await api.gql(NODES, { ids: [here.id, there.id] }, crew.OWNER.token)).data?.nodes).toEqual([{ id: here.id }, { id: there.id }]);
    const viaToken = await api.gql(NODES, { ids: [here.id, there.id] }, token);
    expect(viaToken.data?.nodes).toEqual([{ id: here.id }, null]);
    expect(viaToken.errors?.map((e) => [e.extensions.code, e.path])).toEqual([['NOT_FOUND', ['nodes', 1]]]);
  });

  it("downloads its creator's files only where it reaches: not one attached to another company's task", async () => {
    const worker = await signUp(api, 'Uma Uploader');
    await addMember(api, crew.companyId, worker, CompanyRole.RECRUITER);
    const contract = await createContract(api, crew.OWNER, other, worker, [
      { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: worker.id, requiresAttachment: true },
    ]);
    const uploaded = (await (await upload(api, worker, SAMPLES.pdf, 'application/pdf', 'nda.pdf')).json()) as { id: string };
    const loose = (await (await upload(api, worker, SAMPLES.txt, 'text/plain', 'notes.txt')).json()) as { id: string };
    expectOk(
      await api.gql(ATTACH_FILE, { input: { taskId: contract.onboardingTasks[0].id, uploadId: uploaded.id } }, worker.token),
      'attachFileToOnboardingTask',
    );
    const { token } = await createToken(api, worker, crew.companyId, ['READ']);
    const file = (id: string, bearer: string) => api.fetch(`/files/${id}`, { headers: { authorization: `Bearer ${bearer}` } });
    expect((await file(uploaded.id, worker.token)).status).toBe(200);
    const refused = await file(uploaded.id, token);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ errors: [{ message: 'File not found', extensions: { code: 'NOT_FOUND', requestId: expect.any(String) } }] });
    expect((await file(loose.id, token)).status).toBe(200);
  });

  describe('a WRITE token', () => {
    it('changes its company and is refused on another exactly as a stranger', async () => {
      const { token } = await createToken(api, crew.OWNER, crew.companyId, ['WRITE']);
      const ok = await api.gql(UPDATE_COMPANY, { input: { companyId: crew.companyId, city: 'Lisbon' } }, token);
      expect(ok.data?.updateCompany).toEqual({ company: { id: crew.companyId, name: 'Token Co' }, userErrors: [] });
      const byToken = await api.gql(UPDATE_COMPANY, { input: { companyId: other, name: 'Hijacked' } }, token);
      const byStranger = await api.gql(UPDATE_COMPANY, { input: { companyId: other, name: 'Hijacked' } }, crew.stranger.token);
      expect(expectError(byToken, 'NOT_FOUND').message).toBe('Company not found');
      expect({ ...byToken, headers: null }).toEqual({ ...byStranger, headers: null });
      expect((await api.gql(COMPANY, { id: other }, crew.OWNER.token)).data?.company.name).toBe('Elsewhere Ltd');
      const res = await upload(api, via(crew.OWNER, token), SAMPLES.pdf, 'application/pdf', 'signed.pdf');
      expect(res.status).toBe(201);
    });

    it("acts with its creator's current role: a demotion narrows it, a removal kills it", async () => {
      const manager = await signUp(api, 'Hana Manager');
      const companyId = await createCompany(api, crew.OWNER, 'Demotions Inc');
      await addMember(api, companyId, manager, CompanyRole.HIRING_MANAGER);
      const { token } = await createToken(api, manager, companyId, ['READ', 'WRITE']);
      const freelancer = await signUp(api, 'Fred Freelancer');
      const contract = (title: string) => api.gql(CREATE_CONTRACT, { input: { companyId, freelancerId: freelancer.id, title } }, token);
      expect((await contract('Before')).data?.createContract.userErrors).toEqual([]);

      expectOk(await api.gql(SET_ROLE, { input: { companyId, userId: manager.id, role: 'RECRUITER' } }, crew.OWNER.token), 'setMemberRole');
      const narrowed = await contract('After demotion');
      expect(expectError(narrowed, 'FORBIDDEN').message).toBe('Your role (RECRUITER) does not allow this (contract.manage)');
      expect((await api.gql(COMPANY, { id: companyId }, token)).data?.company.name).toBe('Demotions Inc');

      expectOk(await api.gql(REMOVE, { input: { companyId, userId: manager.id } }, crew.OWNER.token), 'removeMember');
      expect((await api.gql(VIEWER, {}, token)).data?.viewer).toBeNull();
      expectError(await api.gql(COMPANY, { id: companyId }, token), 'UNAUTHENTICATED');
    });
  });

  describe('revoked and expired tokens', () => {
    it('stops a revoked token at once; only its creator may revoke it', async () => {
      const { token, id } = await createToken(api, crew.FULL, crew.companyId, ['READ']);
      const foreign = await api.gql(REVOKE, { input: { apiTokenId: id } }, crew.OWNER.token);
      expect(expectError(foreign, 'NOT_FOUND').message).toBe('ApiToken not found');
      expect((await api.gql(VIEWER, {}, token)).data?.viewer).toEqual({ id: crew.FULL.id });

      const revoked = await api.gql(REVOKE, { input: { apiTokenId: id } }, crew.FULL.token);
      expect(revoked.data?.revokeApiToken).toEqual({ apiToken: { id }, userErrors: [] });
      expect((await api.gql(VIEWER, {}, token)).data?.viewer).toBeNull();
      expectError(await api.gql(COMPANY, { id: crew.companyId }, token), 'UNAUTHENTICATED');
      const listed = (await api.gql(TOKENS, {}, crew.FULL.token)).data?.viewer.apiTokens.map((t: { id: string }) => t.id);
      expect(listed).not.toContain(id);
      expectError(await api.gql(REVOKE, { input: { apiTokenId: id } }, crew.FULL.token), 'NOT_FOUND');
    });

    it('refuses an expired token as anonymous, on GraphQL and REST', async () => {
      const expiresAt = new Date(Date.now() + 3600_000).toISOString();
      const { token, id, apiToken } = await createToken(api, crew.FULL, crew.companyId, ['READ'], { expiresAt });
      expect(apiToken.expiresAt).toBe(expiresAt);
      expect((await api.gql(VIEWER, {}, token)).data?.viewer).toEqual({ id: crew.FULL.id });
      // The clock is not waited on: the stored expiry is moved into the past.
      await api.db.getRepository(ApiToken).update({ id: rowIdOf(id, 'ApiToken')! }, { expiresAt: new Date(Date.now() - 1000) });
      expect((await api.gql(VIEWER, {}, token)).data?.viewer).toBeNull();
      const csv = await api.fetch(`/exports/companies/${crew.companyId}/contracts.csv`, { headers: { authorization: `Bearer ${token}` } });
      expect(csv.status).toBe(401);
    });
  });

  describe('account security', () => {
    it.each([
      ['createApiToken', CREATE, { input: { name: 'Y', companyId: 'x', scopes: ['READ'] } }],
      ['revokeApiToken', REVOKE, { input: { apiTokenId: randomId('ApiToken') } }],
      ['enableTwoStepVerification', `mutation { enableTwoStepVerification(input: { password: "correct horse battery" }) { secret } }`, {}],
      ['disableTwoStepVerification', `mutation { disableTwoStepVerification(input: { password: "correct horse battery", code: "123456" }) { user { id } } }`, {}],
      ['logOut', `mutation { logOut { user { id } } }`, {}],
    ])('refuses %s with any API token: FORBIDDEN with extensions.scope SESSION', async (_name, doc, vars) => {
      const { token } = await createToken(api, crew.OWNER, crew.companyId, ['READ', 'WRITE']);
      const before = await api.db.getRepository(ApiToken).count();
      const res = await api.gql(doc, vars, token);
      const error = expectError(res, 'FORBIDDEN');
      expect(error.message).toBe('API tokens cannot manage account security: sign in with your password');
      expect(error.extensions.scope).toBe('SESSION');
      expect(await api.db.getRepository(ApiToken).count()).toBe(before);
      expect((await api.gql(VIEWER, {}, token)).data?.viewer).toEqual({ id: crew.OWNER.id });
    });

    it.each([
      ['createCompany', `mutation { createCompany(input: { name: "Shadow Co" }) { company { id } } }`],
      ['acceptInvitation', `mutation { acceptInvitation(input: { token: "not-a-link" }) { companyMember { id } } }`],
    ])('refuses %s with a WRITE token: it could never reach another company', async (_name, doc) => {
      const { token } = await createToken(api, crew.OWNER, crew.companyId, ['WRITE']);
      const res = await api.gql(doc, {}, token);
      const error = expectError(res, 'FORBIDDEN');
      expect(error.message).toBe('An API token reaches only its own company: sign in to create or join another');
      expect(error.extensions.scope).toBe('SESSION');
      expect(await api.db.query(`SELECT name FROM companies WHERE name = 'Shadow Co'`)).toEqual([]);
    });

    it('does not list tokens to a token', async () => {
      const { token } = await createToken(api, crew.OWNER, crew.companyId, ['READ']);
      const res = await api.gql(TOKENS, {}, token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.viewer.apiTokens).toBeNull();
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      expectError(await api.gql(CREATE, { input: { name: 'Z', companyId: crew.companyId, scopes: ['READ'] } }), 'UNAUTHENTICATED');
    });
  });

  it('keeps a token of one user out of another user of the same company', async () => {
    const { id } = await createToken(api, crew.OWNER, crew.companyId, ['READ']);
    const res = await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, crew.FULL.token);
    expect(res.data?.node).toBeNull();
    const own = await api.gql(`query($id: ID!) { node(id: $id) { ... on ApiToken { id name } } }`, { id }, crew.OWNER.token);
    expect(own.data?.node).toEqual({ id, name: 'Payroll sync' });
  });
});
