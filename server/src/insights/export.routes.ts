import { pipeline } from 'node:stream';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { requestContext } from '../account';
import { admitRest, REST_POINTS } from '../limits';
import type { AuthedContext } from '../common/context';
import { AppError } from '../common/errors';
import { rowIdOf } from '../common/ids';
import { sendError } from '../common/http-errors';
import type { Config } from '../config';
import { EXPORT_KINDS, exportService } from './export.service';

const STATUS: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403, BAD_USER_INPUT: 400 };

/**
 * `GET /exports/companies/:companyId/contracts.csv` and `…/onboarding-tasks.csv`, with
 * `Authorization: Bearer <token>`. Anonymous: 401. A company the viewer is not a member of answers
 * exactly like an unknown one: 404.
 */
export function exportRoutes(app: Express, deps: { db: DataSource; config: Config }): void {
  for (const kind of EXPORT_KINDS) {
    app.get(`/exports/companies/:companyId/${kind}.csv`, async (req, res) => {
      const ctx = await requestContext(req, deps.db, deps.config);
      if (!(await admitRest(ctx, res, REST_POINTS.export))) return;
      if (!ctx.viewer) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return sendError(res, 401, 'UNAUTHENTICATED', 'You must be signed in to do this');
      }
      const companyId = rowIdOf(String(req.params.companyId), 'Company');
      if (!companyId) return sendError(res, 404, 'NOT_FOUND', 'Company not found');
      let csv;
      try {
        csv = await exportService.csv(ctx as AuthedContext, companyId, kind);
      } catch (error) {
        const code = error instanceof AppError ? String(error.extensions.code) : '';
        if (!(code in STATUS)) throw error;
        return sendError(res, STATUS[code], code, (error as AppError).message);
      }
      res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
      res.setHeader('Content-Disposition', `attachment; filename="${kind}.csv"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      pipeline(csv, res, (err) => {
        // Headers are gone by now: a failure can only cut the response short, which the client sees.
        if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') ctx.log.error({ err, kind }, 'CSV export failed');
      });
    });
  }
}
