import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { In, type DataSource } from 'typeorm';
import type { AuthedContext, Context } from '../common/context';
import { columnValue } from '../common/db-values';
import { publish } from '../common/events';
import { fromGlobalId } from '../common/ids';
import { transaction } from '../common/transaction';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { onboardingService } from './onboarding.service';
import { Upload } from './upload.entity';
import { claimAgrees, deleteBlob, detectContentType, sanitizeFilename, storeBlob, sweepTempFiles, type TempFile } from './upload.storage';

/** Why an upload was refused; `status` and `code` are what the route answers with. */
export type UploadRefusal =
  | { status: 400 | 413 | 415; code: 'BAD_USER_INPUT' }
  | { status: 413; code: 'QUOTA_EXCEEDED' }
  | { status: 429; code: 'RATE_LIMITED' };

/** A file the upload rules refuse. */
export class UploadRejected extends Error {
  constructor(
    readonly refusal: UploadRefusal,
    message: string,
  ) {
    super(message);
  }
}

const rejected = (status: 400 | 413 | 415, message: string) => new UploadRejected({ status, code: 'BAD_USER_INPUT' }, message);

export interface ReceivedFile {
  file: TempFile;
  filename?: string;
  /** The content type the client claimed for the part. */
  claimedType?: string;
}

/** An upload in progress: how many bytes the user may still store; `release` ends it. */
export interface UploadSlot {
  remainingBytes: number;
  release(): void;
}

/** Unattached uploads are deleted this long after they were made. */
export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;

/** Attachments' bytes (docs/domain.md "Onboarding"): accepted by content, stored once per content hash, served to those who may see them. */
export class UploadService {
  /** Uploads in progress per user, in this process. */
  private readonly inFlight = new Map<string, number>();

  /**
   * Claims one of the viewer's in-flight slots (UPLOAD_MAX_IN_FLIGHT) before any byte is read,
   * and says how much of their quota (UPLOAD_QUOTA_BYTES) is left. Refuses with 429 when all
   * slots are taken and 413 QUOTA_EXCEEDED when the quota is used up.
   */
  async begin(ctx: AuthedContext): Promise<UploadSlot> {
    const userId = ctx.viewer.id;
    const busy = this.inFlight.get(userId) ?? 0;
    if (busy >= ctx.config.uploadMaxInFlight) {
      throw new UploadRejected(
        { status: 429, code: 'RATE_LIMITED' },
        `You already have ${busy} uploads in progress; wait for one to finish`,
      );
    }
    this.inFlight.set(userId, busy + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(userId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(userId, left);
      else this.inFlight.delete(userId);
    };
    try {
      const used = Number((await ctx.db.getRepository(Upload).sum('size', { uploaderId: userId })) ?? 0);
      const remainingBytes = ctx.config.uploadQuotaBytes - used;
      if (remainingBytes <= 0) throw quotaExceeded(ctx.config.uploadQuotaBytes);
      return { remainingBytes, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Checks a received file (an allowed type, detected from its bytes, that agrees with the
   * client's claim, within the quota), moves it to its SHA-256 name and records the upload as the
   * viewer's. The temp file is gone afterwards, whatever the outcome.
   */
  async store(ctx: AuthedContext, slot: UploadSlot, received: ReceivedFile): Promise<Upload> {
    const { file } = received;
    try {
      if (file.size === 0) throw rejected(400, 'The file is empty');
      if (file.size > slot.remainingBytes) throw quotaExceeded(ctx.config.uploadQuotaBytes);
      const detected = await detectContentType(file);
      if (!detected.allowed) throw rejected(415, 'Only PDF, PNG, JPEG, DOCX and plain-text files can be uploaded');
      if (!claimAgrees(received.claimedType, detected.type)) {
        throw rejected(415, `The file claims to be ${received.claimedType} but its content is ${detected.type}`);
      }
      await storeBlob(ctx.config.uploadDir, file);
      const upload = Object.assign(new Upload(), {
        uploaderId: ctx.viewer.id,
        sha256: file.sha256,
        size: file.size,
        contentType: detected.type,
        filename: sanitizeFilename(received.filename),
      });
      await transaction(ctx, async (tx) => {
        await tx.getRepository(Upload).insert(upload);
        await publish(tx, ctx, {
          type: 'upload.created',
          companyId: null,
          target: upload,
          data: { size: upload.size, contentType: upload.contentType },
        });
      });
      return upload;
    } finally {
      await fs.rm(file.path, { force: true });
    }
  }

  /**
   * The upload behind a global id the viewer may download: an attachment of a task they can see,
   * or an upload that is their own or attached to a task they can see. Null otherwise.
   */
  async downloadable(ctx: Context, globalId: string): Promise<Upload | null> {
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
    const own = upload.uploaderId === ctx.viewer.id;
    if (own && !ctx.apiToken) return upload;
    const attachments = await ctx.db.getRepository(OnboardingAttachment).find({ where: { uploadId: upload.id }, take: 50 });
    // Through an API token even one's own file is company data once attached: only where the token reaches.
    if (own && attachments.length === 0) return upload;
    for (const attachment of attachments) {
      if (await onboardingService.findVisible(ctx, attachment.taskId)) return upload;
    }
    return null;
  }

  /**
   * Deletes uploads made before `now` − 1 day that no task has attached, and their blobs when no
   * other upload shares them; also temp files a dead process left. Returns how many uploads went.
   * Each batch runs in one transaction; the attachment's RESTRICT foreign key keeps an upload
   * attached meanwhile from being deleted.
   */
  async sweepUnattached(db: DataSource, uploadDir: string, now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - UNATTACHED_TTL_MS);
    await sweepTempFiles(uploadDir, cutoff);
    let removed = 0;
    for (;;) {
      const stale = await db
        .getRepository(Upload)
        .createQueryBuilder('upload')
        .where('upload.createdAt < :cutoff', { cutoff: columnValue(db, Upload, 'createdAt', cutoff) })
        .andWhere('NOT EXISTS (SELECT 1 FROM onboarding_attachments a WHERE a."uploadId" = upload.id)')
        .orderBy('upload.id')
        .take(100)
        .getMany();
      if (stale.length === 0) return removed;
      const orphanHashes = await transaction({ db }, async (tx) => {
        const ids = stale.map((u) => u.id);
        const attached = await tx.getRepository(OnboardingAttachment).findBy({ uploadId: In(ids) });
        const deletable = ids.filter((id) => !attached.some((a) => a.uploadId === id));
        if (deletable.length) await tx.getRepository(Upload).delete({ id: In(deletable) });
        const hashes = [...new Set(stale.filter((u) => deletable.includes(u.id)).map((u) => u.sha256))];
        const kept = hashes.length ? await tx.getRepository(Upload).findBy({ sha256: In(hashes) }) : [];
        removed += deletable.length;
        return hashes.filter((h) => !kept.some((u) => u.sha256 === h));
      });
      for (const hash of orphanHashes) await deleteBlob(uploadDir, hash);
      if (stale.length < 100) return removed;
    }
  }
}

function quotaExceeded(quota: number): UploadRejected {
  return new UploadRejected(
    { status: 413, code: 'QUOTA_EXCEEDED' },
    `Your uploads would exceed your storage quota of ${quota} bytes; files not attached to a task are deleted after a day`,
  );
}

export const uploadService = new UploadService();

export interface UploadSweeper {
  stop(): Promise<void>;
}

/** Runs the unattached-upload sweep every `config.uploadSweepMs`, like the mail worker; buildApp starts and stops it. */
export function startUploadSweeper(db: DataSource, config: { uploadDir: string; uploadSweepMs: number }, logger: Logger): UploadSweeper {
  const log = logger.child({ component: 'upload-sweeper' });
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = uploadService
      .sweepUnattached(db, config.uploadDir)
      .then((removed) => {
        if (removed) log.info({ removed }, 'deleted unattached uploads older than a day');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'upload sweep failed'))
      .finally(() => {
        running = null;
      });
  }, config.uploadSweepMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
