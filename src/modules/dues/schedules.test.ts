// Dues schedule versions through the API: who may create them, versions in effect never change,
// bands without gaps or overlaps, every change audited, and quotes follow at once. (The staff
// pages and the quote cache: schedules-pages.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bands, body, scheduleHelpers, scheduleWorld } from '../../../test/dues-schedules.js';
import { createAccount, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';

let ctx: TestContext;
let membership: TestClient;
let finance: TestClient;
let visitor: TestClient;
let inForceId: string;
let year: number;

beforeAll(async () => {
  ({ ctx, year, membership, finance, visitor, inForceId } = await scheduleWorld());
});
afterAll(() => ctx?.close());

const { count, snapshot, publish, quoteOn } = scheduleHelpers(() => ({ ctx, membership, visitor }));

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
      /^Band 2: the lower bound must be 50,001, .* \(with 50,002, population 50,001 would have no dues\)\.$/,
    ],
    [
      'an overlap',
      [
        { min: 1, max: 50_000, amountCents: 1 },
        { min: 40_000, max: null, amountCents: 2 },
      ],
      /40,000 overlaps band 1, which goes up to 50,000/,
    ],
    ['a first band not starting at 1', [{ min: 10, max: null, amountCents: 1 }], /^Band 1: the lower bound must be 1, not 10/],
    ['a closed last band', [{ min: 1, max: 50_000, amountCents: 1 }], /^Band 1: the last band must have no upper limit/],
    [
      'an open band before the last',
      [
        { min: 1, max: null, amountCents: 1 },
        { min: 2, max: null, amountCents: 2 },
      ],
      /^Band 1: only the last band can have no upper limit/,
    ],
    [
      'a band ending before it starts',
      [
        { min: 1, max: 10, amountCents: 1 },
        { min: 11, max: 5, amountCents: 2 },
        { min: 6, max: null, amountCents: 3 },
      ],
      /^Band 2: the upper bound \(5\) is below the lower bound \(11\)/,
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
