import { AuditEvent } from '../src/audit/audit-event.entity';
import { CompanyMember } from '../src/company/company-member.entity';
import { rowIdOf } from '../src/common/ids';
import { CompanyRole } from '../src/common/permissions';
import { Invitation, InvitationStatus } from '../src/invitation/invitation.entity';
import { OutboxEmail } from '../src/mail/outbox-email.entity';
import {
  ROLES,
  addMember,
  companyWithEveryRole,
  createCompany,
  expectError,
  expectOk,
  expectUserError,
  invite,
  inviteAndAccept,
  randomId,
  signUp,
  tokenOf,
  type Account,
} from './support/fixtures';
import { useTestServer, type GqlResponse } from './support/server';

const INVITATION_FIELDS = `id email role message status createdAt expiresAt joinUrl acceptedAt revokedAt
  team { id name } invitedBy { id name } company { id }`;
const INVITE = `mutation($input: InviteCoworkerInput!) {
  inviteCoworker(input: $input) { invitation { ${INVITATION_FIELDS} } userErrors { code field message } }
}`;
const PREVIEW = `query($input: InviteCoworkerInput!) {
  invitationPreview(input: $input) { to subject text html joinUrl userErrors { code field message } }
}`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    invitation { ${INVITATION_FIELDS} }
    companyMember { id role user { id } team { id name } }
    userErrors { code field message }
  }
}`;
const REVOKE = `mutation($input: RevokeInvitationInput!) {
  revokeInvitation(input: $input) { invitation { ${INVITATION_FIELDS} } userErrors { code field message } }
}`;
const RESEND = `mutation($input: ResendInvitationInput!) {
  resendInvitation(input: $input) { invitation { ${INVITATION_FIELDS} } userErrors { code field message } }
}`;
const LIST = `query($id: ID!, $status: InvitationStatus, $first: Int, $after: String) {
  company(id: $id) { invitations(status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id email status joinUrl }
  } }
}`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Invitation { email status joinUrl } } }`;

let seq = 0;
const freshEmail = (label = 'invitee') => `${label}${++seq}-${Date.now().toString(36)}@example.com`;

/** What a caller can observe of an error: two refusals that must be indistinguishable compare equal. */
const visible = (res: GqlResponse) => res.errors?.map(({ message, extensions }) => ({ message, extensions }));

describe('Invitations', () => {
  const api = useTestServer();

  const counts = async () => ({
    invitations: await api.db.getRepository(Invitation).count(),
    outbox: await api.db.getRepository(OutboxEmail).count(),
    audit: await api.db.getRepository(AuditEvent).count(),
    members: await api.db.getRepository(CompanyMember).count(),
  });

  const createTeam = async (owner: Account, companyId: string, name: string): Promise<string> => {
    const res = await api.gql(
      `mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code } } }`,
      { input: { companyId, name } },
      owner.token,
    );
    return expectOk(res, 'createTeam').team.id;
  };

  const accept = (user: Account, token: string) => api.gql(ACCEPT, { input: { token } }, user.token);

  describe('inviteCoworker', () => {
    it('creates a pending RECRUITER invitation with a 14-day single-use link, stores only its hash and queues the email', async () => {
      const crew = await companyWithEveryRole(api, 'Initech');
      const email = freshEmail('Pat.Doe');
      const before = Date.now();
      const res = await api.gql(INVITE, { input: { companyId: crew.companyId, email, message: 'Welcome aboard!' } }, crew.OWNER.token);
      const { invitation } = expectOk(res, 'inviteCoworker');
      expect(invitation).toMatchObject({
        email,
        role: 'RECRUITER',
        message: 'Welcome aboard!',
        status: 'PENDING',
        team: null,
        invitedBy: { id: crew.OWNER.id, name: 'Olivia Owner' },
        company: { id: crew.companyId },
        acceptedAt: null,
        revokedAt: null,
      });
      const ttl = new Date(invitation.expiresAt).getTime() - before;
      expect(ttl).toBeGreaterThanOrEqual(14 * 24 * 3600 * 1000 - 60_000);
      expect(ttl).toBeLessThanOrEqual(14 * 24 * 3600 * 1000 + 60_000);
      expect(invitation.joinUrl).toMatch(new RegExp(`^${api.config.publicUrl}/join/wr_[\\w-]{43}$`));

      const row = await api.db.getRepository(Invitation).findOneByOrFail({ id: rowIdOf(invitation.id, 'Invitation')! });
      const token = tokenOf(invitation.joinUrl);
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(token);
      expect(row.emailKey).toBe(email.toLowerCase());

      const mail = await api.db.getRepository(OutboxEmail).findOneByOrFail({ to: email });
      expect(mail).toMatchObject({ status: 'PENDING', attempts: 0, subject: 'Olivia Owner invited you to join Initech on Workroom' });
      expect(mail.text).toContain(invitation.joinUrl);
      expect(mail.text).toContain('Welcome aboard!');
      expect(mail.html).toContain(invitation.joinUrl);
    });

    it('returns joinUrl only from the mutation: later reads give null', async () => {
      const owner = await signUp(api, 'Reader');
      const companyId = await createCompany(api, owner);
      const sent = await invite(api, owner, companyId, freshEmail());
      const node = await api.gql(NODE, { id: sent.id }, owner.token);
      expect(node.data?.node).toMatchObject({ id: sent.id, status: 'PENDING', joinUrl: null });
      const list = await api.gql(LIST, { id: companyId }, owner.token);
      expect(list.data?.company.invitations.nodes).toEqual([expect.objectContaining({ id: sent.id, joinUrl: null })]);
    });

    // The grant column of the SPEC §2 matrix: OWNER any; FULL ≤ FULL; HIRING_MANAGER ≤ HIRING_MANAGER; RECRUITER only RECRUITER.
    const GRANTS: Record<CompanyRole, CompanyRole[]> = {
      OWNER: [...ROLES],
      FULL: [CompanyRole.FULL, CompanyRole.HIRING_MANAGER, CompanyRole.RECRUITER],
      HIRING_MANAGER: [CompanyRole.HIRING_MANAGER, CompanyRole.RECRUITER],
      RECRUITER: [CompanyRole.RECRUITER],
    };
    it.each(ROLES.flatMap((inviter) => ROLES.map((granted) => [inviter, granted, GRANTS[inviter].includes(granted)] as const)))(
      '%s inviting as %s: allowed = %s',
      async (inviter, granted, allowed) => {
        const crew = await companyWithEveryRole(api);
        const before = await counts();
        const res = await api.gql(INVITE, { input: { companyId: crew.companyId, email: freshEmail(), role: granted } }, crew[inviter].token);
        if (allowed) {
          expect(expectOk(res, 'inviteCoworker').invitation.role).toBe(granted);
        } else {
          expectError(res, 'FORBIDDEN');
          expect(await counts()).toEqual(before);
        }
      },
    );

    it.each([
      [CompanyRole.OWNER, true],
      [CompanyRole.FULL, true],
      [CompanyRole.HIRING_MANAGER, true],
      [CompanyRole.RECRUITER, false],
    ])('%s assigning a team when inviting: allowed = %s', async (role, allowed) => {
      const crew = await companyWithEveryRole(api);
      const teamId = await createTeam(crew.OWNER, crew.companyId, 'Design');
      const res = await api.gql(INVITE, { input: { companyId: crew.companyId, email: freshEmail(), teamId } }, crew[role].token);
      if (allowed) expect(expectOk(res, 'inviteCoworker').invitation.team).toEqual({ id: teamId, name: 'Design' });
      else expectError(res, 'FORBIDDEN');
    });

    it('refuses a team of another company exactly like a team that does not exist', async () => {
      const crew = await companyWithEveryRole(api);
      const other = await signUp(api, 'Other Owner');
      const otherCompany = await createCompany(api, other, 'Other');
      const foreignTeam = await createTeam(other, otherCompany, 'Theirs');
      const before = await counts();
      const foreign = await api.gql(INVITE, { input: { companyId: crew.companyId, email: freshEmail(), teamId: foreignTeam } }, crew.OWNER.token);
      const unknown = await api.gql(INVITE, { input: { companyId: crew.companyId, email: freshEmail(), teamId: randomId('Team') } }, crew.OWNER.token);
      expectError(foreign, 'NOT_FOUND');
      expect(visible(foreign)).toEqual(visible(unknown));
      expect(await counts()).toEqual(before);
    });

    it('answers a non-member exactly as for a company that does not exist', async () => {
      const crew = await companyWithEveryRole(api);
      const before = await counts();
      const email = freshEmail();
      const stranger = await api.gql(INVITE, { input: { companyId: crew.companyId, email } }, crew.stranger.token);
      const unknown = await api.gql(INVITE, { input: { companyId: randomId('Company'), email } }, crew.stranger.token);
      expectError(stranger, 'NOT_FOUND');
      expect(visible(stranger)).toEqual(visible(unknown));
      expect(await counts()).toEqual(before);
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      const crew = await companyWithEveryRole(api);
      expectError(await api.gql(INVITE, { input: { companyId: crew.companyId, email: freshEmail() } }), 'UNAUTHENTICATED');
    });

    it('refuses ALREADY_MEMBER for a member’s email in any case', async () => {
      const crew = await companyWithEveryRole(api);
      const before = await counts();
      const res = await api.gql(INVITE, { input: { companyId: crew.companyId, email: crew.RECRUITER.email.toUpperCase() } }, crew.FULL.token);
      expect(expectUserError(res, 'inviteCoworker', 'ALREADY_MEMBER').field).toEqual(['input', 'email']);
      expect(await counts()).toEqual(before);
    });

    it('refuses ALREADY_INVITED while a pending invitation to that email exists, in any case', async () => {
      const crew = await companyWithEveryRole(api);
      const email = freshEmail('Dup');
      await invite(api, crew.OWNER, crew.companyId, email);
      const before = await counts();
      const res = await api.gql(INVITE, { input: { companyId: crew.companyId, email: email.toUpperCase() } }, crew.RECRUITER.token);
      expect(expectUserError(res, 'inviteCoworker', 'ALREADY_INVITED').field).toEqual(['input', 'email']);
      expect(await counts()).toEqual(before);
      // Another company may invite the same person.
      const elsewhere = await signUp(api, 'Elsewhere');
      await invite(api, elsewhere, await createCompany(api, elsewhere, 'Elsewhere'), email);
    });

    it('allows a new invitation once the earlier one was revoked or has expired', async () => {
      const crew = await companyWithEveryRole(api);
      const email = freshEmail();
      const first = await invite(api, crew.OWNER, crew.companyId, email);
      expectOk(await api.gql(REVOKE, { input: { invitationId: first.id } }, crew.OWNER.token), 'revokeInvitation');
      const second = await invite(api, crew.OWNER, crew.companyId, email);
      await api.db.getRepository(Invitation).update({ id: rowIdOf(second.id, 'Invitation')! }, { expiresAt: new Date(Date.now() - 1000) });
      const third = await invite(api, crew.OWNER, crew.companyId, email);
      const statuses = await api.gql(LIST, { id: crew.companyId }, crew.OWNER.token);
      expect(statuses.data?.company.invitations.nodes.map((n: { id: string; status: string }) => [n.id, n.status])).toEqual([
        [third.id, 'PENDING'],
        [second.id, 'EXPIRED'],
        [first.id, 'REVOKED'],
      ]);
    });

    it('lets exactly one of several concurrent invitations to one email through', async () => {
      const crew = await companyWithEveryRole(api);
      const email = freshEmail('race');
      const results = await Promise.all(
        ROLES.flatMap((role) => [role, role]).map((role) =>
          api.gql(INVITE, { input: { companyId: crew.companyId, email } }, crew[role].token),
        ),
      );
      const codes = results.map((r) => (r.data?.inviteCoworker.invitation ? 'OK' : r.data?.inviteCoworker.userErrors[0]?.code));
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'ALREADY_INVITED')).toHaveLength(7);
      expect(await api.db.getRepository(Invitation).countBy({ emailKey: email })).toBe(1);
      expect(await api.db.getRepository(OutboxEmail).countBy({ to: email })).toBe(1);
    });

    it.each([
      ['a malformed email', { email: 'not-an-email' }, 'email'],
      ['a message over 2000 characters', { message: 'x'.repeat(2001) }, 'message'],
      ['an oversized email', { email: `${'a'.repeat(250)}@example.com` }, 'email'],
    ])('refuses %s with BAD_USER_INPUT and saves nothing', async (_what, override, field) => {
      const crew = await companyWithEveryRole(api);
      const before = await counts();
      const res = await api.gql(INVITE, { input: { companyId: crew.companyId, email: freshEmail(), ...override } }, crew.OWNER.token);
      const error = expectError(res, 'BAD_USER_INPUT');
      expect((error.extensions.fields as { field: string[] }[]).map((f) => f.field)).toContainEqual([field]);
      expect(await counts()).toEqual(before);
    });

    it('accepts a message of exactly 2000 characters', async () => {
      const crew = await companyWithEveryRole(api);
      const res = await api.gql(INVITE, { input: { companyId: crew.companyId, email: freshEmail(), message: 'y'.repeat(2000) } }, crew.OWNER.token);
      expect(expectOk(res, 'inviteCoworker').invitation.message).toHaveLength(2000);
    });

    it('records an audit event', async () => {
      const crew = await companyWithEveryRole(api);
      const sent = await invite(api, crew.HIRING_MANAGER, crew.companyId, freshEmail(), { role: CompanyRole.HIRING_MANAGER });
      const event = await api.db.getRepository(AuditEvent).findOneByOrFail({ action: 'invitation.create', targetId: rowIdOf(sent.id, 'Invitation')! });
      expect(event).toMatchObject({ companyId: rowIdOf(crew.companyId, 'Company'), actorId: rowIdOf(crew.HIRING_MANAGER.id, 'User') });
      expect(event.data).toMatchObject({ role: 'HIRING_MANAGER' });
    });
  });

  describe('invitationPreview', () => {
    it('returns the email exactly as it would be sent, escaping the message in HTML, and saves nothing', async () => {
      const crew = await companyWithEveryRole(api, 'Preview & Co');
      const teamId = await createTeam(crew.OWNER, crew.companyId, 'Ops');
      const email = freshEmail('Preview');
      const message = 'Hi <b>there</b> & "welcome"\n<script>alert(1)</script>';
      const before = await counts();
      const res = await api.gql(PREVIEW, { input: { companyId: crew.companyId, email, message, teamId, role: 'HIRING_MANAGER' } }, crew.FULL.token);
      expect(res.errors).toBeUndefined();
      const preview = res.data!.invitationPreview;
      expect(preview).toMatchObject({ to: email, subject: 'FULL member invited you to join Preview & Co on Workroom', userErrors: [] });
      expect(preview.joinUrl).toMatch(new RegExp(`^${api.config.publicUrl}/join/wr_[\\w-]{43}$`));
      expect(preview.text).toContain('as a hiring manager on the team Ops');
      expect(preview.text).toContain('> Hi <b>there</b> & "welcome"');
      expect(preview.text).toContain(preview.joinUrl);
      expect(preview.html).toContain('Hi &lt;b&gt;there&lt;/b&gt; &amp; &quot;welcome&quot;<br>&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(preview.html).not.toContain('<script>');
      expect(preview.html).toContain('Preview &amp; Co');
      expect(preview.html).toContain(`href="${preview.joinUrl}"`);
      expect(await counts()).toEqual(before);

      // The same input sent for real gives the same email, but with the real (working) link.
      const sent = expectOk(
        await api.gql(INVITE, { input: { companyId: crew.companyId, email, message, teamId, role: 'HIRING_MANAGER' } }, crew.FULL.token),
        'inviteCoworker',
      ).invitation;
      const queued = await api.db.getRepository(OutboxEmail).findOneByOrFail({ to: email });
      const swap = (s: string) => s.split(preview.joinUrl).join(sent.joinUrl);
      expect(queued.subject).toBe(preview.subject);
      expect(queued.text.replace(/until .* UTC/, '')).toBe(swap(preview.text).replace(/until .* UTC/, ''));
      expect(queued.html.replace(/until .* UTC/, '')).toBe(swap(preview.html).replace(/until .* UTC/, ''));
    });

    it('gives a link that looks real but does not work', async () => {
      const owner = await signUp(api, 'Previewer');
      const companyId = await createCompany(api, owner);
      const invitee = await signUp(api, 'Invitee');
      const res = await api.gql(PREVIEW, { input: { companyId, email: invitee.email } }, owner.token);
      expectUserError(await accept(invitee, tokenOf(res.data!.invitationPreview.joinUrl)), 'acceptInvitation', 'INVITATION_INVALID');
    });

    it('makes the same checks as inviteCoworker', async () => {
      const crew = await companyWithEveryRole(api);
      const teamId = await createTeam(crew.OWNER, crew.companyId, 'Team');
      const pending = freshEmail();
      await invite(api, crew.OWNER, crew.companyId, pending);
      const preview = (who: Account, input: Record<string, unknown>) =>
        api.gql(PREVIEW, { input: { companyId: crew.companyId, email: freshEmail(), ...input } }, who.token);
      expectError(await preview(crew.RECRUITER, { teamId }), 'FORBIDDEN');
      expectError(await preview(crew.HIRING_MANAGER, { role: 'FULL' }), 'FORBIDDEN');
      expectError(await preview(crew.FULL, { role: 'OWNER' }), 'FORBIDDEN');
      expectError(await preview(crew.OWNER, { teamId: randomId('Team') }), 'NOT_FOUND');
      expectError(await preview(crew.stranger, {}), 'NOT_FOUND');
      expectError(await preview(crew.OWNER, { email: 'nope' }), 'BAD_USER_INPUT');
      const member = await preview(crew.OWNER, { email: crew.RECRUITER.email.toUpperCase() });
      expect(member.data?.invitationPreview.userErrors.map((e: { code: string }) => e.code)).toEqual(['ALREADY_MEMBER']);
      const invited = await preview(crew.OWNER, { email: pending });
      expect(invited.data?.invitationPreview.userErrors.map((e: { code: string }) => e.code)).toEqual(['ALREADY_INVITED']);
    });
  });

  describe('acceptInvitation', () => {
    it('makes the invitee a member with the invitation’s role and team, and marks it accepted', async () => {
      const crew = await companyWithEveryRole(api);
      const teamId = await createTeam(crew.OWNER, crew.companyId, 'Sales');
      const invitee = await signUp(api, 'Ivy Invitee');
      const sent = await invite(api, crew.HIRING_MANAGER, crew.companyId, invitee.email.toUpperCase(), { role: CompanyRole.HIRING_MANAGER, teamId });
      const payload = expectOk(await accept(invitee, sent.token), 'acceptInvitation');
      expect(payload.companyMember).toMatchObject({ role: 'HIRING_MANAGER', user: { id: invitee.id }, team: { id: teamId, name: 'Sales' } });
      expect(payload.invitation).toMatchObject({ id: sent.id, status: 'ACCEPTED', joinUrl: null });
      expect(payload.invitation.acceptedAt).not.toBeNull();
      const company = await api.gql(`query($id: ID!) { company(id: $id) { viewerRole } }`, { id: crew.companyId }, invitee.token);
      expect(company.data?.company.viewerRole).toBe('HIRING_MANAGER');
      const event = await api.db.getRepository(AuditEvent).findOneByOrFail({ action: 'invitation.accept', targetId: rowIdOf(sent.id, 'Invitation')! });
      expect(event.actorId).toBe(rowIdOf(invitee.id, 'User'));
    });

    it('refuses a signed-in user whose email is not the invited one', async () => {
      const crew = await companyWithEveryRole(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      const before = await counts();
      expectUserError(await accept(crew.stranger, sent.token), 'acceptInvitation', 'INVITATION_EMAIL_MISMATCH');
      expect(await counts()).toEqual(before);
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      const crew = await companyWithEveryRole(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      expectError(await api.gql(ACCEPT, { input: { token: sent.token } }), 'UNAUTHENTICATED');
      const row = await api.db.getRepository(Invitation).findOneByOrFail({ id: rowIdOf(sent.id, 'Invitation')! });
      expect(row.status).toBe(InvitationStatus.PENDING);
    });

    it('refuses an unknown or malformed token with INVITATION_INVALID', async () => {
      const user = await signUp(api);
      expectUserError(await accept(user, 'wr_not-a-real-token'), 'acceptInvitation', 'INVITATION_INVALID');
      expectUserError(await accept(user, ''), 'acceptInvitation', 'INVITATION_INVALID');
      expectError(await accept(user, 'x'.repeat(201)), 'BAD_USER_INPUT');
    });

    it('refuses a revoked invitation with INVITATION_REVOKED', async () => {
      const crew = await companyWithEveryRole(api);
      const invitee = await signUp(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, invitee.email);
      expectOk(await api.gql(REVOKE, { input: { invitationId: sent.id } }, crew.OWNER.token), 'revokeInvitation');
      expectUserError(await accept(invitee, sent.token), 'acceptInvitation', 'INVITATION_REVOKED');
      expect(await api.db.getRepository(CompanyMember).countBy({ userId: rowIdOf(invitee.id, 'User')! })).toBe(0);
    });

    it('refuses an expired invitation with INVITATION_EXPIRED, and reads it as EXPIRED', async () => {
      const crew = await companyWithEveryRole(api);
      const invitee = await signUp(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, invitee.email);
      await api.db.getRepository(Invitation).update({ id: rowIdOf(sent.id, 'Invitation')! }, { expiresAt: new Date(Date.now() - 1000) });
      expectUserError(await accept(invitee, sent.token), 'acceptInvitation', 'INVITATION_EXPIRED');
      expect((await api.gql(NODE, { id: sent.id }, crew.OWNER.token)).data?.node.status).toBe('EXPIRED');
    });

    it('refuses a second use of the link with INVITATION_ALREADY_ACCEPTED', async () => {
      const crew = await companyWithEveryRole(api);
      const invitee = await signUp(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, invitee.email);
      expectOk(await accept(invitee, sent.token), 'acceptInvitation');
      expectUserError(await accept(invitee, sent.token), 'acceptInvitation', 'INVITATION_ALREADY_ACCEPTED');
    });

    it('refuses ALREADY_MEMBER when the invitee joined some other way meanwhile', async () => {
      const crew = await companyWithEveryRole(api);
      const invitee = await signUp(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, invitee.email);
      await addMember(api, crew.companyId, invitee, CompanyRole.RECRUITER);
      expectUserError(await accept(invitee, sent.token), 'acceptInvitation', 'ALREADY_MEMBER');
      const row = await api.db.getRepository(Invitation).findOneByOrFail({ id: rowIdOf(sent.id, 'Invitation')! });
      expect(row.status).toBe(InvitationStatus.PENDING);
    });

    it('lets exactly one of 8 concurrent accepts of one link through', async () => {
      const crew = await companyWithEveryRole(api);
      const invitee = await signUp(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, invitee.email, { role: CompanyRole.FULL });
      const results = await Promise.all(Array.from({ length: 8 }, () => accept(invitee, sent.token)));
      expect(results.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
      const codes = results.map((r) => (r.data?.acceptInvitation.companyMember ? 'OK' : r.data?.acceptInvitation.userErrors[0]?.code));
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'INVITATION_ALREADY_ACCEPTED')).toHaveLength(7);
      const members = await api.db.getRepository(CompanyMember).findBy({ userId: rowIdOf(invitee.id, 'User')! });
      expect(members.map((m) => m.role)).toEqual(['FULL']);
      expect(await api.db.getRepository(AuditEvent).countBy({ action: 'invitation.accept', targetId: rowIdOf(sent.id, 'Invitation')! })).toBe(1);
    });
  });

  describe('revokeInvitation', () => {
    it('lets the inviter, OWNER and FULL revoke; other members get FORBIDDEN; a stranger NOT_FOUND like a random id', async () => {
      const crew = await companyWithEveryRole(api);
      const own = await invite(api, crew.RECRUITER, crew.companyId, freshEmail());
      expectOk(await api.gql(REVOKE, { input: { invitationId: own.id } }, crew.RECRUITER.token), 'revokeInvitation');
      for (const role of [CompanyRole.OWNER, CompanyRole.FULL]) {
        const sent = await invite(api, crew.RECRUITER, crew.companyId, freshEmail());
        const res = expectOk(await api.gql(REVOKE, { input: { invitationId: sent.id } }, crew[role].token), 'revokeInvitation');
        expect(res.invitation).toMatchObject({ status: 'REVOKED', joinUrl: null });
        expect(res.invitation.revokedAt).not.toBeNull();
      }
      const sent = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      const before = await counts();
      for (const role of [CompanyRole.HIRING_MANAGER, CompanyRole.RECRUITER]) {
        expectError(await api.gql(REVOKE, { input: { invitationId: sent.id } }, crew[role].token), 'FORBIDDEN');
      }
      const stranger = await api.gql(REVOKE, { input: { invitationId: sent.id } }, crew.stranger.token);
      const unknown = await api.gql(REVOKE, { input: { invitationId: randomId('Invitation') } }, crew.stranger.token);
      expectError(stranger, 'NOT_FOUND');
      expect(visible(stranger)).toEqual(visible(unknown));
      expectError(await api.gql(REVOKE, { input: { invitationId: crew.companyId } }, crew.OWNER.token), 'NOT_FOUND');
      expect(await counts()).toEqual(before);
      expect(await api.db.getRepository(AuditEvent).countBy({ action: 'invitation.revoke', companyId: rowIdOf(crew.companyId, 'Company')! })).toBe(3);
    });

    it('refuses INVITATION_NOT_PENDING for accepted, revoked and expired invitations', async () => {
      const crew = await companyWithEveryRole(api);
      const invitee = await signUp(api);
      const accepted = await invite(api, crew.OWNER, crew.companyId, invitee.email);
      expectOk(await accept(invitee, accepted.token), 'acceptInvitation');
      const revoked = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      expectOk(await api.gql(REVOKE, { input: { invitationId: revoked.id } }, crew.OWNER.token), 'revokeInvitation');
      const expired = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      await api.db.getRepository(Invitation).update({ id: rowIdOf(expired.id, 'Invitation')! }, { expiresAt: new Date(Date.now() - 1000) });
      for (const sent of [accepted, revoked, expired]) {
        const res = await api.gql(REVOKE, { input: { invitationId: sent.id } }, crew.OWNER.token);
        expect(expectUserError(res, 'revokeInvitation', 'INVITATION_NOT_PENDING').field).toEqual(['input', 'invitationId']);
      }
    });
  });

  describe('resendInvitation', () => {
    it('issues a new link and expiry, kills the old link and queues a new email', async () => {
      const crew = await companyWithEveryRole(api);
      const invitee = await signUp(api);
      const sent = await invite(api, crew.HIRING_MANAGER, crew.companyId, invitee.email);
      const id = rowIdOf(sent.id, 'Invitation')!;
      await api.db.getRepository(Invitation).update({ id }, { expiresAt: new Date(Date.now() + 60_000) });
      const res = expectOk(await api.gql(RESEND, { input: { invitationId: sent.id } }, crew.HIRING_MANAGER.token), 'resendInvitation');
      expect(res.invitation.status).toBe('PENDING');
      expect(res.invitation.joinUrl).not.toBe(sent.joinUrl);
      expect(new Date(res.invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan(13 * 24 * 3600 * 1000);
      // The company's emails to the invitee: their sign-up's verification email is the account's, not the company's.
      const companyRowId = rowIdOf(crew.companyId, 'Company')!;
      const mails = await api.db.getRepository(OutboxEmail).find({ where: { to: invitee.email, companyId: companyRowId }, order: { id: 'ASC' } });
      expect(mails).toHaveLength(2);
      expect(mails[1].text).toContain(res.invitation.joinUrl);
      expect(mails[1].subject).toContain('HIRING_MANAGER member invited you');
      expectUserError(await accept(invitee, sent.token), 'acceptInvitation', 'INVITATION_INVALID');
      expectOk(await accept(invitee, tokenOf(res.invitation.joinUrl)), 'acceptInvitation');
      expect(await api.db.getRepository(AuditEvent).countBy({ action: 'invitation.resend', targetId: id })).toBe(1);
    });

    it('renews an expired invitation', async () => {
      const crew = await companyWithEveryRole(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      await api.db.getRepository(Invitation).update({ id: rowIdOf(sent.id, 'Invitation')! }, { expiresAt: new Date(Date.now() - 1000) });
      const res = expectOk(await api.gql(RESEND, { input: { invitationId: sent.id } }, crew.FULL.token), 'resendInvitation');
      expect(res.invitation.status).toBe('PENDING');
    });

    it('follows the same who-may rules as revoke and refuses accepted or revoked invitations', async () => {
      const crew = await companyWithEveryRole(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      const before = await counts();
      expectError(await api.gql(RESEND, { input: { invitationId: sent.id } }, crew.HIRING_MANAGER.token), 'FORBIDDEN');
      const stranger = await api.gql(RESEND, { input: { invitationId: sent.id } }, crew.stranger.token);
      const unknown = await api.gql(RESEND, { input: { invitationId: randomId('Invitation') } }, crew.stranger.token);
      expectError(stranger, 'NOT_FOUND');
      expect(visible(stranger)).toEqual(visible(unknown));
      expect(await counts()).toEqual(before);
      expectOk(await api.gql(REVOKE, { input: { invitationId: sent.id } }, crew.OWNER.token), 'revokeInvitation');
      expectUserError(await api.gql(RESEND, { input: { invitationId: sent.id } }, crew.OWNER.token), 'resendInvitation', 'INVITATION_NOT_PENDING');
    });
  });

  describe('Company.invitations and node', () => {
    it('lists a company’s invitations newest first, by status, in pages, to its members only', async () => {
      const crew = await companyWithEveryRole(api);
      const invitee = await signUp(api);
      const a = await invite(api, crew.OWNER, crew.companyId, invitee.email);
      const b = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      const c = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      const d = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      expectOk(await accept(invitee, a.token), 'acceptInvitation');
      expectOk(await api.gql(REVOKE, { input: { invitationId: b.id } }, crew.OWNER.token), 'revokeInvitation');
      await api.db.getRepository(Invitation).update({ id: rowIdOf(c.id, 'Invitation')! }, { expiresAt: new Date(Date.now() - 1000) });
      const ids = async (status?: string) => {
        const res = await api.gql(LIST, { id: crew.companyId, status }, crew.RECRUITER.token);
        return res.data?.company.invitations.nodes.map((n: { id: string }) => n.id);
      };
      expect(await ids()).toEqual([d.id, c.id, b.id, a.id]);
      expect(await ids('PENDING')).toEqual([d.id]);
      expect(await ids('EXPIRED')).toEqual([c.id]);
      expect(await ids('REVOKED')).toEqual([b.id]);
      expect(await ids('ACCEPTED')).toEqual([a.id]);
      const page1 = (await api.gql(LIST, { id: crew.companyId, first: 3 }, crew.OWNER.token)).data?.company.invitations;
      expect(page1).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
      const page2 = (await api.gql(LIST, { id: crew.companyId, first: 3, after: page1.pageInfo.endCursor }, crew.OWNER.token)).data?.company.invitations;
      expect(page2.nodes.map((n: { id: string }) => n.id)).toEqual([a.id]);
      expectError(await api.gql(LIST, { id: crew.companyId }, crew.stranger.token), 'NOT_FOUND');
    });

    it('resolves an invitation by node id for members, and as NOT_FOUND for anyone else', async () => {
      const crew = await companyWithEveryRole(api);
      const sent = await invite(api, crew.OWNER, crew.companyId, freshEmail());
      expect((await api.gql(NODE, { id: sent.id }, crew.RECRUITER.token)).data?.node.id).toBe(sent.id);
      const stranger = await api.gql(NODE, { id: sent.id }, crew.stranger.token);
      const unknown = await api.gql(NODE, { id: randomId('Invitation') }, crew.stranger.token);
      expectError(stranger, 'NOT_FOUND');
      expect(visible(stranger)).toEqual(visible(unknown));
    });

    it('loads team and invitedBy for a page of invitations', async () => {
      const crew = await companyWithEveryRole(api);
      const teamId = await createTeam(crew.OWNER, crew.companyId, 'Loaded');
      for (const role of [CompanyRole.OWNER, CompanyRole.FULL, CompanyRole.HIRING_MANAGER]) {
        await invite(api, crew[role], crew.companyId, freshEmail(), { teamId });
      }
      const res = await api.gql(
        `query($id: ID!) { company(id: $id) { invitations { nodes { team { name } invitedBy { name } } } } }`,
        { id: crew.companyId },
        crew.OWNER.token,
      );
      expect(res.data?.company.invitations.nodes).toEqual([
        { team: { name: 'Loaded' }, invitedBy: { name: 'HIRING_MANAGER member' } },
        { team: { name: 'Loaded' }, invitedBy: { name: 'FULL member' } },
        { team: { name: 'Loaded' }, invitedBy: { name: 'Olivia Owner' } },
      ]);
    });

    it('inviteAndAccept brings a member in through the real flow', async () => {
      const owner = await signUp(api, 'Flow Owner');
      const companyId = await createCompany(api, owner);
      const member = await inviteAndAccept(api, owner, companyId, { role: CompanyRole.FULL });
      const res = await api.gql(`query($id: ID!) { company(id: $id) { viewerRole } }`, { id: companyId }, member.token);
      expect(res.data?.company.viewerRole).toBe('FULL');
    });
  });
});
