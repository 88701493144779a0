// The ticket page (/tickets/:code) for its owner: "Add to calendar" (the seat's event as an .ics
// file, /me/events/:id/calendar.ics, with the invitation's UID and the join link only once the seat
// is confirmed), and the links to transfer or cancel the seat under My events' rules. Nobody else
// gets the file, and the check-in page staff reach from the QR code does not gain the links.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import { registerForEvent } from './registration.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2032-05-04T15:00:00Z');
});
afterAll(() => ctx?.close());

async function signedIn(email: string): Promise<TestClient> {
  const c = ctx.client();
  await c.signIn(email);
  return c;
}

const FREE = [{ name: 'Seat', memberCents: 0, nonmemberCents: 0 }];

/** The hrefs of the links in the page's main region, by their visible text. */
function linksOf(html: string): Map<string, string> {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  const out = new Map<string, string>();
  for (const m of main.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)) out.set((m[2] ?? '').replace(/<[^>]+>/g, '').trim(), m[1] ?? '');
  return out;
}

async function seat(o: { format?: 'online' | 'in_person' | 'hybrid'; priced?: boolean; cancelHoursBefore?: number; startsInHours?: number } = {}) {
  const event = await anEvent(ctx, {
    title: 'Wildfire Smoke Readiness',
    format: o.format ?? 'online',
    tickets: o.priced ? undefined : FREE,
    cancelHoursBefore: o.cancelHoursBefore,
    startsInHours: o.startsInHours,
  });
  const person = await createAccount(ctx, {});
  const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
  const reg = r.registrations[0];
  if (!reg) throw new Error('no registration');
  return { event, person, id: reg.registrationId, code: reg.ticketCode, client: await signedIn(person.email) };
}

describe('the ticket page, for its owner', () => {
  it('offers Add to calendar, Transfer and Cancel; the calendar file is the seat’s event with the invitation’s UID and the join link', async () => {
    const s = await seat();
    const page = await s.client.get(`/tickets/${s.code}`);
    expect(page.statusCode).toBe(200);
    const links = linksOf(page.body);
    expect(links.get('Add to calendar')).toBe(`/me/events/${s.id}/calendar.ics`);
    expect(links.get('Transfer this ticket to someone else')).toBe(`/me/events/${s.id}/transfer`);
    expect(links.get('Cancel my registration')).toBe(`/me/events/${s.id}/cancel`);

    const file = await s.client.get(`/me/events/${s.id}/calendar.ics`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/calendar');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${s.event.slug}.ics"`);
    const cal = new ICAL.Component(ICAL.parse(file.body));
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const vevent = cal.getFirstSubcomponent('vevent');
    if (!vevent) throw new Error('no event in the file');
    // the invitation's UID: the cancellation sent when the seat ends takes this copy off too
    expect(vevent?.getFirstPropertyValue('uid')).toBe(`event-registration-${s.id}@civnet`);
    expect(vevent?.getFirstPropertyValue('summary')).toBe('Wildfire Smoke Readiness');
    expect(String(vevent?.getFirstPropertyValue('description'))).toContain('Join online: https://meet.example.org/j/123456');
    const stored = await ctx.deps.db.selectFrom('events').select('starts_at').where('id', '=', s.event.id).executeTakeFirstOrThrow();
    expect((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(stored.starts_at.toISOString());
  });

  it('a seat waiting for its invoice: the file has no join link yet, as the page shows none', async () => {
    const s = await seat({ priced: true });
    const file = await s.client.get(`/me/events/${s.id}/calendar.ics`);
    expect(file.statusCode).toBe(200);
    expect(file.body).not.toContain('meet.example.org');
    expect(file.body).toContain(`/tickets/${s.code}`);
  });

  it('past the cancellation deadline, no Cancel link; a cancelled seat has no links and no file', async () => {
    const late = await seat({ cancelHoursBefore: 48, startsInHours: 24 });
    const links = linksOf((await late.client.get(`/tickets/${late.code}`)).body);
    expect(links.has('Add to calendar')).toBe(true);
    expect(links.has('Transfer this ticket to someone else')).toBe(true);
    expect(links.has('Cancel my registration')).toBe(false);

    const gone = await seat();
    expect((await gone.client.postForm(`/me/events/${gone.id}/cancel`, {})).statusCode).toBe(303);
    const page = await gone.client.get(`/tickets/${gone.code}`);
    expect(textOf(page.body, 'main')).toContain('This ticket is no longer valid.');
    expect([...linksOf(page.body).keys()]).toEqual(['My events']);
    expect((await gone.client.get(`/me/events/${gone.id}/calendar.ics`)).statusCode).toBe(404);
  });
});

describe('nobody else', () => {
  it('another person gets a 404 for the calendar file; staff scanning the code see the check-in page without the owner’s links', async () => {
    const s = await seat({ format: 'in_person' });
    const stranger = await createAccount(ctx, {});
    const other = await signedIn(stranger.email);
    expect((await other.get(`/me/events/${s.id}/calendar.ics`)).statusCode).toBe(404);
    expect((await other.get(`/tickets/${s.code}`)).statusCode).toBe(404);
    expect((await ctx.client().get(`/me/events/${s.id}/calendar.ics`)).statusCode).not.toBe(200);

    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    const scanned = await staff.get(`/staff/check-in/${s.code}`);
    expect(scanned.statusCode).toBe(200);
    const links = linksOf(scanned.body);
    expect([...links.values()].some((href) => href.includes('calendar.ics') || href.includes('/transfer') || href.includes('/cancel'))).toBe(false);
    expect((await staff.get(`/me/events/${s.id}/calendar.ics`)).statusCode).toBe(404);
  });
});
