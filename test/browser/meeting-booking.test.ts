// Booking the first meeting on a phone (390 px): membership staff say the demo advisor phones her
// members; a contact of Springfield reads that before choosing, pages through the open times a
// few days at a time, forgets the number (the error keeps the chosen time), gives it, and reads
// the booked meeting with how it happens. axe runs on every page visited.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_DOMAIN } from '../../src/seed/demo.js';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const PHONE = { width: 390, height: 844 };

describe('booking the first meeting on a phone', () => {
  const app = useBrowserApp();
  const main = (page: Page) => page.locator('main');

  it('staff set how meetings happen; the contact reads it, pages through the days and gives the number the advisor calls', async () => {
    const staff = await app.newPage(PHONE);
    await signIn(staff, `membership@${DEMO_DOMAIN}`);
    await visit(staff, '/staff/advisors');
    await submit(staff, () => staff.getByRole('link', { name: 'Aisha Rahman' }).click());
    const how = staff.getByRole('group', { name: 'How do their first meetings happen?' });
    expect(await how.getByLabel('Video call, at the meeting link below').isChecked()).toBe(true);
    await how.getByLabel(/^Phone call: the advisor calls the member/).check();
    await submit(staff, () => staff.getByRole('button', { name: 'Save how meetings happen' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('How this advisor’s meetings happen is saved.');

    const member = await app.newPage(PHONE);
    await signIn(member, `orgcontact@${DEMO_DOMAIN}`);
    await visit(member, '/org/meetings');
    expect(await main(member).textContent()).toContain('A phone call: Aisha Rahman calls you at the number you give below.');
    await submit(member, () => member.getByRole('link', { name: 'See the open times as a list' }).click());
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe('Book your first meeting');
    expect(await member.getByRole('heading', { name: 'How you meet' }).count()).toBe(1);

    // A few days at a time, each under its own heading, then the button, then the later days.
    const days = member.getByRole('group', { name: 'Choose a time' }).getByRole('heading', { level: 3 });
    expect(await days.count()).toBe(3);
    const firstDay = await days.first().textContent();
    await submit(member, () =>
      member
        .getByRole('navigation', { name: 'More days with open times' })
        .getByRole('link', { name: /^Later days/ })
        .click(),
    );
    expect(await days.first().textContent()).not.toBe(firstDay);
    const dayName = (await days.first().textContent()) ?? '';
    const day = member.getByRole('group', { name: dayName, exact: true });
    const time = day.getByRole('radio').first();
    const timeLabel = (await day.locator('label').first().textContent()) ?? '';
    await time.check();

    // No number: the error says what to do, and the chosen time stays chosen.
    await submit(member, () => member.getByRole('button', { name: 'Book this time' }).click(), { status: 400 });
    expect(await member.getByRole('alert').textContent()).toContain('Enter the phone number your advisor should call');
    expect(await member.getByRole('group', { name: dayName, exact: true }).getByRole('radio', { name: timeLabel, exact: true }).isChecked()).toBe(true);
    await member.getByLabel('Phone number for Aisha Rahman to call').fill('(217) 555-0146');
    await submit(member, () => member.getByRole('button', { name: 'Book this time' }).click());
    expect(new URL(member.url()).pathname).toBe('/org/meetings');
    expect(await member.getByRole('status').textContent()).toContain('Your first meeting is booked');
    expect(await main(member).textContent()).toContain('A phone call: Aisha Rahman calls you at (217) 555-0146.');
    expect(await member.getByRole('link', { name: '(217) 555-0146' }).getAttribute('href')).toBe('tel:2175550146');

    // The advisor's side says whom to call.
    const advisor = await app.newPage(PHONE);
    await signIn(advisor, `advisor@${DEMO_DOMAIN}`);
    await visit(advisor, '/staff/advising');
    expect(await advisor.getByRole('table', { name: 'Your upcoming meetings' }).textContent()).toContain('A phone call: you call City of Springfield at (217) 555-0146.');
  });
});
