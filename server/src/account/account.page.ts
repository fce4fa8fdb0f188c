import { cardPage, html, type SafeHtml, type WebAssets } from '../web';

/** A page of the account links (reset password, verify email): one card, no script, the join page's styles. */
export interface AccountPage {
  status: number;
  body: SafeHtml;
}

const page = (assets: WebAssets | null, status: number, title: string, body: SafeHtml): AccountPage => ({
  status,
  body: cardPage(assets, title, body),
});

/** The form a reset link opens: a new password, posted back here with the token (no JavaScript needed). */
export function resetPasswordForm(assets: WebAssets | null, token: string, problem: string | null = null): AccountPage {
  return page(
    assets,
    problem ? 400 : 200,
    'Choose a new password',
    html`<h1>Choose a new password</h1>
${problem ? html`<p class="result" data-kind="error" role="alert">${problem}</p>` : ''}
<form method="post" action="/reset-password" class="join-form" id="reset-password">
<input type="hidden" name="token" value="${token}">
<label for="new-password">New password (at least 10 characters)</label>
<input id="new-password" name="newPassword" type="password" autocomplete="new-password" minlength="10" maxlength="200" required>
<button type="submit">Set password</button>
</form>
<p>Every device signed in to your account will be signed out.</p>`,
  );
}

/** The page a verification link opens: one button, so that mail scanners following links verify nothing. */
export function verifyEmailForm(assets: WebAssets | null, token: string): AccountPage {
  return page(
    assets,
    200,
    'Confirm your email address',
    html`<h1>Confirm your email address</h1>
<form method="post" action="/verify-email" class="join-form" id="verify-email">
<input type="hidden" name="token" value="${token}">
<button type="submit">Confirm my email address</button>
</form>`,
  );
}

/** The outcome of a posted form: done, or why the link cannot be used (with what to do). */
export function outcomePage(assets: WebAssets | null, outcome: { ok: true; title: string; text: string } | { ok: false; code: string; text: string }): AccountPage {
  if (outcome.ok) {
    return page(assets, 200, outcome.title, html`<h1>${outcome.title}</h1>\n<p class="result" data-kind="success" data-status="OK">${outcome.text}</p>`);
  }
  return page(
    assets,
    outcome.code === 'LINK_EXPIRED' ? 410 : 400,
    'Link not valid',
    html`<h1>This link cannot be used</h1>\n<p class="notice" data-status="${outcome.code}">${outcome.text}</p>`,
  );
}
