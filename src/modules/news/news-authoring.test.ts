// News through communications staff's pages: the workflow (a scheduled story appears exactly when
// its time comes), the preview link (a wrong or replaced token is a 404), the revision history
// (who changed which fields), bad input (400 with the field's message, nothing saved), and the
// featured organization's network page linking its stories.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsPost, anActiveMembership, anOrganization, aPathway, changeOrganization, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, rowsOf, textOf } from '../../../test/html.js';
import { publishAtValue } from '../publishing/index.js';

let ctx: TestContext;
let staff: Awaited<ReturnType<typeof signedInStaff>>;
let zone: string;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = await signedInStaff(ctx, 'communications', 'Pat Editor');
  zone = (await ctx.deps.association.get()).time_zone;
});
afterAll(() => ctx.close());

let n = 0;
const form = (o: Record<string, string> = {}) => {
  const i = ++n;
  return {
    title: `Authoring story ${i}`,
    slug: `authoring-${i}-${Date.now().toString(36)}`,
    summary: 'A short summary.',
    body: 'The story.',
    author_name: 'Maya Okafor',
    state: 'draft',
    audience: 'everyone',
    ...o,
  };
};
const idOf = (location: unknown) => String(location).replace('/staff/news/', '');

async function write(client: TestClient, o: Record<string, string> = {}) {
  const f = form(o);
  const res = await client.postForm('/staff/news', f);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  return { id: idOf(res.headers.location), slug: f.slug, form: f };
}

const visitor = () => ctx.client();
const status = async (url: string) => (await visitor().get(url)).statusCode;
const listed = async (slug: string) => (await visitor().get('/news')).body.includes(`/news/${slug}"`);
const inApi = async (slug: string) => ((await visitor().getJson('/api/v1/news?limit=100')).json() as { posts: Array<{ slug: string }> }).posts.some((p) => p.slug === slug);
const inFeed = async (slug: string) => (await visitor().get('/news/feed.atom')).body.includes(`/news/${slug}"`);

describe('the workflow', () => {
  it('a scheduled story appears on the list, its page, the API and the feed exactly when its time comes', async () => {
    // (minutes ahead, not hours: the staff's session would end idle)
    const at = new Date(Math.ceil((ctx.clock.now().getTime() + 5 * 60_000) / 60_000) * 60_000);
    const post = await write(staff.client, { state: 'scheduled', publish_at: publishAtValue(at, zone) });
    const shown = async () => [await status(`/news/${post.slug}`), await listed(post.slug), await inApi(post.slug), await inFeed(post.slug)];
    expect(await shown()).toEqual([404, false, false, false]);
    ctx.clock.set(new Date(at.getTime() - 1000));
    expect(await shown()).toEqual([404, false, false, false]);
    ctx.clock.set(at);
    expect(await shown()).toEqual([200, true, true, true]);
    // For its authors it is now published (not a schedule that went stale).
    expect(textOf((await staff.client.get(`/staff/news/${post.id}`)).body, 'main .lead')).toMatch(/^Published\./);
  });

  it('drafts and archived stories are shown to nobody; archiving takes a story down', async () => {
    const draft = await write(staff.client);
    expect(await status(`/news/${draft.slug}`)).toBe(404);
    expect((await visitor().getJson(`/api/v1/news/${draft.slug}`)).statusCode).toBe(404);
    const live = await write(staff.client, { state: 'published' });
    expect(await status(`/news/${live.slug}`)).toBe(200);
    const res = await staff.client.postForm(`/staff/news/${live.id}`, { ...live.form, state: 'archived' });
    expect(res.statusCode).toBe(303);
    expect([await status(`/news/${live.slug}`), await listed(live.slug), await inFeed(live.slug)]).toEqual([404, false, false]);
  });

  it('a preview link shows a draft to whoever has it; a wrong or replaced token is a 404', async () => {
    const draft = await write(staff.client, { body: 'Preview body PRV-7731.', audience: 'members' });
    const makeLink = async () => {
      const res = await staff.client.postForm(`/staff/news/${draft.id}/preview`, {});
      expect(res.statusCode).toBe(303);
      const page = await staff.client.get(`/staff/news/${draft.id}`);
      const token = /preview=([A-Za-z0-9_-]+)/.exec(textOf(page.body, '.flash'))?.[1];
      expect(token).toBeTruthy();
      return String(token);
    };
    const token = await makeLink();
    const seen = await visitor().get(`/news/${draft.slug}?preview=${token}`);
    expect(seen.statusCode).toBe(200);
    expect(textOf(seen.body, 'main')).toContain('PRV-7731');
    expect(dom(seen.body).querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');
    expect(await status(`/news/${draft.slug}?preview=${token.slice(0, -2)}xx`)).toBe(404);
    expect(await status(`/news/${draft.slug}?preview=`)).toBe(404);
    const second = await makeLink();
    expect(await status(`/news/${draft.slug}?preview=${token}`)).toBe(404);
    expect(await status(`/news/${draft.slug}?preview=${second}`)).toBe(200);
  });

  it('the revision history records who changed which fields', async () => {
    const other = await signedInStaff(ctx, 'communications', 'Lee Writer');
    const post = await write(staff.client);
    expect((await other.client.postForm(`/staff/news/${post.id}`, { ...post.form, title: 'A better title' })).statusCode).toBe(303);
    expect((await other.client.postForm(`/staff/news/${post.id}`, { ...post.form, title: 'A better title' })).statusCode).toBe(303);
    expect((await staff.client.postForm(`/staff/news/${post.id}`, { ...post.form, title: 'A better title', state: 'published' })).statusCode).toBe(303);
    const rows = rowsOf((await staff.client.get(`/staff/news/${post.id}`)).body, 'Revision history').map((r) => r.slice(1));
    expect(rows).toEqual([
      ['Pat Editor', 'Published', 'Publish at, State'],
      ['Lee Writer', 'Edited', 'Title'],
      ['Pat Editor', 'Created', 'Who may read it, Author, Story, Featured member organization, Pathways, Publish at, Web address, State, Summary, Title'],
    ]);
  });
});

describe('bad input', () => {
  const count = async () => rowsOf((await staff.client.get('/staff/news')).body, 'Stories, latest change first').length;

  it('answers 400 with the field’s message and saves nothing', async () => {
    const before = await count();
    const past = publishAtValue(new Date(ctx.clock.now().getTime() - 3_600_000), zone);
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ title: '  ' }, 'title', /Enter the title/],
      [{ summary: 'x'.repeat(501) }, 'summary', /under 500/],
      [{ slug: 'Not A Slug!' }, 'slug', /lowercase letters/],
      [{ state: 'scheduled', publish_at: '' }, 'publish_at', /publish time in the future/],
      [{ state: 'scheduled', publish_at: past }, 'publish_at', /publish time in the future/],
      [{ publish_at: 'next tuesday' }, 'publish_at', /Enter a date and time/],
      [{ state: 'gone' }, 'state', /Choose a state/],
      [{ audience: 'friends' }, 'audience', /Choose who may read it/],
      [{ featured: 'no-such-member' }, 'featured', /No listed member organization/],
      [{ body: '![tracker](https://evil.example/pixel.png)' }, 'body', /not one uploaded here/],
    ];
    for (const [o, field, message] of cases) {
      const res = await staff.client.postForm('/staff/news', form(o));
      expect(res.statusCode, field).toBe(400);
      expect(errorOf(res.body, field).message, field).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('refuses a web address another story has, and a page number or pathway that is not one', async () => {
    const first = await write(staff.client);
    const res = await staff.client.postForm('/staff/news', form({ slug: first.slug }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'slug').message).toMatch(/Another post already has this web address/);
    expect((await visitor().get('/news?page=abc')).statusCode).toBe(400);
    expect((await visitor().get('/news?pathway=no-such-pathway')).statusCode).toBe(400);
    expect((await visitor().getJson('/api/v1/news?pathway=no-such-pathway')).statusCode).toBe(400);
    expect((await visitor().getJson('/api/v1/news?limit=1000')).statusCode).toBe(400);
    expect((await visitor().getJson('/api/v1/news?page=0')).statusCode).toBe(400);
    expect((await staff.client.get('/staff/news/not-an-id')).statusCode).toBe(404);
  });
});

describe('pathways and paging', () => {
  it('filters by pathway and pages ten at a time, on the page and in the API', async () => {
    const pathwayId = await aPathway(ctx, { name: 'Paging pathway' });
    const slug = ((await visitor().get('/news')).body.match(/<option value="([a-z0-9-]+)"[^>]*>Paging pathway/) ?? [])[1] ?? '';
    expect(slug).not.toBe('');
    for (let i = 0; i < 11; i++) await aNewsPost(ctx, { title: `Paged ${i}`, pathwayIds: [pathwayId], publishAt: new Date(ctx.clock.now().getTime() - (i + 1) * 60_000) });
    await aNewsPost(ctx, { title: 'Not on this pathway' });
    const first = await visitor().get(`/news?pathway=${slug}`);
    const titles = (html: string) =>
      dom(html)
        .querySelectorAll('main .card h2')
        .map((h) => h.text.trim());
    expect(titles(first.body)).toEqual(Array.from({ length: 10 }, (_, i) => `Paged ${i}`));
    expect(titles((await visitor().get(`/news?pathway=${slug}&page=2`)).body)).toEqual(['Paged 10']);
    const api = (await visitor().getJson(`/api/v1/news?pathway=${slug}&limit=5&page=3`)).json() as { posts: Array<{ title: string }>; total: number; next: number | null };
    expect(api).toMatchObject({ total: 11, next: null });
    expect(api.posts.map((p) => p.title)).toEqual(['Paged 10']);
  });
});

describe('the featured member organization', () => {
  it('its network page links the stories featuring it, live ones only', async () => {
    const org = await anOrganization(ctx, { name: 'City of Featureton' });
    await anActiveMembership(ctx, org.id, { start: '2026-01-01', end: '2027-12-31' });
    const live = await aNewsPost(ctx, { title: 'Featureton plants trees', featured: org.slug });
    const draft = await aNewsPost(ctx, { title: 'Featureton draft', featured: org.slug, state: 'draft' });
    const page = await visitor().get(`/network/${org.slug}`);
    expect(page.statusCode).toBe(200);
    const links = dom(page.body)
      .querySelectorAll('#stories ~ ul a, section[aria-labelledby="stories"] a')
      .map((a) => a.getAttribute('href'));
    expect(links).toContain(`/news/${live.slug}`);
    expect(links).not.toContain(`/news/${draft.slug}`);
    const story = await visitor().get(`/news/${live.slug}`);
    expect(dom(story.body).querySelector(`main a[href="/network/${org.slug}"]`)?.text).toBe('City of Featureton');
  });

  it('is named nowhere once it leaves the public listing', async () => {
    const org = await anOrganization(ctx, { name: 'Town of Quietville' });
    const post = await aNewsPost(ctx, { title: 'Quietville composts', featured: org.slug });
    await changeOrganization(ctx, org.id, { listed: false });
    const page = await visitor().get(`/news/${post.slug}`);
    expect(page.body).not.toContain('Quietville</a>');
    expect(page.body).not.toContain(`/network/${org.slug}`);
    expect((await visitor().getJson(`/api/v1/news/${post.slug}`)).json()).toMatchObject({ featuredOrganization: null });
  });

  it('follows a duplicate merged into another organization', async () => {
    const survivor = await anOrganization(ctx, { name: 'City of Mergeville' });
    await anActiveMembership(ctx, survivor.id, { start: '2026-01-01', end: '2027-12-31' });
    const duplicate = await anOrganization(ctx, { name: 'Mergeville (duplicate)' });
    const post = await aNewsPost(ctx, { title: 'Mergeville builds a bike network', featured: duplicate.slug });
    const membership = await signedInStaff(ctx, 'membership');
    const res = await membership.client.postForm(`/staff/organizations/${survivor.id}/merge/${duplicate.id}`, { confirm: 'yes' });
    expect(res.statusCode).toBe(303);
    const links = dom((await visitor().get(`/network/${survivor.slug}`)).body)
      .querySelectorAll('section[aria-labelledby="stories"] a')
      .map((a) => a.getAttribute('href'));
    expect(links).toEqual([`/news/${post.slug}`]);
  });
});

describe('the editor', () => {
  it('names the association’s time zone as people know it, not by its IANA id', async () => {
    expect(zone).toBe('America/New_York');
    const page = await staff.client.get('/staff/news/new');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, 'label[for="f-publish_at"]').replace(/\s+/g, ' ')).toBe('Publish at (to schedule; Eastern (New York) time)');
    expect(page.body).not.toContain('America/New_York');
  });
});
