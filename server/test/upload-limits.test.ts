import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { OnboardingAttachment } from '../src/onboarding/onboarding-attachment.entity';
import { Upload } from '../src/onboarding/upload.entity';
import { uploadService } from '../src/onboarding/upload.service';
import { ATTACH_FILE, SAMPLES, createContract, tempUploadDir, upload } from './support/contracts';
import { companyWithEveryRole, expectOk, signUp, type Account } from './support/fixtures';
import { useTestServer, type TestApi } from './support/server';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A ZIP archive of stored (uncompressed) entries, with a real central directory. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const DOCX_SAMPLE = zip({
  '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
  '_rels/.rels': '<Relationships/>',
  'word/document.xml': '<w:document/>',
});

/** Finding 1: the ASF header GUID and 48 zero bytes (object size 0) sent file-type 16.5.4 into an endless loop. */
const ASF_BOMB = Buffer.concat([
  Buffer.from([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c]),
  Buffer.alloc(48),
]);

async function refusal(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors.map((e) => e.extensions.code)).toEqual([code]);
  return body.errors[0].message;
}

const idOf = async (res: Response): Promise<string> => {
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

const rowId = (globalId: string): string => Buffer.from(globalId, 'base64url').toString().split(':')[1];

/** Starts a multipart upload and sends only its first part: the request stays in flight until `finish`. */
function openUpload(api: TestApi, as: Account): Promise<{ finish(): Promise<number> }> {
  const boundary = 'workroom-slow-upload';
  const req = http.request(`${api.url}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const done = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\nContent-Type: text/plain\r\n\r\nhello`);
  return new Promise((resolve) =>
    // give the server time to claim the slot
    setTimeout(
      () =>
        resolve({
          finish: () => {
            req.end(` world\r\n--${boundary}--\r\n`);
            return done;
          },
        }),
      150,
    ),
  );
}

describe('Upload hardening', () => {
  const uploadDir = tempUploadDir();
  const api = useTestServer({ uploadDir, uploadMaxInFlight: 2, uploadQuotaBytes: 64 * 1024 });

  describe('content detection by magic bytes, bounded', () => {
    it('refuses the 64-byte ASF header that froze file-type with 415, and the server keeps answering', async () => {
      const user = await signUp(api, 'Asf Sender');
      const message = await refusal(await upload(api, user, ASF_BOMB, 'application/octet-stream', 'x.wmv'), 415, 'BAD_USER_INPUT');
      expect(message).toBe('Only PDF, PNG, JPEG, DOCX and plain-text files can be uploaded');
      const health = await api.fetch('/healthz');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(await api.db.getRepository(Upload).countBy({ uploaderId: rowId(user.id) })).toBe(0);
    });

    it('accepts a JPEG and a DOCX by their own signatures', async () => {
      const user = await signUp(api, 'Doc Sender');
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);
      for (const [bytes, claimed, stored] of [
        [jpeg, 'image/jpeg', 'image/jpeg'],
        [DOCX_SAMPLE, DOCX, DOCX],
        [DOCX_SAMPLE, 'application/octet-stream', DOCX],
      ] as const) {
        const res = await upload(api, user, bytes, claimed, 'file');
        expect(res.status).toBe(201);
        expect(((await res.json()) as { contentType: string }).contentType).toBe(stored);
      }
    });

    it.each([
      ['a ZIP that is not a Word document', zip({ 'a.txt': 'hello' })],
      ['a ZIP whose directory is cut off', DOCX_SAMPLE.subarray(0, DOCX_SAMPLE.length - 30)],
      ['a ZIP header with nothing after it', Buffer.from([0x50, 0x4b, 0x03, 0x04])],
      ['UTF-8 text with a NUL byte', Buffer.from('hello\0world')],
      ['text cut inside a multi-byte character', Buffer.from([0x68, 0x69, 0xe2, 0x82])],
    ])('refuses %s with 415', async (_what, bytes) => {
      const user = await signUp(api, 'Zip Sender');
      await refusal(await upload(api, user, bytes, 'application/octet-stream', 'x.docx'), 415, 'BAD_USER_INPUT');
    });

    it('leaves no temp file behind, whether accepted or refused', async () => {
      const user = await signUp(api, 'Tidy Sender');
      await idOf(await upload(api, user, SAMPLES.txt, 'text/plain'));
      await upload(api, user, SAMPLES.exe, 'application/octet-stream');
      await upload(api, user, Buffer.alloc(10 * 1024 * 1024 + 1, 'a'), 'text/plain');
      expect(fs.readdirSync(path.join(uploadDir, 'tmp'))).toEqual([]);
    });
  });

  describe('per-user limits', () => {
    it('answers 429 RATE_LIMITED to a third upload while two of the same user are in flight, and frees the slots after', async () => {
      const user = await signUp(api, 'Busy Sender');
      const other = await signUp(api, 'Other Sender');
      const first = await openUpload(api, user);
      const second = await openUpload(api, user);
      const third = await upload(api, user, SAMPLES.txt, 'text/plain');
      expect(third.headers.get('retry-after')).toBe('1');
      expect(await refusal(third, 429, 'RATE_LIMITED')).toMatch(/2 uploads in progress/);
      // another user is not affected
      await idOf(await upload(api, other, SAMPLES.txt, 'text/plain'));
      expect(await first.finish()).toBe(201);
      expect(await second.finish()).toBe(201);
      await idOf(await upload(api, user, SAMPLES.txt, 'text/plain'));
    });

    it('refuses a file that would pass the storage quota with 413 QUOTA_EXCEEDED, and stores nothing', async () => {
      const user = await signUp(api, 'Hoarder');
      const chunk = Buffer.alloc(30 * 1024, 'a');
      await idOf(await upload(api, user, chunk, 'text/plain'));
      await idOf(await upload(api, user, chunk, 'text/plain'));
      const message = await refusal(await upload(api, user, chunk, 'text/plain'), 413, 'QUOTA_EXCEEDED');
      expect(message).toMatch(/storage quota of 65536 bytes/);
      expect(await api.db.getRepository(Upload).countBy({ uploaderId: rowId(user.id) })).toBe(2);
      // a small one still fits; then the quota is full and even one byte is refused
      await idOf(await upload(api, user, Buffer.alloc(4 * 1024, 'b'), 'text/plain'));
      await refusal(await upload(api, user, 'c', 'text/plain'), 413, 'QUOTA_EXCEEDED');
    });
  });

  describe('the unattached-upload sweep', () => {
    it('deletes uploads no task attached a day after they were made, with their blob, and keeps attached ones', async () => {
      const crew = await companyWithEveryRole(api, 'Sweepers');
      const freelancer = await signUp(api, 'Sally Sweep');
      const contract = await createContract(api, crew.OWNER, crew.companyId, freelancer, [
        { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancer.id, requiresAttachment: true },
      ]);
      const attachedId = await idOf(await upload(api, freelancer, SAMPLES.pdf, 'application/pdf', 'nda.pdf'));
      expectOk(
        await api.gql(ATTACH_FILE, { input: { taskId: contract.onboardingTasks[0].id, uploadId: attachedId } }, freelancer.token),
        'attachFileToOnboardingTask',
      );
      const unique = Buffer.from(`left behind ${Date.now()}\n`);
      const strayId = await idOf(await upload(api, freelancer, unique, 'text/plain', 'stray.txt'));
      const stray = await api.db.getRepository(Upload).findOneByOrFail({ id: rowId(strayId) });
      const blob = path.join(uploadDir, stray.sha256.slice(0, 2), stray.sha256);
      expect(fs.existsSync(blob)).toBe(true);

      // 23 hours later nothing is old enough
      const made = stray.createdAt.getTime();
      await uploadService.sweepUnattached(api.db, uploadDir, new Date(made + 23 * 3600_000));
      expect(await api.db.getRepository(Upload).existsBy({ id: rowId(strayId) })).toBe(true);

      await uploadService.sweepUnattached(api.db, uploadDir, new Date(made + 25 * 3600_000));
      expect(await api.db.getRepository(Upload).existsBy({ id: rowId(strayId) })).toBe(false);
      expect(fs.existsSync(blob)).toBe(false);
      expect(await api.db.getRepository(Upload).existsBy({ id: rowId(attachedId) })).toBe(true);
      expect(await api.db.getRepository(OnboardingAttachment).countBy({ uploadId: rowId(attachedId) })).toBe(1);
      expect((await api.fetch(`/files/${strayId}`, { headers: { authorization: `Bearer ${freelancer.token}` } })).status).toBe(404);
    });

    it('keeps a blob another upload still uses', async () => {
      const a = await signUp(api, 'Early Bird');
      const b = await signUp(api, 'Late Bird');
      const shared = Buffer.from(`shared ${Date.now()}\n`);
      const early = await api.db.getRepository(Upload).findOneByOrFail({ id: rowId(await idOf(await upload(api, a, shared, 'text/plain'))) });
      await idOf(await upload(api, b, shared, 'text/plain'));
      // only the first is old enough
      await api.db.getRepository(Upload).update({ id: early.id }, { createdAt: new Date(Date.now() - 2 * 24 * 3600_000) });
      await uploadService.sweepUnattached(api.db, uploadDir, new Date());
      expect(await api.db.getRepository(Upload).existsBy({ id: early.id })).toBe(false);
      expect(fs.existsSync(path.join(uploadDir, early.sha256.slice(0, 2), early.sha256))).toBe(true);
    });
  });
});
