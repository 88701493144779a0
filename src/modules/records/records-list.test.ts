// The staff workspace's organizations list, through HTTP: search (typos forgiven), filters, keyset
// pages and the streamed CSV (audited). The record itself is records.test.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anAccount, anActiveMembership, anAdvisorAssignment, anInvoice, anOrganization, apiPay, signedInAs } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext, todayThere } from '../../../test/helpers.js';
import { dom, errorOf, rowsOf } from '../../../test/html.js';
import { duesBandChoices } from './bands.js';

let ctx: TestContext;
let membership: TestClient;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  membership = await signedInAs(ctx, ['membership']);
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

interface ApiRow {
  id: string;
  name: string;
  population: number | null;
  balanceCents: number;
  advisorName: string | null;
}
const apiList = async (c: TestClient, query: string) => {
  const res = await c.getJson(`/api/v1/organizations?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { organizations: ApiRow[]; nextCursor: string | null };
};
const namesOf = async (c: TestClient, query: string) => (await apiList(c, query)).organizations.map((o) => o.name).sort();

describe('search', () => {
  it('finds an organization by a part of its name and with a typo', async () => {
    await anOrganization(ctx, { name: 'City of Quarrington Falls' });
    await anOrganization(ctx, { name: 'Town of Otherplace' });
    expect(await namesOf(membership, 'q=Qua')).toEqual(['City of Quarrington Falls']);
    expect(await namesOf(membership, 'q=quarington')).toEqual(['City of Quarrington Falls']);
    expect(await namesOf(membership, 'q=Quarringtn')).toEqual(['City of Quarrington Falls']);
    // The page too, without JavaScript: a GET form.
    const page = await membership.get('/staff/organizations?q=Quarringtn');
    expect(page.statusCode).toBe(200);
    expect(rowsOf(page.body, 'Organizations').map((r) => r[0])).toEqual(['City of Quarrington Falls']);
  });
});

describe('filters', () => {
  it('narrow by status, type, state, advisor, term end month and balance', async () => {
    const p = 'Zephyrvale';
    const a = await anOrganization(ctx, { name: `${p} Alpha`, status: 'active', entity_type: 'city', state: 'CO' });
    const b = await anOrganization(ctx, { name: `${p} Beta`, status: 'lapsed', entity_type: 'county', state: 'TX' });
    const c = await anOrganization(ctx, { name: `${p} Gamma`, status: 'pending', entity_type: 'town', state: 'CO' });
    await anActiveMembership(ctx, a.id, { start: '2026-01-01', end: '2026-12-31' });
    await aMembership(ctx, b.id, { status: 'lapsed', term_start: '2025-04-01', term_end: '2026-03-31' });
    const adv = await anAccount(ctx, { roles: ['advisor'], name: 'Ada Advisor' });
    await anAdvisorAssignment(ctx, a.id, adv.id);
    await anInvoice(ctx, { organizationId: c.id, cents: 12_345 });
    const paid = await anInvoice(ctx, { organizationId: b.id, cents: 500 });
    expect((await apiPay(finance, paid.id, { amountCents: 500, method: 'check', reference: '77' }, randomUUID())).statusCode).toBe(201);

    const q = `q=${p}`;
    expect(await namesOf(membership, q)).toEqual([`${p} Alpha`, `${p} Beta`, `${p} Gamma`]);
    expect(await namesOf(membership, `${q}&status=lapsed`)).toEqual([`${p} Beta`]);
    expect(await namesOf(membership, `${q}&type=town`)).toEqual([`${p} Gamma`]);
    expect(await namesOf(membership, `${q}&state=CO`)).toEqual([`${p} Alpha`, `${p} Gamma`]);
    expect(await namesOf(membership, `${q}&advisor=${adv.id}`)).toEqual([`${p} Alpha`]);
    expect(await namesOf(membership, `${q}&advisor=none`)).toEqual([`${p} Beta`, `${p} Gamma`]);
    expect(await namesOf(membership, `${q}&termEnd=2026-03`)).toEqual([`${p} Beta`]);
    expect(await namesOf(membership, `${q}&termEnd=2026-12`)).toEqual([`${p} Alpha`]);
    expect(await namesOf(membership, `${q}&balance=yes`)).toEqual([`${p} Gamma`]);
    expect(await namesOf(membership, `${q}&balance=no`)).toEqual([`${p} Alpha`, `${p} Beta`]);
    const rows = (await apiList(membership, `${q}&balance=yes`)).organizations;
    expect(rows[0]?.balanceCents).toBe(12_345);
    expect((await apiList(membership, `${q}&state=CO`)).organizations.find((r) => r.name.endsWith('Alpha'))?.advisorName).toBe('Ada Advisor');
    // The page shows the same, filter by filter.
    const page = await membership.get(`/staff/organizations?${q}&state=CO&status=active`);
    expect(rowsOf(page.body, 'Organizations').map((r) => r[0])).toEqual([`${p} Alpha`]);
    // The less used filters are folded under 'More filters', closed unless one of them is set.
    const folded = dom(page.body).querySelector('form[aria-label="Find organizations"] details.more-filters');
    expect(folded?.hasAttribute('open')).toBe(false);
    expect(folded?.querySelector('summary')?.text).toBe('More filters');
    expect(folded?.querySelector('[name=balance]')).not.toBeNull();
    expect(folded?.querySelector('[name=state]')).toBeNull();
    const set = dom((await membership.get(`/staff/organizations?${q}&balance=yes&termEnd=2026-03`)).body).querySelector('details.more-filters');
    expect(set?.hasAttribute('open')).toBe(true);
    expect(set?.querySelector('summary')?.text).toBe('More filters (2 set)');
  });

  it('narrow by a dues band of the schedule in force (its type and population range), on the page, the API and the CSV', async () => {
    // A schedule in force from today: cities in three bands, the others ask to be contacted.
    const contact = { mode: 'contact' };
    const schedule = await membership.sendJson('POST', '/api/v1/dues/schedules', {
      effectiveFrom: todayThere(ctx),
      note: 'Bands for the filter test',
      rules: {
        city: {
          mode: 'bands',
          bands: [
            { min: 1, max: 9_999, amountCents: 50_000 },
            { min: 10_000, max: 49_999, amountCents: 120_000 },
            { min: 50_000, max: null, amountCents: 300_000 },
          ],
        },
        county: contact,
        town: contact,
        tribal_nation: {
          mode: 'bands',
          bands: [
            { min: 1, max: 9_999, amountCents: 40_000 },
            { min: 10_000, max: null, amountCents: 90_000 },
          ],
        },
        region: contact,
      },
    });
    expect(schedule.statusCode, schedule.body).toBe(201);
    expect((await membership.sendJson('POST', `/api/v1/dues/schedules/${schedule.json().id}/publish`, {})).statusCode).toBe(200);
    const bands = await duesBandChoices(ctx.deps);
    expect(bands.map((b) => b.label)).toEqual([
      'Cities: under 10,000 people ($500.00)',
      'Cities: 10,000 to 49,999 people ($1,200.00)',
      'Cities: 50,000 people or more ($3,000.00)',
      'Tribal nations: under 10,000 people ($400.00)',
      'Tribal nations: 10,000 people or more ($900.00)',
    ]);
    const band = bands[1];
    if (!band || band.max === null) throw new Error('the test needs a bounded cities’ band in the schedule in force');
    const p = 'Bandborough';
    await anOrganization(ctx, { name: `${p} Inside Low`, entity_type: 'city', population: band.min });
    await anOrganization(ctx, { name: `${p} Inside High`, entity_type: 'city', population: band.max });
    await anOrganization(ctx, { name: `${p} Too Small`, entity_type: 'city', population: band.min - 1 });
    await anOrganization(ctx, { name: `${p} Too Big`, entity_type: 'city', population: band.max + 1 });
    await anOrganization(ctx, { name: `${p} A County`, entity_type: 'county', population: band.min });
    const q = `q=${p}&band=${band.value}`;
    expect(await namesOf(membership, q)).toEqual([`${p} Inside High`, `${p} Inside Low`]);
    const page = await membership.get(`/staff/organizations?${q}`);
    expect(
      rowsOf(page.body, 'Organizations')
        .map((r) => r[0])
        .sort(),
    ).toEqual([`${p} Inside High`, `${p} Inside Low`]);
    expect(page.body).toMatch(new RegExp(`<option value="${band.value}" selected[^>]*>Cities: 10,000 to 49,999 people`));
    const csv = await membership.get(`/staff/organizations.csv?${q}`);
    expect(csv.body.split('\n').filter((l) => l.includes(p))).toHaveLength(2);
    // A band that is not in the schedule, or of another type than the type chosen: a 400 naming the band.
    const unknown = await membership.getJson(`/api/v1/organizations?band=city-99`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.band).toContain('dues band');
    const clash = await membership.get(`/staff/organizations?${q}&type=county`);
    expect(clash.statusCode).toBe(400);
    expect(errorOf(clash.body, 'band').message).toContain('This band is for cities');
    // "Tribal" keeps its capital inside the sentence.
    const tribal = await membership.get('/staff/organizations?band=tribal_nation-1&type=county');
    expect(errorOf(tribal.body, 'band').message).toBe('This band is for Tribal nations: choose that type, or any type.');
  });

  it('a bad filter value is a 400 that names the field, on the page and in the API', async () => {
    const page = await membership.get('/staff/organizations?status=sleeping&termEnd=2026-13');
    expect(page.statusCode).toBe(400);
    expect(errorOf(page.body, 'status').message).toContain('Choose a status');
    expect(errorOf(page.body, 'termEnd').message).toContain('YYYY-MM');
    // a wrong folded filter is shown open, beside its message
    expect(dom(page.body).querySelector('details.more-filters')?.hasAttribute('open')).toBe(true);
    const api = await membership.getJson('/api/v1/organizations?state=ZZ');
    expect(api.statusCode).toBe(400);
    expect(Object.keys(api.json().error.fields)).toEqual(['state']);
    const cursor = await membership.getJson(`/api/v1/organizations?cursor=${Buffer.from('["x","nope"]').toString('base64url')}`);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.fields.cursor).toBeDefined();
    const csv = await membership.get('/staff/organizations.csv?balance=maybe');
    expect(csv.statusCode).toBe(400);
  });
});

describe('keyset paging', () => {
  it('returns every row once, in order, by name and by population', async () => {
    const p = 'Pagewood';
    const made = [];
    // Two share a population: the id breaks the tie.
    for (const [i, pop] of [30, 10, 20, 20, 50, 40, 60].entries()) made.push(await anOrganization(ctx, { name: `${p} ${String.fromCharCode(71 - i)}`, population: pop * 1000 }));
    for (const [sort, dir] of [
      ['name', 'asc'],
      ['population', 'desc'],
      ['population', 'asc'],
    ] as const) {
      const seen: ApiRow[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { organizations: ApiRow[]; nextCursor: string | null } = await apiList(
          membership,
          `q=${p}&limit=3&sort=${sort}&dir=${dir}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.organizations);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(new Set(seen.map((r) => r.id)).size).toBe(made.length);
      expect(seen.map((r) => r.id).sort()).toEqual(made.map((m) => m.id).sort());
      const keys = seen.map((r) => (sort === 'name' ? r.name : (r.population ?? 0)));
      const sorted = [...keys].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      expect(keys).toEqual(dir === 'asc' ? sorted : sorted.reverse());
    }
    // The page links to the next page by cursor.
    const first = await membership.get(`/staff/organizations?q=${p}&limit=3`);
    const next = first.body.match(/href="([^"]*cursor=[^"]*)"[^>]*>Next page/)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await membership.get(next ?? '');
    expect(rowsOf(second.body, 'Organizations').map((r) => r[0])).toEqual([`${p} D`, `${p} E`, `${p} F`]);
  });
});

describe('CSV export', () => {
  it('streams the filtered rows, formulas neutralised, and is audited', async () => {
    const p = 'Csvbury';
    await anOrganization(ctx, { name: `${p} North`, state: 'WY', population: 1234 });
    await anOrganization(ctx, { name: `${p} South`, state: 'MT' });
    await anOrganization(ctx, { name: `=${p} HYPERLINK`, state: 'WY' });
    const res = await finance.get(`/staff/organizations.csv?q=${p}&state=WY`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('Name,Type,State,Status,Population,Term ends,Advisor,Balance due');
    expect(lines.slice(1).sort()).toEqual([`'=${p} HYPERLINK,City,WY,Active,50000,,,0.00`, `${p} North,City,WY,Active,1234,,,0.00`]);
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'export.organizations').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ rows: 2, filters: { q: p, state: 'WY' } });
  });
});
