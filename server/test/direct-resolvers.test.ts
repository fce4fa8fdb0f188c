import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../src/account';
import { callFieldResolversDirectly } from '../src/common/direct-resolvers';
import { CompanyRole } from '../src/common/permissions';
import { Company } from '../src/company';
import { CompanyResolver } from '../src/company/company.resolver';
import { resolvers } from '../src/modules';
import { addMember, createCompany, signUp } from './support/fixtures';
import { useTestServer } from './support/server';

describe('field resolvers called without type-graphql’s handler (common/direct-resolvers.ts)', () => {
  it('takes only those whose parameters are @Root, @Ctx and @Info, on fields without arguments', async () => {
    const direct = callFieldResolversDirectly(await buildSchema({ resolvers, authChecker, validate: false }));
    expect(direct).toEqual(expect.arrayContaining(['Company.viewerRole', 'CompanyMember.user', 'Contract.company', 'Contract.onboardingTasks', 'MessageThread.viewerPermission']));
    // Plain fields read under another name: Node.id (the getter nodeId) on every type, a payload's object.
    expect(direct).toEqual(expect.arrayContaining(['Company.id', 'Contract.id', 'OnboardingTask.id', 'User.id', 'UpdateCompanyPayload.company']));
    // Arguments to convert and validate (members(first:)), or a custom parameter (@CurrentViewer) such as User.sessions.
    for (const kept of ['Company.members', 'Company.contracts', 'Company.auditLog', 'User.companies', 'User.sessions', 'User.contracts']) {
      expect(direct).not.toContain(kept);
    }
  });

  it('hands type-graphql a root that is not an instance of the declared class, to be converted as before', async () => {
    const seen: unknown[] = [];
    const spy = jest.spyOn(CompanyResolver.prototype, 'viewerRole').mockImplementation((company) => {
      seen.push(company);
      return null;
    });
    try {
      const schema = await buildSchema({ resolvers, authChecker, validate: false });
      expect(callFieldResolversDirectly(schema)).toContain('Company.viewerRole');
      const resolve = (schema.getType('Company') as GraphQLObjectType).getFields().viewerRole.resolve!;
      const info = {} as GraphQLResolveInfo;
      const instance = Object.assign(new Company(), { name: 'Instance' });
      const plain = { id: instance.id, name: 'Plain' };
      expect(resolve(instance, {}, { viewer: null }, info)).toBeNull();
      expect(resolve(plain, {}, { viewer: null }, info)).toBeNull();
      expect(seen[0]).toBe(instance);
      expect(seen[1]).toBeInstanceOf(Company);
      expect(seen[1]).not.toBe(plain);
      expect(seen[1]).toMatchObject({ id: instance.id, name: 'Plain' });
    } finally {
      spy.mockRestore();
    }
  });

  describe('answers as before over HTTP', () => {
    const api = useTestServer();

    it('viewerRole, a member’s user and company: each member’s own role, and nothing for a stranger', async () => {
      const owner = await signUp(api, 'Direct Owner');
      const full = await signUp(api, 'Direct Full');
      const stranger = await signUp(api, 'Direct Stranger');
      const companyId = await createCompany(api, owner, 'Direct Co');
      await addMember(api, companyId, full, CompanyRole.FULL);
      const QUERY = `query($id: ID!) { company(id: $id) { id name viewerRole members(first: 5) { nodes { role user { name } company { name } } } } }`;

      const asOwner = await api.gql(QUERY, { id: companyId }, owner.token);
      expect(asOwner.errors).toBeUndefined();
      expect(asOwner.data?.company.viewerRole).toBe('OWNER');
      expect(asOwner.data?.company.id).toBe(companyId);
      expect(asOwner.data?.company.members.nodes).toEqual([
        { role: 'OWNER', user: { name: 'Direct Owner' }, company: { name: 'Direct Co' } },
        { role: 'FULL', user: { name: 'Direct Full' }, company: { name: 'Direct Co' } },
      ]);
      expect((await api.gql(QUERY, { id: companyId }, full.token)).data?.company.viewerRole).toBe('FULL');
      const asStranger = await api.gql(QUERY, { id: companyId }, stranger.token);
      expect(asStranger.data?.company ?? null).toBeNull();
      expect(asStranger.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
      const page = await api.gql(`{ viewer { companies(first: 5) { nodes { name viewerRole } } } }`, {}, full.token);
      expect(page.data?.viewer.companies.nodes).toEqual([{ name: 'Direct Co', viewerRole: 'FULL' }]);
    });
  });
});
