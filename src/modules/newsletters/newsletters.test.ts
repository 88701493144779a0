// Newsletters through their public surface: double opt-in (an unconfirmed address gets nothing but
// its confirmation; an expired link says so), the one-click unsubscribe (no session, no CSRF token,
// one subscription and nothing else), campaigns over real SMTP (RFC 8058 headers, postal address,
// suppression list, a hard bounce suppressed), the report, and the archive.

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, anEvent, aRegistration, confirmedSubscribers, memberContacts, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, latestLinkTo, pathOf, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom, errorOf } from '../../../test/html.js';
import { EMAIL_QUEUE } from '../../lib/email.js';
import { FORM_MAIL_PER_ADDRESS } from '../../lib/form-mail-limit.js';
import { runCampaign } from './index.js';
import { countSegment, pendingRecipients } from './segment.js';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server; addresses starting "bounce-" are refused with 550 (a hard bounce). */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('bounce-')) cb(Object.assign(new Error('5.1.1 no such mailbox'), { responseCode: 550 }));
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

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://civnet.test' } });
  await ctx.deps.db.updateTable('association').set({ address: '100 Main Street\nSpringfield, IL 62701' }).where('id', '=', 1).execute();
  ctx.deps.association.invalidate();
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

const outboxTo = (email: string) => ctx.deps.db.selectFrom('outbox').selectAll().where('to_address', '=', email).orderBy('created_at').execute();
const subscription = (email: string, listId: string) =>
  ctx.deps.db
    .selectFrom('newsletter_subscriptions as s')
    .innerJoin('newsletter_subscribers as b', 'b.id', 's.subscriber_id')
    .select(['s.status', 's.unsubscribed_campaign_id'])
    .where('b.email', '=', email)
    .where('s.list_id', '=', listId)
    .executeTakeFirst();

async function signUp(email: string, listIds: string[]) {
  const body: Record<string, string> = { email };
  for (const id of listIds) body[`list_${id}`] = 'yes';
  const res = await ctx.client().postForm('/newsletters', body);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.body).toContain('Check your inbox');
}

/** Writes a campaign through staff's pages and sends it now; returns its id. */
async function sendCampaign(staff: Awaited<ReturnType<typeof signedInStaff>>, listId: string, o: Record<string, string> = {}) {
  const made = await staff.client.postForm('/staff/newsletters/campaigns', { listId, subject: 'Spring issue', body: 'Hello **members**.\n\n<script>alert(1)</script>', ...o });
  expect(made.statusCode, made.body.slice(0, 500)).toBe(303);
  const id = String(made.headers.location).split('/').pop() ?? '';
  // Without the box ticked, nothing goes: the page says why and the campaign stays a draft.
  const unconfirmed = await staff.client.postForm(`/staff/newsletters/campaigns/${id}/release`, { when: 'now' });
  expect(unconfirmed.statusCode).toBe(400);
  expect(errorOf(unconfirmed.body, 'confirm').message).toBe('Tick the box to confirm: once sending starts, a newsletter cannot be called back.');
  expect((await ctx.deps.db.selectFrom('newsletter_campaigns').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('draft');
  const sent = await staff.client.postForm(`/staff/newsletters/campaigns/${id}/release`, { when: 'now', confirm: 'yes' });
  expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
  await runCampaign(ctx.deps, id, { pace: false });
  return id;
}

describe('double opt-in', () => {
  it('an unconfirmed address gets nothing but its confirmation, and gets the campaign once confirmed', async () => {
    const staff = await signedInStaff(ctx, 'communications');
    const list = await aNewsletterList(ctx);
    const email = uniqueEmail('optin');
    await signUp(email, [list.id]);
    expect((await subscription(email, list.id))?.status).toBe('pending');
    await confirmedSubscribers(ctx, list.id, [uniqueEmail('already')]); // a campaign must reach someone to be sent
    await sendCampaign(staff, list.id);
    const before = await outboxTo(email);
    expect(before.map((m) => m.template)).toEqual(['newsletters.confirm']);

    const link = await latestLinkTo(ctx, email, 'newsletters.confirm');
    const page = await ctx.client().get(pathOf(link));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm my subscription');
    expect((await subscription(email, list.id))?.status).toBe('pending'); // a GET (a mail scanner) confirms nothing
    const token = new URL(link).searchParams.get('token') ?? '';
    const confirmed = await ctx.client().postForm('/newsletters/confirm', { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Subscription confirmed');
    expect((await subscription(email, list.id))?.status).toBe('subscribed');
    // a used link is not valid again
    expect((await ctx.client().postForm('/newsletters/confirm', { token })).statusCode).toBe(404);

    await sendCampaign(staff, list.id, { subject: 'Summer issue' });
    // The test clock stands still, so the two emails share one created_at: compare as a set.
    expect((await outboxTo(email)).map((m) => m.subject).sort()).toEqual(['Confirm your subscription to Test Association newsletters', 'Summer issue']);
  });

  it('an expired confirmation link says so and subscribes nobody', async () => {
    const list = await aNewsletterList(ctx);
    const email = uniqueEmail('late');
    await signUp(email, [list.id]);
    const link = await latestLinkTo(ctx, email, 'newsletters.confirm');
    ctx.clock.advance(49 * 3_600_000);
    const page = await ctx.client().get(pathOf(link));
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This link has expired');
    const post = await ctx.client().postForm('/newsletters/confirm', { token: new URL(link).searchParams.get('token') ?? '' });
    expect(post.statusCode).toBe(410);
    expect((await subscription(email, list.id))?.status).toBe('pending');
    expect((await ctx.client().get('/newsletters/confirm?token=not-a-real-token-at-all-1234')).statusCode).toBe(404);
  });

  it('sends one address a few confirmations an hour at most, however often it is typed in', async () => {
    const list = await aNewsletterList(ctx);
    const email = uniqueEmail('flooded');
    for (let i = 0; i < FORM_MAIL_PER_ADDRESS + 2; i++) {
      ctx.clock.advance(60_000); // a minute apart, all within the hour
      await signUp(email, [list.id]);
    }
    const sent = await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', email).where('template', '=', 'newsletters.confirm').execute();
    expect(sent).toHaveLength(FORM_MAIL_PER_ADDRESS);
    // the last link sent still works: the refused sign-ups changed nothing
    const link = await latestLinkTo(ctx, email, 'newsletters.confirm');
    expect((await ctx.client().postForm('/newsletters/confirm', { token: new URL(link).searchParams.get('token') ?? '' })).statusCode).toBe(200);
    expect((await subscription(email, list.id))?.status).toBe('subscribed');
  });

  it('refuses a sign-up without a list or with a bad address, and a members-only list to a visitor', async () => {
    const members = await aNewsletterList(ctx, { audience: 'members' });
    const pub = await aNewsletterList(ctx);
    const noList = await ctx.client().postForm('/newsletters', { email: uniqueEmail('x') });
    expect(noList.statusCode).toBe(400);
    expect(noList.body).toContain('Choose at least one newsletter.');
    const bad = await ctx.client().postForm('/newsletters', { email: 'not an address', [`list_${pub.id}`]: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address');
    const email = uniqueEmail('sneaky');
    const sneaky = await ctx.client().postForm('/newsletters', { email, [`list_${members.id}`]: 'yes' });
    expect(sneaky.statusCode).toBe(400);
    expect(await subscription(email, members.id)).toBeUndefined();
  });
});

describe('a campaign over SMTP', () => {
  it('carries RFC 8058 headers and the postal address, skips suppressed addresses, and records a hard bounce', async () => {
    const staff = await signedInStaff(ctx, 'communications');
    const list = await aNewsletterList(ctx, { name: 'Policy news' });
    const reader = uniqueEmail('reader');
    const suppressed = uniqueEmail('gone');
    const bounce = uniqueEmail('bounce');
    await confirmedSubscribers(ctx, list.id, [reader, suppressed, bounce]);
    const complaint = await staff.client.postForm('/staff/newsletters/suppressions', { email: suppressed, reason: 'complained', detail: 'feedback loop' });
    expect(complaint.statusCode).toBe(303);

    const id = await sendCampaign(staff, list.id);
    expect(await outboxTo(suppressed)).toEqual([]);
    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    const got = smtp.received.filter((m) => m.to.includes(reader));
    expect(got).toHaveLength(1);
    const raw = (got[0]?.raw ?? '').replace(/\r\n[ \t]+/g, ' ');
    const header = /^List-Unsubscribe: <(https:\/\/civnet\.test\/newsletters\/unsubscribe\/[^>\s]+)>$/m.exec(raw);
    expect(header, raw.slice(0, 1500)).not.toBeNull();
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const html = raw.split('Content-Type: text/html')[1] ?? '';
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // the Markdown's raw HTML is escaped
    expect(html).not.toContain('<script>');
    expect(raw).toContain('Springfield, IL 62701');

    // the refused address is on the suppression list as a hard bounce, and gets no next campaign
    const bounced = await ctx.deps.db.selectFrom('newsletter_suppressions').selectAll().where('email', '=', bounce).executeTakeFirst();
    expect(bounced?.reason).toBe('bounced');
    expect(bounced?.detail).toContain('550');
    await sendCampaign(staff, list.id, { subject: 'Second' });
    expect((await outboxTo(bounce)).map((m) => m.subject)).toEqual(['Spring issue']);

    // The one-click POST: no cookie, no CSRF token, exactly as a mail client sends it.
    const url = pathOf(header?.[1] ?? '');
    const res = await ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
    expect(await subscription(reader, list.id)).toEqual({ status: 'unsubscribed', unsubscribed_campaign_id: id });
    const report = await staff.client.get(`/staff/newsletters/campaigns/${id}`);
    expect(report.body).toMatch(/Unsubscribed from it<\/dt>\s*<dd>1</);
    expect(report.body).toMatch(/Sent<\/dt>\s*<dd>1</);
  });

  it('the one-click link changes that one subscription and nothing else, and a tampered link nothing at all', async () => {
    const a = await aNewsletterList(ctx);
    const b = await aNewsletterList(ctx);
    const email = uniqueEmail('two');
    await confirmedSubscribers(ctx, a.id, [email]);
    await confirmedSubscribers(ctx, b.id, [email]);
    const staff = await signedInStaff(ctx, 'communications');
    await sendCampaign(staff, a.id);
    const [msg] = await outboxTo(email);
    const link = /<(https:[^>]+)>/.exec(msg?.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    const path = pathOf(link);
    const post = (url: string, payload = 'List-Unsubscribe=One-Click') =>
      ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    // the same token on the other list, or altered, or without it: refused, nothing changes
    expect((await post(path.replace(a.id, b.id))).statusCode).toBe(404);
    expect((await post(path.replace(/t=[^&]+/, 't=forged'))).statusCode).toBe(404);
    expect((await post(path.replace(/[?&]c=[^&]+/, ''))).statusCode).toBe(404);
    expect((await subscription(email, a.id))?.status).toBe('subscribed');
    // extra fields in the body change nothing else; posted as multipart/form-data, as RFC 8058
    // recommends a mail client does (url-encoded above)
    const boundary = 'oneclickboundary';
    const fields: Array<[string, string]> = [
      ['List-Unsubscribe', 'One-Click'],
      [`list_${b.id}`, 'yes'],
      ['action', 'stop'],
      ['email', 'other@example.org'],
    ];
    const multipart = `${fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('')}--${boundary}--\r\n`;
    const res = await ctx.app.inject({ method: 'POST', url: path, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
    expect(res.statusCode).toBe(200);
    expect((await subscription(email, a.id))?.status).toBe('unsubscribed');
    expect((await subscription(email, b.id))?.status).toBe('subscribed');
    expect(await ctx.deps.db.selectFrom('newsletter_suppressions').select('email').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('membership email is never blocked by newsletter choices', async () => {
    const account = await ctx.client().postForm('/password/forgot', { email: uniqueEmail('nobody') });
    expect(account.statusCode).toBeLessThan(500);
    const { createAccount } = await import('../../../test/helpers.js');
    const user = await createAccount(ctx);
    await ctx.client().postForm('/staff/newsletters/suppressions', { email: user.email, reason: 'complained' }); // refused: not staff
    const staff = await signedInStaff(ctx, 'communications');
    await staff.client.postForm('/staff/newsletters/suppressions', { email: user.email, reason: 'complained', detail: '' });
    await ctx.client().postForm('/password/forgot', { email: user.email });
    const link = await latestLinkTo(ctx, user.email);
    expect(link).toContain('/password/reset');
  });
});

describe('segments and members-only lists', () => {
  it('a segment narrows the subscribers; membership alone subscribes nobody', async () => {
    const staff = await signedInStaff(ctx, 'communications');
    const list = await aNewsletterList(ctx, { audience: 'members' });
    const vt = [uniqueEmail('vt'), uniqueEmail('vt')];
    const or = [uniqueEmail('or')];
    const notSubscribed = [uniqueEmail('vtquiet')];
    await memberContacts(ctx, [...vt, ...notSubscribed], { state: 'VT' });
    await memberContacts(ctx, or, { state: 'OR' });
    const stranger = uniqueEmail('stranger'); // subscribed, but not a member: a members-only list skips them
    await confirmedSubscribers(ctx, list.id, [...vt, ...or, stranger]);
    await sendCampaign(staff, list.id, { states: 'VT' });
    for (const e of vt) expect(await outboxTo(e)).toHaveLength(1);
    for (const e of [...or, ...notSubscribed, stranger]) expect(await outboxTo(e)).toHaveLength(0);
    await sendCampaign(staff, list.id, { subject: 'All members' });
    for (const e of [...vt, ...or]) expect((await outboxTo(e)).map((m) => m.subject)).toContain('All members');
    expect(await outboxTo(stranger)).toHaveLength(0);
  });

  it('batches walk the list in address order, past addresses outside the segment, to its end', async () => {
    const list = await aNewsletterList(ctx, { audience: 'members' });
    const emails = Array.from({ length: 40 }, () => uniqueEmail('walk')).sort();
    const inVt = emails.filter((_, i) => i % 3 === 0);
    await memberContacts(ctx, inVt, { state: 'VT' });
    const inOr = emails.filter((_, i) => i % 3 === 1); // members, not in the segment
    await memberContacts(ctx, inOr, { state: 'OR' });
    await confirmedSubscribers(ctx, list.id, emails); // the rest: subscribed, not members
    const campaign = { id: randomUUID(), list_id: list.id, segment: { states: ['VT'] } };
    // as a send does: each batch after the last address of the one before, until one is empty
    const batches: string[][] = [];
    for (let after: string | null = null; ; ) {
      const batch: string[] = (await pendingRecipients(ctx.deps.db, campaign, true, 4, after)).map((r) => r.email);
      if (batch.length === 0) break;
      batches.push(batch);
      after = batch[batch.length - 1] ?? null;
    }
    expect(batches.flat()).toEqual(inVt);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 4, 2]);
    expect(await countSegment(ctx.deps.db, campaign, true)).toBe(inVt.length);
    // no segment: the whole list, members or not, in order
    const all = await pendingRecipients(ctx.deps.db, { ...campaign, segment: {} }, false, 100, emails[9]);
    expect(all.map((r) => r.email)).toEqual(emails.slice(10));
  });
});

describe('a segment by event attendance', () => {
  it('reaches the subscribers checked in at a chosen event, not those only registered', async () => {
    const staff = await signedInStaff(ctx, 'communications');
    const list = await aNewsletterList(ctx);
    const [came, registered, away] = [uniqueEmail('came'), uniqueEmail('registered'), uniqueEmail('away')];
    await memberContacts(ctx, [came, registered, away], { state: 'ME' });
    await confirmedSubscribers(ctx, list.id, [came, registered, away]);
    const event = await anEvent(ctx, { title: 'Harbor resilience workshop', startsInHours: -48 });
    const idOf = async (email: string) => (await ctx.deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    for (const email of [came, registered]) {
      const r = await aRegistration(ctx, { eventId: event.id, ticketTypeId: event.ticketTypeIds[0] ?? '', userId: await idOf(email) });
      if (email === came)
        await ctx.deps.db
          .insertInto('event_attendance')
          .values({ registration_id: r.id, session_id: event.sessionIds[0] ?? '' })
          .execute();
    }
    // the form offers the event (it has attendees) and keeps the choice
    const made = await staff.client.postForm('/staff/newsletters/campaigns', {
      listId: list.id,
      subject: 'For the workshop',
      body: 'Thank you for coming.',
      [`event_${event.id}`]: 'yes',
    });
    expect(made.statusCode).toBe(303);
    const page = await staff.client.get(String(made.headers.location));
    expect(page.body).toContain('Harbor resilience workshop');
    expect(dom(page.body).querySelector(`input[name="event_${event.id}"]`)?.hasAttribute('checked')).toBe(true);
    const id = String(made.headers.location).split('/').pop() ?? '';
    expect((await staff.client.postForm(`/staff/newsletters/campaigns/${id}/release`, { when: 'now', confirm: 'yes' })).statusCode).toBe(303);
    await runCampaign(ctx.deps, id, { pace: false });
    expect((await outboxTo(came)).map((m) => m.subject)).toContain('For the workshop');
    for (const e of [registered, away]) expect((await outboxTo(e)).map((m) => m.subject)).not.toContain('For the workshop');
    // an event id that is not one with attendees is ignored, not stored
    const odd = await staff.client.postForm('/staff/newsletters/campaigns', { listId: list.id, subject: 'Odd', body: 'x', event_00000000: 'yes' });
    expect(odd.statusCode).toBe(303);
  });
});

describe('links in a campaign', () => {
  it('reach the reader away from the site: site-relative links and images absolute, and the text part gives each link’s address', async () => {
    const list = await aNewsletterList(ctx, { name: 'Links brief' });
    const email = uniqueEmail('links');
    await confirmedSubscribers(ctx, list.id, [email]);
    const staff = await signedInStaff(ctx, 'communications');
    await sendCampaign(staff, list.id, {
      subject: 'With links',
      body: 'Read the [Treasury guidance](https://home.treasury.gov/policy) and our [resources page](/resources), or write to [us](mailto:hello@example.org). See https://example.org/plain too.',
    });
    const [msg] = await outboxTo(email);
    const base = ctx.deps.config.publicUrl.replace(/\/$/, '');
    expect(msg?.body_html).toContain(`href="${base}/resources"`);
    expect(msg?.body_html).not.toContain('href="/resources"');
    expect(msg?.body_text).toContain(
      `Read the Treasury guidance (https://home.treasury.gov/policy) and our resources page (${base}/resources), or write to us (hello@example.org).`,
    );
    // a bare address is written once, not twice
    expect(msg?.body_text).toContain('See https://example.org/plain too.');
  });

  it('a test to its author has no links made for nobody: the footer says where each subscriber’s links go', async () => {
    const list = await aNewsletterList(ctx, { name: 'Test brief' });
    const staff = await signedInStaff(ctx, 'communications');
    const made = await staff.client.postForm('/staff/newsletters/campaigns', { listId: list.id, subject: 'Draft issue', body: 'See [the events](/events).' });
    const id = String(made.headers.location).split('/').pop() ?? '';
    // the editor has no image upload, and its hint does not send the author looking for one
    const editor = await staff.client.get(String(made.headers.location));
    expect(editor.body).toContain('Markdown: **bold**');
    expect(editor.body).not.toContain('upload it below');
    expect((await staff.client.postForm(`/staff/newsletters/campaigns/${id}/test`, {})).statusCode).toBe(303);
    const [msg] = await outboxTo(staff.email);
    expect(msg?.subject).toBe('[Test] Draft issue');
    expect(msg?.body_text).toContain('In the issue itself, each subscriber’s own links to manage their subscriptions and to unsubscribe go here.');
    expect(msg?.body_text).not.toContain('Unsubscribe from');
    expect(msg?.body_html).not.toContain('/newsletters/unsubscribe');
    expect(msg?.body_html).toContain(`href="${ctx.deps.config.publicUrl.replace(/\/$/, '')}/events"`);
    expect(Object.keys(msg?.headers ?? {})).not.toContain('List-Unsubscribe');
  });
});

describe('the preferences page and the archive', () => {
  it('is reached by a signed link without signing in; a wrong link is a 404', async () => {
    const list = await aNewsletterList(ctx, { name: 'Weekly brief' });
    const email = uniqueEmail('prefs');
    await confirmedSubscribers(ctx, list.id, [email]);
    const staff = await signedInStaff(ctx, 'communications');
    await sendCampaign(staff, list.id);
    const [msg] = await outboxTo(email);
    const prefs = /Manage your subscriptions: (\S+)/.exec(msg?.body_text ?? '')?.[1] ?? '';
    const page = await ctx.client().get(pathOf(prefs));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(email);
    expect((await ctx.client().get(pathOf(prefs).replace(/t=[^&]+/, 't=nope'))).statusCode).toBe(404);
    const visitor = ctx.client();
    await visitor.get(pathOf(prefs));
    const t = new URL(prefs).searchParams.get('t') ?? '';
    const stop = await visitor.postForm(new URL(prefs).pathname, { t, action: 'stop' });
    expect(stop.statusCode).toBe(200);
    expect((await subscription(email, list.id))?.status).toBe('unsubscribed');
    expect((await ctx.deps.db.selectFrom('newsletter_suppressions').select('reason').where('email', '=', email).executeTakeFirst())?.reason).toBe('unsubscribed');
  });

  it('lists sent issues of public lists only', async () => {
    const staff = await signedInStaff(ctx, 'communications');
    const pub = await aNewsletterList(ctx);
    const members = await aNewsletterList(ctx, { audience: 'members' });
    // each reaches someone (a campaign to nobody is not sent)
    const reader = uniqueEmail('archive');
    await memberContacts(ctx, [reader], { state: 'VT' });
    await confirmedSubscribers(ctx, pub.id, [reader]);
    await confirmedSubscribers(ctx, members.id, [reader]);
    const sent = await sendCampaign(staff, pub.id, { subject: 'Public issue for the archive' });
    const hidden = await sendCampaign(staff, members.id, { subject: 'Members issue never archived' });
    const archive = await ctx.client().get('/newsletters/archive');
    expect(archive.body).toContain('Public issue for the archive');
    expect(archive.body).not.toContain('Members issue never archived');
    expect((await ctx.client().get(`/newsletters/archive/${sent}`)).statusCode).toBe(200);
    expect((await ctx.client().get(`/newsletters/archive/${hidden}`)).statusCode).toBe(404);
  });
});
