// Event registration in the browser: a member opens an event's registration page, takes a seat
// (an invoice at the member price), finance staff record the check that pays it, and the member
// gets the confirmation email whose attached invitation parses as iCalendar (ical.js), with the
// join link; the ticket page shows the QR code. axe-core runs on every page, at 1280 and 390 px.
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { anEvent, type TestEvent } from '../factories/index.js';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const MEMBER = 'manager@example.org';

describe('event registration', () => {
  const app = useBrowserApp();
  let event: TestEvent;
  beforeAll(async () => {
    event = await anEvent(app.server, { title: 'Stormwater Finance Workshop', format: 'hybrid', joinUrl: 'https://meet.example.org/j/storm' });
  });
  const main = (page: Page) => page.locator('main');

  it('a member registers, finance records the payment, the member is confirmed with a calendar invitation', async () => {
    const member = await app.newPage();
    await signIn(member, MEMBER);
    await visit(member, `/events/${event.slug}/register`);
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe('Register: Stormwater Finance Workshop');
    await member.getByLabel('General admission: $100.00 (member price)').check();
    await submit(member, () => member.getByRole('button', { name: 'Register' }).click());
    expect(new URL(member.url()).pathname).toBe('/me/events');
    expect(await member.getByRole('status').textContent()).toContain('Your seat is held');
    const row = member.getByRole('table', { name: 'Upcoming events' }).getByRole('row').filter({ hasText: 'Stormwater Finance Workshop' });
    expect(await row.textContent()).toContain('Registered: awaiting payment');
    const invoiceLink = row.getByRole('link', { name: /^Invoice / });
    const href = (await invoiceLink.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/invoices\//);
    await submit(member, () => invoiceLink.click());
    expect(await main(member).textContent()).toContain('$100.00');

    const { db } = app.server.deps;
    const invoice = await db.selectFrom('invoices').select(['id', 'number']).where('public_token', '=', href.slice('/invoices/'.length)).executeTakeFirstOrThrow();
    const finance = await app.newPage();
    await signIn(finance, 'finance@example.org');
    await visit(finance, `/staff/invoices/${invoice.id}`);
    const form = finance.getByRole('form', { name: 'Record a payment' });
    await form.getByLabel('Amount').fill('100.00');
    await form.getByLabel('Method').selectOption('check');
    await form.getByLabel('Reference').fill('EV-2041');
    await submit(finance, () => form.getByRole('button', { name: 'Record payment' }).click());

    // The confirmation, read from the outbox as the development mailbox keeps it, with its invitation.
    const mail = await db
      .selectFrom('outbox')
      .select(['subject', 'body_text', 'attachments'])
      .where('to_address', '=', MEMBER)
      .where('template', '=', 'events.confirmed')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('You are confirmed: Stormwater Finance Workshop');
    expect(mail.body_text).not.toContain('meet.example.org');
    const [file] = await app.server.deps.mail.renderAttachments(mail.attachments);
    expect(file?.filename).toBe('invitation.ics');
    const cal = new ICAL.Component(ICAL.parse(file?.content.toString('utf8') ?? ''));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = new ICAL.Event(cal.getFirstSubcomponent('vevent') ?? undefined);
    expect(vevent.summary).toBe('Stormwater Finance Workshop');
    expect(vevent.description).toContain('https://meet.example.org/j/storm');
    expect(vevent.location).toContain('City Hall');
    expect(vevent.startDate.zone?.tzid).toBe('UTC');

    // The ticket: confirmed, with its QR code and the join link for the registrant.
    await visit(member, '/me/events');
    const paidRow = member.getByRole('table', { name: 'Upcoming events' }).getByRole('row').filter({ hasText: 'Stormwater Finance Workshop' });
    expect(await paidRow.textContent()).not.toContain('awaiting payment');
    await submit(member, () => paidRow.getByRole('link', { name: 'General admission' }).click());
    expect(await member.getByRole('img', { name: /QR code of ticket/ }).count()).toBe(1);
    expect(await main(member).textContent()).toContain('https://meet.example.org/j/storm');
  });

  it('an organization’s administrator registers a colleague on one invoice to the organization', async () => {
    const admin = await app.newPage();
    await signIn(admin, 'orgadmin@example.org');
    await visit(admin, `/events/${event.slug}/register`);
    await submit(admin, () => admin.getByRole('link', { name: 'Register several people from your organization' }).click());
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('Register your staff: Stormwater Finance Workshop');
    // Nobody chosen: the form says so, tied to the field.
    await submit(admin, () => admin.getByRole('button', { name: 'Register and send the invoice' }).click(), { status: 400 });
    expect(await admin.getByRole('alert').textContent()).toContain('Choose at least one person to register.');
    const boxes = admin.getByRole('group', { name: 'Who is coming' }).getByRole('checkbox');
    await boxes.first().check();
    await submit(admin, () => admin.getByRole('button', { name: 'Register and send the invoice' }).click());
    expect(new URL(admin.url()).pathname).toMatch(/^\/invoices\//);
    expect(await main(admin).textContent()).toContain('City of Springfield');
  });

  it('the registration page, my events and the ticket work on a phone (390 px)', async () => {
    const other = await anEvent(app.server, { title: 'Phone-sized Webinar', format: 'online', tickets: [{ name: 'Free seat', memberCents: 0, nonmemberCents: 0 }] });
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, MEMBER);
    await visit(phone, `/events/${other.slug}/register`);
    await phone.getByLabel('Free seat: free').check();
    await submit(phone, () => phone.getByRole('button', { name: 'Register' }).click());
    expect(await phone.getByRole('status').textContent()).toContain('You are registered');
    const row = phone.getByRole('table', { name: 'Upcoming events' }).getByRole('row').filter({ hasText: 'Phone-sized Webinar' });
    await submit(phone, () => row.getByRole('link', { name: 'Free seat' }).click());
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await visit(phone, `/me/events`);
    await submit(phone, () => phone.getByRole('button', { name: 'Make my calendar feed address' }).click());
    expect(await main(phone).textContent()).toContain('.ics');
  });
});
