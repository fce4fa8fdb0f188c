import type { Response } from 'express';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** Markup that is already safe (built by `html`), so it is not escaped again when nested. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = string | number | SafeHtml | null | undefined | false | Interpolation[];

const render = (value: Interpolation): string =>
  value instanceof SafeHtml
    ? value.value
    : Array.isArray(value)
      ? value.map(render).join('')
      : value === null || value === undefined || value === false
        ? ''
        : escapeHtml(String(value));

/** A template whose every interpolation is escaped unless it is itself `html`. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/**
 * Sends a page with the headers every HTML page here gets: a content security policy (scripts and
 * styles only from this server; `extra` adds what a page needs), no framing, no caching, and no
 * referrer (join links carry their token in the path).
 */
export function sendPage(res: Response, status: number, body: SafeHtml, csp: Record<string, string> = {}): void {
  const policy: Record<string, string> = {
    'default-src': "'none'",
    'script-src': "'self'",
    'style-src': "'self'",
    'img-src': "'self'",
    'connect-src': "'self'",
    'base-uri': "'none'",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
    ...csp,
  };
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': Object.entries(policy)
        .map(([k, v]) => `${k} ${v}`)
        .join('; '),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    })
    .send(`<!doctype html>\n${body.value}`);
}
