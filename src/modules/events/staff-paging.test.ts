// A bad page number on programs staff's two lists of events (every event; one event's
// registrations): said in plain words beside a real field that the error summary links to, the
// other filters kept in the form, in the list and in its links; never a 500, never ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, optionsOf, summaryTargets, textOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  staff = ctx.client();
  await staff.signIn((await createAccount(ctx, { roles: ['programs'] })).email);
});
afterAll(() => ctx?.close());

const selected = (html: string, name: string) => optionsOf(html, name).find((o) => o.selected)?.value;
const inputValue = (html: string, name: string) => dom(html).querySelector(`main form input[name="${name}"]`)?.getAttribute('value');

describe('the registrations list of an event', () => {
  it('a bad page keeps the status and search in the form, the list and its links, and the summary links to the page field', async () => {
    const e = await anEvent(ctx, { title: 'Paging Forum', tickets: [{ name: 'Seat', memberCents: 0, nonmemberCents: 0, capacity: 1 }] });
    const seat = e.ticketTypeIds[0] ?? '';
    const ann = await createAccount(ctx, { name: 'Ann Smith' });
    const sam = await createAccount(ctx, { name: 'Sam Smith' });
    const cy = await createAccount(ctx, { name: 'Cy Jones' });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: seat, userId: ann.id });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: seat, userId: sam.id, status: 'waitlisted', waitlistedAt: new Date() });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: seat, userId: cy.id, status: 'waitlisted', waitlistedAt: new Date() });

    const res = await staff.get(`/staff/events/${e.id}/registrations?page=abc&status=waitlisted&q=smith`);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body, '.error-summary')).toContain('Enter a page number, like 2.');
    // the summary's link lands on a field of the page, which says the same beside it and keeps what was typed
    const targets = summaryTargets(res.body);
    expect(targets.length).toBe(1);
    expect(targets).toEqual([{ href: '#f-page', exists: true }]);
    expect(errorOf(res.body, 'page').message).toBe('Enter a page number, like 2.');
    expect(inputValue(res.body, 'page')).toBe('abc');
    expect(dom(res.body).querySelector('label[for="f-page"]')).not.toBeNull();
    // the other filters stay chosen, and still filter the list and its links
    expect(inputValue(res.body, 'q')).toBe('smith');
    expect(selected(res.body, 'status')).toBe('waitlisted');
    const list = res.body.slice(res.body.indexOf('Registrations, by name'));
    expect(list).toContain('Sam Smith');
    expect(list).not.toContain('Ann Smith');
    expect(list).not.toContain('Cy Jones');
    const csv = dom(res.body)
      .querySelectorAll('a')
      .map((a) => a.getAttribute('href') ?? '')
      .find((h) => h.includes('registrations.csv'));
    expect(csv).toBe(`/staff/events/${e.id}/registrations.csv?status=waitlisted&q=smith`);

    // a bad status keeps the search, and links to its own field
    const badStatus = await staff.get(`/staff/events/${e.id}/registrations?status=booked&q=smith`);
    expect(badStatus.statusCode).toBe(400);
    expect(summaryTargets(badStatus.body)).toEqual([{ href: '#f-status', exists: true }]);
    expect(inputValue(badStatus.body, 'q')).toBe('smith');
    const found = badStatus.body.slice(badStatus.body.indexOf('Registrations, by name'));
    expect(found).toContain('Sam Smith');
    expect(found).toContain('Ann Smith');
    expect(found).not.toContain('Cy Jones');

    // a good page shows no page field
    const ok = await staff.get(`/staff/events/${e.id}/registrations?status=waitlisted&q=smith&page=1`);
    expect(ok.statusCode).toBe(200);
    expect(inputValue(ok.body, 'page')).toBeUndefined();
  });
});

describe('the staff list of events', () => {
  it('a bad page is said plainly beside a page field, keeps the status chosen, and is not a 500', async () => {
    await anEvent(ctx, { title: 'Draft Paging Workshop', published: false });
    await anEvent(ctx, { title: 'Published Paging Workshop' });
    for (const page of ['abc', '0', '-1', '2.5', '99999999', '<script>']) {
      const res = await staff.get(`/staff/events?status=draft&page=${encodeURIComponent(page)}`);
      expect(res.statusCode, page).toBe(400);
      expect(textOf(res.body, '.error-summary'), page).toContain('Enter a page number, like 2.');
      expect(summaryTargets(res.body), page).toEqual([{ href: '#f-page', exists: true }]);
      expect(errorOf(res.body, 'page').message, page).toBe('Enter a page number, like 2.');
      expect(inputValue(res.body, 'page'), page).toBe(page);
      expect(selected(res.body, 'status'), page).toBe('draft');
      expect(res.body, page).toContain('Draft Paging Workshop');
      expect(res.body, page).not.toContain('Published Paging Workshop');
      expect(res.body, page).not.toContain('<script>');
    }
    const badStatus = await staff.get('/staff/events?status=bogus');
    expect(badStatus.statusCode).toBe(400);
    expect(summaryTargets(badStatus.body)).toEqual([{ href: '#f-status', exists: true }]);
    expect(textOf(badStatus.body, '.error-summary')).toContain('Choose a status from the list.');

    expect((await staff.get('/staff/events?status=draft&page=1')).statusCode).toBe(200);
    expect((await staff.get('/staff/events?page=')).statusCode).toBe(200);
  });

  it('is refused to finance and members, bad page or not', async () => {
    for (const roles of [['finance' as const], ['member' as const]]) {
      const c = ctx.client();
      await c.signIn((await createAccount(ctx, { roles })).email);
      expect((await c.get('/staff/events?page=abc')).statusCode).toBe(403);
    }
    expect((await ctx.client().get('/staff/events?page=abc')).statusCode).toBe(303);
  });
});
