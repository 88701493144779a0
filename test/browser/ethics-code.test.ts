// The Code of Ethics (issue 17): a visitor reads the code in force at /ethics and opens a tenet's
// guidelines, at 1280 px and 390 px; ethics staff start a draft of version 2, add a tenet, preview
// it and publish it, after which /ethics shows version 2 and version 1 reads as superseded. Axe
// runs on every page reached.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('the Code of Ethics', () => {
  const app = useBrowserApp();

  it('a visitor reads the code and its guidelines; at 390 px too', async () => {
    const visitor = await app.newPage();
    await visit(visitor, '/ethics');
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Code of Ethics');
    expect(await visitor.getByRole('heading', { level: 3 }).count()).toBeGreaterThanOrEqual(12);
    expect(await visitor.getByRole('heading', { name: 'Tenet 7. Political neutrality' }).count()).toBe(1);
    const guidelines = visitor.getByText('Guidelines for tenet 12');
    await guidelines.click();
    expect(await visitor.getByRole('heading', { name: 'Conflicts of interest', exact: true }).isVisible()).toBe(true);
    expect(await visitor.getByRole('link', { name: 'File a complaint under the code' }).getAttribute('href')).toBe('/ethics/complaints/new');
    expect(await visitor.getByRole('heading', { name: 'Rules of procedure' }).count()).toBe(1);

    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, '/ethics');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await visit(phone, '/ethics/versions');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 120_000);

  it('ethics staff publish a new version', async () => {
    const staff = await app.newPage();
    await signIn(staff, 'ethics@example.org');
    await visit(staff, '/staff/ethics/code');
    await submit(staff, () => staff.getByRole('button', { name: 'Start a new draft' }).click());
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe('Code of Ethics, version 2 (draft)');
    // an empty tenet: refused, the errors tied to the fields
    const form = staff.getByRole('form', { name: 'Add a tenet' });
    await submit(staff, () => form.getByRole('button', { name: 'Add the tenet' }).click(), { status: 400 });
    expect(await staff.getByRole('textbox', { name: /^Tenet/ }).getAttribute('aria-invalid')).toBe('true');
    await staff.getByRole('textbox', { name: /^Tenet/ }).fill('Stewardship of public resources');
    await staff.getByRole('textbox', { name: /^Text of the tenet/ }).fill('Use public money, property and time only for public purposes.');
    await staff.getByRole('textbox', { name: /^Guidelines/ }).fill('- Keep records of every use of public vehicles.');
    await submit(staff, () => staff.getByRole('button', { name: 'Add the tenet' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Added tenet 13');
    await submit(staff, () => staff.getByRole('link', { name: 'Preview the draft as the public will see it' }).click());
    expect(await staff.getByRole('heading', { name: 'Tenet 13. Stewardship of public resources' }).count()).toBe(1);
    await staff.goBack();
    await submit(staff, () => staff.getByRole('link', { name: 'Publish version 2…' }).click());
    await submit(staff, () => staff.getByRole('button', { name: 'Publish version 2' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Published version 2');

    const visitor = await app.newPage();
    await visit(visitor, '/ethics');
    expect(await visitor.getByText(/Version 2, in force since/).count()).toBe(1);
    expect(await visitor.getByRole('heading', { name: 'Tenet 13. Stewardship of public resources' }).count()).toBe(1);
    await visit(visitor, '/ethics/versions/1');
    expect(await visitor.getByText('Superseded.').count()).toBe(1);
  }, 180_000);
});
