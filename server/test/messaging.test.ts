import { AuditEvent } from '../src/audit/audit-event.entity';
import { User } from '../src/account/user.entity';
import { rowIdOf } from '../src/common/ids';
import { CompanyRole, ThreadPermission } from '../src/common/permissions';
import { CompanyMember } from '../src/company/company-member.entity';
import { Message } from '../src/messaging/message.entity';
import { MessageThread } from '../src/messaging/message-thread.entity';
import { reindexFreelancerName } from '../src/messaging/thread-search';
import { ThreadParticipant } from '../src/messaging/thread-participant.entity';
import {
  ROLES,
  addMember,
  companyWithEveryRole,
  expectError,
  expectOk,
  expectUserError,
  randomId,
  signUp,
  tokenOf,
  type Account,
  type Crew,
} from './support/fixtures';
import { countQueries, expectStatements } from './support/queries';
import { ENGINE, useTestServer } from './support/server';

const { OWNER, FULL, HIRING_MANAGER, RECRUITER } = CompanyRole;
const { VIEW, MESSAGE, MANAGE } = ThreadPermission;

const THREAD_FIELDS = `id subject viewerPermission viewerCanPost freelancer { id name } company { id }
  participants { permission user { id } addedBy { id } }
  messages { totalCount nodes { body author { id } } }`;
const START = `mutation($input: StartMessageThreadInput!) {
  startMessageThread(input: $input) { messageThread { ${THREAD_FIELDS} } userErrors { code field message } }
}`;
const POST = `mutation($input: PostMessageInput!) {
  postMessage(input: $input) { message { id body author { id } thread { id lastMessageAt } } userErrors { code message } }
}`;
const ADD = `mutation($input: AddCoworkerToThreadInput!) {
  addCoworkerToThread(input: $input) {
    messageThread { id participants { permission user { id } } }
    threadParticipant { permission user { id } addedBy { id } }
    pendingAccess { id email permission addedBy { id } }
    userErrors { code field message }
  }
}`;
const REMOVE = `mutation($input: RemoveThreadParticipantInput!) {
  removeThreadParticipant(input: $input) { threadParticipant { permission user { id } } messageThread { id } userErrors { code field message } }
}`;
const SET = `mutation($input: SetThreadParticipantPermissionInput!) {
  setThreadParticipantPermission(input: $input) { threadParticipant { permission user { id } } userErrors { code field message } }
}`;
const THREADS = `query($companyId: ID, $search: String, $first: Int, $after: String) {
  messageThreads(companyId: $companyId, search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id subject lastMessage { body } }
  }
}`;
const NODE = `query($id: ID!) { node(id: $id) { id __typename } }`;

describe('Message threads', () => {
  const api = useTestServer();

  /** A company with every role, and a freelancer outside it. */
  async function setup(): Promise<Crew & { freelancer: Account }> {
    const crew = await companyWithEveryRole(api);
    return { ...crew, freelancer: await signUp(api, 'Frida Freelancer') };
  }

  async function start(
    crew: Crew & { freelancer: Account },
    as: Account = crew.OWNER,
    subject = 'Interview for the data pipeline',
    body = 'Hello Frida, are you free on Tuesday?',
  ): Promise<string> {
    const res = await api.gql(START, { input: { companyId: crew.companyId, freelancerId: crew.freelancer.id, subject, body } }, as.token);
    return expectOk(res, 'startMessageThread').messageThread.id;
  }

  const add = (threadId: string, who: { userId?: string; email?: string }, permission: ThreadPermission, as: Account) =>
    api.gql(ADD, { input: { threadId, ...who, permission } }, as.token);
  const post = (threadId: string, body: string, as: Account) => api.gql(POST, { input: { threadId, body } }, as.token);
  const participants = async (threadId: string) =>
    (await api.db.getRepository(ThreadParticipant).find({ where: { threadId: rowIdOf(threadId, 'MessageThread')! }, order: { id: 'ASC' } })).map((p) => [
      p.userId,
      p.permission,
    ]);
  const uid = (a: Account) => rowIdOf(a.id, 'User')!;
  const search = async (as: Account, text: string | null, companyId?: string) => {
    const res = await api.gql(THREADS, { search: text, companyId }, as.token);
    expect(res.errors).toBeUndefined();
    return (res.data?.messageThreads.nodes as { id: string }[]).map((n) => n.id);
  };

  describe('startMessageThread', () => {
    it.each(ROLES)('lets a %s start a thread and hold MANAGE in it, with the body as the first message', async (role) => {
      const crew = await setup();
      const input = { companyId: crew.companyId, freelancerId: crew.freelancer.id, subject: '  Logo redesign  ', body: 'Hi!' };
      const thread = expectOk(await api.gql(START, { input }, crew[role].token), 'startMessageThread').messageThread;
      expect(thread).toMatchObject({
        subject: 'Logo redesign',
        viewerPermission: MANAGE,
        viewerCanPost: true,
        freelancer: { id: crew.freelancer.id, name: 'Frida Freelancer' },
        company: { id: crew.companyId },
        participants: [{ permission: MANAGE, user: { id: crew[role].id }, addedBy: null }],
        messages: { totalCount: 1, nodes: [{ body: 'Hi!', author: { id: crew[role].id } }] },
      });
      const events = await api.db.getRepository(AuditEvent).findBy({ companyId: rowIdOf(crew.companyId, 'Company')!, action: 'thread.start' });
      expect(events.map((e) => [e.actorId, e.targetId, e.data.freelancerId])).toEqual([
        [uid(crew[role]), rowIdOf(thread.id, 'MessageThread'), uid(crew.freelancer)],
      ]);
    });

    it('answers a stranger exactly like an unknown company, and an unknown freelancer with NOT_FOUND', async () => {
      const crew = await setup();
      const input = { companyId: crew.companyId, freelancerId: crew.freelancer.id, subject: 'Hi', body: 'Hi' };
      const asStranger = await api.gql(START, { input }, crew.stranger.token);
      const unknown = await api.gql(START, { input: { ...input, companyId: randomId('Company') } }, crew.stranger.token);
      expectError(asStranger, 'NOT_FOUND');
      expect(asStranger.errors).toEqual(unknown.errors);
      expectError(await api.gql(START, { input: { ...input, freelancerId: randomId('User') } }, crew.OWNER.token), 'NOT_FOUND');
      expect(await api.db.getRepository(MessageThread).countBy({ companyId: rowIdOf(crew.companyId, 'Company')! })).toBe(0);
    });

    it.each([
      ['an empty subject', { subject: '' }],
      ['a blank subject', { subject: '   ' }],
      ['a 201-character subject', { subject: 'x'.repeat(201) }],
      ['an empty body', { body: '' }],
      ['a 10,001-character body', { body: 'x'.repeat(10_001) }],
    ])('refuses %s with BAD_USER_INPUT and creates nothing', async (_name, change) => {
      const crew = await setup();
      const input = { companyId: crew.companyId, freelancerId: crew.freelancer.id, subject: 'Hi', body: 'Hi', ...change };
      expectError(await api.gql(START, { input }, crew.OWNER.token), 'BAD_USER_INPUT');
      expect(await api.db.getRepository(MessageThread).countBy({ companyId: rowIdOf(crew.companyId, 'Company')! })).toBe(0);
    });

    it('accepts a 200-character subject and a 10,000-character body', async () => {
      const crew = await setup();
      await start(crew, crew.OWNER, 's'.repeat(200), 'b'.repeat(10_000));
    });

    it('refuses a thread with yourself', async () => {
      const crew = await setup();
      const input = { companyId: crew.companyId, freelancerId: crew.OWNER.id, subject: 'Me', body: 'Me' };
      expectError(await api.gql(START, { input }, crew.OWNER.token), 'BAD_USER_INPUT');
    });
  });

  describe('postMessage', () => {
    it('lets the freelancer and MESSAGE or MANAGE participants post, and moves lastMessageAt', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      expectOk(await add(threadId, { userId: crew.RECRUITER.id }, MESSAGE, crew.OWNER), 'addCoworkerToThread');
      const before = (await api.db.getRepository(MessageThread).findOneByOrFail({ id: rowIdOf(threadId, 'MessageThread')! })).lastMessageAt;
      const reply = expectOk(await post(threadId, 'Tuesday works for me.', crew.freelancer), 'postMessage').message;
      expect(reply).toMatchObject({ body: 'Tuesday works for me.', author: { id: crew.freelancer.id }, thread: { id: threadId } });
      expect(new Date(reply.thread.lastMessageAt).getTime()).toBeGreaterThanOrEqual(before.getTime());
      expectOk(await post(threadId, 'Great, 10am?', crew.RECRUITER), 'postMessage');
      expectOk(await post(threadId, 'Confirmed.', crew.OWNER), 'postMessage');
      const res = await api.gql(
        `query($id: ID!) { node(id: $id) { ... on MessageThread { lastMessage { body } messages(last: 2) { totalCount pageInfo { hasPreviousPage } nodes { body } } all: messages { nodes { body author { id } } } } } }`,
        { id: threadId },
        crew.freelancer.token,
      );
      expect(res.data?.node).toEqual({
        lastMessage: { body: 'Confirmed.' },
        messages: { totalCount: 4, pageInfo: { hasPreviousPage: true }, nodes: [{ body: 'Great, 10am?' }, { body: 'Confirmed.' }] },
        all: {
          nodes: [
            { body: 'Hello Frida, are you free on Tuesday?', author: { id: crew.OWNER.id } },
            { body: 'Tuesday works for me.', author: { id: crew.freelancer.id } },
            { body: 'Great, 10am?', author: { id: crew.RECRUITER.id } },
            { body: 'Confirmed.', author: { id: crew.OWNER.id } },
          ],
        },
      });
    });

    it('refuses VIEW participants with FORBIDDEN and writes nothing', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      expectOk(await add(threadId, { userId: crew.FULL.id }, VIEW, crew.OWNER), 'addCoworkerToThread');
      expectError(await post(threadId, 'Can I talk?', crew.FULL), 'FORBIDDEN');
      expect(await api.db.getRepository(Message).countBy({ threadId: rowIdOf(threadId, 'MessageThread')! })).toBe(1);
    });

    it('answers non-participant members and other companies exactly like an unknown thread', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      const unknown = await post(randomId('MessageThread'), 'Hi', crew.FULL);
      expectError(unknown, 'NOT_FOUND');
      for (const outsider of [crew.FULL, crew.stranger]) {
        const res = await post(threadId, 'Hi', outsider);
        expect(res.errors).toEqual(unknown.errors);
      }
      expectError(await post('garbage', 'Hi', crew.OWNER), 'NOT_FOUND');
      expectError(await post(threadId, '', crew.OWNER), 'BAD_USER_INPUT');
      expectError(await post(threadId, 'x'.repeat(10_001), crew.OWNER), 'BAD_USER_INPUT');
    });

    it('stops a participant who has left the company from seeing or posting', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      expectOk(await add(threadId, { userId: crew.RECRUITER.id }, MESSAGE, crew.OWNER), 'addCoworkerToThread');
      await api.db.getRepository(CompanyMember).delete({ companyId: rowIdOf(crew.companyId, 'Company')!, userId: uid(crew.RECRUITER) });
      expectError(await post(threadId, 'Still here?', crew.RECRUITER), 'NOT_FOUND');
      expectError(await api.gql(NODE, { id: threadId }, crew.RECRUITER.token), 'NOT_FOUND');
      expect(await search(crew.RECRUITER, null)).toEqual([]);
    });
  });

  describe('addCoworkerToThread', () => {
    // The grant caps: at most the adder's own level, at most their role's cap (RECRUITER: MESSAGE).
    it.each([
      [OWNER, MANAGE, 'ok'],
      [FULL, MANAGE, 'ok'],
      [HIRING_MANAGER, MANAGE, 'ok'],
      [RECRUITER, MANAGE, 'FORBIDDEN'],
      [RECRUITER, MESSAGE, 'ok'],
      [RECRUITER, VIEW, 'ok'],
    ])('a %s holding MANAGE granting %s → %s', async (role, permission, outcome) => {
      const crew = await setup();
      const threadId = await start(crew, crew[role]);
      const coworker = await signUp(api, 'Cora Coworker');
      await addMember(api, crew.companyId, coworker, RECRUITER);
      const res = await add(threadId, { userId: coworker.id }, permission, crew[role]);
      if (outcome === 'ok') {
        expect(expectOk(res, 'addCoworkerToThread').threadParticipant).toEqual({
          permission,
          user: { id: coworker.id },
          addedBy: { id: crew[role].id },
        });
        expect(await participants(threadId)).toEqual([
          [uid(crew[role]), MANAGE],
          [uid(coworker), permission],
        ]);
      } else {
        expectError(res, outcome);
        expect(await participants(threadId)).toEqual([[uid(crew[role]), MANAGE]]);
      }
    });

    it.each([VIEW, MESSAGE])('refuses a %s participant (below MANAGE) with FORBIDDEN, even for VIEW', async (own) => {
      const crew = await setup();
      const threadId = await start(crew);
      expectOk(await add(threadId, { userId: crew.FULL.id }, own, crew.OWNER), 'addCoworkerToThread');
      expectError(await add(threadId, { userId: crew.HIRING_MANAGER.id }, VIEW, crew.FULL), 'FORBIDDEN');
      expect(await participants(threadId)).toHaveLength(2);
    });

    it('never lets an adder exceed their own level: a recruiter promoted to MANAGE still grants at most MESSAGE', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      expectOk(await add(threadId, { userId: crew.RECRUITER.id }, MANAGE, crew.OWNER), 'addCoworkerToThread');
      expectError(await add(threadId, { userId: crew.FULL.id }, MANAGE, crew.RECRUITER), 'FORBIDDEN');
      expectOk(await add(threadId, { userId: crew.FULL.id }, MESSAGE, crew.RECRUITER), 'addCoworkerToThread');
    });

    it('adds only members of the thread’s company (NOT_A_MEMBER), never twice (ALREADY_PARTICIPANT)', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      const other = await companyWithEveryRole(api, 'Other Co');
      expect(expectUserError(await add(threadId, { userId: other.OWNER.id }, VIEW, crew.OWNER), 'addCoworkerToThread', 'NOT_A_MEMBER').field).toEqual([
        'input',
        'userId',
      ]);
      expectUserError(await add(threadId, { userId: randomId('User') }, VIEW, crew.OWNER), 'addCoworkerToThread', 'NOT_A_MEMBER');
      expectUserError(await add(threadId, { email: other.OWNER.email }, VIEW, crew.OWNER), 'addCoworkerToThread', 'NOT_A_MEMBER');
      expectUserError(await add(threadId, { userId: crew.OWNER.id }, VIEW, crew.OWNER), 'addCoworkerToThread', 'ALREADY_PARTICIPANT');
      expectOk(await add(threadId, { userId: crew.FULL.id }, VIEW, crew.OWNER), 'addCoworkerToThread');
      expectUserError(await add(threadId, { userId: crew.FULL.id }, MESSAGE, crew.OWNER), 'addCoworkerToThread', 'ALREADY_PARTICIPANT');
      expectUserError(await add(threadId, { email: crew.FULL.email.toUpperCase() }, MESSAGE, crew.OWNER), 'addCoworkerToThread', 'ALREADY_PARTICIPANT');
      expect(await participants(threadId)).toEqual([
        [uid(crew.OWNER), MANAGE],
        [uid(crew.FULL), VIEW],
      ]);
    });

    it('treats the thread’s freelancer as already in it, even when they are a member', async () => {
      const crew = await setup();
      await addMember(api, crew.companyId, crew.freelancer, RECRUITER);
      const threadId = await start(crew);
      expectUserError(await add(threadId, { userId: crew.freelancer.id }, VIEW, crew.OWNER), 'addCoworkerToThread', 'ALREADY_PARTICIPANT');
    });

    it('adds a member by email, case-insensitively', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      const res = expectOk(await add(threadId, { email: crew.HIRING_MANAGER.email.toUpperCase() }, MESSAGE, crew.OWNER), 'addCoworkerToThread');
      expect(res.threadParticipant).toMatchObject({ permission: MESSAGE, user: { id: crew.HIRING_MANAGER.id } });
      expect(res.pendingAccess).toBeNull();
    });

    it('records pending access for an email with no account, and audits it', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      const res = expectOk(await add(threadId, { email: 'New.Hire@Example.com' }, MESSAGE, crew.OWNER), 'addCoworkerToThread');
      expect(res.threadParticipant).toBeNull();
      expect(res.pendingAccess).toMatchObject({ email: 'New.Hire@Example.com', permission: MESSAGE, addedBy: { id: crew.OWNER.id } });
      expect(res.messageThread.participants).toHaveLength(1);
      const pending = await api.gql(`query($id: ID!) { node(id: $id) { ... on MessageThread { pendingAccess { email permission } } } }`, { id: threadId }, crew.OWNER.token);
      expect(pending.data?.node.pendingAccess).toEqual([{ email: 'New.Hire@Example.com', permission: MESSAGE }]);
      const asFreelancer = await api.gql(`query($id: ID!) { node(id: $id) { ... on MessageThread { pendingAccess { email } } } }`, { id: threadId }, crew.freelancer.token);
      expect(asFreelancer.data?.node.pendingAccess).toEqual([]);
      expectError(await api.gql(NODE, { id: res.pendingAccess.id }, crew.freelancer.token), 'NOT_FOUND');
      expect((await api.gql(NODE, { id: res.pendingAccess.id }, crew.OWNER.token)).data?.node.__typename).toBe('PendingThreadAccess');
      const events = await api.db.getRepository(AuditEvent).findBy({ companyId: rowIdOf(crew.companyId, 'Company')!, action: 'thread.pending_access_add' });
      expect(events.map((e) => e.data)).toEqual([{ email: 'New.Hire@Example.com', permission: MESSAGE, invitationId: expect.any(String) }]);
      // The same caps apply: a recruiter cannot promise MANAGE by email either.
      const recruiterThread = await start(crew, crew.RECRUITER);
      expectError(await add(recruiterThread, { email: 'another@example.com' }, MANAGE, crew.RECRUITER), 'FORBIDDEN');
    });

    it('invites an email with no account to the company, and accepting grants the thread access', async () => {
      const crew = await setup();
      const first = await start(crew);
      const second = await start(crew);
      const ADD_INVITING = `mutation($input: AddCoworkerToThreadInput!) { addCoworkerToThread(input: $input) {
        pendingAccess { email permission } invitation { id email role status joinUrl } userErrors { code } } }`;
      const added = expectOk(
        await api.gql(ADD_INVITING, { input: { threadId: first, email: 'Late.Joiner@example.com', permission: MESSAGE } }, crew.OWNER.token),
        'addCoworkerToThread',
      );
      expect(added.invitation).toMatchObject({ email: 'Late.Joiner@example.com', role: RECRUITER, status: 'PENDING', joinUrl: expect.stringContaining('/join/') });
      // A second thread reuses the pending invitation instead of refusing or sending another.
      const again = expectOk(
        await api.gql(ADD_INVITING, { input: { threadId: second, email: 'late.joiner@EXAMPLE.com', permission: VIEW } }, crew.OWNER.token),
        'addCoworkerToThread',
      );
      expect(again.invitation).toMatchObject({ id: added.invitation.id, joinUrl: null });
      const joiner = await signUp(api, 'Late Joiner', 'late.joiner@example.com');
      expectError(await api.gql(NODE, { id: first }, joiner.token), 'NOT_FOUND');
      const accepted = expectOk(
        await api.gql(
          `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { companyMember { role } userErrors { code } } }`,
          { input: { token: tokenOf(added.invitation.joinUrl) } },
          joiner.token,
        ),
        'acceptInvitation',
      );
      expect(accepted.companyMember.role).toBe(RECRUITER);
      expect(await participants(first)).toEqual([
        [uid(crew.OWNER), MANAGE],
        [uid(joiner), MESSAGE],
      ]);
      expect(await participants(second)).toEqual([
        [uid(crew.OWNER), MANAGE],
        [uid(joiner), VIEW],
      ]);
      expectOk(await post(first, 'Glad to be here', joiner), 'postMessage');
      expectError(await post(second, 'Can I talk here?', joiner), 'FORBIDDEN');
      const pending = await api.gql(`query($id: ID!) { node(id: $id) { ... on MessageThread { pendingAccess { email } } } }`, { id: first }, crew.OWNER.token);
      expect(pending.data?.node.pendingAccess).toEqual([]);
    });

    it.each([
      ['both userId and email', (crew: Crew) => ({ userId: crew.FULL.id, email: crew.FULL.email })],
      ['neither userId nor email', () => ({})],
      ['a malformed email', () => ({ email: 'not-an-email' })],
    ])('refuses %s with BAD_USER_INPUT', async (_name, who) => {
      const crew = await setup();
      const threadId = await start(crew);
      expectError(await add(threadId, who(crew), VIEW, crew.OWNER), 'BAD_USER_INPUT');
      expect(await participants(threadId)).toHaveLength(1);
    });

    it('answers a non-participant member and a stranger like an unknown thread, and audits additions', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      const unknown = await add(randomId('MessageThread'), { userId: crew.FULL.id }, VIEW, crew.FULL);
      expect((await add(threadId, { userId: crew.FULL.id }, VIEW, crew.FULL)).errors).toEqual(unknown.errors);
      expect((await add(threadId, { userId: crew.FULL.id }, VIEW, crew.stranger)).errors).toEqual(unknown.errors);
      // The freelancer is in the thread but holds no coworker permission.
      expectError(await add(threadId, { userId: crew.FULL.id }, VIEW, crew.freelancer), 'FORBIDDEN');
      expectOk(await add(threadId, { userId: crew.FULL.id }, VIEW, crew.OWNER), 'addCoworkerToThread');
      const events = await api.db.getRepository(AuditEvent).findBy({ companyId: rowIdOf(crew.companyId, 'Company')!, action: 'thread.participant_add' });
      expect(events.map((e) => [e.actorId, e.data])).toEqual([[uid(crew.OWNER), { userId: uid(crew.FULL), permission: VIEW }]]);
    });
  });

  describe('removeThreadParticipant and setThreadParticipantPermission', () => {
    async function threadWith(crew: Crew & { freelancer: Account }, starter: Account, members: [Account, ThreadPermission][]) {
      const threadId = await start(crew, starter);
      for (const [who, permission] of members) {
        await api.db.getRepository(ThreadParticipant).insert(
          Object.assign(new ThreadParticipant(), {
            companyId: rowIdOf(crew.companyId, 'Company'),
            threadId: rowIdOf(threadId, 'MessageThread'),
            userId: uid(who),
            permission,
            addedById: uid(starter),
          }),
        );
      }
      return threadId;
    }

    it('lets a MANAGE participant remove another, who then no longer sees the thread; audited', async () => {
      const crew = await setup();
      const threadId = await threadWith(crew, crew.OWNER, [[crew.FULL, MESSAGE]]);
      const res = expectOk(await api.gql(REMOVE, { input: { threadId, userId: crew.FULL.id } }, crew.OWNER.token), 'removeThreadParticipant');
      expect(res).toMatchObject({ threadParticipant: { permission: MESSAGE, user: { id: crew.FULL.id } }, messageThread: { id: threadId } });
      expectError(await api.gql(NODE, { id: threadId }, crew.FULL.token), 'NOT_FOUND');
      const events = await api.db.getRepository(AuditEvent).findBy({ companyId: rowIdOf(crew.companyId, 'Company')!, action: 'thread.participant_remove' });
      expect(events.map((e) => e.data)).toEqual([{ userId: uid(crew.FULL), permission: MESSAGE }]);
    });

    it('lets any participant leave, but never the last MANAGE holder', async () => {
      const crew = await setup();
      const threadId = await threadWith(crew, crew.OWNER, [[crew.RECRUITER, VIEW]]);
      const left = expectOk(await api.gql(REMOVE, { input: { threadId, userId: crew.RECRUITER.id } }, crew.RECRUITER.token), 'removeThreadParticipant');
      expect(left.messageThread).toBeNull();
      const last = expectUserError(await api.gql(REMOVE, { input: { threadId, userId: crew.OWNER.id } }, crew.OWNER.token), 'removeThreadParticipant', 'LAST_THREAD_MANAGER');
      expect(last.field).toEqual(['input', 'userId']);
      expect(await participants(threadId)).toEqual([[uid(crew.OWNER), MANAGE]]);
      // The freelancer is not a participant: there is nothing to leave.
      expectError(await api.gql(REMOVE, { input: { threadId, userId: crew.freelancer.id } }, crew.freelancer.token), 'NOT_FOUND');
    });

    it('refuses removal by participants below MANAGE, and of participants above the remover’s cap', async () => {
      const crew = await setup();
      const threadId = await threadWith(crew, crew.RECRUITER, [
        [crew.OWNER, MANAGE],
        [crew.FULL, MESSAGE],
        [crew.HIRING_MANAGER, VIEW],
      ]);
      expectError(await api.gql(REMOVE, { input: { threadId, userId: crew.HIRING_MANAGER.id } }, crew.FULL.token), 'FORBIDDEN');
      // A recruiter with MANAGE can touch MESSAGE and VIEW participants, not MANAGE ones.
      expectError(await api.gql(REMOVE, { input: { threadId, userId: crew.OWNER.id } }, crew.RECRUITER.token), 'FORBIDDEN');
      expectOk(await api.gql(REMOVE, { input: { threadId, userId: crew.HIRING_MANAGER.id } }, crew.RECRUITER.token), 'removeThreadParticipant');
      expectError(await api.gql(REMOVE, { input: { threadId, userId: crew.stranger.id } }, crew.OWNER.token), 'NOT_FOUND');
      expect(await participants(threadId)).toHaveLength(3);
    });

    it.each([
      [OWNER, MESSAGE, MANAGE, 'ok'],
      [HIRING_MANAGER, VIEW, MANAGE, 'ok'],
      [RECRUITER, VIEW, MESSAGE, 'ok'],
      [RECRUITER, VIEW, MANAGE, 'FORBIDDEN'],
      [RECRUITER, MANAGE, VIEW, 'FORBIDDEN'],
    ])('setThreadParticipantPermission: a %s manager changing %s to %s → %s', async (role, from, to, outcome) => {
      const crew = await setup();
      const threadId = await threadWith(crew, crew[role], [[crew.FULL, from]]);
      const res = await api.gql(SET, { input: { threadId, userId: crew.FULL.id, permission: to } }, crew[role].token);
      if (outcome === 'ok') {
        expect(expectOk(res, 'setThreadParticipantPermission').threadParticipant).toEqual({ permission: to, user: { id: crew.FULL.id } });
        const events = await api.db.getRepository(AuditEvent).findBy({ companyId: rowIdOf(crew.companyId, 'Company')!, action: 'thread.participant_permission' });
        expect(events.map((e) => e.data)).toEqual([{ userId: uid(crew.FULL), from, to }]);
      } else {
        expectError(res, outcome);
      }
      expect((await participants(threadId)).find(([u]) => u === uid(crew.FULL))?.[1]).toBe(outcome === 'ok' ? to : from);
    });

    it('never demotes the last MANAGE holder, and allows it once another holds MANAGE', async () => {
      const crew = await setup();
      const threadId = await threadWith(crew, crew.OWNER, [[crew.FULL, MESSAGE]]);
      expectUserError(
        await api.gql(SET, { input: { threadId, userId: crew.OWNER.id, permission: MESSAGE } }, crew.OWNER.token),
        'setThreadParticipantPermission',
        'LAST_THREAD_MANAGER',
      );
      expectOk(await api.gql(SET, { input: { threadId, userId: crew.FULL.id, permission: MANAGE } }, crew.OWNER.token), 'setThreadParticipantPermission');
      expectOk(await api.gql(SET, { input: { threadId, userId: crew.OWNER.id, permission: VIEW } }, crew.OWNER.token), 'setThreadParticipantPermission');
      expectError(await post(threadId, 'Can I still post?', crew.OWNER), 'FORBIDDEN');
    });

    it('lets a recruiter who started a thread step down themselves', async () => {
      const crew = await setup();
      const threadId = await threadWith(crew, crew.RECRUITER, [[crew.OWNER, MANAGE]]);
      expectOk(await api.gql(SET, { input: { threadId, userId: crew.RECRUITER.id, permission: MESSAGE } }, crew.RECRUITER.token), 'setThreadParticipantPermission');
    });

    it('keeps exactly one MANAGE holder when two try to step down at once', async () => {
      const crew = await setup();
      const threadId = await threadWith(crew, crew.OWNER, [[crew.FULL, MANAGE]]);
      const [a, b] = await Promise.all([
        api.gql(SET, { input: { threadId, userId: crew.OWNER.id, permission: MESSAGE } }, crew.OWNER.token),
        api.gql(SET, { input: { threadId, userId: crew.FULL.id, permission: MESSAGE } }, crew.FULL.token),
      ]);
      const outcomes = [a, b].map((r) => (r.errors ? r.errors[0].extensions.code : r.data?.setThreadParticipantPermission.userErrors[0]?.code ?? 'OK')).sort();
      // The second one in line is no longer a manager, or is the last one.
      expect(outcomes[1]).toBe('OK');
      expect(['FORBIDDEN', 'LAST_THREAD_MANAGER']).toContain(outcomes[0]);
      expect((await participants(threadId)).filter(([, p]) => p === MANAGE)).toHaveLength(1);
    });
  });

  describe('visibility', () => {
    it('resolves threads, messages and participants by node(id) for participants and the freelancer only', async () => {
      const crew = await setup();
      const threadId = await start(crew);
      const messageId = expectOk(await post(threadId, 'From the freelancer', crew.freelancer), 'postMessage').message.id;
      const participantId = (await api.gql(`query($id: ID!) { node(id: $id) { ... on MessageThread { participants { id } } } }`, { id: threadId }, crew.OWNER.token)).data?.node
        .participants[0].id;
      for (const [id, type] of [
        [threadId, 'MessageThread'],
        [messageId, 'Message'],
        [participantId, 'ThreadParticipant'],
      ]) {
        for (const viewer of [crew.OWNER, crew.freelancer]) {
          expect((await api.gql(NODE, { id }, viewer.token)).data?.node).toEqual({ id, __typename: type });
        }
        const unknown = await api.gql(NODE, { id: randomId(type) }, crew.FULL.token);
        for (const outsider of [crew.FULL, crew.stranger]) {
          expect((await api.gql(NODE, { id }, outsider.token)).errors).toEqual(unknown.errors);
        }
      }
    });

    it('lets the freelancer and the participants see each other as users', async () => {
      const crew = await setup();
      expectError(await api.gql(NODE, { id: crew.OWNER.id }, crew.freelancer.token), 'NOT_FOUND');
      const threadId = await start(crew);
      await post(threadId, 'hello', crew.freelancer);
      expect((await api.gql(`query($id: ID!) { node(id: $id) { ... on User { name } } }`, { id: crew.OWNER.id }, crew.freelancer.token)).data?.node).toEqual({
        name: 'Olivia Owner',
      });
      expect((await api.gql(NODE, { id: crew.freelancer.id }, crew.OWNER.token)).data?.node.__typename).toBe('User');
      expectError(await api.gql(NODE, { id: crew.freelancer.id }, crew.stranger.token), 'NOT_FOUND');
    });

    it('lists the threads the viewer is in, newest first, for coworkers and the freelancer, filtered by company', async () => {
      const crew = await setup();
      const first = await start(crew, crew.OWNER, 'First');
      const second = await start(crew, crew.RECRUITER, 'Second');
      const other = await companyWithEveryRole(api, 'Other Co');
      const elsewhere = (await api.gql(START, { input: { companyId: other.companyId, freelancerId: crew.freelancer.id, subject: 'Elsewhere', body: 'Hi' } }, other.OWNER.token)).data
        ?.startMessageThread.messageThread.id;
      expect(await search(crew.OWNER, null)).toEqual([first]);
      expect(await search(crew.RECRUITER, null)).toEqual([second]);
      expect(await search(crew.FULL, null)).toEqual([]);
      expect(await search(crew.freelancer, null)).toEqual([elsewhere, second, first]);
      expect(await search(crew.freelancer, null, crew.companyId)).toEqual([second, first]);
      expect(await search(crew.OWNER, null, other.companyId)).toEqual([]);
      const page = await api.gql(THREADS, { first: 1 }, crew.freelancer.token);
      expect(page.data?.messageThreads).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true }, nodes: [{ id: elsewhere, lastMessage: { body: 'Hi' } }] });
      const next = await api.gql(THREADS, { first: 5, after: page.data?.messageThreads.pageInfo.endCursor }, crew.freelancer.token);
      expect(next.data?.messageThreads.nodes.map((n: { id: string }) => n.id)).toEqual([second, first]);
    });
  });

  describe('loading', () => {
    it('lists threads with their company, freelancer, participants and last message in a fixed number of queries', async () => {
      const crew = await setup();
      const list = `{ messageThreads(first: 100) { nodes { id viewerPermission viewerCanPost company { name } freelancer { name }
        participants { permission user { name } addedBy { name } } pendingAccess { email } lastMessage { body author { name } } } } }`;
      await start(crew);
      await start(crew);
      const few = await countQueries(api, async () => expect((await api.gql(list, {}, crew.OWNER.token)).data?.messageThreads.nodes).toHaveLength(2));
      for (let i = 0; i < 4; i += 1) {
        const threadId = await start(crew);
        expectOk(await add(threadId, { userId: crew.FULL.id }, MESSAGE, crew.OWNER), 'addCoworkerToThread');
      }
      const many = await countQueries(api, async () => expect((await api.gql(list, {}, crew.OWNER.token)).data?.messageThreads.nodes).toHaveLength(6));
      // The session; the threads; the viewer's memberships and participations; companies; freelancers and
      // other users; participants; pending access; last messages; their authors. Same for 2 threads or 6.
      expectStatements(few, 10);
      expectStatements(many, 10);
    });
  });

  describe('messageThreads(search:)', () => {
    let crew: Crew & { freelancer: Account };
    let pipeline: string;
    let logo: string;
    let theirs: string;
    beforeAll(async () => {
      crew = await setup();
      pipeline = await start(crew, crew.OWNER, 'Data pipeline interview', 'Could you walk us through the Kafka experience you have?');
      const zoe = await signUp(api, 'Zoë Quartermaine');
      logo = expectOk(
        await api.gql(START, { input: { companyId: crew.companyId, freelancerId: zoe.id, subject: 'Logo redesign', body: 'We love the sketches.' } }, crew.OWNER.token),
        'startMessageThread',
      ).messageThread.id;
      await post(logo, 'The budget is 2000 EUR, négociable.', zoe);
      const other = await companyWithEveryRole(api, 'Rival Co');
      theirs = expectOk(
        await api.gql(START, { input: { companyId: other.companyId, freelancerId: crew.freelancer.id, subject: 'Kafka pipeline', body: 'Kafka budget logo' } }, other.OWNER.token),
        'startMessageThread',
      ).messageThread.id;
    });

    it.each([
      ['the freelancer’s name', 'Quartermaine', 'logo'],
      ['a prefix of the freelancer’s name', 'quarter', 'logo'],
      ['the subject', 'redesign', 'logo'],
      ['message text', 'kafka', 'pipeline'],
      ['a message by the freelancer', 'budget', 'logo'],
      ['text in another case', 'KAFKA Experience', 'pipeline'],
      ['words spread over name, subject and messages', 'quartermaine logo budget', 'logo'],
      ['accented text', 'négociable', 'logo'],
    ])('finds a thread by %s (%j)', async (_what, text, expected) => {
      const ids = await search(crew.OWNER, text);
      expect(ids).toEqual([expected === 'logo' ? logo : pipeline]);
    });

    (ENGINE === 'sqlite' ? it : it.skip)('ignores accents on SQLite (FTS5 remove_diacritics)', async () => {
      expect(await search(crew.OWNER, 'zoe negociable')).toEqual([logo]);
    });

    it('finds several threads and none for words that appear nowhere', async () => {
      expect(await search(crew.OWNER, 'frida zoe')).toEqual([]);
      expect(await search(crew.OWNER, 'interview')).toEqual([pipeline]);
      expect(await search(crew.OWNER, 'the')).toEqual([logo, pipeline]);
      expect(await search(crew.OWNER, 'nothing-like-this')).toEqual([]);
    });

    it('never finds other companies’ threads, nor threads the viewer is not in', async () => {
      expect(await search(crew.OWNER, 'kafka')).toEqual([pipeline]);
      expect(await search(crew.FULL, 'kafka')).toEqual([]);
      expect(await search(crew.stranger, 'kafka')).toEqual([]);
      // The freelancer is in threads of both companies and finds both.
      expect(await search(crew.freelancer, 'kafka')).toEqual([theirs, pipeline]);
      expect(await search(crew.freelancer, 'kafka', crew.companyId)).toEqual([pipeline]);
    });

    it.each([['"foo'], ['a OR'], ['OR'], ['"'], ['*'], ['NEAR(kafka'], ['kafka*'], ["'); DROP TABLE messages; --"], ['a:* & !b | c'], ['\\'], ['^kafka'], ['{col}: x'], ['½ a½b ²'], ['中文 ∗ 𝔘'], ['   ']])(
      'treats hostile search %j as plain words, without error',
      async (text) => {
        const res = await api.gql(THREADS, { search: text }, crew.OWNER.token);
        expect(res.errors).toBeUndefined();
        expect(Array.isArray(res.data?.messageThreads.nodes)).toBe(true);
      },
    );

    it('matches hostile strings by their words only', async () => {
      expect(await search(crew.OWNER, '"kafka')).toEqual([pipeline]);
      expect(await search(crew.OWNER, 'kafka OR')).toEqual([]);
      expect(await search(crew.OWNER, '"')).toEqual([]);
      expect(await search(crew.OWNER, '   ')).toEqual([logo, pipeline]);
      expect(await api.db.getRepository(Message).count()).toBeGreaterThan(0);
    });

    it('refuses a search longer than 200 characters with BAD_USER_INPUT', async () => {
      expectError(await api.gql(THREADS, { search: 'x'.repeat(201) }, crew.OWNER.token), 'BAD_USER_INPUT');
    });

    it('finds a freelancer by their new name once re-indexed (reindexFreelancerName)', async () => {
      const zoe = await api.db.getRepository(User).findOneByOrFail({ name: 'Zoë Quartermaine' });
      await api.db.transaction(async (tx) => {
        await tx.getRepository(User).update({ id: zoe.id }, { name: 'Zoë Blackwood' });
        await reindexFreelancerName(tx, zoe.id, 'Zoë Blackwood');
      });
      expect(await search(crew.OWNER, 'blackwood')).toEqual([logo]);
      expect(await search(crew.OWNER, 'quartermaine')).toEqual([]);
      expect(await search(crew.OWNER, 'logo redesign')).toEqual([logo]);
    });

    it('finds new messages as soon as they are posted', async () => {
      await post(pipeline, 'Also: Terraform?', crew.OWNER);
      expect(await search(crew.OWNER, 'terraform')).toEqual([pipeline]);
    });
  });
});
