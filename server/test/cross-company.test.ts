import { getNamedType, isInterfaceType, isLeafType, isNonNullType, isObjectType, type GraphQLOutputType } from 'graphql';
import type { DataSource } from 'typeorm';
import { ATTACH_FILE, SAMPLES, createContract, tempUploadDir, upload } from './support/contracts';
import { createCompany, expectOk, invite, inviteAndAccept, randomId, signUp, type Account } from './support/fixtures';
import { committedSchema, operationFor, rootFields } from './support/schema-walk';
import { ENGINE, useTestServer } from './support/server';

/**
 * Issue 9's tenant-isolation proof, generated from schema.graphql: every root Query and Mutation
 * field is called by a user of company B with company A's ids, and again with random ids of the
 * same types. The two answers must be identical (nothing tells B that A's objects exist) and no
 * row of the database may change. A root field without a case below fails the test.
 */

/** Ids of one object of each type: company A's real ones, or random ones of the same types. */
type Ids = Record<
  | 'Company'
  | 'Team'
  | 'User'
  | 'Contract'
  | 'OnboardingTask'
  | 'Upload'
  | 'Invitation'
  | 'MessageThread'
  | 'Message'
  | 'OnboardingAttachment'
  | 'CompanyMember'
  | 'ThreadParticipant'
  | 'PendingThreadAccess',
  string
>;

type Case = (ids: Ids, own: { companyId: string; userId: string }) => Record<string, unknown>;

const CASES: Record<string, Case> = {
  // Query
  company: (ids) => ({ id: ids.Company }),
  invitationPreview: (ids) => ({ input: { companyId: ids.Company, email: 'probe@example.com', teamId: ids.Team } }),
  messageThreads: (ids) => ({ companyId: ids.Company, search: 'interview' }),
  node: (ids) => ({ id: ids.Contract }),
  nodes: (ids) => ({ ids: Object.values(ids) }),
  // Mutation
  addCoworkerToThread: (ids) => ({ input: { threadId: ids.MessageThread, userId: ids.User, permission: 'VIEW' } }),
  attachFileToOnboardingTask: (ids) => ({ input: { taskId: ids.OnboardingTask, uploadId: ids.Upload } }),
  cancelContract: (ids) => ({ input: { contractId: ids.Contract } }),
  completeOnboardingTask: (ids) => ({ input: { taskId: ids.OnboardingTask } }),
  createApiToken: (ids) => ({ input: { companyId: ids.Company, name: 'Probe', scopes: ['READ', 'WRITE'] } }),
  createContract: (ids) => ({ input: { companyId: ids.Company, freelancerId: ids.User, title: 'Probe' } }),
  createTeam: (ids) => ({ input: { companyId: ids.Company, name: 'Probe team' } }),
  deleteTeam: (ids) => ({ input: { teamId: ids.Team } }),
  endContract: (ids) => ({ input: { contractId: ids.Contract } }),
  inviteCoworker: (ids) => ({ input: { companyId: ids.Company, email: 'probe@example.com', teamId: ids.Team } }),
  logWork: (ids) => ({ input: { contractId: ids.Contract, date: '2030-01-01', hours: 1, memo: 'probe' } }),
  pauseContract: (ids) => ({ input: { contractId: ids.Contract } }),
  postMessage: (ids) => ({ input: { threadId: ids.MessageThread, body: 'probe' } }),
  reassignOnboardingTask: (ids, own) => ({ input: { taskId: ids.OnboardingTask, ownerId: own.userId } }),
  removeMember: (ids) => ({ input: { companyId: ids.Company, userId: ids.User } }),
  removeThreadParticipant: (ids) => ({ input: { threadId: ids.MessageThread, userId: ids.User } }),
  renameTeam: (ids) => ({ input: { teamId: ids.Team, name: 'Renamed' } }),
  resendInvitation: (ids) => ({ input: { invitationId: ids.Invitation } }),
  resumeContract: (ids) => ({ input: { contractId: ids.Contract } }),
  revokeInvitation: (ids) => ({ input: { invitationId: ids.Invitation } }),
  setMemberRole: (ids) => ({ input: { companyId: ids.Company, userId: ids.User, role: 'RECRUITER' } }),
  setMemberTeam: (ids) => ({ input: { companyId: ids.Company, userId: ids.User, teamId: ids.Team } }),
  setOnboardingTemplate: (ids) => ({ input: { companyId: ids.Company, tasks: [] } }),
  setThreadParticipantPermission: (ids) => ({ input: { threadId: ids.MessageThread, userId: ids.User, permission: 'VIEW' } }),
  startContract: (ids) => ({ input: { contractId: ids.Contract } }),
  startMessageThread: (ids) => ({ input: { companyId: ids.Company, freelancerId: ids.User, subject: 'Probe', body: 'probe' } }),
  startOnboardingTask: (ids) => ({ input: { taskId: ids.OnboardingTask } }),
  updateCompany: (ids) => ({ input: { companyId: ids.Company, name: 'Taken over' } }),
};

/** Root fields that take no other company's ids, and why. */
const NO_IDS: Record<string, string> = {
  viewer: 'no arguments: the caller themself',
  signUp: 'creates an account; no ids',
  logIn: 'email and password; no ids',
  logOut: 'no arguments: the caller’s own session',
  createCompany: 'creates a new company; no ids',
  revokeApiToken: 'an ApiToken id: only the creator’s own; api-token.test.ts covers another user’s',
  enableTwoStepVerification: 'the caller’s own account: a password; no ids',
  confirmTwoStepVerification: 'the caller’s own account: a code; no ids',
  disableTwoStepVerification: 'the caller’s own account: a password and a code; no ids',
  completeTwoStepLogIn: 'takes a secret challenge, not an id; two-step.test.ts covers unknown and used ones',
  acceptInvitation: 'takes a secret link token, not an id; invitation.test.ts covers tokens of other addresses',
  invitationByToken: 'public, takes a secret link token, not an id; join.test.ts covers unknown and closed links',
  requestPasswordReset: 'an email; the same answer for any address (account-security.test.ts)',
  resetPassword: 'takes a secret mailed token, not an id; account-security.test.ts covers used, expired and unknown ones',
  verifyEmail: 'takes a secret mailed token, not an id; account-security.test.ts covers used and unknown ones',
  resendVerificationEmail: 'no arguments: the caller’s own address',
  changePassword: 'the caller’s own password; no ids',
  revokeSession: 'a session id, never a company’s: account-security.test.ts proves another user’s session is NOT_FOUND',
  revokeOtherSessions: 'no arguments: the caller’s own sessions',
  updateProfile: 'the caller’s own profile; no ids',
  updatePreferences: 'the caller’s own preferences; no ids',
  closeAccount: 'the caller’s own account; no ids',
};

/** Every scalar field at depth 0 and 1 (object fields get their scalars), skipping fields with required arguments. */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named) && !isInterfaceType(named)) return '__typename';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    if (isLeafType(getNamedType(field.type))) parts.push(field.name);
    else if (depth < 1) parts.push(`${field.name} { ${selectionOf(field.type, depth + 1)} }`);
  }
  return parts.join(' ');
}

/** Every row of every table (sessions aside: using a token touches its own session). */
async function snapshot(db: DataSource): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const meta of db.entityMetadatas) {
    if (meta.tableName === 'sessions') continue;
    tables[meta.tableName] = await db.getRepository(meta.target).createQueryBuilder('t').orderBy('t.id').getRawMany();
  }
  return tables;
}

describe(`Cross-company isolation, generated from schema.graphql (${ENGINE})`, () => {
  const api = useTestServer({ uploadDir: tempUploadDir() });
  const schema = committedSchema();
  const roots = rootFields(schema);
  let a: Ids;
  let outsider: Account;
  let own: { companyId: string; userId: string };

  beforeAll(async () => {
    // Company A with one object of every type.
    const owner = await signUp(api, 'Alice Owner');
    const companyId = await createCompany(api, owner, 'Company A');
    const team = expectOk(
      await api.gql(`mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code } } }`, { input: { companyId, name: 'Core' } }, owner.token),
      'createTeam',
    ).team.id as string;
    const member = await inviteAndAccept(api, owner, companyId, { role: 'FULL' as never, teamId: team, name: 'Mia Member' });
    const freelancer = await signUp(api, 'Fred Freelancer');
    const contract = await createContract(api, owner, companyId, freelancer, [
      { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancer.id, requiresAttachment: true },
    ]);
    const uploadId = ((await (await upload(api, freelancer, SAMPLES.pdf, 'application/pdf', 'nda.pdf')).json()) as { id: string }).id;
    const task = contract.onboardingTasks[0].id as string;
    const attached = expectOk(await api.gql(ATTACH_FILE, { input: { taskId: task, uploadId } }, freelancer.token), 'attachFileToOnboardingTask');
    const invitation = await invite(api, owner, companyId, 'pending@example.com');
    const thread = expectOk(
      await api.gql(
        `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id messages { nodes { id } } } userErrors { code } } }`,
        { input: { companyId, freelancerId: freelancer.id, subject: 'Interview', body: 'Hello' } },
        owner.token,
      ),
      'startMessageThread',
    ).messageThread;
    const added = expectOk(
      await api.gql(
        `mutation($input: AddCoworkerToThreadInput!) { addCoworkerToThread(input: $input) { threadParticipant { id } userErrors { code } } }`,
        { input: { threadId: thread.id, userId: member.id, permission: 'MESSAGE' } },
        owner.token,
      ),
      'addCoworkerToThread',
    );
    const pending = expectOk(
      await api.gql(
        `mutation($input: AddCoworkerToThreadInput!) { addCoworkerToThread(input: $input) { pendingAccess { id } userErrors { code } } }`,
        { input: { threadId: thread.id, email: 'later@example.com', permission: 'VIEW' } },
        owner.token,
      ),
      'addCoworkerToThread',
    );
    const members = await api.gql(`query($id: ID!) { company(id: $id) { members { nodes { id user { id } } } } }`, { id: companyId }, owner.token);
    a = {
      Company: companyId,
      Team: team,
      User: member.id,
      Contract: contract.id,
      OnboardingTask: task,
      Upload: uploadId,
      Invitation: invitation.id,
      MessageThread: thread.id,
      Message: thread.messages.nodes[0].id,
      OnboardingAttachment: attached.onboardingTask.attachments[0].id,
      CompanyMember: members.data?.company.members.nodes.find((n: { user: { id: string } }) => n.user.id === member.id).id,
      ThreadParticipant: added.threadParticipant.id,
      PendingThreadAccess: pending.pendingAccess.id,
    };
    // Company B's owner: signed in, a member of their own company only.
    outsider = await signUp(api, 'Bob Outsider');
    own = { companyId: await createCompany(api, outsider, 'Company B'), userId: outsider.id };
  });

  it('has a case for every root field of schema.graphql', () => {
    expect(Object.values(a).filter((id) => typeof id !== 'string' || id.length === 0)).toEqual([]);
    const missing = roots.map((r) => r.field.name).filter((name) => !(name in CASES) && !(name in NO_IDS));
    expect(missing).toEqual([]);
    const stale = [...Object.keys(CASES), ...Object.keys(NO_IDS)].filter((name) => !roots.some((r) => r.field.name === name));
    expect(stale).toEqual([]);
  });

  const withIds = roots.filter((r) => r.field.name in CASES);

  it.each(withIds.map((r) => [r.kind, r.field.name, r] as const))(
    '%s %s answers company A’s ids exactly like random ids and changes nothing',
    async (_kind, name, { kind, field }) => {
      const random = Object.fromEntries(Object.keys(a).map((type) => [type, randomId(type)])) as Ids;
      const query = operationFor(kind, field, selectionOf(field.type));
      const before = await snapshot(api.db);
      const withA = await api.gql(query, CASES[name](a, own), outsider.token);
      const withRandom = await api.gql(query, CASES[name](random, own), outsider.token);
      expect(withA.status).toBeLessThan(500);
      expect(withA.errors?.map((e) => e.extensions.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
      // Errors of list items resolve concurrently: compare them in path order.
      const inOrder = (errors: typeof withA.errors) => errors && [...errors].sort((x, y) => JSON.stringify(x.path).localeCompare(JSON.stringify(y.path)));
      expect({ status: withA.status, data: withA.data, errors: inOrder(withA.errors) }).toEqual({
        status: withRandom.status,
        data: withRandom.data,
        errors: inOrder(withRandom.errors),
      });
      expect(await snapshot(api.db)).toEqual(before);
    },
  );
});
