// A list's subscribers as CSV (/staff/newsletters/lists/:id/subscribers.csv): the page's rows, all
// of them (more than one batch of the keyset walk), under the page's search, for the page's readers
// only, audited with the rows sent, formula cells neutralized; linked from the page.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, confirmedSubscribers, signedInStaff } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { auditOf, readCsv } from '../../../test/readers.js';
import { SUBSCRIBER_EXPORT_BATCH } from './queries.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const page = (listId: string, query = '') => `/staff/newsletters/lists/${listId}/subscribers${query}`;
const csv = (listId: string, query = '') => `/staff/newsletters/lists/${listId}/subscribers.csv${query}`;

async function signedIn(opts: Parameters<typeof createAccount>[1]) {
  const account = await createAccount(ctx, opts);
  const client = ctx.client();
  await client.signIn(account.email, PASSWORD, account.totpSecret ? { secret: account.totpSecret, clock: ctx.clock } : undefined);
  return client;
}

describe('a list’s subscribers as CSV', () => {
  it('has every row of the list, past one batch, in the page’s order, audited with the rows sent; linked from the page', async () => {
    const list = await aNewsletterList(ctx);
    const other = await aNewsletterList(ctx);
    const tag = Date.now().toString(36);
    const emails = Array.from({ length: SUBSCRIBER_EXPORT_BATCH + 25 }, (_, i) => `s${String(i).padStart(5, '0')}-${tag}@example.com`);
    await confirmedSubscribers(ctx, list.id, emails);
    await confirmedSubscribers(ctx, other.id, [`elsewhere-${tag}@example.com`]);
    const staff = await signedInStaff(ctx, 'communications');
    const shown = await staff.client.get(page(list.id));
    const link = dom(shown.body)
      .querySelectorAll('main a')
      .find((a) => a.getAttribute('href') === csv(list.id));
    expect(link?.text).toBe('Download every subscriber as CSV');

    const res = await staff.client.get(csv(list.id));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(res.headers['content-disposition'])).toMatch(new RegExp(`^attachment; filename="subscribers-${list.slug}-\\d{4}-\\d\\d-\\d\\d\\.csv"$`));
    const rows = readCsv(res.body);
    expect(rows[0]).toEqual([
      'Address',
      'Name on their account',
      'Status',
      'Signed up',
      'Confirmed',
      'Confirmation link works until',
      'Unsubscribed',
      'Unsubscribed with the link in',
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(emails);
    expect(rows[1]).toEqual([emails[0], '', 'Confirmed', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), expect.stringMatching(/^\d{4}-\d\d-\d\dT/), '', '', '']);
    const audits = (await auditOf(ctx, 'export.newsletter_subscribers')).filter((a) => a.actor_user_id === staff.id);
    expect(audits).toEqual([expect.objectContaining({ entity_id: 'newsletter_subscribers', after: { rows: emails.length, filters: { listId: list.id, q: '' } } })]);
  });

  it('honors the page’s search and neutralizes spreadsheet formulas; a bad search is explained on the page', async () => {
    const list = await aNewsletterList(ctx);
    const tag = Date.now().toString(36);
    const formula = `=hyperlink-${tag}@example.com`;
    const plus = `+1-${tag}@example.com`;
    await createAccount(ctx, { email: formula, name: '=HYPERLINK("http://evil.example","Okafor")' });
    await confirmedSubscribers(ctx, list.id, [formula, plus, `plain-${tag}@example.com`]);
    const comms = (await signedInStaff(ctx, 'communications')).client;
    const shown = await comms.get(page(list.id, '?q=okafor'));
    const href = dom(shown.body)
      .querySelectorAll('main a')
      .find((a) => a.text === 'Download the matching subscribers as CSV')
      ?.getAttribute('href');
    expect(href).toBe(csv(list.id, '?q=okafor'));
    const matching = readCsv((await comms.get(href ?? '')).body);
    expect(matching.slice(1).map((r) => r.slice(0, 2))).toEqual([[`'${formula}`, `'=HYPERLINK("http://evil.example","Okafor")`]]);
    const all = readCsv((await comms.get(csv(list.id))).body);
    expect(all.slice(1).map((r) => r[0])).toEqual([`'${plus}`, `'${formula}`, `plain-${tag}@example.com`]);
    // LIKE's wildcards are plain characters, as on the page.
    expect(readCsv((await comms.get(csv(list.id, '?q=%25'))).body)).toHaveLength(1);

    const before = (await auditOf(ctx, 'export.newsletter_subscribers')).length;
    const long = await comms.get(csv(list.id, `?q=${'x'.repeat(101)}`));
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toMatch(/^text\/html/);
    expect(textOf(long.body, '.error-summary')).toContain('Use at most 100 characters.');
    expect(await auditOf(ctx, 'export.newsletter_subscribers')).toHaveLength(before);
  });

  it('communications staff and admins only; an unknown list is a 404', async () => {
    const list = await aNewsletterList(ctx);
    await confirmedSubscribers(ctx, list.id, [`who-${Date.now().toString(36)}@example.com`]);
    expect((await (await signedIn({ roles: ['admin'] })).get(csv(list.id))).statusCode).toBe(200);
    for (const role of ['membership', 'finance'] as const) {
      const res = await (await signedIn({ roles: [role] })).get(csv(list.id));
      expect(res.statusCode, role).toBe(403);
      expect(res.body, role).not.toContain('@example.com');
    }
    expect((await (await signedIn({})).get(csv(list.id))).statusCode, 'member').toBe(403);
    const visitor = await ctx.client().get(csv(list.id));
    expect(visitor.statusCode).toBe(303);
    expect(String(visitor.headers.location)).toMatch(/^\/login/);
    const comms = (await signedInStaff(ctx, 'communications')).client;
    expect((await comms.get(csv(randomUUID()))).statusCode).toBe(404);
    expect((await comms.get(csv('not-a-list'))).statusCode).toBe(404);
  });
});
