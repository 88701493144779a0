// Email: rendered into the outbox with the change, delivered over real SMTP with retries,
// or kept for the development mailbox.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, PASSWORD, type TestContext } from '../../test/helpers.js';
import { EMAIL_LINKS_QUEUE } from '../modules/accounts/index.js';
import { checkHeaders, EMAIL_QUEUE, emailHtml, emailHtmlWithPreact } from './email.js';

interface Received {
  to: string[];
  raw: string;
}

async function startSmtp(opts: { reject?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (opts.reject) cb(new Error('mailbox unavailable'));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('the HTML of a message', () => {
  it('is written out byte for byte as preact renders its element tree, escapes included', () => {
    const samples = ['', 'plain', 'a "quoted" & <tag> > gt', '&amp; already', 'it’s — ok', '<script>alert(1)</script>', '  spaced  '];
    let compared = 0;
    for (const a of samples) {
      for (const b of samples) {
        const withAction = { subject: a + b, paragraphs: [a, b, `${b}${a}`], action: { label: b, url: `https://example.org/?q=${a}` } };
        const without = { subject: a, paragraphs: [b] };
        for (const signature of [[a], [a, b], ['', b, '']]) {
          expect(emailHtml(withAction, signature)).toBe(emailHtmlWithPreact(withAction, signature));
          expect(emailHtml(without, signature)).toBe(emailHtmlWithPreact(without, signature));
          compared += 2;
        }
      }
    }
    expect(compared).toBe(294);
    expect(emailHtml({ subject: 'S & "T"', paragraphs: ['<b>'] }, ['— A', 'B'])).toBe(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>S &amp; &quot;T&quot;</title></head><body><p>&lt;b></p><p class="signature">— A<br/>B</p></body></html>',
    );
  });
});

const outboxFor = (ctx: TestContext, email: string) => ctx.deps.db.selectFrom('outbox').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();

describe('without SMTP', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('keeps messages for the development mailbox, readable by staff admins only', async () => {
    const user = await createAccount(ctx);
    await ctx.client().postForm('/password/forgot', { email: user.email });
    await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
    expect((await outboxFor(ctx, user.email)).status).toBe('queued');
    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    const msg = await outboxFor(ctx, user.email);
    expect(msg.status).toBe('kept');
    const staff = await createAccount(ctx, { roles: ['admin'] });
    const c = ctx.client();
    await c.signIn(staff.email, PASSWORD, { secret: staff.totpSecret ?? '', clock: ctx.clock });
    const list = await c.get(`/dev/mailbox?to=${encodeURIComponent(user.email)}`);
    expect(list.body).toContain('Reset your Test Association password');
    const one = await c.get(`/dev/mailbox/${msg.id}`);
    expect(one.body).toContain('http://civnet.test/password/reset?token=');
    const member = await createAccount(ctx, { roles: ['member'] });
    const m = ctx.client();
    await m.signIn(member.email);
    expect((await m.get('/dev/mailbox')).statusCode).toBe(403);
  });
});

describe('queued inside a transaction', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('does not wait on the root connection when the association cache is cold (PGlite has one)', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    await c.csrf();
    ctx.deps.association.invalidate();
    const res = await c.postForm('/password/forgot', { email: user.email });
    await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
    expect(res.statusCode).toBe(200);
    expect((await outboxFor(ctx, user.email)).subject).toBe('Reset your Test Association password');
  }, 10_000);
});

describe('in production mode', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => ctx?.close());

  it('has no development mailbox, and sets __Host- secure session cookies', async () => {
    const staff = await createAccount(ctx, { roles: ['membership'] });
    const c = ctx.client();
    const res = await c.postForm('/login', { email: staff.email, password: 'a long test passphrase' });
    const cookie = (res.cookies as Array<{ name: string; secure?: boolean; httpOnly?: boolean; sameSite?: string; path?: string }>).find((x) => x.name === '__Host-civnet_sid');
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect((await c.get('/dev/mailbox')).statusCode).toBe(404);
    expect(res.headers['strict-transport-security']).toContain('max-age=');
  });
});

describe('over SMTP', () => {
  it('delivers a queued message to a real SMTP server, once', async () => {
    const smtp = await startSmtp();
    const ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
    try {
      const user = await createAccount(ctx);
      await ctx.client().postForm('/password/forgot', { email: user.email });
      await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
      await ctx.deps.jobs.drain(EMAIL_QUEUE);
      expect(smtp.received.length).toBe(1);
      expect(smtp.received[0]?.to).toEqual([user.email]);
      expect(smtp.received[0]?.raw).toContain('Subject: Reset your Test Association password');
      const msg = await outboxFor(ctx, user.email);
      expect(msg.status).toBe('sent');
      expect(msg.attempts).toBe(1);
      // a second delivery job for the same message sends nothing
      await ctx.deps.jobs.send(ctx.deps.db, EMAIL_QUEUE, { outboxId: msg.id });
      await ctx.deps.jobs.drain(EMAIL_QUEUE);
      expect(smtp.received.length).toBe(1);
    } finally {
      await ctx.close();
      await smtp.close();
    }
  });

  it('sends the headers a message was queued with, and refuses a header that could inject another', async () => {
    const smtp = await startSmtp();
    const ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
    try {
      const user = await createAccount(ctx);
      const unsubscribe = '<https://civnet.test/u/abc>, <mailto:unsubscribe@civnet.test>';
      const template = [...ctx.deps.mail.templates.keys()][0] ?? '';
      const data = { name: 'N', url: 'https://civnet.test/x', expiresInMinutes: 5, email: user.email, token: 't' };
      await ctx.deps.mail.queue(ctx.deps.db, {
        to: user.email,
        template,
        data,
        headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      await ctx.deps.jobs.drain(EMAIL_QUEUE);
      expect(smtp.received.length).toBe(1);
      const raw = (smtp.received[0]?.raw ?? '').replace(/\r\n[ \t]+/g, ' ');
      expect(raw).toContain(`List-Unsubscribe: ${unsubscribe}`);
      expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      for (const headers of <Array<Record<string, string>>>[{ 'X-Note': 'a\r\nBcc: victim@example.org' }, { Bcc: 'victim@example.org' }, { 'Bad Name': 'x' }])
        await expect(ctx.deps.mail.queue(ctx.deps.db, { to: user.email, template, data, headers })).rejects.toThrow(/header/);
      expect(checkHeaders({ Precedence: 'bulk' })).toEqual({ Precedence: 'bulk' });
    } finally {
      await ctx.close();
      await smtp.close();
    }
  });

  it('records a failed delivery and leaves the message queued for a retry', async () => {
    const smtp = await startSmtp({ reject: true });
    const ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
    try {
      const user = await createAccount(ctx);
      await ctx.client().postForm('/password/forgot', { email: user.email });
      await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
      await ctx.deps.jobs.drain(EMAIL_QUEUE);
      const msg = await outboxFor(ctx, user.email);
      expect(msg.status).toBe('queued');
      expect(msg.attempts).toBe(1);
      expect(msg.last_error).toContain('mailbox unavailable');
      expect(smtp.received.length).toBe(0);
    } finally {
      await ctx.close();
      await smtp.close();
    }
  });
});
