/**
 * The join page's script (GET /join/<token>): signs up or signs in, then accepts the invitation,
 * all through the public GraphQL API. Everything shown is set as text, never as HTML.
 */
import './join.css';
import type { CompanyRole } from '../../server/src/common/permissions';
import { ROLE_LABELS } from '../../server/src/invitation/role-labels';

interface UserError {
  code: string;
  message: string;
}
interface SessionPayload {
  token: string | null;
  userErrors: UserError[];
}
interface AcceptPayload {
  companyMember: { role: CompanyRole; company: { name: string }; team: { name: string } | null } | null;
  userErrors: UserError[];
}

const SESSION_FIELDS = 'token userErrors { code message }';
const SIGN_UP = `mutation JoinSignUp($input: SignUpInput!) { signUp(input: $input) { ${SESSION_FIELDS} } }`;
const LOG_IN = `mutation JoinLogIn($input: LogInInput!) { logIn(input: $input) { ${SESSION_FIELDS} } }`;
const ACCEPT = `mutation JoinAccept($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { companyMember { role company { name } team { name } } userErrors { code message } }
}`;

const token = decodeURIComponent(location.pathname.replace(/^\/join\//, ''));
const result = document.getElementById('result') as HTMLElement;

/** One GraphQL request; a transport or GraphQL error becomes an Error with the server's message. */
async function gql<T>(query: string, variables: Record<string, unknown>, bearer?: string): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.[0]?.message ?? `The server answered ${response.status}`);
  return body.data;
}

function show(message: string, kind: 'error' | 'success' | 'working'): void {
  result.textContent = message;
  result.dataset.kind = kind;
}

async function join(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const value = (name: string) => String(data.get(name) ?? '');
  const signUp = form.dataset.mode === 'signUp';
  show(signUp ? 'Creating your account…' : 'Signing in…', 'working');
  const session = signUp
    ? (await gql<{ signUp: SessionPayload }>(SIGN_UP, { input: { name: value('name'), email: value('email'), password: value('password') } })).signUp
    : (await gql<{ logIn: SessionPayload }>(LOG_IN, { input: { email: value('email'), password: value('password') } })).logIn;
  if (!session.token) return show(session.userErrors.map((e) => e.message).join(' ') || 'Could not sign in.', 'error');
  show('Accepting the invitation…', 'working');
  const { acceptInvitation } = await gql<{ acceptInvitation: AcceptPayload }>(ACCEPT, { input: { token } }, session.token);
  const member = acceptInvitation.companyMember;
  if (!member) return show(acceptInvitation.userErrors.map((e) => e.message).join(' '), 'error');
  (document.getElementById('forms') as HTMLElement).hidden = true;
  show(`You joined ${member.company.name} as ${ROLE_LABELS[member.role] ?? member.role}${member.team ? ` in the ${member.team.name} team` : ''}.`, 'success');
}

for (const form of document.querySelectorAll<HTMLFormElement>('form.join-form')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('form.join-form button')];
    for (const button of buttons) button.disabled = true;
    join(form)
      .catch((error: unknown) => show(error instanceof Error ? error.message : String(error), 'error'))
      .finally(() => {
        for (const button of buttons) button.disabled = false;
      });
  });
}

// Expiry in the reader's own time zone (the page says it in UTC).
for (const time of document.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
  time.textContent = new Date(time.dateTime).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
}
