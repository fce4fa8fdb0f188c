import { rowIdOf } from '../src/common/ids';
import { CompanyRole } from '../src/common/permissions';
import { Invitation } from '../src/invitation/invitation.entity';
import { createCompany, expectError, expectOk, invite, signUp, type Account } from './support/fixtures';
import { useTestServer, type TestApi } from './support/server';

const BY_TOKEN = `query($token: String!) {
  invitationByToken(token: $token) { companyName inviterName role teamName expiresAt status }
}`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { companyMember { role team { name } } userErrors { code } }
}`;
const REVOKE = `mutation($input: RevokeInvitationInput!) { revokeInvitation(input: $input) { invitation { status } userErrors { code } } }`;

let seq = 0;
const freshEmail = () => `joiner${++seq}-${Date.now().toString(36)}@example.com`;

const byToken = async (api: TestApi, token: string, as?: Account) => {
  const res = await api.gql(BY_TOKEN, { token }, as?.token);
  expect(res.errors).toBeUndefined();
  return res.data!.invitationByToken;
};

const joinPage = async (api: TestApi, token: string) => {
  const res = await api.fetch(`/join/${encodeURIComponent(token)}`, { headers: { accept: 'text/html' } });
  return { status: res.status, headers: res.headers, html: await res.text() };
};

const createTeam = async (api: TestApi, owner: Account, companyId: string, name: string): Promise<string> =>
  expectOk(
    await api.gql(`mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code } } }`, { input: { companyId, name } }, owner.token),
    'createTeam',
  ).team.id;

describe('Join links', () => {
  const api = useTestServer();
  let owner: Account;
  let companyId: string;
  let teamId: string;

  beforeAll(async () => {
    owner = await signUp(api, 'Olivia <Owner> & "Co"');
    companyId = await createCompany(api, owner, 'Acme <script>alert(1)</script>');
    teamId = await createTeam(api, owner, companyId, 'Design & Research');
  });

  /** Three links that can no longer be used: one accepted, one revoked, one past its expiry. */
  const closedLinks = async () => {
    const invitee = await signUp(api, 'Ina Invitee');
    const accepted = await invite(api, owner, companyId, invitee.email);
    expectOk(await api.gql(ACCEPT, { input: { token: accepted.token } }, invitee.token), 'acceptInvitation');
    const revoked = await invite(api, owner, companyId, freshEmail());
    expectOk(await api.gql(REVOKE, { input: { invitationId: revoked.id } }, owner.token), 'revokeInvitation');
    const expired = await invite(api, owner, companyId, freshEmail());
    await api.db.getRepository(Invitation).update({ id: rowIdOf(expired.id, 'Invitation')! }, { expiresAt: new Date(Date.now() - 1000) });
    return { accepted, revoked, expired };
  };

  describe('invitationByToken', () => {
    it('previews a pending invitation without signing in: company, inviter, role, team, expiry, status', async () => {
      const sent = await invite(api, owner, companyId, freshEmail(), { role: CompanyRole.HIRING_MANAGER, teamId, message: 'Private note' });
      const row = await api.db.getRepository(Invitation).findOneByOrFail({ id: rowIdOf(sent.id, 'Invitation')! });
      expect(await byToken(api, sent.token)).toEqual({
        companyName: 'Acme <script>alert(1)</script>',
        inviterName: 'Olivia <Owner> & "Co"',
        role: 'HIRING_MANAGER',
        teamName: 'Design & Research',
        expiresAt: row.expiresAt.toISOString(),
        status: 'PENDING',
      });
    });

    it('ignores whitespace around a pasted token, as acceptInvitation does', async () => {
      const sent = await invite(api, owner, companyId, freshEmail());
      expect((await byToken(api, `  ${sent.token} `))?.status).toBe('PENDING');
    });

    it('answers null for a token that matches nothing, whatever its shape', async () => {
      const sent = await invite(api, owner, companyId, freshEmail());
      for (const token of ['', 'wr_nope', `${sent.token}x`, sent.token.slice(0, -1), '../../etc/passwd', "' OR 1=1 --", '🏃'.repeat(50)]) {
        expect([token, await byToken(api, token)]).toEqual([token, null]);
      }
    });

    it('refuses a token longer than any link carries as bad input', async () => {
      const res = await api.gql(BY_TOKEN, { token: 'x'.repeat(201) });
      expect(expectError(res, 'BAD_USER_INPUT').message).toBe('Invalid input: token must be shorter than or equal to 200 characters');
      expect(res.data).toEqual({ invitationByToken: null });
    });

    it('says the same about invited emails with and without an account (no account probing)', async () => {
      const member = await signUp(api, 'Has Account');
      const withAccount = await invite(api, owner, companyId, member.email);
      const withoutAccount = await invite(api, owner, companyId, freshEmail());
      const a = await byToken(api, withAccount.token);
      const b = await byToken(api, withoutAccount.token);
      expect({ ...a, expiresAt: null }).toEqual({ ...b, expiresAt: null });
    });

    it('reports ACCEPTED, REVOKED and EXPIRED links with their state', async () => {
      const { accepted, revoked, expired } = await closedLinks();
      expect((await byToken(api, accepted.token))?.status).toBe('ACCEPTED');
      expect((await byToken(api, revoked.token))?.status).toBe('REVOKED');
      expect((await byToken(api, expired.token))?.status).toBe('EXPIRED');
    });

    it('shows a null inviter when the inviter’s account is gone', async () => {
      const sent = await invite(api, owner, companyId, freshEmail());
      await api.db.getRepository(Invitation).update({ id: rowIdOf(sent.id, 'Invitation')! }, { invitedById: null });
      expect((await byToken(api, sent.token))?.inviterName).toBeNull();
    });
  });

  describe('GET /join/<token>', () => {
    it('renders the preview, escaped, with sign-up and sign-in forms and the join script from this server', async () => {
      const sent = await invite(api, owner, companyId, freshEmail(), { role: CompanyRole.FULL, teamId });
      const page = await joinPage(api, sent.token);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.html).toContain('<h1>Join Acme &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
      expect(page.html).toContain('Olivia &lt;Owner&gt; &amp; &quot;Co&quot; invited you to join');
      expect(page.html).toContain('<strong data-role="FULL">Full member</strong> in the <strong>Design &amp; Research</strong> team');
      expect(page.html).not.toContain('<script>alert(1)');
      expect(page.html).toMatch(/This invitation expires on <time datetime="[\d-]+T[\d:.]+Z">\d{1,2} \w+ \d{4} at \d\d:\d\d UTC<\/time>/);
      expect(page.html).toContain('<form id="sign-up"');
      expect(page.html).toContain('<form id="sign-in"');
      expect(page.html).not.toMatch(/<script>|\sstyle=|\son\w+=/);
      const script = /<script src="(\/assets\/join-[A-Z0-9]{8}\.js)"><\/script>/.exec(page.html)?.[1];
      expect(script).toBeDefined();
      const asset = await api.fetch(script!);
      expect(asset.status).toBe(200);
      expect(await asset.text()).toContain('acceptInvitation');
    });

    it('sends no referrer, no cache, no framing and a self-only content security policy', async () => {
      const sent = await invite(api, owner, companyId, freshEmail());
      const { headers } = await joinPage(api, sent.token);
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('cache-control')).toBe('no-store');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
    });

    it.each([
      ['an unknown token', 'wr_unknown'],
      ['a token longer than any link', 'x'.repeat(500)],
      ['markup in the token', '<img src=x onerror=alert(1)>'],
    ])('answers 404 with a clear message for %s', async (_label, token) => {
      const page = await joinPage(api, token);
      expect(page.status).toBe(404);
      expect(page.html).toContain('<h1>This invitation link is not valid</h1>');
      expect(page.html).not.toContain('<img');
      expect(page.html).not.toContain('<form');
    });

    it('explains an expired, an accepted and a revoked link (410) without forms', async () => {
      const { accepted, revoked, expired } = await closedLinks();

      const cases = [
        [expired.token, 'This invitation has expired', 'EXPIRED'],
        [accepted.token, 'This invitation has already been used', 'ACCEPTED'],
        [revoked.token, 'This invitation was revoked', 'REVOKED'],
      ];
      for (const [token, heading, status] of cases) {
        const page = await joinPage(api, token);
        expect(page.status).toBe(410);
        expect(page.html).toContain(`<h1>${heading}</h1>`);
        expect(page.html).toContain(`data-status="${status}"`);
        expect(page.html).toMatch(/ask Olivia &lt;Owner&gt; &amp; &quot;Co&quot; at Acme &lt;script&gt;/i);
        expect(page.html).not.toContain('<form');
        expect(page.html).not.toContain('<script');
      }
    });

    it('changes nothing: viewing a link neither accepts nor expires it', async () => {
      const sent = await invite(api, owner, companyId, freshEmail());
      const before = await api.db.getRepository(Invitation).findOneByOrFail({ id: rowIdOf(sent.id, 'Invitation')! });
      await joinPage(api, sent.token);
      await byToken(api, sent.token);
      expect(await api.db.getRepository(Invitation).findOneByOrFail({ id: before.id })).toEqual(before);
    });
  });
});
