// The place lookup island in a real browser: a form like the application's, enhanced by
// /assets/js/place-lookup.js, driven by keyboard alone; axe-core with the suggestions open.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, visit } from './harness.js';

const STATES = 'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
  ' ',
);

/** Adds, inside <main>, the fields the application form has, then loads the island. */
async function addApplicationLikeForm(page: Page) {
  await page.evaluate((states) => {
    const form = document.createElement('form');
    form.method = 'get';
    form.action = '/join';
    form.setAttribute('aria-label', 'Your jurisdiction');
    const field = (html: string) => {
      const div = document.createElement('div');
      div.className = 'field';
      div.innerHTML = html;
      form.append(div);
    };
    field('<label for="f-legal_name">Legal name</label><input id="f-legal_name" name="legal_name" data-place-lookup>');
    field(
      `<label for="f-state">State</label><select id="f-state" name="state"><option value="">Choose a state</option>${states.map((s) => `<option value="${s}">${s}</option>`).join('')}</select>`,
    );
    field('<label for="f-population">Population</label><input id="f-population" name="population" inputmode="numeric">');
    field('<label for="f-population_source">Source of the population figure</label><input id="f-population_source" name="population_source">');
    for (const name of ['latitude', 'longitude', 'place_source']) {
      const hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = name;
      form.append(hidden);
    }
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = 'Continue';
    form.append(button);
    document.querySelector('main')?.append(form);
  }, STATES);
  await page.addScriptTag({ url: '/assets/js/place-lookup.js', type: 'module' });
  await page.locator('input[name="legal_name"][role="combobox"]').waitFor();
}

const value = (page: Page, name: string) => page.locator(`form[aria-label="Your jurisdiction"] [name="${name}"]`).inputValue();

describe('place lookup', () => {
  const app = useBrowserApp();

  it('suggests places as you type; arrow keys and Enter choose one and fill the form', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await visit(page, '/join');
    await addApplicationLikeForm(page);

    // The field is still found by its label alone, as the application's journey finds it.
    expect(await page.getByLabel('Legal name').count()).toBe(1);
    const input = page.getByRole('combobox', { name: 'Legal name' });
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await input.click();
    await input.pressSequentially('Spring', { delay: 30 });
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await listbox.waitFor();
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await input.getAttribute('aria-controls')).toBe(await listbox.getAttribute('id'));
    const options = listbox.getByRole('option');
    expect(await options.count()).toBeGreaterThan(1);
    await page.getByRole('status').filter({ hasText: 'suggestions' }).waitFor();
    await check(page); // with the list open

    // Down twice, then up once: the first suggestion is active.
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    await input.press('ArrowUp');
    const first = options.first();
    expect(await input.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    expect(await first.getAttribute('aria-selected')).toBe('true');
    const label = (await first.locator('span').first().textContent()) ?? '';
    const [name, state] = label.split(', ');

    await input.press('Enter');
    expect(new URL(page.url()).pathname).toBe('/join'); // Enter chose; it did not submit
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await listbox.isHidden()).toBe(true);
    expect(await input.inputValue()).toBe(name);
    expect(await value(page, 'state')).toBe(state);
    expect(Number(await value(page, 'population'))).toBeGreaterThan(1000);
    expect(await value(page, 'population_source')).toBe('GeoNames');
    expect(await value(page, 'place_source')).toMatch(/^geonames:\d+$/);
    expect(Number(await value(page, 'latitude'))).toBeGreaterThan(18);
    expect(Number(await value(page, 'longitude'))).toBeLessThan(-60);
    await page.getByRole('status').filter({ hasText: 'chosen' }).waitFor();

    // The suggested population is only a suggestion. A figure of one's own does not come from
    // GeoNames: the source filled in with the suggestion is cleared, and comes back with it.
    const looked = await value(page, 'population');
    const populationField = page.getByLabel('Population', { exact: true });
    await populationField.fill('123456');
    expect(await value(page, 'population_source')).toBe('');
    await page.getByRole('status').filter({ hasText: 'so its source is no longer GeoNames: say where 123456 comes from' }).waitFor();
    await populationField.fill(looked);
    expect(await value(page, 'population_source')).toBe('GeoNames');
    await populationField.fill('123456');
    expect(await value(page, 'population_source')).toBe('');
    await page.getByLabel('Source of the population figure').fill('2020 Census');

    // A county: population and its source stay as they were.
    await input.fill('');
    await input.pressSequentially('King County', { delay: 20 });
    const king = listbox.getByRole('option', { name: /^King County, WA/ });
    await king.waitFor();
    const kingIndex = (await options.allTextContents()).findIndex((t) => t.startsWith('King County, WA'));
    for (let i = 0; i <= kingIndex; i++) await input.press('ArrowDown');
    expect(await king.getAttribute('aria-selected')).toBe('true');
    await input.press('Enter');
    expect(await input.inputValue()).toBe('King County');
    expect(await value(page, 'state')).toBe('WA');
    expect(await value(page, 'place_source')).toBe('us-atlas:53033');
    expect(await value(page, 'population')).toBe('123456');
    expect(await value(page, 'population_source')).toBe('2020 Census');

    // A place with a population does not overwrite the one typed: it says it kept it.
    await input.fill('');
    await input.pressSequentially('Spring', { delay: 30 });
    await listbox.waitFor();
    await input.press('ArrowDown');
    await input.press('Enter');
    expect(await input.inputValue()).toBe(name);
    expect(await value(page, 'population')).toBe('123456');
    await page.getByRole('status').filter({ hasText: 'Kept the population you entered, 123456; GeoNames has' }).waitFor();

    // Escape closes the list and keeps what was typed.
    await input.fill('');
    await input.pressSequentially('Portland', { delay: 20 });
    await listbox.waitFor();
    await input.press('Escape');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.inputValue()).toBe('Portland');
    // Typing away from the chosen place clears its coordinates and source.
    expect(await value(page, 'place_source')).toBe('');

    // A legal name typed as the form asks finds the place, and keeps its first words.
    await input.fill('');
    await input.pressSequentially('City of Springf', { delay: 20 });
    await listbox.waitFor();
    const firstOption = (await options.first().textContent()) ?? '';
    await input.press('ArrowDown');
    await input.press('Enter');
    expect(await input.inputValue()).toBe(`City of ${firstOption.split(', ')[0]}`);
    expect(await value(page, 'place_source')).toMatch(/^geonames:\d+$/);

    await check(page);
    await context.close();
  });
});
