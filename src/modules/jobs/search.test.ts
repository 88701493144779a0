// The search page's keywords: a parameter given twice counts once, with its first value, as on the
// other list pages (/network, /resources, /events); keywords made only of words the search skips
// ("a", "the") are answered with a message beside the keywords instead of silently finding nothing,
// and such a search cannot be saved for alerts that would never come.
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
});
