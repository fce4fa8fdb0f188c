import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** What may be uploaded: detected from the bytes, never from the client's claim. */
export const ALLOWED_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
]);

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Bytes kept from the start of a file for magic-byte detection. */
const HEAD_BYTES = 4096;

/** A file received into the upload directory's temp area, hashed and inspected on the way in. */
export interface TempFile {
  path: string;
  size: number;
  sha256: string;
  /** The first HEAD_BYTES bytes. */
  head: Buffer;
  /** Valid UTF-8 with no NUL byte from start to end. */
  text: boolean;
  /** True when the stream was cut at the size limit (the temp file is then already deleted). */
  truncated: boolean;
}

const tmpDirOf = (uploadDir: string): string => path.join(uploadDir, 'tmp');

/**
 * Streams `source` to a temp file while hashing it and checking that it is text, so a file is
 * never held in memory. `isTruncated` tells whether the source hit its size limit (busboy marks
 * the stream); a truncated or failed file is deleted before this returns.
 */
export async function receiveToTempFile(source: Readable, uploadDir: string, isTruncated: () => boolean): Promise<TempFile> {
  const dir = tmpDirOf(uploadDir);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, randomUUID());
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let text = true;
  const inspect = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      if (headLength < HEAD_BYTES) {
        headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      if (text) {
        try {
          if (chunk.includes(0)) text = false;
          else utf8.decode(chunk, { stream: true });
        } catch {
          text = false;
        }
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, inspect, createWriteStream(file, { mode: 0o640 }));
    if (text) {
      try {
        utf8.decode(); // a multi-byte sequence cut at the end is not text
      } catch {
        text = false;
      }
    }
  } catch (error) {
    await fs.rm(file, { force: true });
    throw error;
  }
  const truncated = isTruncated();
  if (truncated) await fs.rm(file, { force: true });
  return { path: file, size, sha256: hash.digest('hex'), head: Buffer.concat(headChunks), text, truncated };
}

const startsWith = (data: Buffer, magic: number[] | string, at = 0): boolean => {
  const bytes = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic);
  return data.length >= at + bytes.length && data.subarray(at, at + bytes.length).equals(bytes);
};

/** Largest ZIP central directory read to recognise a DOCX; bigger ones are refused, not read. */
const MAX_ZIP_DIRECTORY = 1024 * 1024;
/** The end-of-central-directory record is in the last 22 bytes + up to 64 KiB of comment. */
const ZIP_TAIL = 22 + 0xffff;

/**
 * True when the ZIP file at `file` (of `size` bytes) is a Word document: its central directory
 * names `[Content_Types].xml` and a `word/` part. Reads at most ZIP_TAIL + MAX_ZIP_DIRECTORY
 * bytes, and every loop step advances, so hostile archives cannot make it spin.
 */
async function isDocx(file: string, size: number): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const tailLength = Math.min(size, ZIP_TAIL);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return false;
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (directorySize > MAX_ZIP_DIRECTORY || directoryOffset + directorySize > size) return false;
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    let contentTypes = false;
    let word = false;
    for (let at = 0; at + 46 <= directory.length; ) {
      if (directory.readUInt32LE(at) !== 0x02014b50) return false;
      const nameLength = directory.readUInt16LE(at + 28);
      const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
      const name = directory.subarray(at + 46, Math.min(at + 46 + nameLength, directory.length)).toString('latin1');
      if (name === '[Content_Types].xml') contentTypes = true;
      if (name.startsWith('word/')) word = true;
      if (contentTypes && word) return true;
      at = next;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * The content type the bytes really have (`allowed` when it is on the allow-list), by each
 * allowed format's own magic bytes. No general-purpose sniffer runs: those parse every format
 * they know, and one (file-type 16.5.4 on an ASF header) loops forever.
 */
export async function detectContentType(file: TempFile): Promise<{ allowed: boolean; type: string }> {
  const { head } = file;
  if (startsWith(head, '%PDF-')) return { allowed: true, type: 'application/pdf' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { allowed: true, type: 'image/png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { allowed: true, type: 'image/jpeg' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return (await isDocx(file.path, file.size)) ? { allowed: true, type: DOCX } : { allowed: false, type: 'application/zip' };
  }
  // Text: valid UTF-8 with no NUL byte (binary formats almost always hold one).
  if (file.text) return { allowed: true, type: 'text/plain' };
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

/** Where the bytes of `hash` live under the upload directory. */
export const blobPath = (uploadDir: string, hash: string): string => path.join(uploadDir, hash.slice(0, 2), hash);

/**
 * Moves a received temp file to its content-hash name (identical files share one blob). A rename,
 * so a reader never sees a half-written file; when the blob exists the temp file is dropped.
 */
export async function storeBlob(uploadDir: string, file: TempFile): Promise<void> {
  const target = blobPath(uploadDir, file.sha256);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.rename(file.path, target);
}

/** Deletes a blob (the sweep does, once no upload row names it). */
export async function deleteBlob(uploadDir: string, hash: string): Promise<void> {
  await fs.rm(blobPath(uploadDir, hash), { force: true });
}

/** Deletes temp files older than `before` (left by a process that died mid-upload). */
export async function sweepTempFiles(uploadDir: string, before: Date): Promise<number> {
  const dir = tmpDirOf(uploadDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && stat.mtime < before) {
      await fs.rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
