import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Upload } from '../src/onboarding/upload.entity';
import { ATTACH_FILE, SAMPLES, createContract, tempUploadDir, upload } from './support/contracts';
import { companyWithEveryRole, expectOk, randomId, signUp, type Account, type Crew } from './support/fixtures';
import { useTestServer } from './support/server';

const uploadDir = tempUploadDir();

describe('Uploads and downloads', () => {
  const api = useTestServer({ uploadDir });
  let crew: Crew;
  let freelancer: Account;

  beforeAll(async () => {
    crew = await companyWithEveryRole(api, 'Globex');
    freelancer = await signUp(api, 'Una Uploader');
  });

  const refusal = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual([code]);
    return body.errors[0].message;
  };

  it('stores a PDF by its SHA-256 and answers with its id, name, type and size', async () => {
    const res = await upload(api, freelancer, SAMPLES.pdf, 'application/pdf', '../../etc/Signed NDA; final<v2>.pdf');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; filename: string; contentType: string; size: number };
    expect(body).toMatchObject({ filename: 'Signed NDA_ final_v2_.pdf', contentType: 'application/pdf', size: SAMPLES.pdf.length });
    const hash = createHash('sha256').update(SAMPLES.pdf).digest('hex');
    expect(fs.readFileSync(path.join(uploadDir, hash.slice(0, 2), hash))).toEqual(SAMPLES.pdf);
    const row = await api.db.getRepository(Upload).findOneByOrFail({ id: Buffer.from(body.id, 'base64url').toString().split(':')[1] });
    expect(row).toMatchObject({ sha256: hash, contentType: 'application/pdf', size: SAMPLES.pdf.length });
  });

  it.each([
    ['a PNG', SAMPLES.png, 'image/png', 'image/png'],
    ['plain UTF-8 text', SAMPLES.txt, 'text/plain', 'text/plain'],
    ['a PDF sent as application/octet-stream', SAMPLES.pdf, 'application/octet-stream', 'application/pdf'],
  ])('accepts %s', async (_what, bytes, claimed, stored) => {
    const res = await upload(api, freelancer, bytes, claimed, 'file');
    expect(res.status).toBe(201);
    expect(((await res.json()) as { contentType: string }).contentType).toBe(stored);
  });

  it.each([
    ['an EXE claiming to be a PDF', SAMPLES.exe, 'application/pdf'],
    ['an HTML page claiming to be a PDF', SAMPLES.html, 'application/pdf'],
    ['an HTML page claiming to be HTML', SAMPLES.html, 'text/html'],
    ['a PNG claiming to be a JPEG', SAMPLES.png, 'image/jpeg'],
    ['an EXE sent as application/octet-stream', SAMPLES.exe, 'application/octet-stream'],
    ['binary bytes of no allowed type', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0]), 'application/octet-stream'],
  ])('refuses %s with 415 and stores nothing', async (_what, bytes, claimed) => {
    const before = await api.db.getRepository(Upload).count();
    await refusal(await upload(api, freelancer, bytes, claimed, 'invoice.pdf'), 415, 'BAD_USER_INPUT');
    expect(await api.db.getRepository(Upload).count()).toBe(before);
  });

  it('refuses a file over 10 MiB with 413', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    const message = await refusal(await upload(api, freelancer, big, 'text/plain', 'big.txt'), 413, 'BAD_USER_INPUT');
    expect(message).toMatch(/larger than/);
  });

  it('refuses anonymous uploads, bodies that are not multipart, and empty files', async () => {
    await refusal(await upload(api, null, SAMPLES.pdf, 'application/pdf'), 401, 'UNAUTHENTICATED');
    const json = await api.fetch('/uploads', {
      method: 'POST',
      headers: { authorization: `Bearer ${freelancer.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    await refusal(json, 400, 'BAD_USER_INPUT');
    await refusal(await upload(api, freelancer, Buffer.alloc(0), 'text/plain'), 400, 'BAD_USER_INPUT');
  });

  describe('GET /files/:id', () => {
    let attachmentUrl: string;
    let uploadId: string;

    beforeAll(async () => {
      const contract = await createContract(api, crew.OWNER, crew.companyId, freelancer, [
        { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancer.id, requiresAttachment: true },
      ]);
      const res = await upload(api, freelancer, SAMPLES.pdf, 'application/pdf', 'nda.pdf');
      uploadId = ((await res.json()) as { id: string }).id;
      const taskId = contract.onboardingTasks[0].id;
      const attached = expectOk(await api.gql(ATTACH_FILE, { input: { taskId, uploadId } }, freelancer.token), 'attachFileToOnboardingTask');
      attachmentUrl = attached.onboardingTask.attachments[0].url;
    });

    const get = (url: string, as: Account | null) =>
      api.fetch(url, { headers: as ? { authorization: `Bearer ${as.token}` } : {} });

    it('streams the file to the company’s members and the freelancer, as a download that is never sniffed', async () => {
      for (const who of [crew.RECRUITER, crew.OWNER, freelancer]) {
        const res = await get(attachmentUrl, who);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/pdf');
        expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="nda\.pdf"/);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(Buffer.from(await res.arrayBuffer())).toEqual(SAMPLES.pdf);
      }
    });

    it('serves an upload by its own id to its uploader and to those who can see a task it is attached to', async () => {
      expect((await get(`/files/${uploadId}`, freelancer)).status).toBe(200);
      expect((await get(`/files/${uploadId}`, crew.HIRING_MANAGER)).status).toBe(200);
    });

    it('answers a stranger, another company and unknown ids with the same 404', async () => {
      const other = await companyWithEveryRole(api, 'Other');
      const unknown = await get(`/files/${randomId('OnboardingAttachment')}`, crew.stranger);
      const expected = await refusal(unknown, 404, 'NOT_FOUND');
      for (const [url, who] of [
        [attachmentUrl, crew.stranger],
        [attachmentUrl, other.OWNER],
        [`/files/${uploadId}`, other.OWNER],
        [`/files/${randomId('Upload')}`, freelancer],
        ['/files/not-an-id', freelancer],
      ] as const) {
        expect(await refusal(await get(url, who), 404, 'NOT_FOUND')).toBe(expected);
      }
      await refusal(await get(attachmentUrl, null), 401, 'UNAUTHENTICATED');
    });

    it('does not serve someone else’s unattached upload', async () => {
      const res = await upload(api, crew.OWNER, SAMPLES.txt, 'text/plain', 'notes.txt');
      const id = ((await res.json()) as { id: string }).id;
      expect((await get(`/files/${id}`, crew.OWNER)).headers.get('content-type')).toBe('text/plain; charset=utf-8');
      await refusal(await get(`/files/${id}`, crew.FULL), 404, 'NOT_FOUND');
    });
  });
});
