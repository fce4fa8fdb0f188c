import { CompanyRole } from '../common/permissions';
import type { EmailMessage } from '../mail';

export interface InvitationEmailData {
  to: string;
  companyName: string;
  inviterName: string;
  role: CompanyRole;
  teamName: string | null;
  message: string | null;
  joinUrl: string;
  expiresAt: Date;
}

const ROLE_PHRASE: Record<CompanyRole, string> = {
  OWNER: 'an owner',
  FULL: 'a member with full permissions',
  HIRING_MANAGER: 'a hiring manager',
  RECRUITER: 'a recruiter',
};

/** One paragraph of the email; each kind has exactly one text and one HTML rendering below. */
type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'quote'; heading: string; text: string }
  | { kind: 'link'; label: string; url: string };

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function toText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if (b.kind === 'paragraph') return b.text;
      if (b.kind === 'quote') return `${b.heading}\n${b.text.split(/\r?\n/).map((l) => `> ${l}`).join('\n')}`;
      return `${b.label}: ${b.url}`;
    })
    .join('\n\n')
    .concat('\n');
}

function toHtml(blocks: Block[]): string {
  const body = blocks
    .map((b) => {
      if (b.kind === 'paragraph') return `<p>${escapeHtml(b.text)}</p>`;
      if (b.kind === 'quote') {
        const lines = b.text.split(/\r?\n/).map(escapeHtml).join('<br>');
        return `<p>${escapeHtml(b.heading)}</p>\n<blockquote>${lines}</blockquote>`;
      }
      return `<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`;
    })
    .join('\n');
  return `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`;
}

/**
 * The invitation email. The one template: previews, the outbox and SMTP
 * all use its output, and the text and HTML bodies come from the same blocks. Everything the
 * inviter typed is escaped in the HTML.
 */
export function renderInvitationEmail(data: InvitationEmailData): EmailMessage {
  const inviter = oneLine(data.inviterName);
  const company = oneLine(data.companyName);
  const team = data.teamName ? ` on the team ${oneLine(data.teamName)}` : '';
  const blocks: Block[] = [
    { kind: 'paragraph', text: 'Hi,' },
    {
      kind: 'paragraph',
      text: `${inviter} invited you to join ${company} on Workroom as ${ROLE_PHRASE[data.role]}${team}.`,
    },
  ];
  if (data.message) blocks.push({ kind: 'quote', heading: `${inviter} wrote:`, text: data.message });
  blocks.push(
    { kind: 'link', label: `Join ${company}`, url: data.joinUrl },
    {
      kind: 'paragraph',
      text:
        `This link works once, for ${data.to}, until ${data.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. ` +
        'If you were not expecting this invitation, you can ignore this email.',
    },
  );
  return {
    to: data.to,
    subject: `${inviter} invited you to join ${company} on Workroom`,
    text: toText(blocks),
    html: toHtml(blocks),
  };
}
