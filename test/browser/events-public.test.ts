// Programs staff create an event (two sessions, one ticket type) and publish it; a visitor finds
// it on /events with a filter and opens it, on a desktop (1280 px) and a phone (390 px). axe runs
// on every page reached; screenshots go to WALK_SHOTS when set.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const shot = (name: string) => (process.env.WALK_SHOTS ? { path: `${process.env.WALK_SHOTS}/${name}.png`, fullPage: true } : null);

describe('events: authoring and the public listing', () => {
  const app = useBrowserApp();

  it('programs staff publish an event with its agenda and a ticket type; a visitor finds it by filter and opens it', async () => {
    const day = DateTime.now().setZone('America/Chicago').plus({ days: 20 }).toFormat('yyyy-LL-dd');
    const title = 'Stormwater Planning Workshop';
    const staff = await app.newPage();
    await signIn(staff, 'programs@example.org');
    await visit(staff, '/staff/events');
    await submit(staff, () => staff.getByRole('link', { name: 'New event' }).click());
    await staff.getByLabel('Title', { exact: true }).fill(title);
    await staff.getByLabel('Kind').selectOption('workshop');
    await staff.getByLabel('Format').selectOption('in_person');
    await staff.getByLabel('Summary').fill('Plan green stormwater infrastructure that your crews can maintain.');
    await staff.getByLabel('Description').fill('A morning of case studies.\n\nAn afternoon of planning with your own maps.');
    // chosen by name from a list; the association's zone comes selected
    expect(await staff.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    await staff.getByLabel('Time zone').selectOption({ label: 'Central (Chicago)' });
    await staff.getByLabel('Starts').fill(`${day} 09:00`);
    await staff.getByLabel('Ends').fill(`${day} 15:00`);
    // a mistake first: no venue for an in-person event
    await submit(staff, () => staff.getByRole('button', { name: 'Create draft' }).click(), { status: 400 });
    expect(await staff.getByRole('alert').first().textContent()).toContain('Venue name');
    const s = shot('events-form-error');
    if (s) await staff.screenshot(s);
    await staff.getByLabel('Venue name').fill('Des Moines Public Library, Meeting Room A');
    await staff.getByLabel('Venue address').fill('1000 Grand Ave, Des Moines, IA 50309');
    await staff.getByLabel('Resilient').check();
    await submit(staff, () => staff.getByRole('button', { name: 'Create draft' }).click());
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe(title);

    for (const [name, from, to, pd] of [
      ['Case studies', '09:00', '11:30', '150'],
      ['Planning with your maps', '13:00', '15:00', '120'],
    ] as const) {
      await staff.getByLabel('Session title').fill(name);
      await staff.getByLabel('Starts').fill(`${day} ${from}`);
      await staff.getByLabel('Ends').fill(`${day} ${to}`);
      await staff.getByLabel('PD minutes').fill(pd);
      await submit(staff, () => staff.getByRole('button', { name: 'Add session' }).click());
    }
    await staff.getByLabel('Name', { exact: true }).fill('General admission');
    await staff.getByLabel('Member price', { exact: true }).fill('45');
    await staff.getByLabel('Non-member price', { exact: true }).fill('70');
    await submit(staff, () => staff.getByRole('button', { name: 'Add ticket type' }).click());
    expect(await staff.getByRole('table', { name: 'Sessions, in order' }).getByRole('row').count()).toBe(3);
    await submit(staff, () => staff.getByRole('button', { name: 'Publish' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Published');
    const overview = shot('events-staff-overview');
    if (overview) await staff.screenshot(overview);

    // a visitor, on a desktop
    const visitor = await app.newPage();
    await visit(visitor, '/events');
    await visitor.getByLabel('Kind').selectOption('workshop');
    await visitor.getByLabel('Pathway').selectOption('resilient');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Show events' }).click());
    expect(visitor.url()).toContain('kind=workshop');
    const card = visitor.getByRole('article').filter({ hasText: title });
    expect(await card.textContent()).toContain('$45 – $70');
    expect(await card.textContent()).toMatch(/9:00 AM – 3:00 PM C[DS]T/);
    // the demo's nature-based workshop is not a resilient one
    expect(await visitor.getByText('Urban Forestry on a Small-Town Budget').count()).toBe(0);
    const listing = shot('events-listing');
    if (listing) await visitor.screenshot(listing);
    await submit(visitor, () => card.getByRole('link', { name: title }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    const agenda = visitor.getByRole('table', { name: /Agenda/ });
    expect(await agenda.getByText('Case studies').count()).toBe(1);
    expect(await agenda.getByText('Planning with your maps').count()).toBe(1);
    expect(await visitor.getByRole('link', { name: /Register/ }).getAttribute('href')).toMatch(/^\/events\/stormwater-planning-workshop\/register$/);
    const ld = JSON.parse((await visitor.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(ld).toMatchObject({ '@type': 'Event', name: title, eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode' });
    const eventShot = shot('events-page');
    if (eventShot) await visitor.screenshot(eventShot);

    // on a phone
    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, '/events?kind=workshop&pathway=resilient');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await submit(phone, () => phone.getByRole('link', { name: title }).click());
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const phoneShot = shot('events-page-phone');
    if (phoneShot) await phone.screenshot(phoneShot);
    // the members-only demo training: a teaser for the visitor
    await visit(phone, '/events/finance-officers-training');
    expect(await phone.getByRole('heading', { name: 'Members only' }).count()).toBe(1);
    expect(await phone.getByText('Afternoon: expenditure scenarios').count()).toBe(0);
    await visit(phone, '/events/past');
    expect(await phone.getByText('Toward Zero Waste Municipal Operations').count()).toBe(1);
    // the staff pages on a phone
    const staffPhone = await app.newPage({ width: 390, height: 844 });
    await signIn(staffPhone, 'programs@example.org');
    await visit(staffPhone, '/staff/events');
    await submit(staffPhone, () => staffPhone.getByRole('link', { name: title }).click());
    const staffPhoneShot = shot('events-staff-phone');
    if (staffPhoneShot) await staffPhone.screenshot(staffPhoneShot);
  }, 180_000);
});
