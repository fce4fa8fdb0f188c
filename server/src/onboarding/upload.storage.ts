import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { fromBuffer } from 'file-type';

/** What may be uploaded: detected from the bytes, never from the client's claim. */
export const ALLOWED_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
]);

/** The content type the bytes really have, or a description of what they are when not allowed. */
export async function detectContentType(data: Buffer): Promise<{ allowed: boolean; type: string }> {
  const detected = await fromBuffer(data);
  if (detected) return { allowed: ALLOWED_TYPES.has(detected.mime), type: detected.mime };
  // Text: valid UTF-8 with no NUL byte (binary formats file-type does not know usually have one).
  if (isUtf8(data) && !data.includes(0)) return { allowed: true, type: 'text/plain' };
  return { allowed: false, type: 'application/octet-stream' };
}

const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

/** True when the client's claimed type is absent, generic, or the same as the detected one. */
export function claimAgrees(claimed: string | undefined, detected: string): boolean {
  const type = (claimed ?? '').split(';')[0].trim().toLowerCase();
  if (!type || type === 'application/octet-stream') return true;
  return (ALIASES[type] ?? type) === detected;
}

/** A file name safe for a header and a file system: no path, no control or quoting characters. */
export function sanitizeFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return clean || 'file';
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Where the bytes of `hash` live under the upload directory. */
export const blobPath = (uploadDir: string, hash: string): string => path.join(uploadDir, hash.slice(0, 2), hash);

/**
 * Stores bytes under their content hash (once: identical files share the blob). Written to a
 * temporary file and renamed, so a reader never sees a half-written file.
 */
export async function storeBlob(uploadDir: string, hash: string, data: Buffer): Promise<void> {
  const target = blobPath(uploadDir, hash);
  try {
    await fs.access(target);
    return;
  } catch {
    // not stored yet
  }
  const tmpDir = path.join(uploadDir, 'tmp');
  await fs.mkdir(tmpDir, { recursive: true });
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(tmpDir, randomUUID());
  await fs.writeFile(tmp, data, { mode: 0o640 });
  await fs.rename(tmp, target);
}
