// Dues schedule versions through HTTP: who may create them, versions in effect never change,
// bands without gaps or overlaps, every change audited, and quotes follow at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aScheduleWrittenElsewhere } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { errorOf, rowsOf, textOf } from '../../../test/html.js';
import { CACHE_TTL_MS } from './cache.js';
import { seedDuesDemo } from './index.js';
import { bandsFrom } from './seed.js';

let ctx: TestContext;
let membership: TestClient;
let finance: TestClient;
let visitor: TestClient;
let inForceId: string;
let year: number;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  year = ctx.clock.now().getUTCFullYear();
  membership = ctx.client();
  await membership.signIn((await createAccount(ctx, { roles: ['membership'] })).email, PASSWORD);
  finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email, PASSWORD);
  visitor = ctx.client();
  const schedules = (await visitor.getJson('/api/v1/dues/schedules')).json().schedules;
  inForceId = schedules.find((s: { effectiveFrom: string }) => s.effectiveFrom === '2020-01-01').id;
});
afterAll(() => ctx?.close());

const bands = (scale = 1) =>
  bandsFrom([
    [50_000, 700 * scale],
    [250_000, 2_000 * scale],
    [null, 9_000 * scale],
  ]);
const body = (effectiveFrom: string, overrides: Record<string, unknown> = {}) => ({
  effectiveFrom,
  note: 'Board vote',
  rules: {
    city: { mode: 'bands', bands: bands() },
    county: { mode: 'bands', bands: bands() },
    town: { mode: 'bands', bands: bands() },
    tribal_nation: { mode: 'bands', bands: bands() },
    region: { mode: 'contact' },
    ...overrides,
  },
});

const count = async (table: 'dues_schedules' | 'dues_bands' | 'audit_log') =>
  Number(
    (
      await ctx.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const snapshot = async () => ({
  schedules: await ctx.deps.db.selectFrom('dues_schedules').selectAll().orderBy('effective_from').execute(),
  bands: await ctx.deps.db.selectFrom('dues_bands').selectAll().orderBy('schedule_id').orderBy('entity_type').orderBy('position').execute(),
  audit: await count('audit_log'),
});
const publish = async (id: string) => {
  const res = await membership.sendJson('POST', `/api/v1/dues/schedules/${id}/publish`, {});
  expect(res.statusCode).toBe(200);
  return res.json();
};
const quoteOn = async (day: string) => (await visitor.getJson(`/api/v1/dues/quote?entityType=city&population=75000&on=${day}`)).json();

describe('creating a schedule version through the API', () => {
  it('finance staff get 403 and nothing is created', async () => {
    const before = await snapshot();
    const res = await finance.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 1}-01-01`));
    expect(res.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('membership staff create a future version as a draft, staff-only until published, then public and quoted from its date; both audited', async () => {
    const day = `${year + 1}-01-01`;
    const res = await membership.sendJson('POST', '/api/v1/dues/schedules', body(day));
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ effectiveFrom: day, status: 'draft', publishedAt: null, note: 'Board vote', rules: { region: { mode: 'contact' } } });
    expect(created.rules.city.bands).toEqual(bands());

    const staffList = (await membership.getJson('/api/v1/dues/schedules')).json().schedules;
    expect(staffList.map((s: { effectiveFrom: string; status: string }) => [s.effectiveFrom, s.status])).toEqual([
      [day, 'draft'],
      ['2020-01-01', 'in_force'],
      ['2015-01-01', 'past'],
    ]);
    const publicList = (await visitor.getJson('/api/v1/dues/schedules')).json().schedules;
    expect(publicList.map((s: { effectiveFrom: string }) => s.effectiveFrom)).toEqual(['2020-01-01', '2015-01-01']);
    expect((await visitor.getJson(`/api/v1/dues/schedules/${created.id}`)).statusCode).toBe(404);
    expect((await membership.getJson(`/api/v1/dues/schedules/${created.id}`)).json().id).toBe(created.id);
    expect(await quoteOn(day)).toMatchObject({ amountCents: 120_000, scheduleEffectiveFrom: '2020-01-01' });
    expect((await finance.sendJson('POST', `/api/v1/dues/schedules/${created.id}/publish`, {})).statusCode).toBe(403);

    // Published: public, and the quote cache is invalidated: the new version answers from its first day.
    expect(await publish(created.id)).toMatchObject({ status: 'future', publishedAt: expect.any(String) });
    expect((await visitor.getJson(`/api/v1/dues/schedules/${created.id}`)).json().status).toBe('future');
    const again = await membership.sendJson('POST', `/api/v1/dues/schedules/${created.id}/publish`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('dues.schedule_published');
    expect(await quoteOn(day)).toMatchObject({ amountCents: 200_000, band: { min: 50_001, max: 250_000 }, scheduleEffectiveFrom: day });
    expect((await visitor.getJson('/api/v1/dues/quote?entityType=city&population=75000')).json()).toMatchObject({ amountCents: 120_000, scheduleEffectiveFrom: '2020-01-01' });

    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'dues.schedule_created').where('entity_id', '=', created.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ effectiveFrom: day, status: 'draft' });
    const published = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'dues.schedule_published').where('entity_id', '=', created.id).execute();
    expect(published.map((a) => [a.before, a.after])).toMatchObject([[{ status: 'draft' }, { status: 'future' }]]);
  });

  it('a second version on the same future date gets 409 and changes nothing', async () => {
    const before = await snapshot();
    const res = await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 1}-01-01`));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('dues.schedule_exists');
    expect(await snapshot()).toEqual(before);
  });

  it('a version on the date of one already in effect gets 409 and changes nothing', async () => {
    const before = await snapshot();
    const res = await membership.sendJson('POST', '/api/v1/dues/schedules', body('2020-01-01'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('dues.schedule_in_effect');
    expect(await snapshot()).toEqual(before);
  });

  it('a new version cannot start in the past', async () => {
    const before = await snapshot();
    const res = await membership.sendJson('POST', '/api/v1/dues/schedules', body('2021-06-01'));
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['effectiveFrom']);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [
      'a gap',
      [
        { min: 1, max: 50_000, amountCents: 1 },
        { min: 50_002, max: null, amountCents: 2 },
      ],
      /no dues/,
    ],
    [
      'an overlap',
      [
        { min: 1, max: 50_000, amountCents: 1 },
        { min: 40_000, max: null, amountCents: 2 },
      ],
      /overlaps band 1/,
    ],
    ['a first band not starting at 1', [{ min: 10, max: null, amountCents: 1 }], /must start at 1/],
    ['a closed last band', [{ min: 1, max: 50_000, amountCents: 1 }], /no upper limit/],
    [
      'an open band before the last',
      [
        { min: 1, max: null, amountCents: 1 },
        { min: 2, max: null, amountCents: 2 },
      ],
      /must be the last band/,
    ],
    [
      'a band ending before it starts',
      [
        { min: 1, max: 10, amountCents: 1 },
        { min: 11, max: 5, amountCents: 2 },
        { min: 6, max: null, amountCents: 3 },
      ],
      /ends \(5\) before it starts/,
    ],
  ])('bands with %s get 400 naming the rule, and nothing changes', async (_name, badBands, message) => {
    const before = await snapshot();
    const res = await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 3}-01-01`, { town: { mode: 'bands', bands: badBands } }));
    expect(res.statusCode).toBe(400);
    const { fields } = res.json().error;
    expect(Object.keys(fields)).toEqual(['rules.town.bands']);
    expect(fields['rules.town.bands']).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('every entity type needs a rule, amounts are whole cents, and unknown fields are refused', async () => {
    const { region: _r, ...noRegion } = body(`${year + 3}-01-01`).rules;
    const missing = await membership.sendJson('POST', '/api/v1/dues/schedules', { ...body(`${year + 3}-01-01`), rules: noRegion });
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(missing.json().error.fields)[0]).toMatch(/^rules/);
    const fraction = await membership.sendJson(
      'POST',
      '/api/v1/dues/schedules',
      body(`${year + 3}-01-01`, { city: { mode: 'bands', bands: [{ min: 1, max: null, amountCents: 10.5 }] } }),
    );
    expect(fraction.statusCode).toBe(400);
    const extra = await membership.sendJson('POST', '/api/v1/dues/schedules', { ...body(`${year + 3}-01-01`), id: 'x' });
    expect(extra.statusCode).toBe(400);
    expect(await count('dues_schedules')).toBe(3);
  });
});

describe('versions in effect never change; future ones may be replaced or deleted', () => {
  it('replacing or deleting the version in force gets 409 and changes nothing', async () => {
    const before = await snapshot();
    const put = await membership.sendJson('PUT', `/api/v1/dues/schedules/${inForceId}`, body(`${year + 4}-01-01`));
    expect(put.statusCode).toBe(409);
    expect(put.json().error.code).toBe('dues.schedule_in_effect');
    const del = await membership.request('DELETE', `/api/v1/dues/schedules/${inForceId}`, { headers: { 'x-csrf-token': await membership.csrf() } });
    expect(del.statusCode).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('a future version is replaced (audited with before and after) and then deleted (audited)', async () => {
    const created = (await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 5}-01-01`))).json();
    const put = await membership.sendJson('PUT', `/api/v1/dues/schedules/${created.id}`, body(`${year + 5}-07-01`, { city: { mode: 'bands', bands: bands(2) } }));
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ id: created.id, effectiveFrom: `${year + 5}-07-01` });
    expect(put.json().rules.city.bands).toEqual(bands(2));
    await publish(created.id);
    expect(await quoteOn(`${year + 5}-07-01`)).toMatchObject({ amountCents: 400_000 });
    const replaced = await ctx.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'dues.schedule_replaced')
      .where('entity_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(replaced.before).toMatchObject({ effectiveFrom: `${year + 5}-01-01` });
    expect(replaced.after).toMatchObject({ effectiveFrom: `${year + 5}-07-01` });

    const del = await membership.request('DELETE', `/api/v1/dues/schedules/${created.id}`, { headers: { 'x-csrf-token': await membership.csrf() } });
    expect(del.statusCode).toBe(204);
    expect((await membership.getJson(`/api/v1/dues/schedules/${created.id}`)).statusCode).toBe(404);
    expect(await quoteOn(`${year + 5}-07-01`)).toMatchObject({ scheduleEffectiveFrom: `${year + 1}-01-01` });
    const deleted = await ctx.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'dues.schedule_deleted')
      .where('entity_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(deleted.before).toMatchObject({ effectiveFrom: `${year + 5}-07-01` });
  });

  it('a version whose start date arrives becomes fixed', async () => {
    const created = (await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 6}-01-01`))).json();
    await publish(created.id);
    const saved = ctx.clock.now();
    ctx.clock.set(`${year + 6}-01-01T12:00:00Z`);
    try {
      // Sessions of today would be idle by then: a staff member signs in on that day.
      const later = ctx.client();
      await later.signIn((await createAccount(ctx, { roles: ['membership'] })).email, PASSWORD);
      const res = await later.sendJson('PUT', `/api/v1/dues/schedules/${created.id}`, body(`${year + 6}-02-01`));
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('dues.schedule_in_effect');
      expect((await later.getJson(`/api/v1/dues/schedules/${created.id}`)).json().status).toBe('in_force');
    } finally {
      ctx.clock.set(saved);
    }
  });

  it('a draft whose start date has passed cannot be published (409) until it is given a later date', async () => {
    const created = (await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 11}-01-01`))).json();
    const saved = ctx.clock.now();
    ctx.clock.set(`${year + 11}-02-01T12:00:00Z`);
    try {
      const later = ctx.client();
      await later.signIn((await createAccount(ctx, { roles: ['membership'] })).email, PASSWORD);
      const res = await later.sendJson('POST', `/api/v1/dues/schedules/${created.id}/publish`, {});
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('dues.schedule_start_passed');
      expect((await later.getJson(`/api/v1/dues/schedules/${created.id}`)).json()).toMatchObject({ status: 'draft', publishedAt: null });
      // A draft never takes effect: it can still be replaced with a later date, then published.
      expect((await later.sendJson('PUT', `/api/v1/dues/schedules/${created.id}`, body(`${year + 11}-03-01`))).statusCode).toBe(200);
      expect((await later.sendJson('POST', `/api/v1/dues/schedules/${created.id}/publish`, {})).json()).toMatchObject({ status: 'future' });
      expect((await later.request('DELETE', `/api/v1/dues/schedules/${created.id}`, { headers: { 'x-csrf-token': await later.csrf() } })).statusCode).toBe(204);
    } finally {
      ctx.clock.set(saved);
    }
  });

  it('unknown or malformed ids get 404', async () => {
    expect((await membership.sendJson('PUT', '/api/v1/dues/schedules/not-a-uuid', body(`${year + 7}-01-01`))).statusCode).toBe(404);
    expect((await membership.get('/staff/dues/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('staff pages', () => {
  it('the list shows every version and which one is in force today', async () => {
    const res = await membership.get('/staff/dues');
    expect(res.statusCode).toBe(200);
    const versions = rowsOf(res.body, 'Dues schedule versions, newest first');
    const statusOf = (day: string) => versions.find((row) => row[0]?.endsWith(day))?.[1];
    expect(statusOf('January 1, 2020')).toMatch(/^In force today/);
    expect(statusOf('January 1, 2015')).toMatch(/^Replaced/);
    expect(res.body).toContain('href="/staff/dues/new"');
    expect((await finance.get('/staff/dues')).statusCode).toBe(403);
  });

  it('the staff area links to the dues schedules for membership staff only', async () => {
    expect((await membership.get('/staff')).body).toContain('href="/staff/dues"');
    expect((await finance.get('/staff')).body).not.toContain('href="/staff/dues"');
  });

  it('the new-version form starts from the bands in force today', async () => {
    const res = await membership.get('/staff/dues/new');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('50,001 - 100,000: 1,200');
    expect(res.body).toContain('4,000,001 and over: 8,000');
    expect(textOf(res.body, 'label[for="f-effective_from"]')).toBe('Starts on');
  });

  const formFor = (day: string, cityBands: string) => ({
    effective_from: day,
    note: 'From the form',
    mode_city: 'bands',
    bands_city: cityBands,
    mode_county: 'bands',
    bands_county: '1 - 50,000: 600\n50,001 and over: $1,000.50',
    mode_town: 'bands',
    bands_town: '1-1000: 100\n1001+: 200',
    mode_tribal_nation: 'contact',
    bands_tribal_nation: '',
    mode_region: 'contact',
    bands_region: '',
  });

  it('a valid form creates the version and shows it', async () => {
    const day = `${year + 8}-01-01`;
    const res = await membership.postForm('/staff/dues', formFor(day, '1 - 50,000: 650\n\n50,001 and over: 1,300'));
    expect(res.statusCode).toBe(303);
    const page = await membership.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Saved as a draft. This version starts on');
    expect(page.body).toContain('$1,000.50');
    expect(page.body).toContain('Replace this version');
    expect(page.body).toContain('Draft (staff only)');
    const id = String(res.headers.location).split('/').pop();
    const published = await membership.postForm(`/staff/dues/${id}/publish`, {});
    expect(published.statusCode).toBe(303);
    expect((await membership.get(String(published.headers.location))).body).toContain('Published. Visitors see this version');
    expect(await quoteOn(day)).toMatchObject({ amountCents: 130_000, band: { min: 50_001, max: null } });
    expect((await visitor.getJson(`/api/v1/dues/quote?entityType=tribal_nation&population=5000&on=${day}`)).json()).toEqual({
      contactRequired: true,
      contactEmail: 'info@test.example',
    });
  });

  it('a gap in the bands is shown beside the field, with status 400, and nothing changes', async () => {
    const before = await snapshot();
    const res = await membership.postForm('/staff/dues', formFor(`${year + 9}-01-01`, '1 - 50,000: 650\n60,000 and over: 1,300'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#f-bands_city"');
    expect(errorOf(res.body, 'bands_city')).toEqual({ hidden: 'Error:', message: expect.stringMatching(/^Band 2 starts at 60,000/) });
    expect(res.body).toContain('60,000 and over: 1,300</textarea>');
    expect(await snapshot()).toEqual(before);
  });

  it('a line that cannot be read is named', async () => {
    const res = await membership.postForm('/staff/dues', formFor(`${year + 9}-01-01`, '1 - 50,000: 650\nlots: 1,300'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Line 2: write each band like');
  });

  it('the version in force cannot be edited, replaced or deleted from the pages', async () => {
    const before = await snapshot();
    const page = await membership.get(`/staff/dues/${inForceId}`);
    expect(page.body).toContain('has taken effect, so it cannot be changed');
    expect(page.body).not.toContain('Replace this version');
    expect((await membership.get(`/staff/dues/${inForceId}/edit`)).statusCode).toBe(409);
    expect((await membership.postForm(`/staff/dues/${inForceId}`, formFor(`${year + 9}-01-01`, '1 and over: 1'))).statusCode).toBe(409);
    expect((await membership.postForm(`/staff/dues/${inForceId}/delete`, {})).statusCode).toBe(409);
    const sameDate = await membership.postForm('/staff/dues', formFor('2020-01-01', '1 and over: 1'));
    expect(sameDate.statusCode).toBe(409);
    expect(sameDate.body).toContain('has already taken effect');
    expect(await snapshot()).toEqual(before);
  });

  it('a future version is replaced and deleted through the pages', async () => {
    const created = (await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 10}-01-01`))).json();
    const edit = await membership.get(`/staff/dues/${created.id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain(`value="${year + 10}-01-01"`);
    const replaced = await membership.postForm(`/staff/dues/${created.id}`, formFor(`${year + 10}-01-01`, '1 and over: 5'));
    expect(replaced.statusCode).toBe(303);
    await publish(created.id);
    expect(await quoteOn(`${year + 10}-01-01`)).toMatchObject({ amountCents: 500 });
    const deleted = await membership.postForm(`/staff/dues/${created.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect(await quoteOn(`${year + 10}-01-01`)).toMatchObject({ scheduleEffectiveFrom: `${year + 8}-01-01` });
  });
});

describe('the quote cache', () => {
  it('sees a change made by another process once the cache has expired', async () => {
    const day = `${year + 20}-01-01`;
    expect(await quoteOn(day)).toMatchObject({ scheduleEffectiveFrom: `${year + 8}-01-01` });
    // Another process: a row written straight to the database, so this process's cache is not told.
    await aScheduleWrittenElsewhere(ctx, day);
    expect(await quoteOn(day)).toMatchObject({ scheduleEffectiveFrom: `${year + 8}-01-01` });
    ctx.clock.advance(CACHE_TTL_MS);
    expect(await quoteOn(day)).toEqual({ contactRequired: true, contactEmail: 'info@test.example' });
  });
});
