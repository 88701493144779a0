// A list's subscribers page (/staff/newsletters/lists/:id/subscribers): communications staff and
// admins only, one list's subscribers at a time, paged, searched by address or account name, each
// with when they signed up and where their subscription stands; what is typed in comes back escaped.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, confirmedSubscribers, signedInStaff } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom, rowsOf, tableOf, textOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const CAPTION = 'Subscribers, by address';
const path = (listId: string, query = '') => `/staff/newsletters/lists/${listId}/subscribers${query}`;
/** The addresses listed (each row's header cell; an empty table has none). */
const addresses = (html: string) =>
  tableOf(html, CAPTION)
    .querySelectorAll('tbody th[scope="row"]')
    .map((th) => th.text.trim());

async function signedIn(opts: Parameters<typeof createAccount>[1]) {
  const account = await createAccount(ctx, opts);
  const client = ctx.client();
  await client.signIn(account.email, PASSWORD, account.totpSecret ? { secret: account.totpSecret, clock: ctx.clock } : undefined);
  return client;
}

describe('who may see a list’s subscribers', () => {
  it('communications staff and admins only; an unknown list is a 404', async () => {
    const list = await aNewsletterList(ctx);
    await confirmedSubscribers(ctx, list.id, [uniqueEmail('who')]);
    const comms = (await signedInStaff(ctx, 'communications')).client;
    expect((await comms.get(path(list.id))).statusCode).toBe(200);
    expect((await (await signedIn({ roles: ['admin'] })).get(path(list.id))).statusCode).toBe(200);
    for (const role of ['membership', 'finance', 'programs'] as const) {
      expect((await (await signedIn({ roles: [role] })).get(path(list.id))).statusCode, role).toBe(403);
    }
    expect((await (await signedIn({})).get(path(list.id))).statusCode, 'member').toBe(403);
    expect((await (await signedIn({ org: { role: 'admin' } })).get(path(list.id))).statusCode, 'organization admin').toBe(403);
    const visitor = await ctx.client().get(path(list.id));
    expect(visitor.statusCode).toBe(303);
    expect(String(visitor.headers.location)).toMatch(/^\/login/);
    expect((await comms.get(path(randomUUID()))).statusCode).toBe(404);
    expect((await comms.get(path('not-a-list'))).statusCode).toBe(404);
  });

  it('the newsletters page links each list to its subscribers', async () => {
    const list = await aNewsletterList(ctx, { name: 'Linked list' });
    const comms = (await signedInStaff(ctx, 'communications')).client;
    const page = dom((await comms.get('/staff/newsletters')).body);
    const links = page.querySelectorAll('a').map((a) => a.getAttribute('href'));
    expect(links).toContain(path(list.id));
  });
});

describe('the subscribers of one list', () => {
  it('lists only that list’s subscribers, fifty a page, with how many there are', async () => {
    const list = await aNewsletterList(ctx);
    const other = await aNewsletterList(ctx);
    const tag = Date.now().toString(36);
    const emails = Array.from({ length: 60 }, (_, i) => `p${String(i).padStart(2, '0')}-${tag}@example.com`);
    await confirmedSubscribers(ctx, list.id, emails);
    await confirmedSubscribers(ctx, other.id, [`elsewhere-${tag}@example.com`]);
    const comms = (await signedInStaff(ctx, 'communications')).client;
    const first = await comms.get(path(list.id));
    expect(textOf(first.body, 'main')).toContain('60 addresses');
    expect(addresses(first.body)).toEqual(emails.slice(0, 50));
    const next = dom(first.body).querySelector('nav.pager a');
    expect(next?.text).toBe('Next page');
    const second = await comms.get(next?.getAttribute('href') ?? '');
    expect(addresses(second.body)).toEqual(emails.slice(50));
    expect(second.body).not.toContain('elsewhere-');
    // A page past the end is empty, not an error; a page that is not a number is explained.
    const past = await comms.get(path(list.id, '?page=9'));
    expect(addresses(past.body)).toEqual([]);
    expect(rowsOf(past.body, CAPTION)).toEqual([['This page is past the end of the list.']]);
    const bad = await comms.get(path(list.id, '?page=abc'));
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body, '.error-summary')).toContain('Enter a page number, like 2.');
  });

  it('says when each address signed up and whether it is confirmed, waiting or unsubscribed', async () => {
    const list = await aNewsletterList(ctx);
    const tag = Date.now().toString(36);
    const [confirmed, pending, left] = ['a-confirmed', 'b-pending', 'c-left'].map((w) => `${w}-${tag}@example.com`);
    await confirmedSubscribers(ctx, list.id, [confirmed ?? '', pending ?? '', left ?? '']);
    const ids = await ctx.deps.db
      .selectFrom('newsletter_subscribers')
      .select(['id', 'email'])
      .where('email', 'in', [pending ?? '', left ?? ''])
      .execute();
    const idOf = (email?: string) => ids.find((r) => r.email === email)?.id ?? '';
    const now = ctx.deps.clock.now();
    await ctx.deps.db
      .updateTable('newsletter_subscriptions')
      .set({ status: 'pending', confirmed_at: null, confirm_expires_at: new Date(now.getTime() + 86_400_000) })
      .where('subscriber_id', '=', idOf(pending))
      .execute();
    await ctx.deps.db.updateTable('newsletter_subscriptions').set({ status: 'unsubscribed', unsubscribed_at: now }).where('subscriber_id', '=', idOf(left)).execute();
    const comms = (await signedInStaff(ctx, 'communications')).client;
    const rows = rowsOf((await comms.get(path(list.id))).body, CAPTION);
    expect(rows.map((r) => r[0])).toEqual([confirmed, pending, left]);
    expect(rows[0]?.join(' ')).toMatch(/Confirmed/);
    // what is recorded (when), not a guess at the way in, which no column records
    expect(rows[0]?.join(' ')).toContain('Confirmed on');
    expect(rows[0]?.join(' ')).not.toMatch(/preferences page|sign-up form/);
    expect(rows[1]?.join(' ')).toMatch(/Waiting for confirmation/);
    expect(rows[2]?.join(' ')).toMatch(/Unsubscribed/);
    for (const r of rows) expect(r.join(' ')).toMatch(/\d{4}/); // a date beside each
    // Only confirmed ones are counted as receiving the list.
    expect(textOf((await comms.get(path(list.id))).body, 'main')).toContain('1 of them confirmed');
  });

  it('finds subscribers by part of the address or the name on their account, and escapes what was typed', async () => {
    const list = await aNewsletterList(ctx);
    const tag = Date.now().toString(36);
    const named = `named-${tag}@example.com`;
    await createAccount(ctx, { email: named, name: 'Rosalind Okafor' });
    await confirmedSubscribers(ctx, list.id, [named, `plain-${tag}@example.com`, `under_score-${tag}@example.com`]);
    const comms = (await signedInStaff(ctx, 'communications')).client;
    const search = async (q: string) => comms.get(path(list.id, `?q=${encodeURIComponent(q)}`));
    expect(addresses((await search('okafor')).body)).toEqual([named]);
    expect(rowsOf((await search('okafor')).body, CAPTION)[0]?.join(' ')).toContain('Rosalind Okafor');
    expect(addresses((await search(`plain-${tag}`)).body)).toEqual([`plain-${tag}@example.com`]);
    // LIKE's wildcards are plain characters here.
    expect(addresses((await search('%')).body)).toEqual([]);
    expect(addresses((await search('_')).body)).toEqual([`under_score-${tag}@example.com`]);
    const hostile = '<script>alert(1)</script>"\'&';
    const res = await search(hostile);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(dom(res.body).querySelector('input[name="q"]')?.getAttribute('value')).toBe(hostile);
    expect(textOf(res.body, 'main')).toContain('No subscriber matches');
    const long = await search('x'.repeat(101));
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body, '.error-summary')).toContain('Use at most 100 characters.');
  });
});
