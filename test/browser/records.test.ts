// Membership staff find an organization by three letters of its name (as they type, and by the form), open its record, change its
// population and add a staff note; axe runs on every page reached (the list, a failed filter, the
// record, the profile form and its error).
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('organization records', () => {
  const app = useBrowserApp();

  it('finds an organization, edits its profile and adds a note, every page accessible', async () => {
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
  }, 120_000);
});
