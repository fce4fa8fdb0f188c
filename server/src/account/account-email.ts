import type { EmailMessage } from '../mail/outbox';
import { escapeHtml } from '../web/html';
import { AccountTokenPurpose } from './account-token.entity';

export interface AccountLinkEmailData {
  to: string;
  name: string;
  url: string;
  expiresAt: Date;
}

const WORDING: Record<AccountTokenPurpose, { subject: string; lead: string; label: string; ignore: string }> = {
  [AccountTokenPurpose.PASSWORD_RESET]: {
    subject: 'Reset your Workroom password',
    lead: 'Someone asked to reset the password of the Workroom account with this address. Choose a new password here:',
    label: 'Reset your password',
    ignore: 'If it was not you, ignore this email: your password stays as it is.',
  },
  [AccountTokenPurpose.EMAIL_VERIFICATION]: {
    subject: 'Confirm your email address for Workroom',
    lead: 'Confirm that this address is yours to finish setting up your Workroom account:',
    label: 'Confirm your email address',
    ignore: 'If you did not sign up for Workroom, ignore this email.',
  },
};

const until = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A password-reset or verification email: the one template, with text and HTML from the same words. */
export function renderAccountLinkEmail(purpose: AccountTokenPurpose, data: AccountLinkEmailData): EmailMessage {
  const w = WORDING[purpose];
  const name = data.name.replace(/\s+/g, ' ').trim();
  const expiry = `The link works once, until ${until(data.expiresAt)}.`;
  return {
    to: data.to,
    subject: w.subject,
    text: `Hi ${name},\n\n${w.lead}\n\n${w.label}: ${data.url}\n\n${expiry} ${w.ignore}\n`,
    html:
      `<!doctype html>\n<html><body>\n<p>Hi ${escapeHtml(name)},</p>\n<p>${escapeHtml(w.lead)}</p>\n` +
      `<p><a href="${escapeHtml(data.url)}">${escapeHtml(w.label)}</a></p>\n<p>${escapeHtml(`${expiry} ${w.ignore}`)}</p>\n</body></html>\n`,
  };
}
