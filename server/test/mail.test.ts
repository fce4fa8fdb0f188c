import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { buildApp, type App } from '../src/app';
import { ConfigError, loadConfig, type Config } from '../src/config';
import { openDatabase } from '../src/db/data-source';
import { MAX_ATTEMPTS, MAX_RETRY_DELAY_MS, retryDelay, startMailWorker } from '../src/mail/mail-worker';
import { OutboxEmail, OutboxStatus } from '../src/mail/outbox-email.entity';
import { createCompany, expectOk, invite, signUp, tokenOf } from './support/fixtures';
import { createTempDatabase } from './support/postgres';
import { ENGINE, startTestServer } from './support/server';

/** Waits (bounded) until `probe` returns something truthy; fails naming `what` otherwise. Not a timing assertion. */
async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A captured message with its headers unfolded and quoted-printable undone, enough to read it as text. */
function readable(raw: string): string {
  return raw
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A real SMTP server on 127.0.0.1 that keeps every message it receives. */
class FakeSmtp {
  messages: string[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      secure: false,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.messages.push(readable(Buffer.concat(chunks).toString('utf8')));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  find(needle: string): string | undefined {
    return this.messages.find((m) => m.includes(needle));
  }
}

describe('Email outbox delivery', () => {
  const smtp = new FakeSmtp();
  let api: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    await smtp.start(0);
    api = await startTestServer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailPollMs: 50, mailRetryBaseMs: 50 });
  });
  afterAll(async () => {
    await api?.stop();
    await smtp.stop();
  });

  const outboxRow = (to: string) => api.db.getRepository(OutboxEmail).findOneByOrFail({ to });

  it('sends an invitation by SMTP, and the invitee joins with the link from the email', async () => {
    const owner = await signUp(api, 'Mail Owner');
    const companyId = await createCompany(api, owner, 'Mailco');
    const email = `mail-invitee-${Date.now()}@example.com`;
    const sent = await invite(api, owner, companyId, email, { message: 'Looking forward to working with you' });

    const message = await waitFor('the invitation email', () => smtp.find(email));
    expect(message).toContain('Subject: Mail Owner invited you to join Mailco on Workroom');
    expect(message).toContain('Looking forward to working with you');
    expect(message).toContain(sent.joinUrl);
    expect(message).toMatch(/^From: Workroom <no-reply@workroom\.localhost>/m);
    const row = await waitFor('the outbox row to be SENT', async () => {
      const r = await outboxRow(email);
      return r.status === OutboxStatus.SENT && r;
    });
    expect(row).toMatchObject({ attempts: 1, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);

    const linkInMail = message.match(/https?:\/\/\S+\/join\/(wr_[\w-]{43})/);
    expect(linkInMail).not.toBeNull();
    const invitee = await signUp(api, 'Mail Invitee', email);
    const res = await api.gql(
      `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { companyMember { role } userErrors { code } } }`,
      { input: { token: linkInMail![1] } },
      invitee.token,
    );
    expect(expectOk(res, 'acceptInvitation').companyMember.role).toBe('RECRUITER');
    expect(tokenOf(sent.joinUrl)).toBe(linkInMail![1]);
  });

  it('keeps an email in the outbox while the mail server is down, and delivers it once it is back', async () => {
    const owner = await signUp(api, 'Outage Owner');
    const companyId = await createCompany(api, owner, 'Outage');
    await smtp.stop();
    const email = `outage-${Date.now()}@example.com`;
    const sent = await invite(api, owner, companyId, email);

    const failed = await waitFor('a failed attempt', async () => {
      const r = await outboxRow(email);
      return r.attempts > 0 && r.lastError !== null && r;
    });
    expect(failed.status).toBe(OutboxStatus.PENDING);
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(smtp.find(email)).toBeUndefined();

    await smtp.start();
    const message = await waitFor('delivery after the outage', () => smtp.find(email));
    expect(message).toContain(sent.joinUrl);
    const row = await waitFor('the outbox row to be SENT', async () => {
      const r = await outboxRow(email);
      return r.status === OutboxStatus.SENT && r;
    });
    expect(row.attempts).toBeGreaterThan(1);
    expect(row.lastError).toBeNull();
  });

  it('gives up with FAILED after the last attempt', async () => {
    await smtp.stop();
    try {
      const email = `doomed-${Date.now()}@example.com`;
      await api.db.getRepository(OutboxEmail).insert(
        Object.assign(new OutboxEmail(), {
          companyId: null,
          to: email,
          subject: 'Doomed',
          text: 'x',
          html: '<p>x</p>',
          status: OutboxStatus.PENDING,
          attempts: MAX_ATTEMPTS - 1,
          nextAttemptAt: new Date(),
        }),
      );
      const row = await waitFor('the email to be FAILED', async () => {
        const r = await outboxRow(email);
        return r.status === OutboxStatus.FAILED && r;
      });
      expect(row.attempts).toBe(MAX_ATTEMPTS);
      expect(row.lastError).toBeTruthy();
      expect(row.sentAt).toBeNull();
    } finally {
      await smtp.start();
    }
  });

  it('never sends one email twice when two workers share the database', async () => {
    // A second worker, as a second server process would run: on PostgreSQL with its own connection pool.
    const second: DataSource = ENGINE === 'postgres' ? await openDatabase(api.config.database) : api.db;
    const worker = startMailWorker(second, { ...api.config, mailPollMs: 5 }, pino({ level: 'silent' }));
    try {
      const batch = `batch-${Date.now()}`;
      const before = smtp.messages.length;
      await api.db.getRepository(OutboxEmail).insert(
        Array.from({ length: 30 }, (_, i) =>
          Object.assign(new OutboxEmail(), {
            companyId: null,
            to: `${batch}-${i}@example.com`,
            subject: `${batch} #${i}`,
            text: 'hello',
            html: '<p>hello</p>',
            status: OutboxStatus.PENDING,
            attempts: 0,
            nextAttemptAt: new Date(),
          }),
        ),
      );
      const sentCount = () =>
        api.db
          .getRepository(OutboxEmail)
          .createQueryBuilder('e')
          .where('e.subject LIKE :p', { p: `${batch} #%` })
          .andWhere('e.status = :s', { s: OutboxStatus.SENT })
          .getCount();
      await waitFor('all 30 to be SENT', async () => (await sentCount()) === 30);
      const received = smtp.messages.slice(before).filter((m) => m.includes(batch));
      expect(received).toHaveLength(30);
      const subjects = received.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]);
      expect(new Set(subjects).size).toBe(30);
    } finally {
      await worker.stop();
      if (second !== api.db) await second.destroy();
    }
  });
});

describe('Email outbox without SMTP_URL', () => {
  const lines: Record<string, unknown>[] = [];
  let app: App;
  let drop: (() => Promise<void>) | null = null;
  let url = '';

  beforeAll(async () => {
    const pg = ENGINE === 'postgres' ? await createTempDatabase() : null;
    drop = pg?.drop ?? null;
    const config: Config = {
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' }),
      database: pg ? { type: 'postgres', url: pg.url } : { type: 'sqlite', file: ':memory:' },
      passwordCost: 10,
      mailPollMs: 20,
    };
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await buildApp(config, pino({ level: 'info' }, sink));
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.stop();
    await drop?.();
  });

  it('keeps invitation email PENDING and logs each one once, without its link', async () => {
    const api = {
      gql: async (query: string, variables?: Record<string, unknown>, token?: string) => {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data?: Record<string, unknown>; errors?: never };
        return { status: res.status, headers: res.headers, data: (body.data ?? null) as never, errors: body.errors };
      },
      db: app.db,
    } as unknown as Parameters<typeof signUp>[0];
    const owner = await signUp(api, 'Offline Owner');
    const companyId = await createCompany(api, owner, 'Offline');
    const first = await invite(api, owner, companyId, 'offline-1@example.com');
    const logged = (to: string) => lines.filter((l) => l.msg === 'email kept in the outbox (SMTP_URL is not set)' && l.to === to);
    await waitFor('the first email to be logged', () => logged('offline-1@example.com').length > 0);
    // Several polls later (the second email is logged by a later poll), the first is still logged once.
    await invite(api, owner, companyId, 'offline-2@example.com');
    await waitFor('the second email to be logged', () => logged('offline-2@example.com').length > 0);
    expect(logged('offline-1@example.com')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain(tokenOf(first.joinUrl));
    expect(lines.some((l) => String(l.msg).startsWith('SMTP_URL is not set'))).toBe(true);
    // The company's emails: the owner's sign-up verification email is the account's (companyId null).
    const rows = (await app.db.getRepository(OutboxEmail).find()).filter((r) => r.companyId !== null);
    expect(rows.map((r) => [r.to, r.status, r.attempts])).toEqual([
      ['offline-1@example.com', 'PENDING', 0],
      ['offline-2@example.com', 'PENDING', 0],
    ]);
  });
});

describe('Mail configuration', () => {
  it('reads MAIL_FROM as an address or "Name <address>", and stops on anything else with one line', () => {
    expect(loadConfig({}).mailFrom).toBe('Workroom <no-reply@workroom.localhost>');
    expect(loadConfig({ MAIL_FROM: 'hello@example.com' }).mailFrom).toBe('hello@example.com');
    expect(loadConfig({ MAIL_FROM: 'Acme Hiring <jobs@acme.example>' }).mailFrom).toBe('Acme Hiring <jobs@acme.example>');
    for (const bad of ['not an address', 'Name <broken>', 'a@b.c\r\nBcc: x@y.z']) {
      expect(() => loadConfig({ MAIL_FROM: bad })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ MAIL_FROM: 'nope' })).toThrow(/^MAIL_FROM="nope" must be/);
  });

  it('polls every 2 s and retries after 30 s by default', () => {
    expect(loadConfig({})).toMatchObject({ mailPollMs: 2000, mailRetryBaseMs: 30_000 });
  });
});

describe('retryDelay', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(40, 30_000)).toBe(MAX_RETRY_DELAY_MS);
  });
});
