import { requireRowId as rowIdOf } from '../src/common/ids';
import { CompanyMember } from '../src/company/company-member.entity';
import { Invitation } from '../src/invitation/invitation.entity';
import { OutboxEmail } from '../src/mail/outbox-email.entity';
import { PendingThreadAccess } from '../src/messaging/pending-thread-access.entity';
import { createContract } from './support/contracts';
import {
  companyWithEveryRole,
  expectError,
  expectOk,
  expectUserError,
  invite,
  signUp,
  type Account,
  type Crew,
} from './support/fixtures';
import { useTestServer } from './support/server';

/** The holes issue 9's security review found in invitations, members, threads and the audit log, each closed. */

const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { companyMember { id role } userErrors { code field message } }
}`;
const REVOKE = `mutation($input: RevokeInvitationInput!) {
  revokeInvitation(input: $input) { invitation { id status } userErrors { code field message } }
}`;
const RESEND = `mutation($input: ResendInvitationInput!) {
  resendInvitation(input: $input) { invitation { id status joinUrl } userErrors { code field message } }
}`;
const SET_ROLE = `mutation($input: SetMemberRoleInput!) {
  setMemberRole(input: $input) { companyMember { role } userErrors { code field message } }
}`;
const REMOVE = `mutation($input: RemoveMemberInput!) {
  removeMember(input: $input) { companyMember { id } userErrors { code field message } }
}`;
const INVITATION = `query($id: ID!) { node(id: $id) { ... on Invitation { status joinUrl role } } }`;
const VIEWER_ROLE = `query($id: ID!) { company(id: $id) { viewerRole } }`;
const AUDIT = `query($id: ID!, $action: String) { company(id: $id) { auditLog(action: $action) { nodes { action data } } } }`;

let seq = 0;
const freshEmail = (label: string) => `${label}${++seq}-${Date.now().toString(36)}@example.com`;

describe('Security review (issue 9)', () => {
  const api = useTestServer();
  let crew: Crew;

  beforeEach(async () => {
    crew = await companyWithEveryRole(api);
  });

  const accept = (token: string, as: Account) => api.gql(ACCEPT, { input: { token } }, as.token);
  const statusOf = async (invitationId: string) =>
    (await api.gql(INVITATION, { id: invitationId }, crew.OWNER.token)).data?.node.status as string;
  const tokenHashOf = async (invitationId: string) =>
    (await api.db.getRepository(Invitation).findOneByOrFail({ id: rowIdOf(invitationId, 'Invitation') })).tokenHash;

  describe('finding 2: FULL cannot become OWNER through an OWNER invitation', () => {
    it('refuses a FULL member resending or revoking an OWNER invitation, and hands out no link', async () => {
      const target = freshEmail('co-owner');
      const sent = await invite(api, crew.OWNER, crew.companyId, target, { role: 'OWNER' as never });
      const hash = await tokenHashOf(sent.id);
      const emails = await api.db.getRepository(OutboxEmail).count();

      const resend = await api.gql(RESEND, { input: { invitationId: sent.id } }, crew.FULL.token);
      expect(expectError(resend, 'FORBIDDEN').message).toBe('Your role (FULL) cannot grant OWNER, so you cannot change this invitation');
      expect(resend.data).toBeNull();
      expectError(await api.gql(REVOKE, { input: { invitationId: sent.id } }, crew.FULL.token), 'FORBIDDEN');

      expect(await tokenHashOf(sent.id)).toBe(hash);
      expect(await statusOf(sent.id)).toBe('PENDING');
      expect(await api.db.getRepository(OutboxEmail).count()).toBe(emails);
      // reading it never shows the link
      expect((await api.gql(INVITATION, { id: sent.id }, crew.FULL.token)).data?.node).toEqual({ status: 'PENDING', joinUrl: null, role: 'OWNER' });
    });

    it('closes the takeover end to end: the FULL member, signed up as the invitee, has no working link to accept', async () => {
      const target = freshEmail('co-owner');
      const sent = await invite(api, crew.OWNER, crew.companyId, target, { role: 'OWNER' as never });
      const resend = await api.gql(RESEND, { input: { invitationId: sent.id } }, crew.FULL.token);
      expectError(resend, 'FORBIDDEN');
      const alt = await signUp(api, 'FULL member’s alt', target);
      // without the real link all the alt can try is a guessed one
      expectUserError(await accept('guessed-token', alt), 'acceptInvitation', 'INVITATION_INVALID');
      expect((await api.gql(VIEWER_ROLE, { id: crew.companyId }, alt.token)).errors?.[0].extensions.code).toBe('NOT_FOUND');
      const owners = await api.db.getRepository(CompanyMember).countBy({ companyId: rowIdOf(crew.companyId, 'Company'), role: 'OWNER' as never });
      expect(owners).toBe(1);
    });

    it('still lets a FULL member resend and revoke invitations they could grant, and an OWNER any', async () => {
      const full = await invite(api, crew.OWNER, crew.companyId, freshEmail('full'), { role: 'FULL' as never });
      const resent = expectOk(await api.gql(RESEND, { input: { invitationId: full.id } }, crew.FULL.token), 'resendInvitation');
      expect(resent.invitation.joinUrl).toMatch(/\/join\//);
      const owner = await invite(api, crew.OWNER, crew.companyId, freshEmail('owner'), { role: 'OWNER' as never });
      expectOk(await api.gql(REVOKE, { input: { invitationId: owner.id } }, crew.OWNER.token), 'revokeInvitation');
      expect(await statusOf(owner.id)).toBe('REVOKED');
    });
  });

  describe('finding 3: removed and demoted members lose their invitations', () => {
    it('revokes every pending invitation of a removed HIRING_MANAGER, so their alt is not admitted', async () => {
      const altEmail = freshEmail('hm-alt');
      const mine = await invite(api, crew.HIRING_MANAGER, crew.companyId, altEmail, { role: 'HIRING_MANAGER' as never });
      const other = await invite(api, crew.HIRING_MANAGER, crew.companyId, freshEmail('hm-friend'));
      const unrelated = await invite(api, crew.OWNER, crew.companyId, freshEmail('owner-pick'), { role: 'HIRING_MANAGER' as never });
      expectOk(await api.gql(REMOVE, { input: { companyId: crew.companyId, userId: crew.HIRING_MANAGER.id } }, crew.OWNER.token), 'removeMember');

      expect(await statusOf(mine.id)).toBe('REVOKED');
      expect(await statusOf(other.id)).toBe('REVOKED');
      expect(await statusOf(unrelated.id)).toBe('PENDING');
      const alt = await signUp(api, 'HM alt', altEmail);
      expectUserError(await accept(mine.token, alt), 'acceptInvitation', 'INVITATION_REVOKED');
      expect(await api.db.getRepository(CompanyMember).existsBy({ userId: rowIdOf(alt.id, 'User') })).toBe(false);

      const log = (await api.gql(AUDIT, { id: crew.companyId, action: 'invitation.revoke' }, crew.OWNER.token)).data?.company.auditLog.nodes;
      expect(log).toEqual(
        expect.arrayContaining([{ action: 'invitation.revoke', data: { email: altEmail, role: 'HIRING_MANAGER', reason: 'inviter_removed' } }]),
      );
    });

    it('revokes a member’s invitations above their new role on demotion (FULL → RECRUITER), keeps the rest, and refuses resending the old one', async () => {
      const fullInvite = await invite(api, crew.FULL, crew.companyId, freshEmail('full-pick'), { role: 'FULL' as never });
      const recruiterInvite = await invite(api, crew.FULL, crew.companyId, freshEmail('recruiter-pick'));
      const demoted = await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew.FULL.id, role: 'RECRUITER' } }, crew.OWNER.token);
      expect(expectOk(demoted, 'setMemberRole').companyMember.role).toBe('RECRUITER');

      expect(await statusOf(fullInvite.id)).toBe('REVOKED');
      expect(await statusOf(recruiterInvite.id)).toBe('PENDING');
      expectError(await api.gql(RESEND, { input: { invitationId: fullInvite.id } }, crew.FULL.token), 'FORBIDDEN');
      const invitee = await signUp(api, 'Would-be FULL', (await api.db.getRepository(Invitation).findOneByOrFail({ id: rowIdOf(fullInvite.id, 'Invitation') })).email);
      expectUserError(await accept(fullInvite.token, invitee), 'acceptInvitation', 'INVITATION_REVOKED');
    });

    it('re-checks on accept that the inviter could still grant the role', async () => {
      const email = freshEmail('late');
      const sent = await invite(api, crew.FULL, crew.companyId, email, { role: 'FULL' as never });
      // the inviter lost the power without the invitation being touched (e.g. a change made by an older server)
      await api.db.getRepository(CompanyMember).update(
        { companyId: rowIdOf(crew.companyId, 'Company'), userId: rowIdOf(crew.FULL.id, 'User') },
        { role: 'RECRUITER' as never },
      );
      const invitee = await signUp(api, 'Late Invitee', email);
      const refused = expectUserError(await accept(sent.token, invitee), 'acceptInvitation', 'INVITER_CANNOT_GRANT');
      expect(refused).toEqual({
        code: 'INVITER_CANNOT_GRANT',
        field: ['input', 'token'],
        message: 'The coworker who invited you can no longer grant this role; ask the company for a new invitation',
      });
      expect(await statusOf(sent.id)).toBe('PENDING');
      expect(await api.db.getRepository(CompanyMember).existsBy({ userId: rowIdOf(invitee.id, 'User') })).toBe(false);
    });

    it('leaves a promoted member’s invitations alone', async () => {
      const sent = await invite(api, crew.RECRUITER, crew.companyId, freshEmail('keeps'));
      expectOk(await api.gql(SET_ROLE, { input: { companyId: crew.companyId, userId: crew.RECRUITER.id, role: 'HIRING_MANAGER' } }, crew.OWNER.token), 'setMemberRole');
      expect(await statusOf(sent.id)).toBe('PENDING');
    });
  });

  describe('finding 6: viewerRole for a freelancer', () => {
    it('answers null, not an internal error, to a freelancer reading their contract’s company', async () => {
      const freelancer = await signUp(api, 'Fay Freelancer');
      const contract = await createContract(api, crew.OWNER, crew.companyId, freelancer);
      const res = await api.gql(`query($id: ID!) { node(id: $id) { ... on Contract { company { name viewerRole } } } }`, { id: contract.id }, freelancer.token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.node.company).toEqual({ name: 'Acme', viewerRole: null });
    });
  });

  describe('finding 7: thread access and the audit log', () => {
    const START = `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id } userErrors { code } } }`;
    const ADD = `mutation($input: AddCoworkerToThreadInput!) {
      addCoworkerToThread(input: $input) { pendingAccess { id } userErrors { code message } }
    }`;
    const THREADS = `{ messageThreads { nodes { id subject } } }`;

    async function threadWithPendingEmail(email: string) {
      const freelancer = await signUp(api, 'Tess Thread');
      const started = await api.gql(
        START,
        { input: { companyId: crew.companyId, freelancerId: freelancer.id, subject: 'Confidential: replacing the CTO', body: 'Hello' } },
        crew.OWNER.token,
      );
      const threadId = expectOk(started, 'startMessageThread').messageThread.id as string;
      expectOk(await api.gql(ADD, { input: { threadId, email, permission: 'MESSAGE' } }, crew.OWNER.token), 'addCoworkerToThread');
      const invitation = await api.db.getRepository(Invitation).findOneByOrFail({ emailKey: email.toLowerCase(), status: 'PENDING' as never });
      return { threadId, invitationId: invitation.nodeId };
    }

    it('drops pending thread access when its invitation is revoked: a later invitation does not bring it back', async () => {
      const email = freshEmail('thread-guest');
      const { invitationId } = await threadWithPendingEmail(email);
      expectOk(await api.gql(REVOKE, { input: { invitationId } }, crew.OWNER.token), 'revokeInvitation');
      expect(await api.db.getRepository(PendingThreadAccess).countBy({ emailKey: email })).toBe(0);

      const again = await invite(api, crew.RECRUITER, crew.companyId, email);
      const guest = await signUp(api, 'Thread Guest', email);
      expectOk(await accept(again.token, guest), 'acceptInvitation');
      expect((await api.gql(THREADS, {}, guest.token)).data?.messageThreads.nodes).toEqual([]);
    });

    it('drops pending thread access of an expired invitation when it is renewed', async () => {
      const email = freshEmail('thread-late');
      const { invitationId } = await threadWithPendingEmail(email);
      await api.db.getRepository(Invitation).update({ id: rowIdOf(invitationId, 'Invitation') }, { expiresAt: new Date(Date.now() - 1000) });
      const resent = expectOk(await api.gql(RESEND, { input: { invitationId } }, crew.OWNER.token), 'resendInvitation');
      const guest = await signUp(api, 'Late Guest', email);
      expectOk(await accept(resent.invitation.joinUrl.split('/join/')[1], guest), 'acceptInvitation');
      expect((await api.gql(THREADS, {}, guest.token)).data?.messageThreads.nodes).toEqual([]);
    });

    it('still grants the access when the invitation is accepted while pending', async () => {
      const email = freshEmail('thread-ok');
      const { threadId, invitationId } = await threadWithPendingEmail(email);
      const resent = expectOk(await api.gql(RESEND, { input: { invitationId } }, crew.OWNER.token), 'resendInvitation');
      const guest = await signUp(api, 'Welcome Guest', email);
      expectOk(await accept(resent.invitation.joinUrl.split('/join/')[1], guest), 'acceptInvitation');
      expect((await api.gql(THREADS, {}, guest.token)).data?.messageThreads.nodes).toEqual([{ id: threadId, subject: 'Confidential: replacing the CTO' }]);
    });

    it('hides the subject and email of a thread from audit readers who cannot open it', async () => {
      const email = freshEmail('secret-guest');
      await threadWithPendingEmail(email);
      const log = async (as: Account) =>
        ((await api.gql(AUDIT, { id: crew.companyId }, as.token)).data?.company.auditLog.nodes as { action: string; data: Record<string, unknown> }[]).filter(
          (e) => e.action.startsWith('thread.'),
        );
      const outside = await log(crew.FULL);
      expect(outside.map((e) => e.action).sort()).toEqual(['thread.pending_access_add', 'thread.start']);
      for (const event of outside) expect(JSON.stringify(event.data)).not.toMatch(/Confidential|secret-guest/);
      expect(outside.find((e) => e.action === 'thread.start')?.data).toEqual({ freelancerId: expect.any(String), redacted: ['subject'] });
      expect(outside.find((e) => e.action === 'thread.pending_access_add')?.data).toMatchObject({ permission: 'MESSAGE', redacted: ['email'] });

      const inside = await log(crew.OWNER);
      expect(inside.find((e) => e.action === 'thread.start')?.data).toMatchObject({ subject: 'Confidential: replacing the CTO' });
      expect(inside.find((e) => e.action === 'thread.pending_access_add')?.data).toMatchObject({ email });
    });
  });
});
