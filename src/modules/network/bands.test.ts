// The network's population bands: the page filters by organizations' six bands, old links
// (band=under-50k, band=over-1m) keep meaning the same populations, a band that is not one is
// refused beside the field, and the members API (v1) keeps answering its own five bands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anOrganization } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { errorOf, optionsOf, termValue } from '../../../test/html.js';

let ctx: TestContext;

// One listed member in each band, at a boundary, and one whose population is not known.
const MEMBERS = [
  { name: 'Bands Hamlet', population: 9_999, band: 'under-10k', v1: 'under-50k', words: 'Under 10,000' },
  { name: 'Bands Village', population: 10_000, band: '10k-50k', v1: 'under-50k', words: '10,000 to 49,999' },
  { name: 'Bands Town', population: 50_000, band: '50k-100k', v1: '50k-100k', words: '50,000 to 99,999' },
  { name: 'Bands City', population: 249_999, band: '100k-250k', v1: '100k-250k', words: '100,000 to 249,999' },
  { name: 'Bands County', population: 250_000, band: '250k-1m', v1: '250k-1m', words: '250,000 to 999,999' },
  { name: 'Bands Metro', population: 1_000_000, band: 'over-1m', v1: 'over-1m', words: '1,000,000 and over' },
  { name: 'Bands Unknown', population: null, band: null, v1: null, words: 'Not known' },
] as const;
const slugs = new Map<string, string>();

beforeAll(async () => {
  ctx = await createTestContext();
  for (const m of MEMBERS) {
    const { id, slug } = await anOrganization(ctx, { name: m.name, state: 'VT', population: m.population, latitude: 44.26, longitude: -72.58 });
    await aMembership(ctx, id, { term_start: '2020-01-01', term_end: '2099-12-31', activated_at: new Date('2020-01-01') });
    slugs.set(m.name, slug);
  }
});
afterAll(async () => {
  await ctx?.close();
});

const listed = (html: string) => [...html.matchAll(/<a href="\/network\/[a-z0-9-]+">([^<]+)<\/a>/g)].map((m) => m[1]).sort();
const named = (band: string | null) => MEMBERS.filter((m) => m.band === band).map((m) => m.name);

describe('the /network population filter', () => {
  it('offers the six bands, and lists only the members of the band chosen', async () => {
    const c = ctx.client();
    const all = await c.get('/network');
    expect(optionsOf(all.body, 'band').map((o) => o.label)).toEqual([
      'Any population',
      'Under 10,000',
      '10,000 to 49,999',
      '50,000 to 99,999',
      '100,000 to 249,999',
      '250,000 to 999,999',
      '1,000,000 and over',
    ]);
    expect(listed(all.body)).toEqual(MEMBERS.map((m) => m.name).sort());
    for (const m of MEMBERS) {
      if (!m.band) continue;
      const res = await c.get(`/network?band=${m.band}`);
      expect(res.statusCode, m.band).toBe(200);
      expect(listed(res.body), m.band).toEqual(named(m.band));
      expect(
        optionsOf(res.body, 'band').find((o) => o.selected),
        m.band,
      ).toEqual({ value: m.band, label: m.words, selected: true });
      // each member says its band in words
      expect(res.body).toContain(`${m.name}</a> — City, population ${m.words.toLowerCase()}`);
    }
  });

  it('keeps old links: band=under-50k is the first two bands, shown as chosen; band=over-1m is the last', async () => {
    const c = ctx.client();
    const under = await c.get('/network?band=under-50k');
    expect(under.statusCode).toBe(200);
    expect(listed(under.body)).toEqual(['Bands Hamlet', 'Bands Village']);
    const options = optionsOf(under.body, 'band');
    expect(options.find((o) => o.selected)).toEqual({ value: 'under-50k', label: 'Under 50,000', selected: true });
    expect(options.map((o) => o.value)).toEqual(['', 'under-50k', 'under-10k', '10k-50k', '50k-100k', '100k-250k', '250k-1m', 'over-1m']);
    // the map's state links keep the old key, and mean the same
    expect(under.body).toContain('href="/network?state=VT&amp;band=under-50k"');
    expect(listed((await c.get('/network?state=VT&band=under-50k')).body)).toEqual(['Bands Hamlet', 'Bands Village']);

    const over = await c.get('/network?band=over-1m');
    expect(over.statusCode).toBe(200);
    expect(listed(over.body)).toEqual(['Bands Metro']);
    expect(optionsOf(over.body, 'band').find((o) => o.selected)?.label).toBe('1,000,000 and over');
  });

  it('refuses a band that is not one of them beside the field, and lists nothing', async () => {
    for (const band of ['50k-250k', '250k-up', 'under-25k', 'UNDER-10K']) {
      const res = await ctx.client().get(`/network?band=${band}`);
      expect(res.statusCode, band).toBe(400);
      expect(errorOf(res.body, 'band').message, band).toBe('Choose a population band from the list.');
      expect(listed(res.body), band).toEqual([]);
    }
  });

  it('a member’s page gives its band in words', async () => {
    for (const m of MEMBERS) {
      const res = await ctx.client().get(`/network/${slugs.get(m.name)}`);
      expect(res.statusCode).toBe(200);
      expect(termValue(res.body, 'Population')).toBe(m.words);
    }
  });
});

describe('the members API (v1)', () => {
  it('answers populationBand in its own five bands, as documented', async () => {
    const res = await ctx.client().getJson('/api/v1/network/members?state=VT&limit=200');
    expect(res.statusCode).toBe(200);
    const bands = Object.fromEntries(res.json().members.map((m: { name: string; populationBand: string | null }) => [m.name, m.populationBand]));
    expect(bands).toEqual(Object.fromEntries(MEMBERS.map((m) => [m.name, m.v1])));

    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    const member = doc.paths['/api/v1/network/members'].get.responses['200'].content['application/json'].schema.properties.members.items;
    const band = member.properties.populationBand;
    const values = JSON.stringify(band);
    for (const v of ['under-50k', '50k-100k', '100k-250k', '250k-1m', 'over-1m']) expect(values).toContain(`"${v}"`);
    for (const v of ['under-10k', '10k-50k']) expect(values).not.toContain(`"${v}"`);
    expect(band.description).toContain('v1’s five bands');
  });
});
