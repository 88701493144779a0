// Members-only resources: visible in full to members and staff; to visitors and signed-in
// non-members a teaser (title, summary, "members only") whose text, link and file never leave the
// server — through the page, the API, search (matches and passages), topic pages and the file's
// own address (404). Drafts show only through their preview link. Downloads are counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aResource, aTopic } from '../../../test/factories/index.js';
import { createAccount, createTestContext, insertOrganization, type TestClient, type TestContext } from '../../../test/helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const SECRET = 'quokkaroster';
const LINK_SECRET = 'https://members.example.org/heat-quokka';

/** A signed-in client; with `org`, a contact of an organization whose membership has that status. */
async function as(roles: Array<'member' | 'communications' | 'finance'>, org?: 'active' | 'lapsed'): Promise<TestClient> {
  const organizationId = org ? (await insertOrganization(ctx, { status: org })).id : undefined;
  const a = await createAccount(ctx, { roles, org: organizationId ? { role: 'contact', organizationId } : undefined });
  const c = ctx.client();
  await c.signIn(a.email);
  return c;
}

async function membersOnly() {
  const topic = await aTopic(ctx, { name: 'Heat resources' });
  const withFile = await aResource(ctx, {
    title: 'Cooling Center Staffing Plan',
    summary: 'How to staff cooling centers during heat waves.',
    body: `The ${SECRET} lists shifts by hour.`,
    audience: 'members',
    file: true,
    topicIds: [topic.id],
  });
  const withLink = await aResource(ctx, {
    title: 'Heat Alert Dashboard',
    summary: 'A live dashboard.',
    body: `Sign in with ${SECRET}.`,
    audience: 'members',
    link: LINK_SECRET,
    topicIds: [topic.id],
  });
  return { topic, withFile, withLink };
}

describe('members-only resources', () => {
  it('a visitor and a signed-in non-member get the teaser on the page, never the text or the file', async () => {
    const { withFile, withLink } = await membersOnly();
    for (const c of [ctx.client(), await as([], 'lapsed'), await as(['finance']).then(() => as([]))]) {
      const page = await c.get(`/resources/${withFile.slug}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Cooling Center Staffing Plan');
      expect(page.body).toContain('How to staff cooling centers during heat waves.');
      expect(page.body).toContain('Members only');
      expect(page.body).not.toContain(SECRET);
      expect(page.body).not.toContain('/download');
      const linked = await c.get(`/resources/${withLink.slug}`);
      expect(linked.body).not.toContain(LINK_SECRET);
      expect(linked.body).not.toContain(SECRET);
      // the file's and the link's own address: a 404, and nothing counted
      const file = await c.get(`/resources/${withFile.slug}/download`);
      expect(file.statusCode).toBe(404);
      expect(file.headers['content-type']).not.toContain('pdf');
      const link = await c.get(`/resources/${withLink.slug}/download`);
      expect(link.statusCode).toBe(404);
      expect(link.headers.location).toBeUndefined();
    }
    const visitor = (await ctx.client().get(`/resources/${withFile.slug}`)).body;
    expect(visitor).toContain(`/login?next=${encodeURIComponent(`/resources/${withFile.slug}`)}`);
    const api = (await ctx.client().getJson(`/api/v1/resources/${withFile.slug}`)).json();
    expect(api).toMatchObject({ title: 'Cooling Center Staffing Plan', membersOnly: true, teaser: true, body: null, file: null, link: null });
    expect(JSON.stringify(api)).not.toContain(SECRET);
    expect((await ctx.client().getJson(`/api/v1/resources/${withLink.slug}`)).json().link).toBeNull();
    const row = await ctx.deps.db.selectFrom('resources').select('download_count').where('id', '=', withFile.id).executeTakeFirstOrThrow();
    expect(row.download_count).toBe(0);
  });

  it('search never matches a visitor on a members-only text, and its passage comes from the summary', async () => {
    const { topic } = await membersOnly();
    const visitor = ctx.client();
    expect((await visitor.getJson(`/api/v1/resources?q=${SECRET}`)).json().total).toBe(0);
    const page = await visitor.get(`/resources?q=${SECRET}`);
    expect(page.body).not.toContain('Cooling Center Staffing Plan');
    const byTitle = (await visitor.getJson(`/api/v1/resources?topic=${topic.slug}&q=cooling`)).json();
    expect(byTitle.results).toHaveLength(1);
    expect(byTitle.results[0]).toMatchObject({ title: 'Cooling Center Staffing Plan', teaser: true, membersOnly: true });
    expect(JSON.stringify(byTitle)).not.toContain(SECRET);
    const listing = await visitor.get(`/resources?topic=${topic.slug}&sort=date`);
    expect(listing.body).toContain('Cooling Center Staffing Plan');
    expect(listing.body).not.toContain(SECRET);
    // the topic page lists it as a teaser too
    const topicPage = await visitor.get(`/resources/topics/${topic.slug}`);
    expect(topicPage.statusCode).toBe(200);
    expect(topicPage.body).toContain('Cooling Center Staffing Plan');
    expect(topicPage.body).not.toContain(SECRET);
  });

  it('a member (individual, or a contact of an active member organization) and communications staff see it in full: page, API, search by its text, and the file (counted)', async () => {
    const { topic, withFile, withLink } = await membersOnly();
    for (const c of [await as(['member']), await as([], 'active'), await as(['communications'])]) {
      const page = await c.get(`/resources/${withFile.slug}`);
      expect(page.body).toContain(SECRET);
      expect(page.body).toContain(`/resources/${withFile.slug}/download`);
      const file = await c.get(`/resources/${withFile.slug}/download`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toContain('attachment');
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const link = await c.get(`/resources/${withLink.slug}/download`);
      expect(link.statusCode).toBe(303);
      expect(link.headers.location).toBe(LINK_SECRET);
      const api = (await c.getJson(`/api/v1/resources/${withFile.slug}`)).json();
      expect(api).toMatchObject({ teaser: false, body: expect.stringContaining(SECRET), file: { contentType: 'application/pdf' } });
      const found = (await c.getJson(`/api/v1/resources?topic=${topic.slug}&q=${SECRET}`)).json();
      expect(found.results.map((r: { slug: string }) => r.slug).sort()).toEqual([withFile.slug, withLink.slug].sort());
    }
    const counted = await ctx.deps.db.selectFrom('resources').select(['id', 'download_count']).where('id', 'in', [withFile.id, withLink.id]).execute();
    expect(Object.fromEntries(counted.map((r) => [r.id, r.download_count]))).toEqual({ [withFile.id]: 3, [withLink.id]: 3 });
  });

  it('a public resource’s file is open to everyone and counted', async () => {
    const r = await aResource(ctx, { title: 'Open Budget Template', file: true });
    const res = await ctx.client().get(`/resources/${r.slug}/download`);
    expect(res.statusCode).toBe(200);
    expect((await ctx.client().getJson(`/api/v1/resources/${r.slug}`)).json()).toMatchObject({
      teaser: false,
      downloads: 1,
      file: { url: `http://civnet.test/resources/${r.slug}/download` },
    });
  });
});

describe('drafts and archived resources', () => {
  it('are a 404 on the page, the API, the download and search; a draft shows through its preview link only', async () => {
    const draft = await aResource(ctx, { title: 'Draft Drought Guide', state: 'draft', file: true });
    const archived = await aResource(ctx, { title: 'Archived Drought Guide', state: 'archived', file: true });
    const staff = await as(['communications']);
    for (const r of [draft, archived]) {
      for (const c of [ctx.client(), staff]) {
        expect((await c.get(`/resources/${r.slug}`)).statusCode).toBe(404);
        expect((await c.getJson(`/api/v1/resources/${r.slug}`)).statusCode).toBe(404);
        expect((await c.get(`/resources/${r.slug}/download`)).statusCode).toBe(404);
      }
    }
    expect((await ctx.client().getJson('/api/v1/resources?q=drought')).json().total).toBe(0);
    const made = await staff.postForm(`/staff/resources/${draft.id}/preview`, {});
    expect(made.statusCode).toBe(303);
    const flash = decodeURIComponent(decodeURIComponent(String(made.headers['set-cookie']).match(/flash=([^;]+)/)?.[1] ?? ''));
    const token = /preview=([\w-]+)/.exec(flash)?.[1];
    expect(token).toBeTruthy();
    const preview = await ctx.client().get(`/resources/${draft.slug}?preview=${token}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Draft Drought Guide');
    expect(preview.body).toContain('Preview.');
    expect((await ctx.client().get(`/resources/${draft.slug}?preview=wrong-token`)).statusCode).toBe(404);
    // a preview shows the page, never the file
    expect((await ctx.client().get(`/resources/${draft.slug}/download?preview=${token}`)).statusCode).toBe(404);
  });
});
