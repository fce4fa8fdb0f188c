import { CompanyMember } from '../src/company/company-member.entity';
import { rowIdOf } from '../src/common/ids';
import { CompanyRole } from '../src/common/permissions';
import { addMember, companyWithEveryRole, expectError, expectOk, expectUserError, randomId, signUp, type Crew } from './support/fixtures';
import { useTestServer } from './support/server';

const SET_ROLE = `mutation($input: SetMemberRoleInput!) { setMemberRole(input: $input) { companyMember { role user { id } } userErrors { code field message } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { companyMember { role user { id } } userErrors { code message } } }`;

const { OWNER, FULL, HIRING_MANAGER, RECRUITER } = CompanyRole;

describe('Members and roles', () => {
  const api = useTestServer();
  const roleOf = async (crew: Crew, userId: string) =>
    (await api.db.getRepository(CompanyMember).findOneBy({ companyId: rowIdOf(crew.companyId, 'Company')!, userId: rowIdOf(userId, 'User')! }))?.role ?? null;

  // Each cell of "change roles" in the permission matrix: actor role × target role × new role.
  it.each([
    [OWNER, RECRUITER, HIRING_MANAGER, 'ok'],
    [OWNER, FULL, OWNER, 'ok'],
    [FULL, RECRUITER, FULL, 'ok'],
    [FULL, HIRING_MANAGER, RECRUITER, 'ok'],
    [FULL, RECRUITER, OWNER, 'FORBIDDEN'],
    [FULL, OWNER, FULL, 'FORBIDDEN'],
    [HIRING_MANAGER, RECRUITER, HIRING_MANAGER, 'FORBIDDEN'],
    [RECRUITER, HIRING_MANAGER, RECRUITER, 'FORBIDDEN'],
  ])('setMemberRole: %s changing a %s to %s → %s', async (actor, target, role, outcome) => {
    const crew = await companyWithEveryRole(api);
    const res = await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew[target].id, role } }, crew[actor].token);
    if (outcome === 'ok') {
      expect(expectOk(res, 'setMemberRole').companyMember).toEqual({ role, user: { id: crew[target].id } });
      expect(await roleOf(crew, crew[target].id)).toBe(role);
    } else {
      expectError(res, outcome);
      expect(await roleOf(crew, crew[target].id)).toBe(target);
    }
  });

  it('never demotes or removes the last owner, even the owner themselves', async () => {
    const crew = await companyWithEveryRole(api);
    const self = { companyId: crew.companyId, userId: crew.OWNER.id };
    expect(expectUserError(await api.gql(SET_ROLE, { input: { ...self, role: FULL } }, crew.OWNER.token), 'setMemberRole', 'LAST_OWNER').field).toEqual(['input', 'userId']);
    expectUserError(await api.gql(REMOVE, { input: self }, crew.OWNER.token), 'removeMember', 'LAST_OWNER');
    expect(await roleOf(crew, crew.OWNER.id)).toBe(OWNER);
  });

  it('lets an owner step down once another owner exists', async () => {
    const crew = await companyWithEveryRole(api);
    expectOk(await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew.FULL.id, role: OWNER } }, crew.OWNER.token), 'setMemberRole');
    expectOk(await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew.OWNER.id, role: FULL } }, crew.OWNER.token), 'setMemberRole');
    expect(await roleOf(crew, crew.OWNER.id)).toBe(FULL);
  });

  it('lets exactly one of two owners demote the other when both try at once', async () => {
    const crew = await companyWithEveryRole(api);
    const second = await signUp(api, 'Second Owner');
    await addMember(api, crew.companyId, second, OWNER);
    const [a, b] = await Promise.all([
      api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: second.id, role: FULL } }, crew.OWNER.token),
      api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew.OWNER.id, role: FULL } }, second.token),
    ]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0].extensions.code : r.data?.setMemberRole.userErrors[0]?.code ?? 'OK')).sort();
    // Whoever goes second has just been demoted, and a FULL member may not touch an owner.
    expect(outcomes).toEqual(['FORBIDDEN', 'OK']);
    const owners = await api.db.getRepository(CompanyMember).countBy({ companyId: rowIdOf(crew.companyId, 'Company')!, role: OWNER });
    expect(owners).toBe(1);
  });

  it.each([
    [OWNER, FULL, 'ok'],
    [FULL, RECRUITER, 'ok'],
    [FULL, OWNER, 'FORBIDDEN'],
    [HIRING_MANAGER, RECRUITER, 'FORBIDDEN'],
    [RECRUITER, HIRING_MANAGER, 'FORBIDDEN'],
  ])('removeMember: %s removing a %s → %s', async (actor, target, outcome) => {
    const crew = await companyWithEveryRole(api);
    const res = await api.gql(REMOVE, { input: { companyId: crew.companyId, userId: crew[target].id } }, crew[actor].token);
    if (outcome === 'ok') {
      expect(expectOk(res, 'removeMember').companyMember).toEqual({ role: target, user: { id: crew[target].id } });
      expect(await roleOf(crew, crew[target].id)).toBeNull();
      expectError(await api.gql(`query($id: ID!) { company(id: $id) { name } }`, { id: crew.companyId }, crew[target].token), 'NOT_FOUND');
    } else {
      expectError(res, outcome);
      expect(await roleOf(crew, crew[target].id)).toBe(target);
    }
  });

  it('lets any member leave by removing themselves', async () => {
    const crew = await companyWithEveryRole(api);
    expectOk(await api.gql(REMOVE, { input: { companyId: crew.companyId, userId: crew.RECRUITER.id } }, crew.RECRUITER.token), 'removeMember');
    expect(await roleOf(crew, crew.RECRUITER.id)).toBeNull();
  });

  it('answers strangers and unknown members with NOT_FOUND', async () => {
    const crew = await companyWithEveryRole(api);
    const asStranger = await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew.RECRUITER.id, role: FULL } }, crew.stranger.token);
    const unknownCompany = await api.gql(SET_ROLE, { input: { companyId: randomId('Company'), userId: crew.RECRUITER.id, role: FULL } }, crew.stranger.token);
    expectError(asStranger, 'NOT_FOUND');
    expect(asStranger.errors).toEqual(unknownCompany.errors);
    expectError(await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew.stranger.id, role: FULL } }, crew.OWNER.token), 'NOT_FOUND');
    expectError(await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: 'garbage', role: FULL } }, crew.OWNER.token), 'NOT_FOUND');
    expectError(await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew.RECRUITER.id, role: 'ADMIN' } }, crew.OWNER.token), 'BAD_USER_INPUT');
  });
});
