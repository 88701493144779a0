// Members in Transition (I6): a confidential request and its outcome are seen by the member and
// by staff holding the `transition` permission only — not other members, not admin, membership
// or finance staff without it (pages and API), not the audit log's before/after. Approval waives
// dues in six-month steps that move the term end, and stops at three years in all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, textOf } from '../../../test/html.js';
import { formatDay } from '../../lib/format.js';
import { addDays, applyPayment } from '../billing/index.js';
import { addMonths } from './dues.js';

const SECRET = 'Dismissed after the council election; spouse ill';
const NOTE = 'Approved with our best wishes for the search';

let ctx: TestContext;
let levels: Record<string, string>;
let reviewer: TestClient;
const staff = new Map<string, TestClient>();

async function activeMember() {
  const j = await joinAsManager(ctx, levels);
  await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: j.invoiceId, amountCents: 92_625, method: 'check' }));
  const m = await ctx.deps.db.selectFrom('individual_memberships').select('term_end').where('id', '=', j.membershipId).executeTakeFirstOrThrow();
  return { ...j, termEnd: m.term_end ?? '' };
}

let reviewerEmail = '';
/** the association's address, which the page gives a member whose situation changes */
let writeTo = '';

/** The member's request, sent through the page; its id (the member's one request under review). */
async function request(a: { client: TestClient; userId: string }) {
  const res = await a.client.postForm('/me/transition', { circumstances: SECRET, separation_on: '2026-01-15' });
  expect(res.statusCode).toBe(303);
  const r = await ctx.deps.db.selectFrom('transition_requests').select('id').where('user_id', '=', a.userId).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return r.id;
}

async function decide(id: string, body: Record<string, string>) {
  return reviewer.postForm(`/staff/transition/${id}`, body);
}

/** Moves the test clock to the day after the member's last waived day (a member asks again only
 * once a waiver is over), and signs the member and the reviewer in again: their sessions ended. */
async function pastWaiver(a: { client: TestClient; email: string; userId: string }) {
  const last = await ctx.deps.db
    .selectFrom('dues_waivers')
    .select((eb) => eb.fn.max('to_date').as('to'))
    .where('user_id', '=', a.userId)
    .executeTakeFirstOrThrow();
  // midday of that day in the association's zone: a jump of whole days from near midnight would
  // land a day off across a change of summer time
  ctx.clock.set(`${addDays(String(last.to), 1)}T17:00:00Z`);
  await a.client.signIn(a.email);
  await reviewer.signIn(reviewerEmail);
}

const transitionRows = (userId: string) =>
  ctx.deps.db.selectFrom('transition_requests').select(['id', 'status', 'circumstances']).where('user_id', '=', userId).orderBy('id').execute();

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
  const t = await createAccount(ctx, { roles: ['membership', 'transition'] });
  reviewerEmail = t.email;
  writeTo = (await ctx.deps.association.get()).contact_email;
  reviewer = ctx.client();
  await reviewer.signIn(t.email);
  for (const role of ['admin', 'membership', 'finance'] as const) {
    const a = await createAccount(ctx, { roles: [role] });
    const c = ctx.client();
    await c.signIn(a.email, PASSWORD, a.totpSecret ? { secret: a.totpSecret, clock: ctx.clock } : undefined);
    staff.set(role, c);
  }
});
afterAll(() => ctx?.close());

describe('Members in Transition', () => {
  it('the request and its outcome are invisible to other members and to staff without the permission', async () => {
    const a = await activeMember();
    const id = await request(a);
    const other = await activeMember();

    // The member sees their own request; another member sees nothing of it.
    expect((await a.client.get('/me/transition')).body).toContain('Under review');
    const theirs = await other.client.get('/me/transition');
    expect(theirs.body).not.toContain('Under review');
    expect(theirs.body).not.toContain(SECRET);

    const outsiders: Array<[string, TestClient]> = [['member', other.client], ...staff];
    for (const [who, c] of outsiders) {
      for (const url of ['/staff/transition', `/staff/transition/${id}`]) {
        const res = await c.get(url);
        expect(res.statusCode, `${who} ${url}`).toBe(403);
        expect(res.body).not.toContain(SECRET);
      }
      const post = await c.postForm(`/staff/transition/${id}`, { decision: 'approve', steps: '1' });
      expect(post.statusCode, `${who} POST`).toBe(403);
    }

    // The reviewer reads it (the read is audited) and approves.
    const queue = await reviewer.get('/staff/transition');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/staff/transition/${id}`);
    const page = await reviewer.get(`/staff/transition/${id}`);
    expect(page.body).toContain(SECRET);
    const approved = await decide(id, { decision: 'approve', steps: '2', note: NOTE });
    expect(approved.statusCode).toBe(303);

    // Nowhere else: finance's pages, admin's audit log (page and API), the member directory.
    const finance = staff.get('finance');
    const admin = staff.get('admin');
    const pages: Array<[TestClient | undefined, string]> = [
      [finance, '/staff/individuals'],
      [finance, `/staff/individuals/${a.membershipId}`],
      [finance, '/staff/invoices'],
      [admin, '/staff/audit'],
      [admin, '/api/v1/audit'],
      [other.client, '/directory'],
      [other.client, '/api/v1/directory?q=Robin'],
      [other.client, '/me/membership'],
    ];
    for (const [c, url] of pages) {
      const res = url.startsWith('/api/') ? await c?.getJson(url) : await c?.get(url);
      for (const text of [SECRET, NOTE, 'Members in Transition: dues waived', 'Zero-amount renewals']) expect(res?.body, url).not.toContain(text);
    }
    for (const url of ['/staff/audit', '/staff/audit?entityType=transition_request', '/api/v1/audit?entityType=transition_request']) {
      const res = url.startsWith('/api/') ? await admin?.getJson(url) : await admin?.get(url);
      expect(res?.statusCode, url).toBe(200);
      expect(res?.body, url).not.toContain('individuals.transition');
      expect(res?.body, url).not.toContain(id);
    }
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'transition_request').execute();
    expect(audit.map((r) => r.action).sort()).toEqual([
      'individuals.transition_approved',
      'individuals.transition_queue_viewed',
      'individuals.transition_requested',
      'individuals.transition_viewed',
    ]);
    expect(JSON.stringify(audit)).not.toContain('election');
    expect(JSON.stringify(audit)).not.toContain(NOTE);

    // The member sees the outcome as zero-amount renewals with the reason, and an email.
    await a.client.signIn(a.email);
    const mine = await a.client.get('/me/membership');
    expect(mine.body).toContain('Zero-amount renewals');
    expect(mine.body).toContain('Members in Transition: dues waived');
    expect(mine.body).toContain('$0.00');
    const mail = await ctx.deps.db
      .selectFrom('outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', a.email)
      .where('template', '=', 'individuals.transition_decided')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain('approved');
    expect(mail.body_text).not.toContain(SECRET);
  });

  it('waivers extend the term in six-month steps and stop at three years', async () => {
    const a = await activeMember();
    const first = await request(a);
    expect((await decide(first, { decision: 'approve', steps: '1' })).statusCode).toBe(303);
    const termEnd = async () =>
      (await ctx.deps.db.selectFrom('individual_memberships').select('term_end').where('id', '=', a.membershipId).executeTakeFirstOrThrow()).term_end ?? '';
    const afterOne = await termEnd();
    // six months on from the day after the term ended, less a day
    expect(afterOne).toBe(addDays(addMonths(addDays(a.termEnd, 1), 6), -1));
    expect(afterOne > a.termEnd).toBe(true);

    await pastWaiver(a);
    const second = await request(a);
    expect((await decide(second, { decision: 'approve', steps: '5' })).statusCode).toBe(303);
    const waivers = await ctx.deps.db.selectFrom('dues_waivers').select(['months', 'from_date', 'to_date']).where('user_id', '=', a.userId).orderBy('from_date').execute();
    expect(waivers).toHaveLength(6);
    expect(waivers.every((w) => w.months === 6)).toBe(true);
    for (let k = 1; k < waivers.length; k++) expect(waivers[k]?.from_date).toBe(addDays(waivers[k - 1]?.to_date ?? '', 1));
    expect(await termEnd()).toBe(waivers[5]?.to_date);

    // 36 months used: once the waiver is over, the page offers no form and says so; a forged
    // request is refused (409) and nothing changes.
    await pastWaiver(a);
    const page = await a.client.get('/me/transition');
    expect(textOf(page.body, '#standing')).toBe(`Your dues have been waived for three years in all, the most we can waive. If your situation changes, write to us at ${writeTo}.`);
    expect(page.body).not.toContain('Send my request');
    const before = await transitionRows(a.userId);
    const forged = await a.client.postForm('/me/transition', { circumstances: 'Still looking', separation_on: '' });
    expect(forged.statusCode).toBe(409);
    expect(textOf(forged.body, '.error-summary')).toContain('Your dues have been waived for three years in all');
    expect(await transitionRows(a.userId)).toEqual(before);
    expect(await ctx.deps.db.selectFrom('dues_waivers').select('id').where('user_id', '=', a.userId).execute()).toHaveLength(6);
  });

  it('after approval, /me/transition says how many months of dues are waived and until when, and how many are left', async () => {
    const a = await activeMember();
    const id = await request(a);
    expect((await decide(id, { decision: 'approve', steps: '2' })).statusCode).toBe(303);
    const from = addDays(a.termEnd, 1);
    const until = addDays(addMonths(from, 12), -1);
    const page = await a.client.get('/me/transition');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, '#waived')).toBe(
      `Approved: your dues are waived for 12 months, from ${formatDay(from)} to ${formatDay(until)}. Your membership stays active with nothing to pay until ${formatDay(until)}; after that, it renews as usual. Waivers go up to three years (36 months) in all, so 24 months are left.`,
    );
    const [row] = rowsOf(page.body, 'Your requests');
    expect(row?.[1]).toBe('Approved');
    expect(row?.[2]).toBe(`12 months, ${formatDay(from)} to ${formatDay(until)}`);
    // the membership page says the waiver is in place rather than offering to ask again
    const mine = await a.client.get('/me/membership');
    expect(textOf(mine.body, '#transition')).toBe(
      `Your dues are waived under Members in Transition until ${formatDay(until)}: there is nothing to ask now. See your Members in Transition requests.`,
    );
  });

  it('a step over the limit names how much is left', async () => {
    const a = await activeMember();
    const id = await request(a);
    expect((await decide(id, { decision: 'approve', steps: '5' })).statusCode).toBe(303);
    await pastWaiver(a);
    const next = await request(a);
    const res = await decide(next, { decision: 'approve', steps: '2' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('at most 6 more months (1 step)');
  });

  it('only members may ask, and one request at a time', async () => {
    const someone = await createAccount(ctx);
    const c = ctx.client();
    await c.signIn(someone.email);
    // the page says so before they write their story, and how to join: no form to fill in vain
    const page = await c.get('/me/transition');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Send my request');
    expect(textOf(page.body, '#standing')).toContain('you have none with us now');
    expect(dom(page.body).querySelector('#standing a[href="/join/individual"]')?.text).toBe('join as a professional');
    const res = await c.postForm('/me/transition', { circumstances: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Members in Transition is for members');
    expect(await transitionRows(someone.id)).toHaveLength(0);
    const a = await activeMember();
    await request(a);
    const twice = await a.client.postForm('/me/transition', { circumstances: 'again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).not.toContain('Send my request');
  });

  it('while a request is under review, /me/transition offers no form, says what happens and whom to write to; a second request is refused (409) and nothing changes', async () => {
    const a = await activeMember();
    await request(a);
    const page = await a.client.get('/me/transition');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Send my request');
    expect(textOf(page.body, '#standing')).toBe(
      `Your request is under review: there is nothing more to send. We will write to you with the outcome. If your situation changes meanwhile (you start a new position, for example), write to us at ${writeTo}.`,
    );
    const before = await transitionRows(a.userId);
    const forged = await a.client.postForm('/me/transition', { circumstances: 'A second story', separation_on: '2026-02-01' });
    expect(forged.statusCode).toBe(409);
    expect(textOf(forged.body, '.error-summary h2')).toBe('Your request was not sent');
    expect(textOf(forged.body, '.error-summary p')).toBe('You have a request under review already; we will write to you with the outcome.');
    expect(forged.body).not.toContain('Send my request');
    expect(await transitionRows(a.userId)).toEqual(before);
  });

  it('while an approved waiver runs, /me/transition says what is in place and whom to write to, offers no form, and refuses a forged request (409) with nothing changed; once it is over, the form is back', async () => {
    const a = await activeMember();
    const id = await request(a);
    expect((await decide(id, { decision: 'approve', steps: '1' })).statusCode).toBe(303);
    const until = addDays(addMonths(addDays(a.termEnd, 1), 6), -1);
    const page = await a.client.get('/me/transition');
    expect(page.body).not.toContain('Send my request');
    expect(textOf(page.body, '#standing')).toBe(
      `Your waiver is in place until ${formatDay(until)}: there is nothing more to ask now. If your situation changes (you start a new position, or you expect to need support beyond ${formatDay(until)}), write to us at ${writeTo}. From ${formatDay(addDays(until, 1))}, you may also ask again on this page.`,
    );
    const before = await transitionRows(a.userId);
    const waivers = await ctx.deps.db.selectFrom('dues_waivers').selectAll().where('user_id', '=', a.userId).execute();
    const forged = await a.client.postForm('/me/transition', { circumstances: 'More please', separation_on: '' });
    expect(forged.statusCode).toBe(409);
    expect(textOf(forged.body, '.error-summary p')).toBe(
      `Your dues are waived until ${formatDay(until)} already: nothing more to ask now. If your situation changes, write to us.`,
    );
    expect(await transitionRows(a.userId)).toEqual(before);
    expect(await ctx.deps.db.selectFrom('dues_waivers').selectAll().where('user_id', '=', a.userId).execute()).toEqual(waivers);
    // The day after it ends, the member may ask again.
    await pastWaiver(a);
    const after = await a.client.get('/me/transition');
    expect(textOf(after.body, '#waived')).toContain(`That waiver ended on ${formatDay(until)}.`);
    expect(textOf(after.body, '#standing')).toBe('If you still need support, you may ask again below.');
    expect(after.body).toContain('Send my request');
  });

  it('after a request is declined, /me/transition shows it as not approved with the note, and offers the form again', async () => {
    const a = await activeMember();
    const id = await request(a);
    expect((await decide(id, { decision: 'decline', note: 'Please send the letter of separation' })).statusCode).toBe(303);
    const page = await a.client.get('/me/transition');
    const [row] = rowsOf(page.body, 'Your requests');
    expect(row?.slice(1)).toEqual(['Not approved', '—', 'Please send the letter of separation']);
    expect(textOf(page.body, '#standing')).toBe(
      `Your last request was not approved: the note from staff is in the table above. If your circumstances have changed, or there is more we should know, you may ask again below, or write to us at ${writeTo}.`,
    );
    expect(page.body).toContain('Send my request');
    expect((await a.client.postForm('/me/transition', { circumstances: 'Here is the letter', separation_on: '' })).statusCode).toBe(303);
  });

  it('each holder of the permission is emailed that a request waits, with nothing of what it says or who sent it', async () => {
    const a = await activeMember();
    const waiting = () =>
      ctx.deps.db.selectFrom('outbox').select(['id', 'to_address', 'subject', 'body_text', 'body_html']).where('template', '=', 'individuals.transition_waiting').execute();
    const seen = new Set((await waiting()).map((m) => m.id));
    await request(a);
    const sent = (await waiting()).filter((m) => !seen.has(m.id));
    expect(sent.map((m) => m.to_address)).toEqual([reviewerEmail]);
    expect(sent[0]?.subject).toBe('A Members in Transition request is waiting for review');
    expect(sent[0]?.body_text).toContain('/staff/transition');
    for (const text of [SECRET, a.email, '2026-01-15']) expect(JSON.stringify(sent)).not.toContain(text);
    // Nobody without the permission is told (staff admins included).
    const others = await ctx.deps.db.selectFrom('outbox').select('to_address').where('template', '=', 'individuals.transition_waiting').execute();
    expect(new Set(others.map((o) => o.to_address))).toEqual(new Set([reviewerEmail]));
  });
});
