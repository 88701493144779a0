// The join page as a visitor sees it, and communications staff editing a section (with a form
// error first); axe-core on every page.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('join pages', () => {
  const app = useBrowserApp();

  it('a visitor finds the join page from the home page, with the ways to the calculator and the application', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await visit(page, '/');
    await submit(page, () => page.getByRole('link', { name: 'Why and how to join' }).click());
    expect(new URL(page.url()).pathname).toBe('/join');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Join Local Governments for Sustainability Network');
    for (const h of ['For elected officials', 'For staff', 'How to join', 'Regional entities']) {
      expect(await page.getByRole('heading', { level: 2, name: h }).count()).toBe(1);
    }
    expect(await page.getByRole('link', { name: 'Work out your dues' }).getAttribute('href')).toBe('/dues');
    expect(await page.getByRole('link', { name: 'Start your application' }).getAttribute('href')).toBe('/apply');
    expect(await page.getByRole('link', { name: 'Email membership@example.org' }).getAttribute('href')).toBe('mailto:membership@example.org');
    // apply, the review, the invoice, paying it, the advisor and the first meeting
    const steps = page.getByRole('region', { name: 'How to join' }).getByRole('listitem');
    expect(await steps.count()).toBe(5);
    expect(await steps.nth(1).textContent()).toContain('Membership staff review it');
    await context.close();
  });

  it('communications staff edit a section; an empty title is refused first', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await signIn(page, 'communications@example.org');
    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'Join pages' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Join pages');
    await submit(page, () => page.getByRole('link', { name: 'Edit benefits for staff' }).click());
    expect(await page.getByLabel('Title').inputValue()).toBe('For staff');

    await page.getByLabel('Title').fill('');
    await submit(page, () => page.getByRole('button', { name: 'Save section' }).click(), { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('Enter a title.');

    await page.getByLabel('Title').fill('For your staff');
    await page.getByLabel('Text').fill('Help that fits your plans.\n\n- An advisor\n- Trainings');
    await submit(page, () => page.getByRole('button', { name: 'Save section' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Saved “For your staff”.');

    await visit(page, '/join');
    expect(await page.getByRole('heading', { level: 2, name: 'For your staff' }).count()).toBe(1);
    expect(await page.getByText('Trainings', { exact: true }).count()).toBe(1);
    await context.close();
  });
});
