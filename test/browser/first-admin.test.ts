// The new organization administrator's first hour, in the browser: membership staff approve Dane
// County's application; the staff contact's email (the approval, naming the organization and their
// role) leads through the invitation — accepting proves the address, no password needed — straight
// to /org, where the titles from the application show and "Get started" lists the first steps;
// home and /account say where things are and the roles in words; removing the only administrator
// is explained on its confirmation page; later, "Email me a sign-in link" brings them back to /org.
// axe runs on every page, at 390 px (the administrator's phone) and 1280 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { latestEmail, signIn, submit, visit } from './harness.js';

describe('the first organization administrator', () => {
  const app = useBrowserApp();
  const main = (page: Page) => page.locator('main');
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  it('goes from the approval email to /org, sees the titles, their roles in words and a checklist, and is told why they cannot remove themselves', async () => {
    const db = app.server.deps.db;
    const application = await db
      .selectFrom('applications')
      .select(['id', 'legal_name', 'staff_name', 'staff_title', 'staff_email', 'elected_name', 'elected_title', 'elected_email'])
      .where('legal_name', '=', 'Dane County')
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow();
    const name = application.legal_name;
    // the demo's Dane County: its staff contact's and its county executive's titles
    const staffTitle = application.staff_title;
    const electedTitle = application.elected_title;
    expect(staffTitle && electedTitle && application.elected_name).toBeTruthy();

    // Membership staff approve it.
    const staff = await app.newPage();
    await signIn(staff, 'membership@example.org');
    await visit(staff, `/staff/applications/${application.id}`);
    await submit(staff, () => main(staff).getByRole('button', { name: 'Approve' }).click());
    const invited = staff.getByRole('table', { name: 'Invitations' });
    expect(await invited.getByRole('row').filter({ hasText: application.staff_name }).textContent()).toContain(staffTitle);
    expect(await invited.getByRole('row').filter({ hasText: application.elected_email }).textContent()).toContain(electedTitle);

    // Each person named gets the news with their role; the elected official too.
    const electedMail = await latestEmail(app.server, application.elected_email, /is approved/);
    expect(electedMail.text).toContain(`Your role at ${name}: Contact; elected official (${electedTitle}).`);
    const mail = await latestEmail(app.server, application.staff_email, /is approved/);
    expect(mail.subject).toContain(name);
    expect(mail.text).toContain(`Your role at ${name}: Administrator; staff contact (${staffTitle}).`);
    const link = mail.paths[0] ?? '';
    expect(link).toMatch(/^\/invitation\?token=/);

    // On the administrator's phone: the link, the button, and /org.
    const admin = await app.newPage({ width: 390, height: 844 });
    await visit(admin, link);
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe(`Invitation to ${name}`);
    await submit(admin, () => admin.getByRole('button', { name: 'Accept the invitation' }).click());
    const url = new URL(admin.url());
    expect(url.pathname).toBe('/org');
    const organizationId = url.searchParams.get('org') ?? '';
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    const contacts = admin.getByRole('table', { name: `Contacts of ${name}` });
    expect(await contacts.getByRole('row').filter({ hasText: application.staff_name }).textContent()).toContain(staffTitle);
    const pending = admin.getByRole('table', { name: `Pending invitations to ${name}` });
    expect(await pending.getByRole('row').filter({ hasText: application.elected_name }).textContent()).toContain(electedTitle);

    // Get started: the first steps, ticked by doing them.
    const start = admin.locator('section#get-started');
    expect(await start.getByRole('heading', { level: 2 }).textContent()).toBe('Get started');
    expect(await start.textContent()).toContain('To do: Invite colleagues');
    await submit(admin, () => start.getByRole('link', { name: 'Invite colleagues' }).click());
    await admin.locator('#f-name').fill('Robin Deputy');
    await admin.locator('#f-email').fill('deputy@danecounty.example');
    await submit(admin, () => main(admin).getByRole('button', { name: 'Add contact' }).click());
    expect(await admin.locator('section#get-started').textContent()).toContain('Done: Invite colleagues');

    // Removing the only administrator: its confirmation page says why not, with nothing to
    // confirm, and leads back to the contacts.
    const own = contacts.getByRole('row').filter({ hasText: application.staff_name });
    await submit(admin, () => own.getByRole('link', { name: `Remove ${application.staff_name}` }).click());
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('You cannot be removed yet');
    expect(await main(admin).textContent()).toContain(`You are ${name}’s only administrator`);
    expect(await main(admin).getByRole('button', { name: 'Remove the contact' }).count()).toBe(0);
    await submit(admin, () =>
      main(admin)
        .getByRole('link', { name: `Back to ${name}` })
        .click(),
    );
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe(name);

    // Home and /account: where things are, roles in words.
    await visit(admin, '/');
    await submit(admin, () =>
      main(admin)
        .getByRole('link', { name: `My organization: ${name}` })
        .click(),
    );
    expect(new URL(admin.url()).searchParams.get('org')).toBe(organizationId);
    await visit(admin, '/account');
    const roles = (await main(admin).locator('dl').textContent()) ?? '';
    expect(roles).toContain(`Administrator of ${name} (${staffTitle}), staff contact`);
    expect(roles).not.toContain('None');

    // Hiding the checklist.
    await visit(admin, `/org?org=${organizationId}`);
    await submit(admin, () => admin.locator('section#get-started').getByRole('button', { name: 'Hide this list' }).click());
    expect(await admin.locator('section#get-started').count()).toBe(0);

    // Another day, on a desktop, without a password: a sign-in link keeps where they were going.
    const desk = await app.newPage();
    await visit(desk, `/org?org=${organizationId}`);
    expect(new URL(desk.url()).pathname).toBe('/login');
    await submit(desk, () => main(desk).getByRole('link', { name: 'Email me a sign-in link instead' }).click());
    await desk.getByLabel('Email', { exact: true }).fill(application.staff_email);
    await submit(desk, () => desk.getByRole('button', { name: 'Send sign-in link' }).click());
    await expect
      .poll(async () => (await latestEmail(app.server, application.staff_email).catch(() => null))?.paths[0]?.startsWith('/login/magic/verify') ?? false, { timeout: 15_000 })
      .toBe(true);
    const magic = (await latestEmail(app.server, application.staff_email)).paths[0] ?? '';
    await visit(desk, magic);
    await submit(desk, () => main(desk).getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(desk.url()).pathname).toBe('/org');
    expect(await desk.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    await submit(desk, () => nav(desk).getByRole('link', { name: 'My account' }).click());
    expect(await main(desk).textContent()).toContain(`Administrator of ${name}`);
  });
});
