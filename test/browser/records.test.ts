// The Done-when journey of issue 13: membership staff find an organization by three letters of
// its name (as they type, and by the form), open its record, change its population (audited, the
// timeline says so), add a staff note, assign an advisor, and merge a duplicate organization into
// it; axe runs on every page reached (the list, a failed filter, the record, the profile form and
// its error, the advisor form, the merge search and confirmation), and on the record at 390 px.
import { describe, expect, it } from 'vitest';
import { anOrganization } from '../factories/index.js';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('organization records', () => {
  const app = useBrowserApp();

  it('finds an organization, edits its profile, adds a note, assigns an advisor and merges a duplicate, every page accessible', async () => {
    const org = await app.server.deps.db.selectFrom('organizations').select(['id', 'name']).where('status', '=', 'active').orderBy('name').limit(1).executeTakeFirstOrThrow();
    const page = await app.newPage();
    await signIn(page, 'membership@example.org');
    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'Organizations', exact: true }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Organizations');

    // A bad filter is refused with the field named, then three letters of the name find it.
    await visit(page, '/staff/organizations?termEnd=soon', { status: 400 });
    expect(await page.getByRole('alert').count()).toBe(1);
    const letters = org.name.replace(/^(City|Town|County) of /, '').slice(0, 3);
    await page.getByLabel('Term ends in (YYYY-MM)').fill('');
    // As staff type, the results follow (the island), and the address with them.
    await page.getByLabel('Name', { exact: true }).pressSequentially(letters);
    const results = page.getByRole('table', { name: 'Organizations' });
    await results.getByRole('link', { name: org.name, exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe(letters);
    // Without the island, the form finds the same.
    await submit(page, () => page.getByRole('button', { name: 'Find' }).click());
    await submit(page, () => results.getByRole('link', { name: org.name, exact: true }).click());
    expect(new URL(page.url()).pathname).toBe(`/staff/organizations/${org.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(org.name);

    // The profile: an error first, then a new population with its source and year.
    await submit(page, () => page.getByRole('link', { name: 'Edit the profile' }).click());
    await page.getByLabel('Population', { exact: true }).fill('many');
    await submit(page, () => page.getByRole('button', { name: 'Save the profile' }).click(), { status: 400 });
    expect(await page.getByRole('alert').count()).toBe(1);
    await page.getByLabel('Population', { exact: true }).fill('123,456');
    await page.getByLabel('Source of the population figure').fill('US Census Bureau');
    await page.getByLabel('Year of the figure').fill('2020');
    await submit(page, () => page.getByRole('button', { name: 'Save the profile' }).click());
    expect(await page.getByRole('status').textContent()).toContain('→ 123,456.');
    const activity = page.getByRole('table', { name: 'Activity, newest first' });
    expect(await activity.getByText(/changed the profile: population .* → 123,456/).count()).toBe(1);

    // A staff note, kept with its author.
    await page.getByLabel('Add a note').fill('Prefers email over phone calls.');
    await submit(page, () => page.getByRole('button', { name: 'Add the note' }).click());
    const notes = page.getByRole('table', { name: 'Staff notes' });
    expect(await notes.getByRole('cell', { name: 'Prefers email over phone calls.' }).count()).toBe(1);

    // An advisor, chosen from the active advisors.
    await submit(page, () => page.getByRole('link', { name: /^(Assign an advisor|Change the advisor)$/ }).click());
    const advisor = page.getByRole('combobox', { name: 'Advisor' });
    await advisor.selectOption({ index: 1 });
    const advisorName = ((await advisor.locator('option:checked').textContent()) ?? '').replace(/ \(.*\)$/, '');
    await submit(page, () => page.getByRole('button', { name: 'Assign the advisor' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Advisor assigned.');
    expect(await activity.getByText('assigned the advisor').count()).toBeGreaterThan(0);
    expect(await page.getByText(advisorName, { exact: true }).count()).toBeGreaterThan(0);

    // A duplicate (a second record of the same government, no membership) merged into it.
    const dup = await anOrganization(app.server, { name: `${org.name} (entered twice)`, status: 'prospect', state: 'CO' });
    await submit(page, () => page.getByRole('link', { name: 'Merge a duplicate organization into this one' }).click());
    await page.getByLabel('Name of the duplicate').fill(letters);
    await submit(page, () => page.getByRole('button', { name: 'Find' }).click());
    await submit(page, () => page.getByRole('table', { name: 'Organizations found' }).getByRole('link', { name: dup.name, exact: true }).click());
    expect(await page.getByRole('table', { name: 'What moves' }).count()).toBe(1);
    await submit(page, () => page.getByRole('button', { name: 'Merge the organizations' }).click(), { status: 400 });
    expect(await page.getByRole('alert').count()).toBe(1);
    await page.getByLabel(`Yes, merge ${dup.name} into ${org.name}`).check();
    await submit(page, () => page.getByRole('button', { name: 'Merge the organizations' }).click());
    expect(new URL(page.url()).pathname).toBe(`/staff/organizations/${org.id}`);
    expect(await page.getByRole('status').textContent()).toContain(`${dup.name} was merged into this organization.`);
    expect(await activity.getByText(`merged a duplicate organization into this one: ${dup.name}.`).count()).toBe(1);
    // The duplicate's address now opens the survivor.
    await visit(page, `/staff/organizations/${dup.id}`);
    expect(new URL(page.url()).pathname).toBe(`/staff/organizations/${org.id}`);

    // The record at 390 px.
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'membership@example.org');
    await visit(phone, `/staff/organizations/${org.id}`);
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toBe(org.name);
  }, 180_000);
});
