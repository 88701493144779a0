// The members report: on a data set with known answers, every figure (page, CSV, JSON) equals
// the known answer and an independent SQL count; bad ranges get a 400 that says what is wrong;
// members and other staff get a 403.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anIndividualMembership, anOrganization, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext, todayThere } from '../../../test/helpers.js';

let ctx: TestContext;
let membership: TestClient;
let finance: TestClient;
const today = () => todayThere(ctx);

beforeAll(async () => {
  ctx = await createTestContext();
  const org = (o: Parameters<typeof anOrganization>[1]) => anOrganization(ctx, o).then((r) => r.id);
  // Organizations (current = an active membership)
  const a = await org({ entity_type: 'city', state: 'CO', population: 5_000 });
  await aMembership(ctx, a, { term_start: '2024-01-01', term_end: '2099-12-31' });
  const b = await org({ entity_type: 'county', state: 'CA', population: 120_000 });
  await aMembership(ctx, b, { term_start: '2025-01-01', term_end: '2099-12-31' });
  const c = await org({ entity_type: 'town', state: 'CO', population: null });
  await aMembership(ctx, c, { term_start: '2026-01-01', term_end: '2099-12-31' });
  const d = await org({ entity_type: 'city', state: 'TX', population: 60_000, status: 'lapsed' });
  await aMembership(ctx, d, { status: 'lapsed', term_start: '2023-01-01', term_end: '2024-12-31' });
  const e = await org({ entity_type: 'region', state: 'WA', population: 2_000_000, status: 'cancelled' });
  await aMembership(ctx, e, { status: 'cancelled', term_start: '2024-01-01', term_end: '2025-12-31', status_changed_at: new Date('2025-06-15T12:00:00Z') });
  const f = await org({ entity_type: 'tribal_nation', state: 'AZ', population: 8_000, status: 'pending' });
  await aMembership(ctx, f, { status: 'pending', term_start: null, term_end: null });
  const g = await org({ entity_type: 'city', state: 'CO', population: 5_000, status: 'ended' });
  await aMembership(ctx, g, { status: 'ended', term_start: '2022-01-01', term_end: '2022-12-31' });
  // Individuals
  const levels = await seedLevels(ctx);
  const x = levels.manager as string;
  const y = levels.student as string;
  const person = async () => (await createAccount(ctx, { roles: ['member'] })).id;
  await anIndividualMembership(ctx, await person(), x, { term_start: '2026-01-01', term_end: '2099-12-31' });
  await anIndividualMembership(ctx, await person(), x, { term_start: '2025-07-01', term_end: '2099-06-30' });
  await anIndividualMembership(ctx, await person(), y, { term_start: '2026-01-01', term_end: '2099-12-31' });
  await anIndividualMembership(ctx, await person(), x, { status: 'lapsed', term_start: '2024-01-01', term_end: '2024-12-31' });
  await anIndividualMembership(ctx, await person(), y, { status: 'pending', term_start: null, term_end: null });

  membership = ctx.client();
  await membership.signIn((await createAccount(ctx, { roles: ['membership'] })).email);
  finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email);
});
afterAll(async () => {
  await ctx?.close();
});

/** Independent counts, written plainly here. */
async function sqlCount(query: ReturnType<typeof sql>): Promise<Record<string, number>> {
  const res = await (query as ReturnType<typeof sql<{ k: string; n: number }>>).execute(ctx.deps.db);
  return Object.fromEntries(res.rows.map((r) => [r.k, Number(r.n)]));
}

type Group = { key: string; label: string; count: number };
const nonZero = (groups: Group[]) => Object.fromEntries(groups.filter((g) => g.count > 0).map((g) => [g.key, g.count]));

describe('members now', () => {
  it('counts organizations by entity type, state and population band, and individuals by level', async () => {
    const res = await membership.getJson('/api/v1/reports/members');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.asOf).toBe(today());
    expect(r.organizations).toBe(3);
    expect(r.individuals).toBe(3);
    expect(nonZero(r.byEntityType)).toEqual({ city: 1, county: 1, town: 1 });
    expect(r.byEntityType.map((g: Group) => g.key)).toEqual(['city', 'county', 'town', 'region', 'tribal_nation']);
    expect(nonZero(r.byState)).toEqual({ CO: 2, CA: 1 });
    expect(r.byState[0]).toEqual({ key: 'CO', label: 'CO', count: 2 });
    expect(nonZero(r.byPopulationBand)).toEqual({ 'Under 10,000': 1, '100,000 to 249,999': 1, 'Population not known': 1 });
    expect(nonZero(r.byLevel)).toEqual({ manager: 2, student: 1 });

    // and the same figures as independent SQL counts
    const active = sql`exists (select 1 from memberships m where m.organization_id = o.id and m.status = 'active')`;
    expect(nonZero(r.byEntityType)).toEqual(await sqlCount(sql`select o.entity_type as k, count(*) as n from organizations o where ${active} group by 1`));
    expect(nonZero(r.byState)).toEqual(await sqlCount(sql`select o.state as k, count(*) as n from organizations o where ${active} group by 1`));
    expect(nonZero(r.byLevel)).toEqual(
      await sqlCount(sql`select l.slug as k, count(*) as n from individual_memberships im join member_levels l on l.id = im.level_id where im.status = 'active' group by 1`),
    );
    const small = await sqlCount(sql`select 'n' as k, count(*) as n from organizations o where ${active} and o.population < 10000`);
    expect(r.byPopulationBand.find((g: Group) => g.key === 'Under 10,000').count).toBe(small.n);
  });

  it('shows the same figures on the page, as charts with a table beside each, and in the CSV', async () => {
    const page = await membership.get('/staff/reports/members');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 member organizations (an active membership) and 3 individual members');
    expect(page.body).toContain('role="img"');
    expect(page.body).toMatch(/<title id="by-type-chart-title">Member organizations by entity type<\/title>/);
    expect(page.body).toContain('City: 1; County: 1; Town: 1; Region: 0; Tribal nation: 0');
    expect(page.body).toContain('<caption>Member organizations by state</caption>');

    const csv = await membership.get('/staff/reports/members.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFBreakdown,')).toBe(true);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(`Breakdown,Group,Members on ${today()}`);
    expect(lines).toContain('All,Member organizations,3');
    expect(lines).toContain('Entity type,County,1');
    expect(lines).toContain('Population,"1,000,000 and over",0');
    expect(lines).toContain('State,CO,2');
    expect(lines.filter((l) => l.startsWith('Individual level,')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('members over time', () => {
  it('counts members at each year-end and on the last day of the range', async () => {
    const res = await finance.getJson('/api/v1/reports/members/over-time?from=2023-06-01&to=2026-06-30');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: '2023-06-01',
      to: '2026-06-30',
      interval: 'year',
      points: [
        { on: '2023-12-31', organizations: 1, individuals: 0 },
        { on: '2024-12-31', organizations: 3, individuals: 1 },
        { on: '2025-12-31', organizations: 2, individuals: 1 },
        { on: '2026-06-30', organizations: 3, individuals: 3 },
      ],
    });
    // independently: a term covering the day, not pending, not cancelled by then
    for (const p of res.json().points as Array<{ on: string; organizations: number }>) {
      const n = await sqlCount(
        sql`select 'n' as k, count(distinct organization_id) as n from memberships where status <> 'pending' and term_start <= ${p.on}::date and term_end >= ${p.on}::date
            and not (status = 'cancelled' and status_changed_at < (${p.on}::date + 1))`,
      );
      expect(p.organizations).toBe(n.n);
    }
  });

  it('counts at each month-end, on the page and in the CSV', async () => {
    const res = await finance.getJson('/api/v1/reports/members/over-time?from=2026-01-15&to=2026-04-30&interval=month');
    expect(res.json().points.map((p: { on: string }) => p.on)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    const page = await finance.get('/staff/reports/members?from=2023-06-01&to=2026-06-30');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>Members over time</caption>');
    expect(page.body).toContain('Dec 31, 2024: 3 organizations, 1 individual member');
    // the chart's axis: year-ends as their year, the range's last day in words
    expect(page.body).toContain('>2024</text>');
    expect(page.body).toContain('>Jun 30, 2026</text>');
    expect(page.body).not.toContain('>2026-06-30<');
    const csv = await finance.get('/staff/reports/members-over-time.csv?from=2023-06-01&to=2026-06-30');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe('\uFEFFOn,Member organizations,Individual members\r\n2023-12-31,1,0\r\n2024-12-31,3,1\r\n2025-12-31,2,1\r\n2026-06-30,3,3\r\n');
  });

  it('refuses a bad range with a 400 that says what is wrong, on the API, the page and the CSV', async () => {
    const backwards = await finance.getJson('/api/v1/reports/members/over-time?from=2026-01-01&to=2025-01-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toMatchObject({ code: 'validation_failed', message: 'The end date must be on or after the start date.' });
    const notADay = await finance.getJson('/api/v1/reports/members/over-time?from=2026-13-01');
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().error.code).toBe('validation_failed');
    const interval = await finance.getJson('/api/v1/reports/members/over-time?interval=week');
    expect(interval.statusCode).toBe(400);
    const tooLong = await finance.getJson('/api/v1/reports/members/over-time?from=1990-01-01&to=2026-01-01&interval=month');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toMatch(/at most 240 points/);

    const page = await finance.get('/staff/reports/members?from=2026-01-01&to=2025-01-01');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The end date must be on or after the start date.');
    expect(page.body).toContain('3 member organizations'); // the figures of today still show
    const badPage = await finance.get('/staff/reports/members?from=yesterday');
    expect(badPage.statusCode).toBe(400);
    expect(badPage.body).toContain('Enter a real date, such as 2026-03-15.');
    const csv = await finance.get('/staff/reports/members-over-time.csv?from=2026-01-01&to=2025-01-01');
    expect(csv.statusCode).toBe(400);
  });
});

describe('who may see reports', () => {
  it('a member, and staff without finance or membership, get a 403', async () => {
    for (const roles of [['member'], ['programs'], ['communications']] as const) {
      const c = ctx.client();
      await c.signIn((await createAccount(ctx, { roles: [...roles] })).email);
      for (const url of ['/staff/reports', '/staff/reports/members', '/staff/reports/members.csv', '/staff/reports/members-over-time.csv']) {
        expect((await c.get(url)).statusCode, `${roles[0]} ${url}`).toBe(403);
      }
      expect((await c.getJson('/api/v1/reports/members')).statusCode).toBe(403);
      expect((await c.getJson('/api/v1/reports/members/over-time')).statusCode).toBe(403);
    }
  });

  it('lists the receivables aging report for finance staff only', async () => {
    const forFinance = await finance.get('/staff/reports');
    expect(forFinance.statusCode).toBe(200);
    expect(forFinance.body).toContain('href="/staff/receivables"');
    const forMembership = await membership.get('/staff/reports');
    expect(forMembership.body).toContain('href="/staff/reports/members"');
    expect(forMembership.body).not.toContain('href="/staff/receivables"');
    const home = await membership.get('/staff');
    expect(home.body).toContain('href="/staff/reports"');
  });
});
