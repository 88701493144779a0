// Check-in at the door and the PD log: programs staff, on a phone (390 px), find an attendee by
// name and check them in, open the attendee's ticket by its code, and complete the event once it
// has ended; the attendee then sees the hours on /me/pd and downloads the certificate of
// attendance. axe runs on every page reached, at 1280 and at 390 px.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { anEvent, aRegistration } from '../factories/index.js';
import { useBrowserApp } from './app.js';
import { check, signIn, submit, visit } from './harness.js';

describe('event check-in and PD hours', () => {
  const app = useBrowserApp();

  it('staff check an attendee in on a phone and complete the event; the attendee gets PD hours and a certificate', async () => {
    const { db } = app.server.deps;
    // An event that ended an hour ago: one 3-hour session worth 180 PD minutes.
    const event = await anEvent(app.server, { title: 'Open Data for Small Cities', startsInHours: -4, hours: 3 });
    const ticketTypeId = event.ticketTypeIds[0] ?? '';
    const userOf = (email: string) => db.selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirstOrThrow();
    const member = await userOf('member@example.org');
    const other = await userOf('orgcontact@example.org');
    const ticket = await aRegistration(app.server, { eventId: event.id, ticketTypeId, userId: member.id });
    await aRegistration(app.server, { eventId: event.id, ticketTypeId, userId: other.id });

    // On a phone at the door.
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'programs@example.org');
    await visit(phone, `/staff/events/${event.id}/check-in`);
    await phone.getByRole('searchbox', { name: /name/ }).fill(member.name.split(' ')[0] ?? member.name);
    await submit(phone, () => phone.getByRole('button', { name: 'Find' }).click());
    const found = phone.getByRole('list', { name: 'Attendees found' });
    expect(await found.getByRole('heading', { name: member.name }).count()).toBe(1);
    expect(await found.getByRole('heading', { name: other.name }).count()).toBe(0);
    if (process.env.WALK_SHOTS) await phone.screenshot({ path: `${process.env.WALK_SHOTS}/checkin-search-phone.png`, fullPage: true });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await submit(phone, () => phone.getByRole('button', { name: `Check in ${member.name}` }).click());
    expect(await phone.getByRole('status').textContent()).toContain(`${member.name} is checked in.`);
    expect(await phone.getByText('Checked in', { exact: true }).count()).toBe(1);
    const attendance = await db
      .selectFrom('event_attendance as a')
      .innerJoin('event_registrations as r', 'r.id', 'a.registration_id')
      .select('r.user_id')
      .where('r.event_id', '=', event.id)
      .execute();
    expect(attendance).toEqual([{ user_id: member.id }]);

    // The ticket's own page (what the QR code opens): checked in already.
    await visit(phone, `/staff/check-in/${ticket.ticketCode}`);
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toBe(member.name);
    expect(await phone.getByText('Checked in.').count()).toBe(1);
    if (process.env.WALK_SHOTS) await phone.screenshot({ path: `${process.env.WALK_SHOTS}/checkin-ticket-phone.png`, fullPage: true });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The event has ended: complete it from its registrations page.
    await visit(phone, `/staff/events/${event.id}/registrations`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await submit(phone, () => phone.getByRole('button', { name: 'Complete the event' }).click());
    if (process.env.WALK_SHOTS) await phone.screenshot({ path: `${process.env.WALK_SHOTS}/event-completed-phone.png`, fullPage: true });
    expect(await phone.getByRole('status').textContent()).toContain('1 attendee has their professional-development hours');

    // The registrations page on a desktop.
    const desk = await app.newPage();
    await signIn(desk, 'programs@example.org');
    await visit(desk, `/staff/events/${event.id}/registrations`);
    expect(
      await desk
        .getByRole('table', { name: 'Registrations, by name' })
        .getByRole('row', { name: new RegExp(member.name) })
        .count(),
    ).toBe(1);
    if (process.env.WALK_SHOTS) await desk.screenshot({ path: `${process.env.WALK_SHOTS}/event-registrations.png`, fullPage: true });

    // The attendee: their PD log and certificate, at 1280 and at 390 px.
    const attendee = await app.newContext();
    const mine = await attendee.newPage();
    await signIn(mine, 'member@example.org');
    await visit(mine, '/me/pd');
    expect(await mine.getByText(/: 3 of 40 hours/).count()).toBe(1);
    const row = mine.getByRole('table', { name: 'Events attended, newest first' }).getByRole('row', { name: /Open Data for Small Cities/ });
    expect(await row.count()).toBe(1);
    const [download] = await Promise.all([mine.waitForEvent('download'), row.getByRole('link', { name: /Certificate/ }).click()]);
    expect(download.suggestedFilename()).toBe('certificate-open-data-for-small-cities.pdf');
    const path = await download.path();
    expect((await readFile(path)).subarray(0, 5).toString()).toBe('%PDF-');
    await check(mine);

    const small = await app.newPage({ width: 390, height: 844 });
    await signIn(small, 'member@example.org');
    await visit(small, '/me/pd');
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.WALK_SHOTS) await small.screenshot({ path: `${process.env.WALK_SHOTS}/pd-log-phone.png`, fullPage: true });

    // Another member has no certificate of this event.
    const stranger = await app.newPage();
    await signIn(stranger, 'manager@example.org');
    await visit(stranger, `/me/pd/${event.id}/certificate.pdf`, { status: 404 });
  }, 180_000);
});
