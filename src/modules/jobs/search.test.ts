// The search page's keywords: a parameter given twice counts once, with its first value, as on the
// other list pages (/network, /resources, /events); keywords made only of words the search skips
// ("a", "the") are answered with a message beside the keywords instead of silently finding nothing,
// and such a search cannot be saved for alerts that would never come. The API answers such keywords
// with 400 and the same message, and refuses a parameter given twice, naming it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aJobPosting, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-10-01T12:00:00Z');
  await aJobPosting(ctx, { fields: { title: 'Water Resources Planner', description: 'Plan the water supply.' } });
  await aJobPosting(ctx, { fields: { title: 'Payroll Specialist', description: 'Run the payroll.' } });
});
afterAll(() => ctx?.close());

const titles = (html: string) =>
  dom(html)
    .querySelectorAll('ol.results h3')
    .map((h) => h.text.trim());

describe('the keywords of the job search', () => {
  it('a keyword given twice counts once, the first one, and the box shows it', async () => {
    const res = await ctx.client().get('/jobs?q=planner&q=payroll');
    expect(res.statusCode).toBe(200);
    expect(titles(res.body)).toEqual(['Water Resources Planner']);
    expect(dom(res.body).querySelector('input[name="q"]')?.getAttribute('value')).toBe('planner');
  });

  it('keywords with no word to search by get a message beside the box, not an empty list', async () => {
    for (const q of ['a', 'the', 'a&q=planner', 'of the']) {
      const res = await ctx.client().get(`/jobs?q=${q}`);
      expect(res.statusCode).toBe(400);
      expect(errorOf(res.body, 'q').message).toBe(
        'These keywords have no word to search by: words like “a”, “the” and “of” are skipped. Use a word of the job’s title, employer or description, like “planner”.',
      );
      const main = dom(res.body).querySelector('main')?.textContent ?? '';
      expect(main).not.toContain('No open job matches this search');
      expect(main).not.toContain('Save this search');
    }
    // a real word beside a skipped one still searches; one matching nothing says so plainly
    expect(titles((await ctx.client().get('/jobs?q=the+planner')).body)).toEqual(['Water Resources Planner']);
    const none = await ctx.client().get('/jobs?q=astronaut');
    expect(none.statusCode).toBe(200);
    expect(dom(none.body).querySelector('main')?.textContent).toContain('No open job matches this search');
  });

  it('such keywords cannot be saved as a search; nothing is saved', async () => {
    const seeker = await signedIn(ctx, (await createAccount(ctx, { roles: ['member'] })).email);
    const res = await seeker.postForm('/jobs/saved-searches', { q: 'the' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'q').message).toContain('These keywords have no word to search by');
    expect(await ctx.deps.db.selectFrom('job_saved_searches').select('id').execute()).toHaveLength(0);
  });

  it('the API refuses keywords with no word to search by, with the page’s message, and a parameter given twice, naming it', async () => {
    const c = ctx.client();
    for (const q of ['the', 'of+the']) {
      const res = await c.getJson(`/api/v1/jobs?q=${q}`);
      expect(res.statusCode, q).toBe(400);
      const message =
        'These keywords have no word to search by: words like “a”, “the” and “of” are skipped. Use a word of the job’s title, employer or description, like “planner”.';
      expect(res.json(), q).toEqual({ error: { code: 'validation_failed', message, fields: { q: message } } });
    }
    expect((await c.getJson('/api/v1/jobs?q=the+planner')).json().jobs.map((j: { title: string }) => j.title)).toEqual(['Water Resources Planner']);
    expect((await c.getJson('/api/v1/jobs?q=astronaut')).json().total).toBe(0);

    const twice = await c.getJson('/api/v1/jobs?q=planner&q=payroll');
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toEqual({
      error: { code: 'validation_failed', message: 'Give each query parameter once: q was given more than once.', fields: { q: 'Give q once; it was given 2 times.' } },
    });
    const state = await c.getJson('/api/v1/jobs?state=CA&state=NY&state=TX');
    expect(state.json().error.fields).toEqual({ state: 'Give state once; it was given 3 times.' });
    expect((await c.getJson('/api/v1/jobs?state=Narnia')).json().error.fields).toEqual({ state: 'Give a two-letter state code, like CA.' });
    const doc = (await c.getJson('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/jobs'].get.description).toContain('a repeated one (`?q=a&q=b`) is refused with 400');
  });
});
