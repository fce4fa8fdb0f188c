import { Team } from '../src/company/team.entity';
import { OutboxEmail } from '../src/mail/outbox-email.entity';
import { EVENT_CATALOGUE, EVENT_TYPES, domainEvents, publish, subscriber, type DomainEvent, type EventType } from '../src/common/events';
import { rowIdOf } from '../src/common/ids';
import { CompanyRole, ThreadPermission } from '../src/common/permissions';
import { transaction } from '../src/common/transaction';
import { modules } from '../src/modules';
import { AUDITED } from '../src/audit/audit.subscriber';
import { companyWithEveryRole, expectError, expectOk, expectUserError, invite, signUp, type Crew } from './support/fixtures';
import { useTestServer } from './support/server';

const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id name } userErrors { code } } }`;
const AUDIT = `query($id: ID!) { node(id: $id) { ... on Company { auditLog(first: 50) { nodes { action data } } } } }`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { companyMember { id } userErrors { code } } }`;
const REVOKE = `mutation($input: RevokeInvitationInput!) { revokeInvitation(input: $input) { invitation { id status } userErrors { code } } }`;
const START = `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id } userErrors { code } } }`;
const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { message { id } userErrors { code } } }`;
const ADD = `mutation($input: AddCoworkerToThreadInput!) {
  addCoworkerToThread(input: $input) { pendingAccess { id } userErrors { code } }
}`;

/** Records what the bus delivers, in each mode, while a test runs. */
function record() {
  const inTransaction: DomainEvent[] = [];
  const afterCommit: DomainEvent[] = [];
  const off = [
    domainEvents.subscribe(
      subscriber({ name: 'test', description: 'records', types: '*', mode: 'inTransaction', handle: (e) => void inTransaction.push(e) }),
    ),
    domainEvents.subscribe(
      subscriber({ name: 'test', description: 'records', types: '*', mode: 'afterCommit', handle: (e) => void afterCommit.push(e) }),
    ),
  ];
  return { inTransaction, afterCommit, stop: () => off.forEach((f) => f()) };
}

describe('Domain events', () => {
  const api = useTestServer();
  let crew: Crew;
  let seen: ReturnType<typeof record>;
  beforeAll(async () => {
    crew = await companyWithEveryRole(api, 'Eventful');
  });
  beforeEach(() => {
    seen = record();
  });
  afterEach(() => seen.stop());

  const auditActions = async (): Promise<string[]> => {
    const res = await api.gql(AUDIT, { id: crew.companyId }, crew.OWNER.token);
    return res.data!.node.auditLog.nodes.map((n: { action: string }) => n.action);
  };

  it('a mutation publishes its event with company, actor, target and time, in both modes, after the change', async () => {
    const before = new Date();
    const team = expectOk(await api.gql(CREATE_TEAM, { input: { companyId: crew.companyId, name: 'Platform' } }, crew.FULL.token), 'createTeam').team;
    const after = new Date();
    expect(seen.inTransaction).toHaveLength(1);
    expect(seen.afterCommit).toEqual(seen.inTransaction);
    const [event] = seen.afterCommit;
    expect(event).toEqual({
      id: expect.any(String),
      type: 'team.created',
      companyId: rowIdOf(crew.companyId, 'Company'),
      actorId: rowIdOf(crew.FULL.id, 'User'),
      target: { type: 'Team', id: rowIdOf(team.id, 'Team') },
      at: expect.any(Date),
      data: { name: 'Platform' },
    });
    expect(event.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(event.at.getTime()).toBeLessThanOrEqual(after.getTime());
    // The audit log is one of the event's subscribers, and reads as before.
    expect((await auditActions())[0]).toBe('team.create');
  });

  it('an account-level event has no company, and the new user is its actor', async () => {
    const user = await signUp(api, 'Newcomer');
    expect(seen.afterCommit.map((e) => [e.type, e.companyId, e.actorId, e.target])).toEqual([
      ['account.signedUp', null, rowIdOf(user.id, 'User'), { type: 'User', id: rowIdOf(user.id, 'User') }],
    ]);
  });

  it('a refused mutation (wrong role, user error) publishes nothing', async () => {
    expectError(await api.gql(CREATE_TEAM, { input: { companyId: crew.companyId, name: 'Nope' } }, crew.RECRUITER.token), 'FORBIDDEN');
    expectOk(await api.gql(CREATE_TEAM, { input: { companyId: crew.companyId, name: 'Twice' } }, crew.OWNER.token), 'createTeam');
    seen.inTransaction.length = 0;
    seen.afterCommit.length = 0;
    expectUserError(await api.gql(CREATE_TEAM, { input: { companyId: crew.companyId, name: 'twice' } }, crew.OWNER.token), 'createTeam', 'TEAM_NAME_TAKEN');
    expect(seen.afterCommit).toEqual([]);
    expect(seen.inTransaction).toEqual([]);
  });

  it('an inTransaction subscriber that throws rolls the mutation back; afterCommit subscribers never hear of it', async () => {
    const off = domainEvents.subscribe(
      subscriber({
        name: 'refuser',
        description: 'fails',
        types: ['team.created'],
        mode: 'inTransaction',
        handle() {
          throw new Error('refused by a subscriber');
        },
      }),
    );
    try {
      const actionsBefore = await auditActions();
      const res = await api.gql(CREATE_TEAM, { input: { companyId: crew.companyId, name: 'Doomed' } }, crew.OWNER.token);
      expectError(res, 'INTERNAL_SERVER_ERROR');
      expect(res.errors![0].message).toBe('Internal server error');
      expect(seen.inTransaction.map((e) => e.type)).toEqual(['team.created']);
      expect(seen.afterCommit).toEqual([]);
      expect(await api.db.getRepository(Team).countBy({ name: 'Doomed' })).toBe(0);
      expect(await auditActions()).toEqual(actionsBefore);
    } finally {
      off();
    }
  });

  it('an afterCommit subscriber that throws is logged, not raised: the change stands and later subscribers still run', async () => {
    const off = domainEvents.subscribe(
      subscriber({
        name: 'flaky',
        description: 'fails',
        types: ['team.created'],
        mode: 'afterCommit',
        handle() {
          throw new Error('webhook endpoint down');
        },
      }),
    );
    const late: string[] = [];
    const offLate = domainEvents.subscribe(
      subscriber({ name: 'late', description: 'records', types: ['team.created'], mode: 'afterCommit', handle: (e) => void late.push(e.data.name) }),
    );
    try {
      expectOk(await api.gql(CREATE_TEAM, { input: { companyId: crew.companyId, name: 'Survivor' } }, crew.OWNER.token), 'createTeam');
      expect(await api.db.getRepository(Team).countBy({ name: 'Survivor' })).toBe(1);
      expect(late).toEqual(['Survivor']);
    } finally {
      off();
      offLate();
    }
  });

  it('accepting an invitation publishes invitation.accepted; its thread-access subscriber publishes in the same transaction', async () => {
    const freelancer = await signUp(api, 'Frida Freelancer');
    seen.afterCommit.length = 0;
    const start = await api.gql(
      START,
      { input: { companyId: crew.companyId, freelancerId: freelancer.id, subject: 'Kickoff', body: 'Hi' } },
      crew.OWNER.token,
    );
    const threadId = expectOk(start, 'startMessageThread').messageThread.id;
    expect(seen.afterCommit.map((e) => [e.type, e.target.type])).toEqual([
      ['thread.started', 'MessageThread'],
      ['message.posted', 'Message'],
    ]);
    const email = 'ivy.invitee@example.com';
    expectOk(await api.gql(ADD, { input: { threadId, email, permission: ThreadPermission.MESSAGE } }, crew.OWNER.token), 'addCoworkerToThread');
    const invitee = await signUp(api, 'Ivy Invitee', email);
    seen.afterCommit.length = 0;
    // The join token is only in the email; take it from the outbox.
    const mail = await api.db.getRepository(OutboxEmail).findOneByOrFail({ to: invitee.email });
    const token = /\/join\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    expectOk(await api.gql(ACCEPT, { input: { token } }, invitee.token), 'acceptInvitation');
    const inviteeId = rowIdOf(invitee.id, 'User');
    expect(seen.afterCommit.map((e) => [e.type, e.actorId])).toEqual([
      ['invitation.accepted', inviteeId],
      ['thread.participantAdded', inviteeId],
    ]);
    expect(seen.afterCommit[0].data).toMatchObject({ userId: inviteeId, role: CompanyRole.RECRUITER, teamId: null });
    expect(seen.afterCommit[1].data).toMatchObject({ userId: inviteeId, permission: ThreadPermission.MESSAGE, via: 'invitation' });
    // Audited as before: the access granted, then the acceptance that caused it (newest first).
    expect((await auditActions()).slice(0, 2)).toEqual(['invitation.accept', 'thread.participant_add']);
  });

  it('postMessage publishes message.posted; revoking an invitation publishes invitation.revoked', async () => {
    const freelancer = await signUp(api, 'Fred Freelancer');
    const start = await api.gql(START, { input: { companyId: crew.companyId, freelancerId: freelancer.id, subject: 'Rates', body: 'Hi' } }, crew.OWNER.token);
    const threadId = expectOk(start, 'startMessageThread').messageThread.id;
    seen.afterCommit.length = 0;
    const message = expectOk(await api.gql(POST, { input: { threadId, body: 'Any news?' } }, freelancer.token), 'postMessage').message;
    expect(seen.afterCommit.map((e) => [e.type, e.actorId, e.target, e.data])).toEqual([
      ['message.posted', rowIdOf(freelancer.id, 'User'), { type: 'Message', id: rowIdOf(message.id, 'Message') }, { threadId: rowIdOf(threadId, 'MessageThread') }],
    ]);

    const sent = await invite(api, crew.OWNER, crew.companyId, 'someone@example.com');
    seen.afterCommit.length = 0;
    expectOk(await api.gql(REVOKE, { input: { invitationId: sent.id } }, crew.OWNER.token), 'revokeInvitation');
    expect(seen.afterCommit.map((e) => [e.type, e.data])).toEqual([
      ['invitation.revoked', { email: 'someone@example.com', emailKey: 'someone@example.com', role: CompanyRole.RECRUITER, reason: null }],
    ]);
  });

  it('publish refuses a target of the wrong type, and a manager that is not a transaction()', async () => {
    const team = await api.db.getRepository(Team).findOneByOrFail({ name: 'Platform' });
    const ctx = { db: api.db, viewer: null, log: { error: () => undefined } } as never;
    await expect(
      transaction({ db: api.db }, (tx) => publish(tx, ctx, { type: 'company.created', companyId: team.companyId, target: team, data: { name: 'x' } })),
    ).rejects.toThrow('company.created targets a Company, not a Team');
    await expect(
      publish(api.db.manager, ctx, { type: 'team.created', companyId: team.companyId, target: team, data: { name: 'x' } }),
    ).rejects.toThrow('afterCommit needs a transaction opened by transaction()');
    expect(seen.afterCommit).toEqual([]);
  });

  it('the catalogue is complete: every event is audited or deliberately not, and every subscriber listens to known types', () => {
    const unaudited = EVENT_TYPES.filter((type) => !AUDITED[type]);
    expect(unaudited).toEqual(['invitation.expired', 'message.posted']);
    for (const s of modules.flatMap((m) => m.subscribers ?? [])) {
      if (s.types !== '*') for (const type of s.types) expect(EVENT_CATALOGUE[type as EventType]).toBeDefined();
    }
  });
});
