// An elected official of a member organization applies to the demo's leadership cohort; programs
// staff select them with a reason; they find the cohort's space (meetings, notes, files), post a
// note, and see it on a phone (390 px) too. axe runs on every page reached.
import { describe, expect, it } from 'vitest';
import { aContact } from '../factories/index.js';
import { createAccount, PASSWORD } from '../helpers.js';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const SLUG = 'climate-leadership-cohort';

describe('leadership cohort', () => {
  const app = useBrowserApp();

  it('an elected official applies, programs staff select them, and they reach the cohort’s space', async () => {
    const { db } = app.server.deps;
    const org = await db.selectFrom('organizations').select(['id', 'name']).where('slug', '=', 'king-county-wa').executeTakeFirstOrThrow();
    const official = await createAccount(app.server, { name: 'Councilmember Ana Ruiz' });
    await aContact(app.server, { organizationId: org.id, userId: official.id, role: 'contact', title: 'Councilmember', duties: ['elected'] });

    const page = await app.newPage();
    await signIn(page, official.email, PASSWORD);
    await visit(page, '/cohorts');
    await submit(page, () => page.getByRole('link', { name: 'Climate Leadership Cohort for Elected Officials' }).click());
    await submit(page, () => page.getByRole('link', { name: 'Apply' }).click());
    expect(await page.getByText(`You apply as Councilmember, ${org.name}.`).count()).toBe(1);
    // Sent without answers: every question says so, and nothing is stored.
    await submit(page, () => page.getByRole('button', { name: 'Send the application' }).click(), { status: 400 });
    expect(await page.getByRole('alert').first().textContent()).toContain('Answer this question.');
    await page.getByLabel('What climate decision is coming before your council or board this year?').fill('Adopting our first climate action plan.');
    await page.getByLabel('Which pathway matters most to your community?').fill('Resilient');
    await page.getByLabel('Yes', { exact: true }).check();
    await submit(page, () => page.getByRole('button', { name: 'Send the application' }).click());
    expect(await page.getByText('Your application: Received, waiting for a decision.').count()).toBe(1);

    // Before selection the space is not theirs.
    await visit(page, `/cohorts/${SLUG}/space`, { status: 404 });

    const staff = await app.newPage();
    await signIn(staff, 'programs@example.org');
    await visit(staff, '/staff');
    await submit(staff, () => staff.getByRole('link', { name: 'Cohorts and delegations' }).click());
    await submit(staff, () => staff.getByRole('link', { name: 'Climate Leadership Cohort for Elected Officials' }).click());
    await staff.getByLabel('Reason for the decision on Councilmember Ana Ruiz').fill('Clear plan, strong commitment.');
    await submit(staff, () => staff.getByRole('button', { name: 'Select Councilmember Ana Ruiz' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Selected');
    // The staff's other pages and the delegation call are axe-clean too.
    await visit(staff, '/staff/cohorts/new');
    await visit(staff, '/delegations');
    await visit(staff, '/delegations/un-climate-conference-delegation');

    await visit(page, `/cohorts/${SLUG}`);
    expect(await page.getByText('Your application: Selected.').count()).toBe(1);
    await submit(page, () => page.getByRole('link', { name: 'Open the cohort’s space' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Climate Leadership Cohort for Elected Officials: cohort space');
    await page.getByLabel('Your note').fill('Looking forward to the first session.');
    await submit(page, () => page.getByRole('button', { name: 'Post the note' }).click());
    expect(await page.getByText('Looking forward to the first session.').count()).toBe(1);

    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, official.email, PASSWORD);
    await visit(phone, `/cohorts/${SLUG}/space`);
    expect(await phone.getByText('Looking forward to the first session.').count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await visit(phone, '/cohorts');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A member who is not a participant gets a 404 for the space.
    const other = await app.newPage();
    await signIn(other, 'member@example.org');
    await visit(other, `/cohorts/${SLUG}/space`, { status: 404 });
    await visit(other, `/cohorts/${SLUG}/apply`);
    expect(await other.getByText('You cannot apply to this call').count()).toBe(1);
  });
});
