// Forms as a newcomer meets them (issue 14), at desktop and phone width: numbers typed the way
// people write them ("31,685") are read everywhere; an empty application reports every missing
// field at once, moves focus to the summary and says "Error:" in the title; the dues calculator's
// answers carry over into the application; the individual join preselects the level that fits,
// lists the others once, and makes no "(optional)" field required; the employer lookup on /me
// fills the employer's state. axe-core runs on every page visited.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const WIDTHS = [1280, 390];

describe('forms', () => {
  const app = useBrowserApp();
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.className ?? '');

  for (const width of WIDTHS) {
    it(`an empty application reports every field at once, focused, with "Error:" in the title; "31,685" is accepted (${width} px)`, async () => {
      const page = await app.newPage({ width });
      await visit(page, '/apply');
      await submit(page, () => page.getByRole('button', { name: 'Submit application' }).click(), { status: 400 });
      expect(await page.title()).toMatch(/^Error: Apply for membership/);
      expect(await focused(page)).toBe('error-summary');
      const summary = page.getByRole('alert');
      const items = await summary.getByRole('link').allTextContents();
      for (const label of ['Your email', 'Kind of government', 'Legal name of the government', 'Population', 'Billing address', 'Membership terms']) {
        expect(
          items.some((t) => t.startsWith(`${label}:`)),
          label,
        ).toBe(true);
      }
      // The links lead to the fields.
      await summary.getByRole('link', { name: /^Your email:/ }).click();
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('applicant_email');

      const name = `Town of Commaville ${width} ${Date.now()}`;
      await page.getByLabel('Your email').fill(`clerk-${width}@commaville.example.gov`);
      await page.getByLabel('Town', { exact: true }).check();
      await page.getByLabel('Legal name of the government').fill(name);
      await page.keyboard.press('Escape');
      await page.getByLabel('State or territory').selectOption('VT');
      await page.getByLabel('Population', { exact: true }).fill('31,685');
      await page.getByLabel('Source of the population figure').fill('2020 Census');
      await page.getByLabel('Year of the population figure').fill('2020');
      await page.getByLabel('Staff contact’s name').fill('Robin Clerk');
      await page.getByLabel('Staff contact’s email').fill(`robin-${width}@commaville.example.gov`);
      await page.getByLabel('Elected official’s name').fill('Mayor Ames');
      await page.getByLabel('Elected official’s email').fill(`mayor-${width}@commaville.example.gov`);
      await page.getByLabel('Billing contact’s name').fill('Accounts Payable');
      await page.getByLabel('Billing contact’s email').fill(`ap-${width}@commaville.example.gov`);
      await page.getByLabel('Billing address').fill('1 Main St\nCommaville, VT 05000');
      await page.getByLabel('I agree to the membership terms on behalf of the government').check();
      await submit(page, () => page.getByRole('button', { name: 'Submit application' }).click());
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Application received');
      expect(await page.title()).not.toMatch(/^Error/);
      const saved = await app.server.deps.db.selectFrom('applications').select('population').where('legal_name', '=', name).executeTakeFirstOrThrow();
      expect(saved.population).toBe(31_685);
    });
  }

  it('the dues calculator’s answers carry over into the application', async () => {
    const page = await app.newPage({ width: 390 });
    await visit(page, '/dues');
    await page.getByLabel('Type of government').selectOption('county');
    await page.getByLabel('Population', { exact: true }).fill('31 685');
    await submit(page, () => page.getByRole('button', { name: 'Show my dues' }).click());
    await submit(page, () => page.getByRole('link', { name: 'Apply with these answers' }).click());
    expect(new URL(page.url()).pathname).toBe('/apply');
    expect(await page.getByLabel('County', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Population', { exact: true }).inputValue()).toBe('31,685');
    // A tampered link prefills nothing and fails nothing.
    await visit(page, '/apply?entity_type=village&population=lots');
    expect(await page.getByLabel('Population', { exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('the calculator answers as you type, naming the type in the page’s own words', async () => {
    const page = await app.newPage({ width: 390 });
    await visit(page, '/dues');
    const result = page.getByRole('region', { name: 'Your dues' });
    await page.getByLabel('Type of government').selectOption('tribal_nation');
    await page.getByLabel('Population', { exact: true }).fill('75,000');
    await result.getByText('A Tribal nation of 75,000 people pays $1,200 a year.', { exact: false }).waitFor();
    await page.getByLabel('Type of government').selectOption('county');
    await result.getByText('A county of 75,000 people pays $1,200 a year.', { exact: false }).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  for (const width of WIDTHS) {
    it(`the individual join preselects the level that fits, lists the others once, and keeps optional fields optional (${width} px)`, async () => {
      const page = await app.newPage({ width });
      await visit(page, '/join/individual');
      const answer = (question: RegExp, value: 'Yes' | 'No') => page.getByRole('group', { name: question }).getByLabel(value, { exact: true }).check();
      await answer(/work for a local government/, 'Yes');
      await answer(/chief administrative officer/, 'Yes');
      for (const q of [/teach or do research/, /full-time student/, /outside the United States/, /retired/]) await answer(q, 'No');
      await submit(page, () => page.getByRole('button', { name: 'Find my level' }).click());

      const levels = page.getByRole('group', { name: 'Membership level' });
      expect(await levels.getByLabel('Manager', { exact: true }).isChecked()).toBe(true);
      expect(await page.getByRole('heading', { name: 'Levels that do not fit your answers' }).count()).toBe(1);
      expect(await page.getByText('does not fit your answers').count()).toBe(0);
      expect(await levels.getByLabel('Student').count()).toBe(0);

      // The discount is optional and stays so: a salary alone gets a quote, without the discount.
      const labelOf = (name: string) => page.locator(`label[for="f-${name}"]`).textContent();
      const before = await Promise.all(['salary', 'employer_population', 'employer_general_fund'].map(labelOf));
      expect(before[1]).toContain('(optional)');
      expect(before[2]).toContain('(optional)');
      await page.getByLabel('Your annual salary').fill('not sure');
      await submit(page, () => page.getByRole('button', { name: 'See my dues' }).click(), { status: 400 });
      expect(await page.title()).toMatch(/^Error:/);
      expect(await focused(page)).toBe('error-summary');
      expect(await Promise.all(['salary', 'employer_population', 'employer_general_fund'].map(labelOf))).toEqual(before);
      await page.getByLabel('Your annual salary').fill('$100,000');
      await submit(page, () => page.getByRole('button', { name: 'See my dues' }).click());
      expect(await page.getByRole('status').textContent()).toContain('Manager: $650.00 for your first year');
      // Employer and title are asked at join.
      expect(await page.getByLabel(/^Your employer( \(optional\))?$/).count()).toBe(1);
      expect(await page.getByLabel(/^Your job title( \(optional\))?$/).count()).toBe(1);
    });
  }

  it('on /me, choosing the employer from the lookup fills its state', async () => {
    const page = await app.newPage();
    await signIn(page, 'manager@example.org');
    await visit(page, '/me');
    const input = page.getByRole('combobox', { name: /Current employer/ });
    await input.fill('');
    await input.pressSequentially('King County', { delay: 20 });
    const king = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /^King County, WA/ });
    await king.click();
    expect(await page.getByLabel('State of your employer').inputValue()).toBe('WA');
  });
});
