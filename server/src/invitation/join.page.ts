import { cardPage, html, type SafeHtml, type WebAssets } from '../web';
import { InvitationStatus } from './invitation.entity';
import type { InvitationLink } from './invitation.service';
import { ROLE_LABELS } from './role-labels';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** Why a link that exists cannot be used any more, and what to do about it. */
function closed(link: InvitationLink): SafeHtml {
  const who = link.inviterName ? html`${link.inviterName} at ${link.companyName}` : link.companyName;
  switch (link.status) {
    case InvitationStatus.EXPIRED:
      return html`<h1>This invitation has expired</h1>
<p class="notice" data-status="EXPIRED">The invitation to join <strong>${link.companyName}</strong> expired on
<time datetime="${link.expiresAt.toISOString()}">${when.format(link.expiresAt)} UTC</time>. Ask ${who} for a new one.</p>`;
    case InvitationStatus.ACCEPTED:
      return html`<h1>This invitation has already been used</h1>
<p class="notice" data-status="ACCEPTED">The invitation to join <strong>${link.companyName}</strong> was already accepted.
If that was you, sign in to Workroom; otherwise ask ${who} for a new one.</p>`;
    default:
      return html`<h1>This invitation was revoked</h1>
<p class="notice" data-status="REVOKED">The invitation to join <strong>${link.companyName}</strong> was withdrawn. Ask ${who} if you
think this is a mistake.</p>`;
  }
}

const field = (form: string, name: string, label: string, type: string, autocomplete: string, attrs: Record<string, number> = {}) =>
  html`<label for="${form}-${name}">${label}</label>
<input id="${form}-${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" required${Object.entries(attrs).map(
    ([attr, value]) => html` ${attr}="${value}"`,
  )}>`;

function pending(link: InvitationLink): SafeHtml {
  return html`<h1>Join ${link.companyName}</h1>
<p class="invite">${link.inviterName ?? 'Someone'} invited you to join <strong>${link.companyName}</strong> as
<strong data-role="${link.role}">${ROLE_LABELS[link.role]}</strong>${link.teamName ? html` in the <strong>${link.teamName}</strong> team` : ''}.</p>
<p class="expiry">This invitation expires on <time datetime="${link.expiresAt.toISOString()}">${when.format(link.expiresAt)} UTC</time>.</p>
<noscript><p class="notice">Accepting needs JavaScript.</p></noscript>
<p>Use the email address this invitation was sent to.</p>
<div class="forms" id="forms">
<form id="sign-up" class="join-form" data-mode="signUp">
<h2>New to Workroom?</h2>
${field('sign-up', 'name', 'Your name', 'text', 'name', { maxlength: 100 })}
${field('sign-up', 'email', 'Email', 'email', 'email', { maxlength: 254 })}
${field('sign-up', 'password', 'Password (at least 10 characters)', 'password', 'new-password', { minlength: 10 })}
<button type="submit">Create account and join</button>
</form>
<form id="sign-in" class="join-form" data-mode="logIn">
<h2>Already have an account?</h2>
${field('sign-in', 'email', 'Email', 'email', 'email', { maxlength: 254 })}
${field('sign-in', 'password', 'Password', 'password', 'current-password')}
<button type="submit">Sign in and join</button>
</form>
</div>
<p id="result" class="result" role="status" aria-live="polite"></p>`;
}

/** The join page for a link: its preview and the sign-in/sign-up forms, or why it cannot be used. */
export function joinPage(assets: WebAssets | null, link: InvitationLink | null): { status: number; body: SafeHtml } {
  if (!link) {
    return {
      status: 404,
      body: cardPage(
        assets,
        'Invitation not found',
        html`<h1>This invitation link is not valid</h1>
<p class="notice" data-status="NOT_FOUND">Check that you opened the whole link from the email, or ask for a new invitation.</p>`,
      ),
    };
  }
  if (link.status !== InvitationStatus.PENDING) return { status: 410, body: cardPage(assets, 'Invitation closed', closed(link)) };
  return { status: 200, body: cardPage(assets, `Join ${link.companyName}`, pending(link), true) };
}
