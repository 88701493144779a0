// Membership staff find a person by a few letters of their name, open their record, and end every
// session of theirs (the person's browser is then signed out); axe runs on every page reached
// (the list, a failed filter, the record and its refused action, the edit and merge pages), at
// desktop width and at 390 px.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('people', () => {
  const app = useBrowserApp();

  it('search, open a record, end the sessions, every page accessible', async () => {
    const person = await app.server.deps.db.selectFrom('users').select(['id', 'name']).where('email', '=', 'member@example.org').executeTakeFirstOrThrow();
    // The person is signed in somewhere.
    const theirs = await app.newPage();
    await signIn(theirs, 'member@example.org');

    const page = await app.newPage();
    await signIn(page, 'membership@example.org');
    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'People', exact: true }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('People');

    // A bad filter is refused with the field named; then a few letters of the name find them.
    await visit(page, '/staff/people?verified=perhaps', { status: 400 });
    expect(await page.getByRole('alert').count()).toBe(1);
    await page.getByLabel('Email confirmed').selectOption('');
    await page.getByLabel('Name or email').fill(person.name.slice(0, 4));
    await submit(page, () => page.getByRole('button', { name: 'Find' }).click());
    const results = page.getByRole('table', { name: 'People' });
    await submit(page, () => results.getByRole('link', { name: person.name, exact: true }).click());
    expect(new URL(page.url()).pathname).toBe(`/staff/people/${person.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(person.name);

    // Ending the sessions needs the box ticked: refused first, with the error linked to it.
    await submit(page, () => page.getByRole('button', { name: 'End all sessions' }).click(), { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('Tick the box');
    await page.getByLabel('Yes, end every session of this person').check();
    await submit(page, () => page.getByRole('button', { name: 'End all sessions' }).click());
    expect(await page.getByRole('status').textContent()).toContain('signed out everywhere');

    // Their browser is signed out.
    await visit(theirs, '/account');
    expect(new URL(theirs.url()).pathname).toBe('/login');

    // The edit and merge pages.
    await submit(page, () => page.getByRole('link', { name: 'Edit the name or email address' }).click());
    await visit(page, `/staff/people/${person.id}/merge?other=nobody@example.org`, { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('No account has this address');

    // On a phone: the list and the record.
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'membership@example.org');
    await visit(phone, `/staff/people?q=${encodeURIComponent(person.name.slice(0, 4))}`);
    await submit(phone, () => phone.getByRole('table', { name: 'People' }).getByRole('link', { name: person.name, exact: true }).click());
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toBe(person.name);
  }, 120_000);
});
