// Technical assistance in the browser: City of Springfield's contact files a request with a PDF
// (a file that is not what it claims is refused first), the advisor finds it in the queue and
// replies with a file, and the contact reads the reply and downloads the advisor's file.
// axe-core runs on every page visited.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, PNG } from '../../src/modules/assistance/fixtures.js';
import { launchBrowser, newContext, type RunningApp, signIn, startApp, submit, visit } from './harness.js';

describe('technical assistance', () => {
  let server: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await newContext(browser, server.baseURL);
    contexts.push(context);
    return context.newPage();
  }
  const main = (page: Page) => page.locator('main');

  it('a contact files a request with a file, the advisor replies, and the contact reads the reply', async () => {
    const contact = await newPage();
    await signIn(contact, 'orgcontact@example.org');
    await visit(contact, '/org');
    await expect(contact.getByRole('heading', { level: 2, name: 'Technical assistance' }).count()).resolves.toBe(1);
    await visit(contact, '/org/assistance');
    // The demo data's requests of Springfield.
    expect(await main(contact).textContent()).toContain('Review of our draft heat action plan');
    await submit(contact, () => main(contact).getByRole('link', { name: 'Ask for technical assistance' }).click());
    expect(new URL(contact.url()).pathname).toBe('/org/assistance/new');

    await contact.getByLabel('Topic').selectOption({ label: 'Resilient' });
    await contact.getByLabel('Subject').fill('Flood maps for the river district');
    await contact.getByLabel('What you need').fill('Which flood scenarios should our new zoning code use?');
    // A text file dressed up as a PDF is refused, with the message beside the field.
    await contact.getByLabel('Attachments').setInputFiles({ name: 'scenarios.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
    await submit(contact, () => contact.getByRole('button', { name: 'Send the request' }).click(), { status: 400 });
    expect(await contact.locator('#f-attachments-error').textContent()).toContain('scenarios.pdf is not a file we accept');
    expect(await contact.getByLabel('Subject').inputValue()).toBe('Flood maps for the river district');

    await contact.getByLabel('Attachments').setInputFiles({ name: 'river-district.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(contact, () => contact.getByRole('button', { name: 'Send the request' }).click());
    await contact.getByRole('heading', { level: 1, name: 'Flood maps for the river district' }).waitFor();
    const requestUrl = contact.url();
    const id = new URL(requestUrl).pathname.split('/').pop() ?? '';
    expect(await main(contact).getByRole('link', { name: 'river-district.pdf' }).count()).toBe(1);

    // The request's advisor (or, without one, membership staff) is emailed.
    const row = await server.deps.db.selectFrom('assistance_requests').select('advisor_user_id').where('id', '=', id).executeTakeFirstOrThrow();
    const mail = await server.deps.db
      .selectFrom('outbox')
      .select(['to_address', 'body_text'])
      .where('template', '=', 'assistance.filed')
      .where('body_text', 'like', `%${id}%`)
      .execute();
    expect(mail.length).toBeGreaterThan(0);
    if (row.advisor_user_id) {
      const advisor = await server.deps.db.selectFrom('users').select('email').where('id', '=', row.advisor_user_id).executeTakeFirstOrThrow();
      expect(mail.map((m) => m.to_address)).toEqual([advisor.email]);
    }

    const staff = await newPage();
    await signIn(staff, 'advisor@example.org');
    await visit(staff, '/staff/assistance');
    await submit(staff, () => main(staff).getByRole('link', { name: 'Flood maps for the river district' }).click());
    expect(new URL(staff.url()).pathname).toBe(`/staff/assistance/${id}`);
    await staff.getByLabel('Your message').fill('Use the 100-year and 500-year scenarios; the attached chart compares them.');
    await staff.getByLabel('Attachments').setInputFiles({ name: 'scenarios.png', mimeType: 'image/png', buffer: PNG });
    await submit(staff, () => staff.getByRole('button', { name: 'Send reply' }).click());
    expect(await main(staff).textContent()).toContain('In progress');
    await staff.getByLabel('New status').selectOption({ label: 'Waiting on member' });
    await submit(staff, () => staff.getByRole('button', { name: 'Change status' }).click());

    await visit(contact, requestUrl);
    const text = (await main(contact).textContent()) ?? '';
    expect(text).toContain('Use the 100-year and 500-year scenarios');
    expect(text).toContain('Waiting on you');
    const href = (await main(contact).getByRole('link', { name: 'scenarios.png' }).getAttribute('href')) ?? '';
    const download = await contact.request.get(href);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(PNG)).toBe(true);
    expect(download.headers()['content-disposition']).toContain('attachment');

    await contact.getByLabel('Your message').fill('Thank you, that answers it.');
    await submit(contact, () => contact.getByRole('button', { name: 'Send reply' }).click());
    expect(await main(contact).textContent()).toContain('In progress');
    await visit(contact, '/org/assistance');
    expect(await main(contact).textContent()).toContain('Flood maps for the river district');
  });
});
