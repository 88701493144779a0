// The public dues calculator page at /dues: works without JavaScript, shows the amount, the
// band and the schedule date, the "contact us" route for regions, and errors beside the fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { byId, dom, rowsOf, textOf, textsOf } from '../../../test/html.js';
import { CACHE_TTL_MS } from './cache.js';
import { seedDuesDemo } from './index.js';

let ctx: TestContext;
let visitor: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  visitor = ctx.client();
});
afterAll(() => ctx?.close());

describe('before any schedule exists', () => {
  it('the page still answers, and says to ask for a price', async () => {
    const res = await visitor.get('/dues');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No dues schedule is published yet.');
    const asked = await visitor.get('/dues?entityType=city&population=5000');
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toMatch(/No dues schedule is in force on .*Please contact us for a price\./);
  });
});

describe('with the demo schedules', () => {
  beforeAll(async () => {
    await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
    // Written behind the quote cache's back, like another process: seen once the cache expires.
    ctx.clock.advance(CACHE_TTL_MS);
  });

  it('without parameters: the form, the band table in force, and the way on', async () => {
    const res = await visitor.get('/dues');
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<h1>/g)).toHaveLength(1);
    expect(dom(res.body).querySelector('form[method="get"][action="/dues"]')).not.toBeNull();
    expect(textOf(res.body, 'label[for="f-entityType"]')).toBe('Type of government');
    expect(textOf(res.body, 'label[for="f-population"]')).toBe('Population');
    const result = byId(res.body, 'dues-result');
    expect([result.tagName, result.getAttribute('aria-live'), result.getAttribute('aria-label'), result.innerHTML]).toEqual(['SECTION', 'polite', 'Your dues', '']);
    expect(dom(res.body).querySelector('script[type="module"][src="/assets/js/dues-calculator.js"]')).not.toBeNull();
    const bands = rowsOf(res.body, 'Cities, counties, towns and Tribal nations: annual dues by population');
    expect(bands).toHaveLength(10);
    expect(bands).toContainEqual(['50,001 to 100,000', '$1,200']);
    expect(bands).toContainEqual(['4,000,001 and over', '$8,000']);
    expect(res.body).toContain('These dues are in force since Jan 1, 2020.');
    expect(res.body).toContain('Regional entities: dues are agreed with you');
    expect(textOf(res.body, 'a[href="/apply"]')).toBe('Apply to join');
    expect(res.body).toContain('href="/join"');
    expect(res.body).not.toContain('error-summary');
  });

  it('with a type and population: the amount, the band and the schedule date', async () => {
    const res = await visitor.get('/dues?entityType=tribal_nation&population=75%2C000');
    expect(res.statusCode).toBe(200);
    expect(textsOf(res.body, 'h2')).toContain('Your annual dues: $1,200');
    expect(res.body).toContain('A Tribal nation of 75,000 people pays $1,200 a year. That is the band for populations of 50,001 to 100,000');
    expect(res.body).toContain('in force since Jan 1, 2020');
    expect(dom(res.body).querySelector('option[value="tribal_nation"]')?.hasAttribute('selected')).toBe(true);
    expect(res.body).toContain('value="75,000"');
    // The answers carry over into the application.
    expect(dom(res.body).querySelector('a.button[href^="/apply"]')?.getAttribute('href')).toBe('/apply?entity_type=tribal_nation&population=75000');
  });

  it('for a region: the contact-us route and no amount', async () => {
    const res = await visitor.get('/dues?entityType=region&population=400000');
    expect(res.statusCode).toBe(200);
    expect(textsOf(res.body, 'h2')).toContain('Contact us for your dues');
    expect(res.body).toContain('href="mailto:info@test.example"');
    expect(res.body).not.toContain('Your annual dues');
  });

  it.each([
    ['abc', 'Enter the population as a whole number, like 31,685.'],
    ['0', 'The population must be at least 1.'],
    ['', 'Enter the population.'],
    ['100000001', 'The population must be 100,000,000 or less.'],
    // longer than any number read: too large when it is digits, not a number otherwise
    ['9'.repeat(5000), 'The population must be 100,000,000 or less.'],
    ['x'.repeat(50), 'Enter the population as a whole number, like 31,685.'],
  ])('a population of "%.20s" gets 400 and the message beside the field', async (population, message) => {
    const res = await visitor.get(`/dues?entityType=city&population=${encodeURIComponent(population)}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(textOf(res.body, '.error-summary a[href="#f-population"]')).toBe(`Population: ${message}`);
    expect(textOf(res.body, 'p.error-message#f-population-error')).toBe(`Error: ${message}`);
    expect(textOf(res.body, '#f-population-error .visually-hidden')).toBe('Error:');
    expect(res.body).toContain('aria-describedby="f-population-hint f-population-error"');
    expect(res.body).not.toContain('Your annual dues');
  });

  it('an unknown type gets 400 and the message beside the type field', async () => {
    const res = await visitor.get('/dues?entityType=village&population=5000');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-entityType-error"');
    expect(res.body).toContain('aria-describedby="f-entityType-error"');
    // in a visitor's words, not the API's codes (tribal_nation)
    expect(textOf(res.body, 'p.error-message#f-entityType-error')).toBe('Error: Choose the type of government from the list.');
    expect(res.body).not.toContain('tribal_nation.');
    // the API still names the codes it takes
    const api = await visitor.getJson('/api/v1/dues/quote?entityType=village&population=5000');
    expect(api.statusCode).toBe(400);
    expect(JSON.stringify(api.json())).toContain('tribal_nation');
  });

  it('the home page links to the calculator, and the island is served', async () => {
    expect((await visitor.get('/')).body).toContain('href="/dues"');
    const js = await visitor.get('/assets/js/dues-calculator.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
  });
});
