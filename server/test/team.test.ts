import { CompanyMember } from '../src/company/company-member.entity';
import { Team } from '../src/company/team.entity';
import { rowIdOf } from '../src/common/ids';
import { CompanyRole } from '../src/common/permissions';
import { companyWithEveryRole, expectError, expectOk, expectUserError, randomId, type Crew } from './support/fixtures';
import { useTestServer } from './support/server';

const CREATE = `mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id name company { id } } userErrors { code field message } } }`;
const RENAME = `mutation($input: RenameTeamInput!) { renameTeam(input: $input) { team { id name } userErrors { code field message } } }`;
const DELETE = `mutation($input: DeleteTeamInput!) { deleteTeam(input: $input) { team { id name } userErrors { code } } }`;
const SET_TEAM = `mutation($input: SetMemberTeamInput!) { setMemberTeam(input: $input) { companyMember { team { name } user { id } } userErrors { code } } }`;

describe('Teams', () => {
  const api = useTestServer();
  let crew: Crew;
  let other: Crew;
  beforeAll(async () => {
    crew = await companyWithEveryRole(api, 'Acme');
    other = await companyWithEveryRole(api, 'Globex');
  });

  const createTeam = async (name: string, as = crew.OWNER.token, companyId = crew.companyId) =>
    api.gql(CREATE, { input: { companyId, name } }, as);

  it.each([
    [CompanyRole.OWNER, true],
    [CompanyRole.FULL, true],
    [CompanyRole.HIRING_MANAGER, false],
    [CompanyRole.RECRUITER, false],
  ])('createTeam as %s: allowed=%s', async (role, allowed) => {
    const res = await createTeam(`Team by ${role}`, crew[role].token);
    if (allowed) expect(expectOk(res, 'createTeam').team).toMatchObject({ name: `Team by ${role}`, company: { id: crew.companyId } });
    else expectError(res, 'FORBIDDEN');
    expect(await api.db.getRepository(Team).countBy({ name: `Team by ${role}` })).toBe(allowed ? 1 : 0);
  });

  it('refuses a second team whose name differs only in case', async () => {
    expectOk(await createTeam('Design'), 'createTeam');
    expect(expectUserError(await createTeam(' DESIGN '), 'createTeam', 'TEAM_NAME_TAKEN').field).toEqual(['input', 'name']);
    expect(await api.db.getRepository(Team).countBy({ nameKey: 'design' })).toBe(1);
  });

  it('allows the same team name in another company', async () => {
    expectOk(await createTeam('Design', other.OWNER.token, other.companyId), 'createTeam');
  });

  it('renames a team (OWNER/FULL), refusing taken names and other roles', async () => {
    const team = expectOk(await createTeam('Ops'), 'createTeam').team;
    expect(expectOk(await api.gql(RENAME, { input: { teamId: team.id, name: 'Operations' } }, crew.FULL.token), 'renameTeam').team.name).toBe('Operations');
    expectUserError(await api.gql(RENAME, { input: { teamId: team.id, name: 'design' } }, crew.OWNER.token), 'renameTeam', 'TEAM_NAME_TAKEN');
    expectError(await api.gql(RENAME, { input: { teamId: team.id, name: 'Mine' } }, crew.HIRING_MANAGER.token), 'FORBIDDEN');
    expectError(await api.gql(RENAME, { input: { teamId: team.id, name: '' } }, crew.OWNER.token), 'BAD_USER_INPUT');
    expect((await api.db.getRepository(Team).findOneByOrFail({ nameKey: 'operations' })).name).toBe('Operations');
  });

  it("answers another company's team exactly like a team that does not exist", async () => {
    const team = expectOk(await createTeam('Secret'), 'createTeam').team;
    for (const doc of [RENAME, DELETE]) {
      const input = doc === RENAME ? { name: 'Pwned' } : {};
      const theirs = await api.gql(doc, { input: { teamId: team.id, ...input } }, other.OWNER.token);
      const nobody = await api.gql(doc, { input: { teamId: randomId('Team'), ...input } }, other.OWNER.token);
      expectError(theirs, 'NOT_FOUND');
      expect(theirs.errors).toEqual(nobody.errors);
    }
    expect(await api.db.getRepository(Team).countBy({ name: 'Secret' })).toBe(1);
  });

  it('moves members into and out of teams, only within the company', async () => {
    const team = expectOk(await createTeam('Recruiting'), 'createTeam').team;
    const input = { companyId: crew.companyId, userId: crew.RECRUITER.id, teamId: team.id };
    expect(expectOk(await api.gql(SET_TEAM, { input }, crew.FULL.token), 'setMemberTeam').companyMember.team).toEqual({ name: 'Recruiting' });
    const members = await api.gql(
      `query($id: ID!, $team: ID) { company(id: $id) { members(teamId: $team) { nodes { user { id } } } } }`,
      { id: crew.companyId, team: team.id },
      crew.RECRUITER.token,
    );
    expect(members.data?.company.members.nodes).toEqual([{ user: { id: crew.RECRUITER.id } }]);
    const foreignTeam = expectOk(await createTeam('Theirs', other.OWNER.token, other.companyId), 'createTeam').team;
    expectError(await api.gql(SET_TEAM, { input: { ...input, teamId: foreignTeam.id } }, crew.OWNER.token), 'NOT_FOUND');
    expectError(await api.gql(SET_TEAM, { input: { ...input, teamId: null } }, crew.HIRING_MANAGER.token), 'FORBIDDEN');
    expect(expectOk(await api.gql(SET_TEAM, { input: { ...input, teamId: null } }, crew.OWNER.token), 'setMemberTeam').companyMember.team).toBeNull();
  });

  it('deletes a team and keeps its members in the company without a team', async () => {
    const team = expectOk(await createTeam('Temporary'), 'createTeam').team;
    await api.gql(SET_TEAM, { input: { companyId: crew.companyId, userId: crew.HIRING_MANAGER.id, teamId: team.id } }, crew.OWNER.token);
    expectError(await api.gql(DELETE, { input: { teamId: team.id } }, crew.RECRUITER.token), 'FORBIDDEN');
    expect(expectOk(await api.gql(DELETE, { input: { teamId: team.id } }, crew.FULL.token), 'deleteTeam').team.name).toBe('Temporary');
    expect(await api.db.getRepository(Team).countBy({ name: 'Temporary' })).toBe(0);
    const member = await api.db.getRepository(CompanyMember).findOneByOrFail({ userId: rowIdOf(crew.HIRING_MANAGER.id, 'User')! });
    expect(member.teamId).toBeNull();
  });
});
