import { Company } from '../src/company/company.entity';
import { CompanyRole } from '../src/common/permissions';
import {
  ROLES,
  companyWithEveryRole,
  createCompany,
  expectError,
  expectOk,
  randomId,
  signUp,
  type Crew,
} from './support/fixtures';
import { useTestServer } from './support/server';

const CREATE = `mutation($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id name website country timezone viewerRole } userErrors { code field message } }
}`;
const UPDATE = `mutation($input: UpdateCompanyInput!) {
  updateCompany(input: $input) { company { id name phone description city } userErrors { code field message } }
}`;

describe('Companies', () => {
  const api = useTestServer();
  let crew: Crew;
  beforeAll(async () => {
    crew = await companyWithEveryRole(api);
  });

  it('creates a company whose creator is its OWNER, with its contact fields', async () => {
    const ada = await signUp(api, 'Ada');
    const input = { name: ' Analytical Engines ', website: 'https://engines.example', country: 'GB', timezone: 'Europe/London' };
    const company = expectOk(await api.gql(CREATE, { input }, ada.token), 'createCompany').company;
    expect(company).toMatchObject({ name: 'Analytical Engines', website: 'https://engines.example', country: 'GB', viewerRole: 'OWNER' });
    const members = await api.gql(
      `query($id: ID!) { company(id: $id) { members { totalCount nodes { role user { id } } } } }`,
      { id: company.id },
      ada.token,
    );
    expect(members.data?.company.members).toEqual({ totalCount: 1, nodes: [{ role: 'OWNER', user: { id: ada.id } }] });
  });

  it('lets one account create and belong to several companies (viewer.companies)', async () => {
    const multi = await signUp(api, 'Multi');
    const first = await createCompany(api, multi, 'First Co');
    const second = await createCompany(api, multi, 'Second Co');
    const res = await api.gql(`{ viewer { companies { totalCount nodes { id name viewerRole } } } }`, {}, multi.token);
    expect(res.data?.viewer.companies).toEqual({
      totalCount: 2,
      nodes: [
        { id: first, name: 'First Co', viewerRole: 'OWNER' },
        { id: second, name: 'Second Co', viewerRole: 'OWNER' },
      ],
    });
  });

  it('gives the same createdAt, to the millisecond, from TypeORM, from a row by id and from a page', async () => {
    const owner = await signUp(api, 'Clockwork');
    const companyId = await createCompany(api, owner, 'Clock Co');
    const { createdAt: stored } = await api.db.getRepository(Company).findOneByOrFail({ name: 'Clock Co' });
    const byId = await api.gql(`query($id: ID!) { node(id: $id) { ... on Company { createdAt } } }`, { id: companyId }, owner.token);
    const page = await api.gql(`{ viewer { companies { nodes { id createdAt } } } }`, {}, owner.token);
    const updated = expectOk(await api.gql(`mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) { company { createdAt } userErrors { code } } }`, { input: { companyId, city: 'Bern' } }, owner.token), 'updateCompany');
    expect([byId.data?.node.createdAt, page.data?.viewer.companies.nodes[0].createdAt, updated.company.createdAt]).toEqual([
      stored.toISOString(),
      stored.toISOString(),
      stored.toISOString(),
    ]);
  });

  it.each(ROLES)('reports the viewer role %s and lets every role read the company', async (role) => {
    const res = await api.gql(`query($id: ID!) { company(id: $id) { name viewerRole } }`, { id: crew.companyId }, crew[role].token);
    expect(res.data?.company).toEqual({ name: 'Acme', viewerRole: role });
  });

  it.each([
    [CompanyRole.OWNER, true],
    [CompanyRole.FULL, true],
    [CompanyRole.HIRING_MANAGER, false],
    [CompanyRole.RECRUITER, false],
  ])('updateCompany as %s: allowed=%s', async (role, allowed) => {
    const res = await api.gql(UPDATE, { input: { companyId: crew.companyId, city: `City of ${role}` } }, crew[role].token);
    const stored = await api.db.getRepository(Company).findOneByOrFail({ name: 'Acme' });
    if (allowed) {
      expect(expectOk(res, 'updateCompany').company.city).toBe(`City of ${role}`);
      expect(stored.city).toBe(`City of ${role}`);
    } else {
      expectError(res, 'FORBIDDEN');
      expect(res.data).toBeNull();
      expect(stored.city).not.toBe(`City of ${role}`);
    }
  });

  it('keeps omitted fields, clears fields set to null, and refuses a null name', async () => {
    const owner = crew.OWNER.token;
    expectOk(await api.gql(UPDATE, { input: { companyId: crew.companyId, phone: '+1 555 0100', description: 'Widgets' } }, owner), 'updateCompany');
    const res = await api.gql(UPDATE, { input: { companyId: crew.companyId, description: null } }, owner);
    expect(expectOk(res, 'updateCompany').company).toMatchObject({ name: 'Acme', phone: '+1 555 0100', description: null });
    expectError(await api.gql(UPDATE, { input: { companyId: crew.companyId, name: null } }, owner), 'BAD_USER_INPUT');
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a blank name', { name: '  ' }],
    ['an oversized name', { name: 'n'.repeat(101) }],
    ['a bad contact email', { contactEmail: 'nope' }],
    ['a bad website', { website: 'javascript:alert(1)' }],
    ['an unknown country', { country: 'XX' }],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }],
  ])('refuses %s with BAD_USER_INPUT and changes nothing', async (_what, patch) => {
    const before = await api.db.getRepository(Company).findOneByOrFail({ name: 'Acme' });
    const res = await api.gql(UPDATE, { input: { companyId: crew.companyId, ...patch } }, crew.OWNER.token);
    expectError(res, 'BAD_USER_INPUT');
    expect(await api.db.getRepository(Company).findOneByOrFail({ id: before.id })).toEqual(before);
  });

  it("answers a stranger's request for a company exactly like one for an id that does not exist", async () => {
    const theirs = await api.gql(`query($id: ID!) { company(id: $id) { name } }`, { id: crew.companyId }, crew.stranger.token);
    const nobody = await api.gql(`query($id: ID!) { company(id: $id) { name } }`, { id: randomId('Company') }, crew.stranger.token);
    expectError(theirs, 'NOT_FOUND');
    expect(theirs.errors).toEqual(nobody.errors);
    const update = await api.gql(UPDATE, { input: { companyId: crew.companyId, name: 'Hijacked' } }, crew.stranger.token);
    const updateNobody = await api.gql(UPDATE, { input: { companyId: randomId('Company'), name: 'Hijacked' } }, crew.stranger.token);
    expectError(update, 'NOT_FOUND');
    expect(update.errors).toEqual(updateNobody.errors);
  });

  it("does not list other companies in a stranger's viewer.companies", async () => {
    const res = await api.gql(`{ viewer { companies { totalCount } } }`, {}, crew.stranger.token);
    expect(res.data?.viewer.companies.totalCount).toBe(0);
  });

  it('shows on a coworker only the companies the viewer shares with them', async () => {
    const shared = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on User { name companies { nodes { name } } } } }`,
      { id: crew.FULL.id },
      crew.RECRUITER.token,
    );
    expect(shared.data?.node).toEqual({ name: 'FULL member', companies: { nodes: [{ name: 'Acme' }] } });
  });
});
