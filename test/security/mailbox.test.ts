// Finding 7 of issue 11: the development mailbox showed every staff role every message, including
// Members in Transition mail and the admin's own password-reset links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalRole } from '../../src/db/types.js';
import { EMAIL_QUEUE } from '../../src/lib/email.js';
import { EMAIL_LINKS_QUEUE } from '../../src/modules/accounts/index.js';
import { emailKind } from '../../src/modules/system/email-kinds.js';
import { createAccount, createTestContext, PASSWORD, TEST_TIME_ZONE, type TestClient, type TestContext } from '../helpers.js';
import { dom, rowsOf, termsOf, textOf } from '../html.js';

describe('7. /dev/mailbox shows every staff role every message', () => {
  let ctx: TestContext;
  let resetId: string;
  let transitionId: string;
  const signedIn = async (roles: GlobalRole[]): Promise<TestClient> => {
    const a = await createAccount(ctx, { roles });
    const c = ctx.client();
    await c.signIn(a.email, PASSWORD, a.totpSecret ? { secret: a.totpSecret, clock: ctx.clock } : undefined);
    return c;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const admin = await createAccount(ctx, { roles: ['admin'] });
    await ctx.client().postForm('/password/forgot', { email: admin.email });
    await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    resetId = (await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', admin.email).executeTakeFirstOrThrow()).id;
    const member = await createAccount(ctx, { roles: ['member'] });
    transitionId = await ctx.deps.mail.queue(ctx.deps.db, {
      to: member.email,
      template: 'individuals.transition_received',
      data: { name: 'Pat', url: 'http://civnet.test/me/transition' },
    });
  });
  afterAll(() => ctx?.close());

  it('staff who are not admins cannot open it, nor any message in it', async () => {
    for (const role of ['membership', 'finance', 'advisor', 'programs', 'communications', 'ethics', 'partnerships'] as const) {
      const c = await signedIn([role]);
      expect((await c.get('/dev/mailbox')).statusCode, role).toBe(403);
      expect((await c.get(`/dev/mailbox/${resetId}`)).statusCode, role).toBe(403);
      expect((await c.get('/staff')).body, role).not.toContain('/dev/mailbox');
    }
  });

  it('a staff admin reads ordinary mail but never Members in Transition mail without that permission', async () => {
    const admin = await signedIn(['admin']);
    const list = await admin.get('/dev/mailbox');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/dev/mailbox/${resetId}`);
    expect(list.body).not.toContain(`/dev/mailbox/${transitionId}`);
    expect(list.body).not.toContain('We received your request for support');
    expect((await admin.get(`/dev/mailbox/${transitionId}`)).statusCode).toBe(404);
  });

  it('shows when each message was queued in the association’s time zone, named, not in UTC', async () => {
    const admin = await signedIn(['admin']);
    const row = await ctx.deps.db.selectFrom('outbox').select(['created_at', 'status']).where('id', '=', resetId).executeTakeFirstOrThrow();
    // America/New_York, the test association's zone: 'Dec 1, 2026, 7:00 PM EST'
    const local = new Intl.DateTimeFormat('en-US', { timeZone: TEST_TIME_ZONE, month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' })
      .format(row.created_at)
      .replace(' at ', ', ');
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: TEST_TIME_ZONE, timeZoneName: 'short' }).formatToParts(row.created_at).find((x) => x.type === 'timeZoneName')?.value;
    const list = await admin.get('/dev/mailbox');
    expect(list.body).toContain(`${local} ${zone}`);
    expect(list.body).not.toContain(' UTC');
    expect(list.body).not.toMatch(/<td[^>]*>(kept|queued|sent|failed)<\/td>/);
    const one = await admin.get(`/dev/mailbox/${resetId}`);
    expect(one.body).toContain(`${local} ${zone}`);
  });

  it('an admin who also holds the transition permission reads it', async () => {
    const reviewer = await signedIn(['admin', 'transition']);
    const one = await reviewer.get(`/dev/mailbox/${transitionId}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('We received your request for support');
  });

  it('is off whenever SMTP_URL is set, even in development', async () => {
    const smtp = await createTestContext({ env: { SMTP_URL: 'smtp://127.0.0.1:2525' } });
    try {
      const admin = await createAccount(smtp, { roles: ['admin'] });
      const c = smtp.client();
      await c.signIn(admin.email, PASSWORD, { secret: admin.totpSecret ?? '', clock: smtp.clock });
      expect((await c.get('/dev/mailbox')).statusCode).toBe(404);
      expect((await c.get('/staff')).body).not.toContain('/dev/mailbox');
    } finally {
      await smtp.close();
    }
  });
});

describe('the links listed under a message end where a mail client ends them', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('trailing quotes, brackets and punctuation are not part of a link; brackets inside one are; other schemes are not listed', async () => {
    const member = await createAccount(ctx, { roles: ['member'] });
    const body = [
      'Read "http://evil.example/a") now.',
      'The agenda (https://civnet.test/events/x?y=1&z=(2)).',
      'Sign in at <https://civnet.test/login>, then see https://civnet.test/me/events.',
      "Or 'https://civnet.test/q'! And javascript:alert(1) or ftp://files.example/x;",
    ].join('\n\n');
    const id = await ctx.deps.mail.queue(ctx.deps.db, {
      to: member.email,
      template: 'events.registrants_message',
      data: { event: 'Links Day', subject: 'Links', body, url: 'https://civnet.test/events/links-day' },
    });
    const admin = await createAccount(ctx, { roles: ['admin'] });
    const c = ctx.client();
    await c.signIn(admin.email, PASSWORD, { secret: admin.totpSecret ?? '', clock: ctx.clock });
    const page = await c.get(`/dev/mailbox/${id}`);
    expect(page.statusCode).toBe(200);
    const links = dom(page.body)
      .querySelectorAll('main a.mail-link')
      .map((a) => [a.getAttribute('href'), a.text.trim()]);
    expect(links.map(([href]) => href)).toEqual([
      'http://evil.example/a',
      'https://civnet.test/events/x?y=1&z=(2)',
      'https://civnet.test/login',
      'https://civnet.test/me/events',
      'https://civnet.test/q',
      'https://civnet.test/events/links-day',
    ]);
    for (const [href, text] of links) expect(text).toBe(href);
  });
});

describe('the mailbox says what it is, names each email’s kind in words and lists each link once', () => {
  let ctx: TestContext;
  let admin: TestClient;
  beforeAll(async () => {
    ctx = await createTestContext();
    const a = await createAccount(ctx, { roles: ['admin'] });
    admin = ctx.client();
    await admin.signIn(a.email, PASSWORD, { secret: a.totpSecret ?? '', clock: ctx.clock });
  });
  afterAll(() => ctx?.close());

  it('says that nothing is delivered while it exists (it is off whenever SMTP is set)', async () => {
    const intro = textOf((await admin.get('/dev/mailbox')).body, 'main h1 + p');
    expect(intro).toContain('nothing is delivered');
    expect(intro).not.toMatch(/delivered and also listed/);
  });

  it('a message’s page names its kind of email in words, never the template’s code', async () => {
    const member = await createAccount(ctx, { roles: ['member'] });
    const id = await ctx.deps.mail.queue(ctx.deps.db, {
      to: member.email,
      template: 'accounts.password_reset',
      data: { name: 'Pat', url: 'https://civnet.test/password/reset?t=x', minutes: 30 },
    });
    const page = (await admin.get(`/dev/mailbox/${id}`)).body;
    expect(termsOf(page)).toContainEqual(['Kind of email', 'Accounts and signing in']);
    expect(textOf(page, 'main')).not.toContain('accounts.password_reset');
    // every template the app sends has words for its kind
    const unnamed = [...ctx.deps.mail.templates.keys()].filter((name) => emailKind(name) === 'Other email');
    expect(unnamed).toEqual([]);
  });

  it('a recipient filter too long to be an address is refused beside the field, not with a server error', async () => {
    const res = await admin.get(`/dev/mailbox?to=${'a'.repeat(300)}`);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body, '.error-summary li')).toBe('Recipient: Use at most 254 characters.');
    expect(rowsOf(res.body, 'Latest messages')).toEqual([['Nothing is listed until the recipient is corrected.']]);
    expect(rowsOf((await admin.get('/dev/mailbox?to=nobody%40example.org')).body, 'Latest messages')).toEqual([['No messages to this recipient.']]);
    const hostile = await admin.get('/dev/mailbox?to=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toContain('<script>alert(1)');
  });

  it('a link the message repeats is listed once, in the order links first appear', async () => {
    const member = await createAccount(ctx, { roles: ['member'] });
    const body = 'Agenda: https://civnet.test/a. Map: https://civnet.test/b. Again the agenda: https://civnet.test/a';
    const id = await ctx.deps.mail.queue(ctx.deps.db, {
      to: member.email,
      template: 'events.registrants_message',
      data: { event: 'Twice Day', subject: 'Twice', body, url: 'https://civnet.test/b' },
    });
    const page = (await admin.get(`/dev/mailbox/${id}`)).body;
    const hrefs = dom(page)
      .querySelectorAll('main a.mail-link')
      .map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://civnet.test/a', 'https://civnet.test/b']);
  });
});
