import { describe, expect, it } from 'vitest';
import { DEMO_DOMAIN } from '../../src/seed/demo.js';
import { useBrowserApp } from './app.js';
import { latestEmail, signIn, submit, visit } from './harness.js';

describe('organization home', () => {
  const app = useBrowserApp();
  const newPage = () => app.newPage();
  const outboxTo = (email: string) => app.server.deps.db.selectFrom('outbox').select(['template', 'body_text']).where('to_address', '=', email).execute();

  it('the administrator reads the home page, adds a contact and approves a login request', async () => {
    const page = await newPage();
    await signIn(page, `orgadmin@${DEMO_DOMAIN}`);
    await visit(page, '/org');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('City of Springfield');
    const contents = page.getByRole('navigation', { name: 'On this page' });
    for (const name of ['Membership', 'Invoices and dues', 'Contacts', 'Network profile', 'Login requests']) {
      expect(await contents.getByRole('link', { name, exact: true }).count()).toBe(1);
      expect(await page.getByRole('region', { name, exact: true }).count()).toBe(1);
    }
    const contacts = page.getByRole('region', { name: 'Contacts', exact: true });
    expect(await contacts.getByRole('row', { name: /Sam Whitaker.*Finance Manager.*Staff, Billing/ }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Network profile' }).textContent()).toContain('https://www.springfield.il.us');

    await submit(page, () => contacts.getByRole('link', { name: 'Add a contact' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Add a contact');
    await submit(page, () => page.getByRole('button', { name: 'Add contact' }).click(), { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('Full name');
    await page.getByLabel('Full name').fill('Taylor Brooks');
    await page.getByLabel('Email').fill('taylor.brooks@springfield.il.us');
    await page.getByLabel('Job title (optional)').fill('Council Member');
    await page.getByRole('group', { name: 'Roles' }).getByLabel('Elected official').check();
    await submit(page, () => page.getByRole('button', { name: 'Add contact' }).click());
    expect(await page.getByRole('status').textContent()).toContain('We emailed an invitation to taylor.brooks@springfield.il.us.');
    const pending = page.getByRole('table', { name: 'Pending invitations to City of Springfield' });
    expect(await pending.getByRole('row', { name: /Taylor Brooks.*Invited, not yet accepted/ }).count()).toBe(1);
    expect((await outboxTo('taylor.brooks@springfield.il.us')).map((m) => m.template)).toEqual(['portal.seat_invitation']);
    // Taylor accepts from the email and lands on the organization's page as a contact.
    const taylor = await newPage();
    await visit(taylor, (await latestEmail(app.server, 'taylor.brooks@springfield.il.us', /invites you to/)).paths[0] ?? '');
    await submit(taylor, () => taylor.getByRole('button', { name: 'Accept the invitation' }).click());
    expect(await taylor.getByRole('heading', { level: 1 }).textContent()).toBe('City of Springfield');
    await visit(page, '/org');
    expect(
      await page
        .getByRole('region', { name: 'Contacts', exact: true })
        .getByRole('row', { name: /Taylor Brooks.*Council Member.*Elected official/ })
        .count(),
    ).toBe(1);

    const requests = page.getByRole('region', { name: 'Login requests' });
    expect(await requests.textContent()).toContain('Matches your organization’s website or email domain');
    await submit(page, () => requests.getByRole('button', { name: 'Approve Morgan Reyes' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Approved.');
    expect(
      await page
        .getByRole('table', { name: 'Pending invitations to City of Springfield' })
        .getByRole('row', { name: /Morgan Reyes/ })
        .count(),
    ).toBe(1);
    expect((await outboxTo('morgan.reyes@springfield.il.us')).map((m) => m.template)).toEqual(['portal.seat_invitation']);
  });

  it('a visitor asks for an account and is told what happens next', async () => {
    const page = await newPage();
    await visit(page, '/request-access');
    await page.getByLabel('Your full name').fill('Casey Lee');
    await page.getByLabel('Your work email').fill('casey.lee@springfield.il.us');
    await page.getByLabel('Your organization').fill('City of Springfield');
    await submit(page, () => page.getByRole('button', { name: 'Ask for an account' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you: we have your request');
    // The request is filed by a queued job (the answer is the same whatever matched): wait for it.
    await expect
      .poll(async () => (await outboxTo(`orgadmin@${DEMO_DOMAIN}`)).some((m) => m.template === 'portal.login_request_new' && m.body_text.includes('Casey Lee')), {
        timeout: 15_000,
      })
      .toBe(true);
  });

  it('membership staff approve a request whose organization matched no member', async () => {
    const visitor = await newPage();
    await visit(visitor, '/request-access');
    await visitor.getByLabel('Your full name').fill('Drew Typo');
    await visitor.getByLabel('Your work email').fill('drew@example.net');
    await visitor.getByLabel('Your organization').fill('Springfield City');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Ask for an account' }).click());
    await expect
      .poll(async () => (await app.server.deps.db.selectFrom('login_requests').select('id').where('email', '=', 'drew@example.net').execute()).length, { timeout: 15_000 })
      .toBe(1);

    const page = await newPage();
    await signIn(page, `membership@${DEMO_DOMAIN}`);
    await visit(page, '/staff/login-requests');
    const form = page.getByRole('form', { name: 'Approve Drew Typo' });
    await form.getByLabel('Member organization').selectOption({ label: 'City of Springfield, IL' });
    await submit(page, () => form.getByRole('button', { name: 'Approve Drew Typo' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Approved.');
    expect((await outboxTo('drew@example.net')).map((m) => m.template)).toEqual(['portal.seat_invitation']);
  });
});
