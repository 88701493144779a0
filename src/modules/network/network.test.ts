// The network through HTTP: opted-out organizations are counted but never named or placed,
// filters combine (each pair, page and API), bad filters are refused, the cursor visits every
// listed member once, public pages show nothing private, and the profile form's permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact, aMembership, anOrganization, aPathway, withPathways } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, termValue, textsOf } from '../../../test/html.js';
import type { EntityType } from '../../db/types.js';

let seq = 0;

async function pathwayId(ctx: TestContext, slug: string): Promise<string> {
  const found = await ctx.deps.db.selectFrom('pathways').select('id').where('slug', '=', slug).executeTakeFirst();
  return found ? found.id : aPathway(ctx, { slug, name: `Pathway ${slug}` });
}

/** An organization with an active membership (unless told), coordinates and pathways. */
async function member(
  ctx: TestContext,
  o: {
    name: string;
    state?: string;
    type?: EntityType;
    population?: number;
    listed?: boolean;
    pathways?: string[];
    membership?: 'active' | 'lapsed' | 'pending' | null;
    coords?: [number, number];
  },
) {
  const [lat, lon] = o.coords ?? [39.74, -104.99];
  const { id, slug } = await anOrganization(ctx, {
    name: o.name,
    state: o.state ?? 'CO',
    population: o.population ?? 50_000,
    entity_type: o.type ?? 'city',
    listed: o.listed ?? true,
    latitude: lat,
    longitude: lon,
    population_source: 'SECRET-SOURCE-2020',
    billing_address: 'SECRET-ADDRESS',
    website: 'https://private.example',
  });
  const status = o.membership === undefined ? 'active' : o.membership;
  if (status)
    await aMembership(ctx, id, {
      status,
      term_start: `20${10 + (++seq % 10)}-01-01`,
      term_end: '2099-12-31',
      activated_at: status === 'pending' ? null : new Date('2015-01-01'),
    });
  const pathways: string[] = [];
  for (const p of o.pathways ?? []) pathways.push(await pathwayId(ctx, p));
  if (pathways.length > 0) await withPathways(ctx, id, pathways);
  return { id, slug, name: o.name };
}

const listedNames = (html: string) => [...html.matchAll(/<a href="\/network\/[a-z0-9-]+">([^<]+)<\/a>/g)].map((m) => m[1]).sort();

describe('the network', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('an opted-out organization is counted but appears in no page, API answer or SVG text', async () => {
    const seen = await member(ctx, { name: 'Visible Falls', state: 'NM', pathways: ['resilient'] });
    const hidden = await member(ctx, { name: 'Hiddenville Secretive', state: 'NM', listed: false, pathways: ['resilient'] });
    const c = ctx.client();

    const page = await c.get('/network?state=NM');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Visible Falls');
    expect(page.body).not.toContain('Hiddenville');
    expect(page.body).not.toContain(hidden.slug);
    expect(rowsOf(page.body).find((row) => row[0] === 'New Mexico')?.[1]).toBe('2');
    const svg = /<svg[\s\S]*<\/svg>/.exec(page.body)?.[0] ?? '';
    expect(svg).toContain('<title>Visible Falls</title>');
    expect(svg).not.toContain('Hiddenville');
    for (const url of ['/network', '/network?pathway=resilient', '/']) expect((await c.get(url)).body).not.toContain('Hiddenville');

    expect((await c.get(`/network/${hidden.slug}`)).statusCode).toBe(404);
    expect((await c.get(`/network/${seen.slug}`)).statusCode).toBe(200);

    const api = await c.getJson('/api/v1/network/members?state=NM');
    expect(api.statusCode).toBe(200);
    expect(api.body).not.toContain('Hiddenville');
    expect(api.json().members.map((m: { name: string }) => m.name)).toEqual(['Visible Falls']);

    const stats = (await c.getJson('/api/v1/network/stats')).json();
    expect(stats.byState).toContainEqual({ state: 'NM', name: 'New Mexico', members: 2 });
    expect(JSON.stringify(stats)).not.toContain('Hiddenville');
  });

  it('states on the map and in the table lead to their filter; a state with no members invites to join', async () => {
    await member(ctx, { name: 'Kansas Link City', state: 'KS', pathways: ['resilient'] });
    const c = ctx.client();
    const page = await c.get('/network?pathway=resilient');
    const svg = dom(page.body).querySelector('svg.network-map');
    const kansas = svg?.querySelector('a[href="/network?state=KS&pathway=resilient"]');
    expect(kansas?.getAttribute('aria-label')).toMatch(/^Kansas: \d+ members?$/);
    expect(svg?.querySelectorAll('a[href^="/network?state="]').length).toBe(51);
    expect(dom(page.body).querySelector('table a[href="/network?state=KS&pathway=resilient"]')?.textContent).toBe('Kansas');
    // The legend is text of the page, not of the drawing.
    expect(textsOf(page.body, '.map-legend li')).toEqual(expect.arrayContaining(['0', 'Member organization', 'Affiliate']));

    const empty = await c.get('/network?state=ND');
    expect(empty.statusCode).toBe(200);
    expect(textsOf(empty.body, 'h2')).toContain('No members in North Dakota yet');
    expect(textsOf(empty.body, 'h2')).not.toContain('Members by state');
    expect(dom(empty.body).querySelector('.notice a')?.getAttribute('href')).toBe('/join');
    expect(textsOf((await c.get('/network?state=KS')).body, 'h2')).toContain('Members by state');
  });

  it('impact figures count organizations ever active, current members and their states', async () => {
    const before = (await ctx.client().getJson('/api/v1/network/stats')).json();
    await member(ctx, { name: 'Lapsed Town', state: 'WY', membership: 'lapsed' });
    await member(ctx, { name: 'Pending Town', state: 'WY', membership: 'pending' });
    await member(ctx, { name: 'Current Town', state: 'ID' });
    const after = (await ctx.client().getJson('/api/v1/network/stats')).json();
    expect(after.communitiesServed - before.communitiesServed).toBe(2);
    expect(after.currentMembers - before.currentMembers).toBe(1);
    expect(after.statesCovered - before.statesCovered).toBe(1);
    expect(after.foundedYear).toBe(1991);
    const home = await ctx.client().get('/');
    expect(home.body).toContain('communities served since 1991');
    expect((await ctx.client().get('/network/pending-town')).statusCode).toBe(404);
  });

  it('the name filter finds a name whatever its accents and case', async () => {
    await member(ctx, { name: 'Española Test Village', state: 'NM' });
    await member(ctx, { name: 'Cañon Test City', state: 'CO' });
    const names = async (q: string) =>
      ((await ctx.client().getJson(`/api/v1/network/members?q=${encodeURIComponent(q)}`)).json() as { members: Array<{ name: string }> }).members.map((m) => m.name);
    expect(await names('espanola test')).toEqual(['Española Test Village']);
    expect(await names('CAÑON TEST')).toEqual(['Cañon Test City']);
    expect(await names('canon test')).toEqual(['Cañon Test City']);
    const page = await ctx.client().get('/network?q=Espanola%20test');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Española Test Village');
  });

  it('a non-member or pending organization has no public page', async () => {
    const pending = await member(ctx, { name: 'Not Yet City', membership: 'pending' });
    const none = await member(ctx, { name: 'Never City', membership: null });
    for (const o of [pending, none]) expect((await ctx.client().get(`/network/${o.slug}`)).statusCode).toBe(404);
    const api = await ctx.client().getJson('/api/v1/network/members?q=City&limit=200');
    expect(api.body).not.toContain('Not Yet City');
    expect(api.body).not.toContain('Never City');
  });

  it('the public organization page shows its public profile (website, population band, pathways) and nothing private', async () => {
    const m = await member(ctx, { name: 'Public Profile City', state: 'OR', type: 'county', population: 61_234, pathways: ['zero-emission'] });
    const contact = await createAccount(ctx, { org: { role: 'admin', organizationId: m.id }, email: `secret-contact-${Date.now()}@test.example` });
    const res = await ctx.client().get(`/network/${m.slug}`);
    expect(res.statusCode).toBe(200);
    expect(textsOf(res.body, 'h1')).toContain('Public Profile City');
    expect(res.body).toContain('Oregon');
    expect(res.body).toContain('County');
    expect(res.body).toContain('Pathway zero-emission');
    expect(termValue(res.body, 'Member since')).toMatch(/^January 20\d\d/);
    // The population only as its band, in words; the website the organization gave for the public.
    expect(termValue(res.body, 'Population')).toBe('50,000 to 99,999');
    expect(termValue(res.body, 'Website')).toBe('private.example');
    expect(res.body).toContain('href="https://private.example/"');
    expect(termValue(res.body, 'Priority pathways')).toBe('Pathway zero-emission');
    for (const secret of ['SECRET-SOURCE', 'SECRET-ADDRESS', contact.email, '61,234', '61234']) expect(res.body).not.toContain(secret);
    const api = await ctx.client().getJson(`/api/v1/network/members?q=Public%20Profile`);
    for (const secret of ['SECRET', contact.email, '61234', m.id]) expect(api.body).not.toContain(secret);
  });

  it('the cursor returns every listed member exactly once', async () => {
    for (let i = 0; i < 7; i++) await member(ctx, { name: `Paged ${i % 3 === 0 ? 'Same' : `Name ${i}`}`, state: i % 2 ? 'KS' : 'NE' });
    await member(ctx, { name: 'Paged Unlisted', state: 'KS', listed: false });
    const expected = await ctx.deps.db
      .selectFrom('organizations as o')
      .select('o.slug')
      .where('o.listed', '=', true)
      .where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.organization_id', '=', 'o.id').where('m.status', '=', 'active')))
      .execute();
    const seen: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 100; guard++) {
      const res = await ctx.client().getJson(`/api/v1/network/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.members.length).toBeLessThanOrEqual(2);
      seen.push(...body.members.map((m: { url: string }) => m.url.split('/').pop()));
      if (!body.nextCursor) break;
      expect(body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      cursor = body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(expected.map((r) => r.slug).sort());
  });

  it('bad filter values get a 400 naming the field (API) and a message beside the field (page)', async () => {
    const c = ctx.client();
    const cases: Array<[string, string]> = [
      ['state=ZZ', 'state'],
      ['type=village', 'type'],
      ['pathway=no-such-pathway', 'pathway'],
      ['pathway=Bad%20Slug', 'pathway'],
      ['populationMin=many', 'populationMin'],
      ['populationMin=5000&populationMax=10', 'populationMax'],
      ['cursor=not-a-cursor', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=1000', 'limit'],
    ];
    for (const [qs, field] of cases) {
      const res = await c.getJson(`/api/v1/network/members?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(Object.keys(res.json().error.fields ?? {}), qs).toContain(field);
    }
    for (const [qs, field] of [
      ['state=ZZ', 'state'],
      ['type=village', 'type'],
      ['band=huge', 'band'],
      ['pathway=no-such-pathway', 'pathway'],
    ]) {
      const res = await c.get(`/network?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.body).toContain(`id="f-${field}-error"`);
      expect(res.body).toContain(`aria-describedby="f-${field}-error"`);
      expect(res.body).toContain('There is a problem');
    }
  });

  it('the API is documented in OpenAPI with its query fields', async () => {
    const res = await ctx.client().getJson('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const params = doc.paths['/api/v1/network/members'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['state', 'type', 'pathway', 'populationMin', 'populationMax', 'q', 'cursor', 'limit']));
    expect(doc.paths['/api/v1/network/stats'].get.responses['200']).toBeTruthy();
  });

  it('blank filters mean any', async () => {
    const res = await ctx.client().getJson('/api/v1/network/members?state=&type=&pathway=&populationMin=&q=');
    expect(res.statusCode).toBe(200);
    expect((await ctx.client().get('/network?state=&type=&band=&pathway=')).statusCode).toBe(200);
  });
});

describe('network filters combine', () => {
  let ctx: TestContext;
  const orgs: Array<{ name: string; state: string; type: EntityType; pathway: string; population: number }> = [];
  beforeAll(async () => {
    ctx = await createTestContext();
    for (const state of ['VT', 'NH'])
      for (const type of ['city', 'county'] as const)
        for (const pathway of ['zero-emission', 'nature-based'])
          for (const population of [30_000, 150_000]) {
            const o = { name: `${state} ${type} ${pathway} ${population}`, state, type, pathway, population };
            orgs.push(o);
            await member(ctx, { ...o, pathways: [pathway] });
          }
  });
  afterAll(() => ctx?.close());

  type Key = 'state' | 'type' | 'pathway' | 'population';
  const VALUES: Record<Key, Array<{ page: string; api: string; match: (o: (typeof orgs)[number]) => boolean }>> = {
    state: [
      { page: 'state=VT', api: 'state=VT', match: (o) => o.state === 'VT' },
      { page: 'state=NH', api: 'state=NH', match: (o) => o.state === 'NH' },
    ],
    type: [
      { page: 'type=city', api: 'type=city', match: (o) => o.type === 'city' },
      { page: 'type=county', api: 'type=county', match: (o) => o.type === 'county' },
    ],
    pathway: [
      { page: 'pathway=zero-emission', api: 'pathway=zero-emission', match: (o) => o.pathway === 'zero-emission' },
      { page: 'pathway=nature-based', api: 'pathway=nature-based', match: (o) => o.pathway === 'nature-based' },
    ],
    population: [
      { page: 'band=10k-50k', api: 'populationMin=10000&populationMax=49999', match: (o) => o.population >= 10_000 && o.population < 50_000 },
      { page: 'band=100k-250k', api: 'populationMin=100000&populationMax=249999', match: (o) => o.population >= 100_000 && o.population < 250_000 },
    ],
  };
  const KEYS: Key[] = ['state', 'type', 'pathway', 'population'];
  const pairs = KEYS.flatMap((a, i) => KEYS.slice(i + 1).map((b) => [a, b] as const));

  it.each(pairs)('%s and %s together, on the page and in the API', async (a, b) => {
    const c = ctx.client();
    for (const va of VALUES[a])
      for (const vb of VALUES[b]) {
        const expected = orgs
          .filter((o) => va.match(o) && vb.match(o))
          .map((o) => o.name)
          .sort();
        expect(expected.length).toBe(4);
        const api = await c.getJson(`/api/v1/network/members?${va.api}&${vb.api}&limit=200`);
        expect(api.statusCode).toBe(200);
        expect(
          api
            .json()
            .members.map((m: { name: string }) => m.name)
            .sort(),
          `${va.api}&${vb.api}`,
        ).toEqual(expected);
        const page = await c.get(`/network?${va.page}&${vb.page}`);
        expect(page.statusCode).toBe(200);
        expect(listedNames(page.body), `${va.page}&${vb.page}`).toEqual(expected);
        const counted = rowsOf(page.body, 'Current members by state').reduce((n, row) => n + Number(row[1]), 0);
        expect(counted).toBe(4);
        const svg = /<svg[\s\S]*<\/svg>/.exec(page.body)?.[0] ?? '';
        expect([...svg.matchAll(/<circle[^>]*><title>([^<]+)<\/title>/g)].map((m) => m[1]).sort()).toEqual(expected);
      }
  });
});

describe('the organization profile form', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('an admin changes listing and pathways (audited); a plain contact only reads; another organization is a 404', async () => {
    const m = await member(ctx, { name: 'Profiled City', state: 'ME', pathways: ['zero-emission'] });
    const other = await member(ctx, { name: 'Other City', state: 'ME' });
    const resilient = await pathwayId(ctx, 'resilient');
    const admin = await createAccount(ctx, { org: { role: 'admin', organizationId: m.id } });
    const contact = await createAccount(ctx, { org: { role: 'contact', organizationId: m.id } });
    const a = ctx.client();
    await a.signIn(admin.email);

    const form = await a.get('/org/profile');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Show our organization on the public network map and list');
    expect(form.body).toMatch(/name="listed"[^>]*checked/);

    const bad = await a.postForm(`/org/profile?org=${m.id}`, { listed: 'yes', website: 'not a url' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-website-error"');

    const saved = await a.postForm(`/org/profile?org=${m.id}`, { pathways: resilient, website: 'https://profiled.example.gov' });
    expect(saved.statusCode).toBe(303);
    const row = await ctx.deps.db.selectFrom('organizations').select(['listed', 'website']).where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ listed: false, website: 'https://profiled.example.gov' });
    const chosen = await ctx.deps.db.selectFrom('organization_pathways').select('pathway_id').where('organization_id', '=', m.id).execute();
    expect(chosen.map((r) => r.pathway_id)).toEqual([resilient]);
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'network.profile_updated').where('entity_id', '=', m.id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(admin.id);
    expect(JSON.stringify(audit.after)).toContain('resilient');
    expect((await ctx.client().get(`/network/${m.slug}`)).statusCode).toBe(404);

    // The time zone (new organizations get their state's; advisors' meeting times are shown in it).
    expect((await ctx.deps.db.selectFrom('organizations').select('time_zone').where('id', '=', m.id).executeTakeFirstOrThrow()).time_zone).toBe('America/New_York');
    const badZone = await a.postForm(`/org/profile?org=${m.id}`, { website: 'https://profiled.example.gov', time_zone: 'Mars/Olympus_Mons' });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.body).toContain('Choose a time zone from the list.');
    expect((await ctx.deps.db.selectFrom('organizations').select('time_zone').where('id', '=', m.id).executeTakeFirstOrThrow()).time_zone).toBe('America/New_York');
    const zoned = await a.postForm(`/org/profile?org=${m.id}`, { pathways: resilient, website: 'https://profiled.example.gov', time_zone: 'America/Detroit' });
    expect(zoned.statusCode).toBe(303);
    expect((await ctx.deps.db.selectFrom('organizations').select('time_zone').where('id', '=', m.id).executeTakeFirstOrThrow()).time_zone).toBe('America/Detroit');

    const c = ctx.client();
    await c.signIn(contact.email);
    const read = await c.get('/org/profile');
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Counted, but not shown by name');
    expect(read.body).not.toContain('name="listed"');
    expect((await c.postForm(`/org/profile?org=${m.id}`, { listed: 'yes' })).statusCode).toBe(403);
    expect((await ctx.deps.db.selectFrom('organizations').select('listed').where('id', '=', m.id).executeTakeFirstOrThrow()).listed).toBe(false);

    expect((await a.get(`/org/profile?org=${other.id}`)).statusCode).toBe(404);
    expect((await a.postForm(`/org/profile?org=${other.id}`, { listed: 'yes' })).statusCode).toBe(404);
    expect((await a.get('/org/profile?org=not-an-id')).statusCode).toBe(404);
  });

  it('a contact of several organizations chooses one with ?org', async () => {
    const one = await member(ctx, { name: 'First Choice', state: 'RI' });
    const two = await member(ctx, { name: 'Second Choice', state: 'RI' });
    const p = await createAccount(ctx, { org: { role: 'admin', organizationId: one.id } });
    await aContact(ctx, { organizationId: two.id, userId: p.id, role: 'contact' });
    const c = ctx.client();
    await c.signIn(p.email);
    const res = await c.get(`/org/profile?org=${two.id}`);
    expect(res.body).toContain('Network profile of Second Choice');
    expect(res.body).toContain('Only an administrator');
    expect((await c.postForm(`/org/profile?org=${two.id}`, {})).statusCode).toBe(403);
    expect((await c.postForm(`/org/profile?org=${one.id}`, { listed: 'yes' })).statusCode).toBe(303);
  });
});
