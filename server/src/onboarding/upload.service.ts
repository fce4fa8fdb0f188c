import { recordAudit } from '../audit/audit.service';
import type { AuthedContext, Context } from '../common/context';
import { fromGlobalId } from '../common/ids';
import { transaction } from '../common/transaction';
import { OnboardingAttachment } from './onboarding-attachment.entity';
import { onboardingService } from './onboarding.service';
import { Upload } from './upload.entity';
import { claimAgrees, detectContentType, sanitizeFilename, sha256, storeBlob } from './upload.storage';

/** A file the upload rules refuse; `status` is the HTTP status the route answers with. */
export class UploadRejected extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export interface ReceivedFile {
  data: Buffer;
  filename?: string;
  /** The content type the client claimed for the part. */
  claimedType?: string;
}

/** Attachments' bytes (SPEC §5): accepted by content, stored once per content hash, served to those who may see them. */
export class UploadService {
  /**
   * Checks the bytes (an allowed type, detected from the content, that agrees with the client's
   * claim), stores them by SHA-256, and records the upload as the viewer's.
   */
  async store(ctx: AuthedContext, file: ReceivedFile): Promise<Upload> {
    if (file.data.length === 0) throw new UploadRejected(400, 'The file is empty');
    const detected = await detectContentType(file.data);
    if (!detected.allowed) {
      throw new UploadRejected(415, 'Only PDF, PNG, JPEG, DOCX and plain-text files can be uploaded');
    }
    if (!claimAgrees(file.claimedType, detected.type)) {
      throw new UploadRejected(415, `The file claims to be ${file.claimedType} but its content is ${detected.type}`);
    }
    const hash = sha256(file.data);
    await storeBlob(ctx.config.uploadDir, hash, file.data);
    const upload = Object.assign(new Upload(), {
      uploaderId: ctx.viewer.id,
      sha256: hash,
      size: file.data.length,
      contentType: detected.type,
      filename: sanitizeFilename(file.filename),
    });
    await transaction(ctx, async (tx) => {
      await tx.getRepository(Upload).insert(upload);
      await recordAudit(tx, ctx, {
        companyId: null,
        action: 'upload.create',
        target: upload,
        data: { size: upload.size, contentType: upload.contentType },
      });
    });
    return upload;
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
    if (upload.uploaderId === ctx.viewer.id) return upload;
    const attachments = await ctx.db.getRepository(OnboardingAttachment).find({ where: { uploadId: upload.id }, take: 50 });
    for (const attachment of attachments) {
      if (await onboardingService.findVisible(ctx, attachment.taskId)) return upload;
    }
    return null;
  }
}

export const uploadService = new UploadService();
