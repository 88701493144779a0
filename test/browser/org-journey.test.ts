// The member organization's journey after activation, in the browser: City of Springfield (an
// active member, assigned to the demo advisor Aisha Rahman) books its first meeting from the
// organization home; both invitation emails (to the contact and to the advisor) are sent; the contact then files a technical assistance request with a PDF (a file
// that is not what it claims is refused first) and the advisor replies with a file; the advisor sees the meeting
// and her availability; membership staff see the advisors and an assignment history. axe-core
// runs on every page visited.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PDF, PNG } from '../factories/index.js';
import { useBrowserApp } from './app.js';
import { latestEmail, signIn, submit, visit } from './harness.js';

describe('advising', () => {
  const app = useBrowserApp();
  const newPage = () => app.newPage();
  const main = (page: Page) => page.locator('main');

  it('an activated organization’s contact books the first meeting (both get the invitation by email), then files an assistance request with a file and the advisor replies', async () => {
    const member = await newPage();
    await signIn(member, 'orgadmin@example.org');
    await submit(member, () => member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My organization' }).click());
    expect(new URL(member.url()).pathname).toBe('/org');
    const section = member.locator('section#advisor');
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toContain('Your advisor');
    const text = (await section.textContent()) ?? '';
    expect(text).toContain('Aisha Rahman');
    expect(text).toContain('advisor@example.org');

    const form = section.getByRole('form', { name: 'Book your first meeting' });
    const picker = form.getByLabel('Choose a time');
    const firstSlot = await picker.locator('option[value^="20"]').first().getAttribute('value');
    expect(firstSlot).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    await picker.selectOption(firstSlot ?? '');
    await submit(member, () => form.getByRole('button', { name: 'Book this time' }).click());
    expect(new URL(member.url()).pathname).toBe('/org/meetings');
    expect(await member.getByRole('status').textContent()).toContain('Your first meeting is booked');
    expect(await main(member).textContent()).toContain('A video call at https://meet.example.org/aisha-rahman.');
    expect(await member.getByRole('link', { name: 'Move the meeting to another time' }).count()).toBe(1);

    // The full list of times, for moving it: radio buttons grouped by day.
    await submit(member, () => member.getByRole('link', { name: 'Move the meeting to another time' }).click());
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe('Move your first meeting');
    expect(await member.getByRole('group').count()).toBeGreaterThan(2);

    // Both sides get the invitation by email, with the calendar file attached.
    const subject = 'First meeting booked: City of Springfield with Aisha Rahman';
    for (const to of ['orgadmin@example.org', 'advisor@example.org']) {
      const mail = await latestEmail(app.server, to, /^First meeting booked/);
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain('The calendar invitation is attached');
    }
    const advisor = await newPage();
    await signIn(advisor, 'advisor@example.org');
    const outbox = await app.server.deps.db.selectFrom('outbox').select(['to_address', 'attachments']).where('template', '=', 'advising.meeting_booked').execute();
    expect(outbox.map((m) => m.to_address)).toEqual(expect.arrayContaining(['advisor@example.org', 'orgadmin@example.org', 'orgcontact@example.org']));
    for (const m of outbox) expect(m.attachments.map((a) => a.filename)).toEqual(['invitation.ics']);

    // The advisor's own pages: the meeting in her upcoming meetings, her availability.
    await visit(advisor, '/staff/advising');
    const upcoming = advisor.getByRole('table', { name: 'Your upcoming meetings' });
    expect(await upcoming.textContent()).toContain('City of Springfield');
    await submit(advisor, () => advisor.getByRole('link', { name: 'Set your weekly availability and days away' }).click());
    expect(await advisor.getByRole('table', { name: 'Your weekly windows' }).textContent()).toContain('09:00 to 12:00');
    await advisor.getByLabel('Day', { exact: true }).selectOption('6');
    await advisor.getByLabel('From', { exact: true }).fill('10:00');
    await advisor.getByLabel('Until', { exact: true }).fill('9:00');
    await submit(advisor, () => advisor.getByRole('button', { name: 'Add window' }).click(), { status: 400 });
    expect(await advisor.locator('#f-end-error').textContent()).toContain('The end time must be after the start time.');

    // Then the same contact asks for technical assistance with a file, and the advisor replies.
    await visit(member, '/org');
    await expect(member.getByRole('heading', { level: 2, name: 'Technical assistance' }).count()).resolves.toBe(1);
    await visit(member, '/org/assistance');
    // The demo data's requests of Springfield.
    expect(await main(member).textContent()).toContain('Review of our draft heat action plan');
    await submit(member, () => main(member).getByRole('link', { name: 'Ask for technical assistance' }).click());
    expect(new URL(member.url()).pathname).toBe('/org/assistance/new');

    await member.getByLabel('Topic').selectOption({ label: 'Resilient' });
    await member.getByLabel('Subject').fill('Flood maps for the river district');
    await member.getByLabel('What you need').fill('Which flood scenarios should our new zoning code use?');
    // A text file dressed up as a PDF is refused, with the message beside the field.
    await member.getByLabel('Attachments').setInputFiles({ name: 'scenarios.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
    await submit(member, () => member.getByRole('button', { name: 'Send the request' }).click(), { status: 400 });
    expect(await member.locator('#f-attachments-error').textContent()).toContain('scenarios.pdf is not a file we accept');
    expect(await member.getByLabel('Subject').inputValue()).toBe('Flood maps for the river district');

    await member.getByLabel('Attachments').setInputFiles({ name: 'river-district.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(member, () => member.getByRole('button', { name: 'Send the request' }).click());
    await member.getByRole('heading', { level: 1, name: 'Flood maps for the river district' }).waitFor();
    const requestUrl = member.url();
    const id = new URL(requestUrl).pathname.split('/').pop() ?? '';
    expect(await main(member).getByRole('link', { name: 'river-district.pdf' }).count()).toBe(1);

    // The request's advisor (or, without one, membership staff) is emailed.
    const row = await app.server.deps.db.selectFrom('assistance_requests').select('advisor_user_id').where('id', '=', id).executeTakeFirstOrThrow();
    const mail = await app.server.deps.db
      .selectFrom('outbox')
      .select(['to_address', 'body_text'])
      .where('template', '=', 'assistance.filed')
      .where('body_text', 'like', `%${id}%`)
      .execute();
    expect(mail.length).toBeGreaterThan(0);
    if (row.advisor_user_id) {
      const advisor = await app.server.deps.db.selectFrom('users').select('email').where('id', '=', row.advisor_user_id).executeTakeFirstOrThrow();
      expect(mail.map((m) => m.to_address)).toEqual([advisor.email]);
    }

    await visit(advisor, '/staff/assistance');
    await submit(advisor, () => main(advisor).getByRole('link', { name: 'Flood maps for the river district' }).click());
    expect(new URL(advisor.url()).pathname).toBe(`/staff/assistance/${id}`);
    await advisor.getByLabel('Your message').fill('Use the 100-year and 500-year scenarios; the attached chart compares them.');
    await advisor.getByLabel('Attachments').setInputFiles({ name: 'scenarios.png', mimeType: 'image/png', buffer: PNG });
    await submit(advisor, () => advisor.getByRole('button', { name: 'Send reply' }).click());
    expect(await main(advisor).textContent()).toContain('In progress');
    await advisor.getByLabel('New status').selectOption({ label: 'Waiting on member' });
    await submit(advisor, () => advisor.getByRole('button', { name: 'Change status' }).click());

    await visit(member, requestUrl);
    const thread = (await main(member).textContent()) ?? '';
    expect(thread).toContain('Use the 100-year and 500-year scenarios');
    expect(thread).toContain('Waiting on you');
    const href = (await main(member).getByRole('link', { name: 'scenarios.png' }).getAttribute('href')) ?? '';
    const download = await member.request.get(href);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(PNG)).toBe(true);
    expect(download.headers()['content-disposition']).toContain('attachment');

    await member.getByLabel('Your message').fill('Thank you, that answers it.');
    await submit(member, () => member.getByRole('button', { name: 'Send reply' }).click());
    expect(await main(member).textContent()).toContain('In progress');
    await visit(member, '/org/assistance');
    expect(await main(member).textContent()).toContain('Flood maps for the river district');
  });

  it('membership staff see the advisors, their load and the organizations without an advisor', async () => {
    const staff = await newPage();
    await signIn(staff, 'membership@example.org');
    await visit(staff, '/staff/advisors');
    const advisors = staff.getByRole('table', { name: 'Advisors, by name' });
    const row = advisors.getByRole('row').filter({ hasText: 'Aisha Rahman' });
    expect(await row.textContent()).toContain('Central (Chicago)');
    // The demo covers every state (a second advisor takes the states Aisha does not), so no member is left without one.
    expect(await advisors.getByRole('row').filter({ hasText: 'Marcus Bell' }).textContent()).toContain('AZ');
    expect(await main(staff).textContent()).toContain('Every member organization has an advisor.');
    await submit(staff, () => row.getByRole('link', { name: 'Aisha Rahman' }).click());
    expect(await staff.getByLabel('Region (states)').inputValue()).toContain('IL');
    await submit(staff, () => staff.getByRole('link', { name: 'City of Springfield' }).click());
    expect(await staff.getByRole('table', { name: 'Assignment history, newest first' }).textContent()).toContain('Aisha Rahman');
  });
});
