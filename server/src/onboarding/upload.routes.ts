import { createReadStream } from 'node:fs';
import busboy from 'busboy';
import type { Express, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { authenticate } from '../account/auth';
import { recordAudit } from '../audit/audit.service';
import type { Context } from '../common/context';
import { fromGlobalId, toGlobalId } from '../common/ids';
import { transaction } from '../common/transaction';
import type { Config } from '../config';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { onboardingService } from './onboarding.service';
import { Upload } from './upload.entity';
import { blobPath, claimAgrees, detectContentType, sanitizeFilename, sha256, storeBlob } from './upload.storage';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface RouteDeps {
  db: DataSource;
  config: Config;
  /** Largest accepted file; default 10 MiB. */
  maxUploadBytes?: number;
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

async function requestContext(req: Request, { db, config }: RouteDeps): Promise<Context> {
  return {
    requestId: String(req.id),
    log: req.log,
    db,
    config,
    loaders: new Map(),
    ...(await authenticate(db, req.headers.authorization)),
  };
}

interface Received {
  data: Buffer | null;
  filename?: string;
  claimedType?: string;
  tooLarge: boolean;
}

/** Reads the multipart `file` field into memory, up to `limit` bytes; the rest is drained. */
function receiveFile(req: Request, limit: number): Promise<Received> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: limit, files: 1, fields: 10, parts: 20 } });
    } catch (error) {
      return reject(error);
    }
    const received: Received = { data: null, tooLarge: false };
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') return void stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        received.tooLarge = true;
      });
      stream.on('close', () => {
        received.data = received.tooLarge ? null : Buffer.concat(chunks);
        received.filename = info.filename;
        received.claimedType = info.mimeType;
      });
    });
    parser.on('close', () => resolve(received));
    parser.on('error', reject);
    req.pipe(parser);
  });
}

/**
 * `POST /uploads` (multipart, field `file`) and `GET /files/:id` (SPEC §5 attachments).
 * Mounted by `app.ts`; both need `Authorization: Bearer <token>`.
 */
export function onboardingRoutes(app: Express, deps: RouteDeps): void {
  const limit = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;

  app.post('/uploads', async (req, res) => {
    const ctx = await requestContext(req, deps);
    if (!ctx.viewer) return fail(res, 401, 'UNAUTHENTICATED', 'You must be signed in to do this');
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      return fail(res, 400, 'BAD_USER_INPUT', 'Send multipart/form-data with the file in the field `file`');
    }
    let received: Received;
    try {
      received = await receiveFile(req, limit);
    } catch {
      return fail(res, 400, 'BAD_USER_INPUT', 'The multipart body could not be read');
    }
    if (received.tooLarge) return fail(res, 413, 'BAD_USER_INPUT', `The file is larger than ${limit} bytes`);
    const data = received.data;
    if (!data) return fail(res, 400, 'BAD_USER_INPUT', 'No file in the field `file`');
    if (data.length === 0) return fail(res, 400, 'BAD_USER_INPUT', 'The file is empty');
    const detected = await detectContentType(data);
    if (!detected.allowed) {
      return fail(res, 415, 'BAD_USER_INPUT', 'Only PDF, PNG, JPEG, DOCX and plain-text files can be uploaded');
    }
    if (!claimAgrees(received.claimedType, detected.type)) {
      return fail(res, 415, 'BAD_USER_INPUT', `The file claims to be ${received.claimedType} but its content is ${detected.type}`);
    }
    const hash = sha256(data);
    await storeBlob(deps.config.uploadDir, hash, data);
    const upload = Object.assign(new Upload(), {
      uploaderId: ctx.viewer.id,
      sha256: hash,
      size: data.length,
      contentType: detected.type,
      filename: sanitizeFilename(received.filename),
    });
    await transaction(ctx, async (tx) => {
      await tx.getRepository(Upload).insert(upload);
      await recordAudit(tx, ctx, { companyId: null, action: 'upload.create', target: upload, data: { size: upload.size, contentType: upload.contentType } });
    });
    res.status(201).json({
      id: toGlobalId('Upload', upload.id),
      filename: upload.filename,
      contentType: upload.contentType,
      size: upload.size,
    });
  });

  app.get('/files/:id', async (req, res) => {
    const ctx = await requestContext(req, deps);
    if (!ctx.viewer) return fail(res, 401, 'UNAUTHENTICATED', 'You must be signed in to do this');
    const upload = await visibleUpload(ctx, String(req.params.id));
    if (!upload) return fail(res, 404, 'NOT_FOUND', 'File not found');
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
      if (!res.headersSent) fail(res, 404, 'NOT_FOUND', 'File not found');
      else res.destroy();
    });
    stream.pipe(res);
  });
}

/**
 * The upload behind a global id the viewer may download: an attachment of a task they can see,
 * or an upload that is their own or attached to a task they can see.
 */
async function visibleUpload(ctx: Context, globalId: string): Promise<Upload | null> {
  const parsed = fromGlobalId(globalId);
  if (!parsed || !ctx.viewer) return null;
  const uploads = ctx.db.getRepository(Upload);
  if (parsed.type === 'OnboardingAttachment') {
    const attachment = await onboardingService.findVisibleAttachment(ctx, parsed.id);
    return attachment ? uploads.findOneBy({ id: attachment.uploadId }) : null;
  }
  if (parsed.type !== 'Upload') return null;
  const upload = await uploads.findOneBy({ id: parsed.id });
  if (!upload) return null;
  if (upload.uploaderId === ctx.viewer.id) return upload;
  const attachments = await ctx.db.getRepository(OnboardingAttachment).find({ where: { uploadId: upload.id }, take: 50 });
  for (const attachment of attachments) {
    if (await onboardingService.findVisible(ctx, attachment.taskId)) return upload;
  }
  return null;
}
