import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import busboy from 'busboy';
import type { Express, Request } from 'express';
import type { DataSource } from 'typeorm';
import { requestContext, requireViewer, tokenScopeMissing } from '../account';
import { admitRest, REST_POINTS } from '../limits';
import { toGlobalId } from '../common/ids';
import { sendError } from '../common/http-errors';
import type { Config } from '../config';
import { UploadRejected, uploadService, type UploadSlot } from './upload.service';
import { blobPath, receiveToTempFile, type TempFile } from './upload.storage';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface RouteDeps {
  db: DataSource;
  config: Config;
  /** Largest accepted file; default 10 MiB. */
  maxUploadBytes?: number;
}

interface Received {
  file: TempFile | null;
  filename?: string;
  claimedType?: string;
  tooLarge: boolean;
}

/**
 * Streams the multipart `file` field to a temp file (hashing it on the way), up to `limit`
 * bytes; other parts are drained. Never buffers the file in memory.
 */
function receiveFile(req: Request, uploadDir: string, limit: number): Promise<Received> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: limit, files: 1, fields: 10, parts: 20 } });
    } catch (error) {
      return reject(error);
    }
    const received: Received = { file: null, tooLarge: false };
    let writing: Promise<void> = Promise.resolve();
    let fileStream: NodeJS.ReadableStream & { destroy(error?: Error): void } | null = null;
    const fail = (error: Error) => {
      // Whatever was written is deleted before we answer; the caller's slot is freed after that.
      writing
        .catch(() => undefined)
        .then(() => received.file && fs.rm(received.file.path, { force: true }))
        .finally(() => reject(error));
    };
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || received.filename !== undefined) return void stream.resume();
      fileStream = stream;
      // The pipeline reports the stream's errors; this listener keeps a late one (after the pipeline
      // finished) from being an unhandled 'error' event, which would end the process.
      stream.on('error', () => undefined);
      received.filename = info.filename;
      received.claimedType = info.mimeType;
      writing = receiveToTempFile(stream, uploadDir, () => stream.truncated === true).then((file) => {
        if (file.truncated) received.tooLarge = true;
        else received.file = file;
      });
    });
    parser.on('close', () => writing.then(() => resolve(received), fail));
    parser.on('error', fail);
    // A client that goes away mid-upload never finishes the multipart body: end it here, or the
    // upload would hold its in-flight slot (and its temp file) forever.
    req.on('close', () => {
      if (req.complete) return;
      const aborted = new Error('the client closed the connection mid-upload');
      fileStream?.destroy();
      parser.destroy(aborted);
    });
    req.pipe(parser);
  });
}

/**
 * `POST /uploads` (multipart, field `file`) and `GET /files/:id` (docs/domain.md "Onboarding").
 * Mounted by `app.ts`; both need `Authorization: Bearer <token>`.
 */
export function onboardingRoutes(app: Express, deps: RouteDeps): void {
  const limit = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;

  app.post('/uploads', async (req, res) => {
    const ctx = await requestContext(req, deps.db, deps.config);
    if (!(await admitRest(ctx, res, REST_POINTS.upload))) return;
    if (!ctx.viewer) return sendError(res, 401, 'UNAUTHENTICATED', 'You must be signed in to do this');
    // An upload writes: a READ-only API token may not, exactly as on a GraphQL mutation.
    if (ctx.apiToken && !ctx.apiToken.canWrite) {
      return sendError(res, 403, 'FORBIDDEN', tokenScopeMissing().message, { scope: 'WRITE' });
    }
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      return sendError(res, 400, 'BAD_USER_INPUT', 'Send multipart/form-data with the file in the field `file`');
    }
    const viewer = requireViewer(ctx);
    let slot: UploadSlot | null = null;
    try {
      slot = await uploadService.begin(viewer);
      let received: Received;
      try {
        received = await receiveFile(req, deps.config.uploadDir, limit);
      } catch {
        return sendError(res, 400, 'BAD_USER_INPUT', 'The multipart body could not be read');
      }
      if (received.tooLarge) return sendError(res, 413, 'BAD_USER_INPUT', `The file is larger than ${limit} bytes`);
      if (!received.file) return sendError(res, 400, 'BAD_USER_INPUT', 'No file in the field `file`');
      const upload = await uploadService.store(viewer, slot, { ...received, file: received.file });
      res.status(201).json({
        id: toGlobalId('Upload', upload.id),
        filename: upload.filename,
        contentType: upload.contentType,
        size: upload.size,
      });
    } catch (error) {
      if (!(error instanceof UploadRejected)) throw error;
      // Refused before the body was read: close the connection rather than read bytes we will not keep.
      if (!req.complete) res.setHeader('Connection', 'close');
      if (error.refusal.status === 429) res.setHeader('Retry-After', '1');
      sendError(res, error.refusal.status, error.refusal.code, error.message);
    } finally {
      slot?.release();
    }
  });

  app.get('/files/:id', async (req, res) => {
    const ctx = await requestContext(req, deps.db, deps.config);
    if (!(await admitRest(ctx, res, REST_POINTS.download))) return;
    if (!ctx.viewer) return sendError(res, 401, 'UNAUTHENTICATED', 'You must be signed in to do this');
    const upload = await uploadService.downloadable(ctx, String(req.params.id));
    if (!upload) return sendError(res, 404, 'NOT_FOUND', 'File not found');
    const text = upload.contentType === 'text/plain';
    res.setHeader('Content-Type', text ? 'text/plain; charset=utf-8' : upload.contentType);
    res.setHeader('Content-Length', String(upload.size));
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${upload.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(upload.filename)}`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    const stream = createReadStream(blobPath(deps.config.uploadDir, upload.sha256));
    stream.on('error', (err) => {
      ctx.log.error({ err, uploadId: upload.id }, 'stored file is unreadable');
      if (!res.headersSent) sendError(res, 404, 'NOT_FOUND', 'File not found');
      else res.destroy();
    });
    stream.pipe(res);
  });
}
