// The whole event journey of issue 16, in one browser walk: programs staff publish a priced
// in-person workshop that starts within the hour; a member finds it on /events with a
// filter, opens it and registers from its page; finance records the check that pays the invoice;
// the member's confirmation carries the iCalendar invitation (parsed with ical.js); programs staff
// open the ticket's check-in page on a phone (390 px) and check the member in; once the event has
// ended they complete it; the member sees the PD hours on /me/pd and downloads the certificate.
// axe runs on every page reached; the member's main pages are also seen at 390 px. Screenshots go
// to /tmp/journey (JOURNEY_SHOTS overrides).
//
// Registration closes when the event starts and an event is completed only after it ends: the
// test registers first, then moves the app's clock past the end (`shiftClock`) before completing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, latestEmail, signIn, submit, visit } from './harness.js';

const SHOTS = process.env.JOURNEY_SHOTS ?? '/tmp/journey';
const ZONE = 'America/Chicago';
const TITLE = 'Curbside Composting Workshop';
const MEMBER = 'member@example.org';

const main = (page: Page) => page.locator('main');
const shot = async (page: Page, name: string) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};
const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
const local = (d: DateTime) => d.toFormat('yyyy-LL-dd HH:mm');

describe('events: the whole journey', () => {
  const app = useBrowserApp();

  it('a member finds a workshop, registers and pays; staff check them in and complete it; the member gets PD hours and a certificate', async () => {
    const { db } = app.server.deps;
    const user = await db.selectFrom('users').select(['name']).where('email', '=', MEMBER).executeTakeFirstOrThrow();
    // Starts within the hour (registration must happen before) and lasts two hours.
    const starts = DateTime.now().setZone(ZONE).plus({ minutes: 60 }).startOf('minute');
    const ends = starts.plus({ hours: 2 });

    // 1. Programs staff publish the workshop: one session worth 120 PD minutes, one priced ticket.
    const staff = await app.newPage();
    await signIn(staff, 'programs@example.org');
    await visit(staff, '/staff/events');
    await submit(staff, () => staff.getByRole('link', { name: 'New event' }).click());
    await staff.getByLabel('Title', { exact: true }).fill(TITLE);
    await staff.getByLabel('Kind').selectOption('workshop');
    await staff.getByLabel('Format').selectOption('in_person');
    await staff.getByLabel('Summary').fill('Start a curbside food-scrap program your crews can run.');
    await staff.getByLabel('Time zone').selectOption(ZONE);
    await staff.getByLabel('Starts').fill(local(starts));
    await staff.getByLabel('Ends').fill(local(ends));
    await staff.getByLabel('Venue name').fill('Des Moines Public Library, Meeting Room B');
    await staff.getByLabel('Venue address').fill('1000 Grand Ave, Des Moines, IA 50309');
    await submit(staff, () => staff.getByRole('button', { name: 'Create draft' }).click());
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    const eventId = new URL(staff.url()).pathname.split('/')[3] ?? '';
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    await staff.getByLabel('Session title').fill('Routes, carts and contracts');
    await staff.getByLabel('Starts').fill(local(starts));
    await staff.getByLabel('Ends').fill(local(ends));
    await staff.getByLabel('PD minutes').fill('120');
    await submit(staff, () => staff.getByRole('button', { name: 'Add session' }).click());
    await staff.getByLabel('Name', { exact: true }).fill('General admission');
    await staff.getByLabel('Member price', { exact: true }).fill('35');
    await staff.getByLabel('Non-member price', { exact: true }).fill('60');
    await submit(staff, () => staff.getByRole('button', { name: 'Add ticket type' }).click());
    await submit(staff, () => staff.getByRole('button', { name: 'Publish' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Published');

    // 2. The member finds it on /events with a filter, opens it and registers from its page.
    const member = await app.newPage();
    await signIn(member, MEMBER);
    await submit(member, () => member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events', exact: true }).click());
    expect(new URL(member.url()).pathname).toBe('/events');
    await member.getByLabel('Kind').selectOption('workshop');
    await member.getByLabel('Format').selectOption('in_person');
    await member.getByLabel('Month').selectOption(starts.toFormat('yyyy-LL'));
    await submit(member, () => member.getByRole('button', { name: 'Show events' }).click());
    expect(member.url()).toContain('kind=workshop');
    const card = member.getByRole('article').filter({ hasText: TITLE });
    expect(await card.textContent()).toContain('$35 – $60');
    await shot(member, '01-events-filtered');
    await submit(member, () => card.getByRole('link', { name: TITLE }).click());
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    await shot(member, '02-event-page');
    await submit(member, () => member.getByRole('link', { name: /^Register/ }).click());
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe(`Register: ${TITLE}`);
    await member.getByLabel('General admission: $35.00 (member price)').check();
    await shot(member, '03-register');
    await submit(member, () => member.getByRole('button', { name: 'Register' }).click());
    expect(DateTime.now() < starts).toBe(true); // registered before the start, as the rules ask
    expect(new URL(member.url()).pathname).toBe('/me/events');
    expect(await member.getByRole('status').textContent()).toContain('Your seat is held');
    const row = member.getByRole('table', { name: 'Upcoming events' }).getByRole('row').filter({ hasText: TITLE });
    expect(await row.textContent()).toContain('Registered: awaiting payment');
    await shot(member, '04-my-events-unpaid');
    const invoiceLink = row.getByRole('link', { name: /^Invoice / });
    await submit(member, () => invoiceLink.click());
    expect(await main(member).textContent()).toContain('$35.00');
    const invoiceNumber = ((await member.getByRole('heading', { level: 1 }).textContent()) ?? '').replace(/^Invoice /, '');
    expect(invoiceNumber).toMatch(/\S/);
    await shot(member, '05-invoice');

    // 3. Finance finds the open event invoice in the staff invoice list and records the check.
    const finance = await app.newPage();
    await signIn(finance, 'finance@example.org');
    await visit(finance, '/staff/invoices');
    await finance.getByLabel('Status').selectOption('open');
    await finance.getByLabel('For').selectOption('event');
    await submit(finance, () => finance.getByRole('button', { name: 'Filter' }).click());
    await submit(finance, () =>
      finance
        .getByRole('table', { name: /Invoices/ })
        .getByRole('link', { name: invoiceNumber, exact: true })
        .click(),
    );
    const form = finance.getByRole('form', { name: 'Record a payment' });
    await form.getByLabel('Amount').fill('35.00');
    await form.getByLabel('Method').selectOption('check');
    await form.getByLabel('Reference').fill('CK-3318');
    await submit(finance, () => form.getByRole('button', { name: 'Record payment' }).click());
    expect(await main(finance).textContent()).toContain('CK-3318');
    await shot(finance, '06-finance-invoice-paid');

    // 4. The confirmation email and its invitation.
    const mail = await latestEmail(app.server, MEMBER, /confirmed/);
    expect(mail.subject).toBe(`You are confirmed: ${TITLE}`);
    const stored = await db
      .selectFrom('outbox')
      .select(['attachments'])
      .where('to_address', '=', MEMBER)
      .where('template', '=', 'events.confirmed')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const [file] = await app.server.deps.mail.renderAttachments(stored.attachments);
    expect(file?.filename).toBe('invitation.ics');
    const cal = new ICAL.Component(ICAL.parse(file?.content.toString('utf8') ?? ''));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = new ICAL.Event(cal.getFirstSubcomponent('vevent') ?? undefined);
    expect(vevent.summary).toBe(TITLE);
    expect(vevent.startDate.toJSDate().getTime()).toBe(starts.toMillis());
    expect(vevent.endDate.toJSDate().getTime()).toBe(ends.toMillis());
    expect(vevent.location).toContain('Des Moines Public Library');

    // The member's ticket: paid, with its QR code; its code is what the door scans.
    await visit(member, '/me/events');
    const paid = member.getByRole('table', { name: 'Upcoming events' }).getByRole('row').filter({ hasText: TITLE });
    expect(await paid.textContent()).not.toContain('awaiting payment');
    const ticketLink = paid.getByRole('link', { name: 'General admission' });
    const code = ((await ticketLink.getAttribute('href')) ?? '').replace(/^\/tickets\//, '');
    expect(code).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    await shot(member, '07-my-events-paid');
    await submit(member, () => ticketLink.click());
    expect(await member.getByRole('img', { name: /QR code of ticket/ }).count()).toBe(1);
    await shot(member, '08-ticket');

    // The member's main pages on a phone.
    const phoneMember = await app.newPage({ width: 390, height: 844 });
    await signIn(phoneMember, MEMBER);
    for (const [path, name] of [
      [`/events?kind=workshop&format=in_person&month=${starts.toFormat('yyyy-LL')}`, '09-phone-events'],
      ['/me/events', '10-phone-my-events'],
      [`/tickets/${code}`, '11-phone-ticket'],
    ] as const) {
      await visit(phoneMember, path);
      await fits(phoneMember);
      await shot(phoneMember, name);
    }

    // 5. At the door, on a phone: the ticket's check-in page (the QR code's target).
    const door = await app.newPage({ width: 390, height: 844 });
    await signIn(door, 'programs@example.org');
    await visit(door, `/staff/check-in/${code}`);
    expect(await door.getByRole('heading', { level: 1 }).textContent()).toBe(user.name);
    await fits(door);
    await shot(door, '12-door-ticket');
    await submit(door, () => door.getByRole('button', { name: /^Check in to Routes, carts and contracts/ }).click());
    expect(await door.getByText('Checked in.', { exact: true }).count()).toBe(1);
    await fits(door);
    await shot(door, '13-door-checked-in');

    // Complete the event once it has ended (the button is there only then): the app's clock moves
    // past the end.
    app.server.shiftClock(ends.toMillis() + 60_000 - Date.now());
    // three hours on, both sessions have timed out: each signs in again
    await signIn(door, 'programs@example.org');
    await signIn(member, MEMBER);
    await visit(door, `/staff/events/${eventId}/registrations`);
    await fits(door);
    await submit(door, () => door.getByRole('button', { name: 'Complete the event' }).click());
    expect(await door.getByRole('status').textContent()).toContain('1 attendee has their professional-development hours');
    await shot(door, '14-door-completed');

    // 6. The member's PD log and certificate, at 1280 and 390 px.
    await visit(member, '/me/events');
    await shot(member, '15-my-events-after');
    await submit(member, () =>
      main(member)
        .getByRole('link', { name: /professional-development log/ })
        .click(),
    );
    expect(new URL(member.url()).pathname).toBe('/me/pd');
    expect(await main(member).textContent()).toMatch(/: 2 of 40 hours/);
    const pdRow = member.getByRole('table', { name: 'Events attended, newest first' }).getByRole('row', { name: new RegExp(TITLE) });
    expect(await pdRow.count()).toBe(1);
    await shot(member, '16-pd-log');
    const certHref = (await pdRow.getByRole('link', { name: /Certificate/ }).getAttribute('href')) ?? '';
    expect(certHref).toBe(`/me/pd/${eventId}/certificate.pdf`);
    const pdf = await member.request.get(certHref);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfPath = join(SHOTS, 'certificate.pdf');
    writeFileSync(pdfPath, await pdf.body());
    const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(user.name);
    expect(text).toContain(TITLE);
    await check(member);

    await visit(phoneMember, '/me/pd');
    await fits(phoneMember);
    await shot(phoneMember, '17-phone-pd-log');
  }, 600_000);
});
