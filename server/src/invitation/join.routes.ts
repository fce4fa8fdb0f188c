import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { requestContext } from '../account';
import type { Config } from '../config';
import { sendPage, type WebAssets } from '../web';
import { invitationService } from './invitation.service';
import { joinPage } from './join.page';

/** Longer than any token we issue: answered as not found without a lookup. */
const MAX_TOKEN_LENGTH = 200;

/**
 * GET /join/<token>: the page an invitation email links to. It previews the invitation
 * with the same service as `invitationByToken`; its script (web/join) signs in or up and accepts
 * through the GraphQL API.
 */
export function joinRoutes(app: Express, deps: { db: DataSource; config: Config; assets: WebAssets | null }): void {
  app.get('/join/:token', async (req, res) => {
    const token = String(req.params.token);
    const link =
      token.length > MAX_TOKEN_LENGTH ? null : await invitationService.linkPreview(await requestContext(req, deps.db, deps.config), token);
    const { status, body } = joinPage(deps.assets, link);
    sendPage(res, status, body);
  });
}
