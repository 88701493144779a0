import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { latestEmail, signIn, submit, visit } from './harness.js';

describe('joining as a government', () => {
  const app = useBrowserApp();
  const newPage = () => app.newPage();

  it('from the dues calculator to an approved organization, its contacts invited, and a pending membership', async () => {
    const visitor = await newPage();
    await visit(visitor, '/dues');
    await visitor.getByLabel('Type of government').selectOption('city');
    await visitor.getByLabel('Population', { exact: true }).fill('75000');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Show my dues' }).click());
    expect(await visitor.locator('main').textContent()).toContain('$1,200');

    await submit(visitor, () => visitor.getByRole('link', { name: 'Apply to join' }).click());
    expect(new URL(visitor.url()).pathname).toBe('/apply');
    const name = `City of Journeyville ${Date.now()}`;
    await visitor.getByLabel('Your email').fill('clerk@journeyville.example.gov');
    await visitor.getByLabel('City', { exact: true }).check();
    await visitor.getByLabel('Legal name of the government').fill(name);
    await visitor.keyboard.press('Escape');
    await visitor.getByLabel('State or territory').selectOption('OR');
    await visitor.getByLabel('Population', { exact: true }).fill('75000');
    await visitor.getByLabel('Source of the population figure').fill('2020 Census');
    await visitor.getByLabel('Year of the population figure').fill('2020');
    await visitor.getByLabel('Staff contact’s name').fill('Riley Green');
    await visitor.getByLabel('Staff contact’s email').fill('riley@journeyville.example.gov');
    await visitor.getByLabel('Elected official’s name').fill('Mayor Quinn');
    await visitor.getByLabel('Elected official’s email').fill('mayor@journeyville.example.gov');
    await visitor.getByLabel('Billing contact’s name').fill('Accounts Payable');
    await visitor.getByLabel('Billing contact’s email').fill('ap@journeyville.example.gov');
    await visitor.getByLabel('Billing address').fill('1 City Hall Plaza\nJourneyville, OR 97000');

    // Submitting without agreeing to the terms shows the error next to the field
    await submit(visitor, () => visitor.getByRole('button', { name: 'Submit application' }).click(), { status: 400 });
    expect(await visitor.getByRole('alert').textContent()).toContain('You must agree to the membership terms');
    await visitor.getByLabel('I agree to the membership terms on behalf of the government').check();
    await submit(visitor, () => visitor.getByRole('button', { name: 'Submit application' }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Application received');
    expect(await visitor.locator('main').textContent()).toContain('$1,200.00 a year');

    const staff = await newPage();
    await signIn(staff, 'membership@example.org');
    await visit(staff, '/staff/applications?state=OR');
    await submit(staff, () => staff.getByRole('link', { name }).click());
    await submit(staff, () => staff.getByRole('button', { name: 'Approve' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Approved');
    expect(await staff.locator('main dl').textContent()).toContain('Approved');

    const db = app.server.deps.db;
    const org = await db.selectFrom('organizations').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ state: 'OR', population: 75000, status: 'pending' });
    // Each person named is invited; the staff contact accepts by following the emailed link.
    const contacts = () =>
      db
        .selectFrom('organization_contacts')
        .innerJoin('users', 'users.id', 'organization_contacts.user_id')
        .select(['users.email', 'role'])
        .where('organization_id', '=', org.id)
        .execute();
    expect(await contacts()).toEqual([]);
    const seats = staff.getByRole('table', { name: 'Invitations' });
    expect(await seats.getByRole('row', { name: /Riley Green.*Administrator.*Invited, not yet accepted/ }).count()).toBe(1);
    const invitation = await latestEmail(app.server, 'riley@journeyville.example.gov', /is approved: your invitation/);
    const riley = await newPage();
    await visit(riley, invitation.paths[0] ?? '');
    expect(await riley.getByRole('heading', { level: 1 }).textContent()).toBe(`Invitation to ${name}`);
    await submit(riley, () => riley.getByRole('button', { name: 'Accept the invitation' }).click());
    expect(new URL(riley.url()).pathname).toBe('/org');
    expect(await riley.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect((await contacts()).map((c) => `${c.email}:${c.role}`)).toEqual(['riley@journeyville.example.gov:admin']);
    // Riley sees the two others as invited, not yet accepted.
    const pending = riley.getByRole('table', { name: `Pending invitations to ${name}` });
    expect(await pending.getByRole('row', { name: /Mayor Quinn/ }).count()).toBe(1);
    expect(await pending.getByRole('row', { name: /Accounts Payable/ }).count()).toBe(1);
    const memberships = await db.selectFrom('memberships').select('status').where('organization_id', '=', org.id).execute();
    expect(memberships).toEqual([{ status: 'pending' }]);
  });
});
