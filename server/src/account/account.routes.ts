import express, { type Express, type Request } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { UserFailure } from '../common/errors';
import { admitRest } from '../limits';
import { sendPage, type WebAssets } from '../web';
import { MAX_LINK_TOKEN_LENGTH } from './account-links';
import { outcomePage, resetPasswordForm, verifyEmailForm, type AccountPage } from './account.page';
import { requestContext } from './auth';
import { securityService } from './security.service';

/** What a POST to a link page costs from the rate limit bucket: like a mutation. */
const POST_POINTS = 5;

const field = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

const queryToken = (req: Request): string => (typeof req.query.token === 'string' ? req.query.token.slice(0, MAX_LINK_TOKEN_LENGTH + 1) : '');

/**
 * The pages the account emails link to: GET /reset-password?token=… and GET /verify-email?token=… show
 * a form; posting it calls the same service as `resetPassword` / `verifyEmail`. Server-rendered, no
 * script; the token never leaves the page (no referrer, no caching).
 */
export function accountRoutes(app: Express, deps: { db: DataSource; config: Config; assets: WebAssets | null }): void {
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const send = (res: express.Response, p: AccountPage) => sendPage(res, p.status, p.body);

  app.get('/reset-password', (req, res) => send(res, resetPasswordForm(deps.assets, queryToken(req))));
  app.get('/verify-email', (req, res) => send(res, verifyEmailForm(deps.assets, queryToken(req))));

  app.post('/reset-password', form, async (req, res) => {
    const ctx = await requestContext(req, deps.db, deps.config);
    if (!(await admitRest(ctx, res, POST_POINTS))) return;
    const token = field(req, 'token');
    const newPassword = field(req, 'newPassword');
    if (newPassword.length < 10 || newPassword.length > 200) {
      return send(res, resetPasswordForm(deps.assets, token, 'The password must be 10 to 200 characters long.'));
    }
    try {
      await securityService.resetPassword(ctx, { token, newPassword });
      send(res, outcomePage(deps.assets, { ok: true, title: 'Password changed', text: 'Your password is set. Sign in to Workroom with it.' }));
    } catch (error) {
      if (!(error instanceof UserFailure)) throw error;
      send(res, outcomePage(deps.assets, { ok: false, code: error.code, text: `${error.message}.` }));
    }
  });

  app.post('/verify-email', form, async (req, res) => {
    const ctx = await requestContext(req, deps.db, deps.config);
    if (!(await admitRest(ctx, res, POST_POINTS))) return;
    try {
      await securityService.verifyEmail(ctx, { token: field(req, 'token') });
      send(res, outcomePage(deps.assets, { ok: true, title: 'Email address confirmed', text: 'Thank you: your email address is verified.' }));
    } catch (error) {
      if (!(error instanceof UserFailure)) throw error;
      send(res, outcomePage(deps.assets, { ok: false, code: error.code, text: `${error.message}.` }));
    }
  });
}
