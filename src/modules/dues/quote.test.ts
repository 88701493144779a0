// The dues quote through HTTP: every band boundary, the schedule of an earlier day, regions,
// and every bad input; a property test that dues never fall as the population grows.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { quoteDues, seedDuesDemo } from './index.js';
import { DEMO_SCHEDULES } from './seed.js';

let ctx: TestContext;
let visitor: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  visitor = ctx.client();
});
afterAll(() => ctx?.close());

const quote = (query: string) => visitor.getJson(`/api/v1/dues/quote?${query}`);
const current = DEMO_SCHEDULES[1];
const older = DEMO_SCHEDULES[0];
const bandsOf = (s: typeof current) => (s?.rules.city.mode === 'bands' ? s.rules.city.bands : []);

describe('GET /api/v1/dues/quote', () => {
  it('answers the amount, band and schedule date for a city of 75,000', async () => {
    const res = await quote('entityType=city&population=75000');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      amountCents: 120000,
      currency: 'USD',
      entityType: 'city',
      population: 75000,
      band: { min: 50001, max: 100000 },
      scheduleEffectiveFrom: '2020-01-01',
    });
  });

  it.each([
    [50_000, 60_000],
    [50_001, 120_000],
    [4_000_000, 700_000],
    [4_000_001, 800_000],
    [1, 60_000],
    [100_000_000, 800_000],
  ])('a population of %i pays %i cents', async (population, cents) => {
    const res = await quote(`entityType=county&population=${population}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().amountCents).toBe(cents);
  });

  it('quotes both ends of every band of the schedule in force, for every priced type', async () => {
    for (const entityType of ['city', 'county', 'town', 'tribal_nation']) {
      for (const band of bandsOf(current)) {
        for (const population of [band.min, band.max ?? band.min + 1_000_000]) {
          const body = (await quote(`entityType=${entityType}&population=${population}`)).json();
          expect(body, `${entityType} ${population}`).toMatchObject({ amountCents: band.amountCents, band: { min: band.min, max: band.max } });
        }
      }
    }
  });

  it('the open top band has max null', async () => {
    expect((await quote('entityType=town&population=9000000')).json().band).toEqual({ min: 4_000_001, max: null });
  });

  it('on= quotes the schedule in force that day', async () => {
    const before = (await quote('entityType=city&population=75000&on=2019-12-31')).json();
    const olderBand = bandsOf(older)[1];
    expect(before).toMatchObject({ amountCents: olderBand?.amountCents, scheduleEffectiveFrom: '2015-01-01', band: { min: 50_001, max: 100_000 } });
    expect(before.amountCents).toBeLessThan(120000);
    const sameDay = (await quote('entityType=city&population=75000&on=2020-01-01')).json();
    expect(sameDay).toMatchObject({ amountCents: 120000, scheduleEffectiveFrom: '2020-01-01' });
  });

  it('without on=, quotes the schedule in force today in the association’s time zone, across midnight and back', async () => {
    const was = ctx.clock.now();
    // Asked twice: after the clock moves, the first answer reads the schedules again; the second is
    // answered from memory, and both must count the day in the association's zone.
    const today = async () => {
      const [first, again] = [await quote('entityType=city&population=75000'), await quote('entityType=city&population=75000')];
      expect(again.json()).toEqual(first.json());
      return first.json().scheduleEffectiveFrom;
    };
    try {
      // the test association is in New York: its new year begins at 05:00 UTC
      ctx.clock.set('2020-01-01T00:30:00.000Z');
      expect(await today()).toBe('2015-01-01');
      ctx.clock.set('2020-01-01T04:59:59.999Z');
      expect(await today()).toBe('2015-01-01');
      ctx.clock.advance(1);
      expect(await today()).toBe('2020-01-01');
      ctx.clock.set('2019-12-31T05:00:00.000Z');
      expect(await today()).toBe('2015-01-01');
      ctx.clock.set('2019-12-31T04:59:59.999Z');
      expect(await today()).toBe('2015-01-01');
      ctx.clock.set('2015-01-01T04:59:59.999Z');
      expect((await quote('entityType=city&population=75000')).statusCode).toBe(404);
    } finally {
      ctx.clock.set(was);
    }
  });

  it('a day before any schedule gets a 404 saying so', async () => {
    const res = await quote('entityType=city&population=75000&on=2014-12-31');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toEqual({ code: 'dues.no_schedule', message: 'No dues schedule is in force on Dec 31, 2014. Please contact us for a price.' });
  });

  it('a regional entity is asked to contact us, with no amount', async () => {
    const res = await quote('entityType=region&population=75000');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ contactRequired: true, contactEmail: 'info@test.example' });
  });

  it('inside a transaction (a renewal run, the demo), a type that says "contact us" reads the address through it, even just after the settings changed', async () => {
    const res = await ctx.client().getJson('/api/v1/dues/quote?entityType=region&population=75000');
    expect(res.json()).toEqual({ contactRequired: true, contactEmail: 'info@test.example' });
    ctx.deps.association.invalidate(); // as a change of the settings does: the kept copy is dropped
    const inside = await ctx.deps.db.transaction().execute((trx) => quoteDues({ ...ctx.deps, db: trx }, { entityType: 'region', population: 75_000 }));
    expect(inside).toEqual({ contactRequired: true, contactEmail: 'info@test.example' });
  });

  it.each([
    ['population missing', 'entityType=city', 'population'],
    ['population empty', 'entityType=city&population=', 'population'],
    ['population zero', 'entityType=city&population=0', 'population'],
    ['population negative', 'entityType=city&population=-5', 'population'],
    ['population fractional', 'entityType=city&population=1500.5', 'population'],
    ['population not a number', 'entityType=city&population=lots', 'population'],
    ['population hexadecimal', 'entityType=city&population=0x10', 'population'],
    ['population above 100,000,000', 'entityType=city&population=100000001', 'population'],
    ['population infinite', 'entityType=city&population=Infinity', 'population'],
    ['entity type unknown', 'entityType=village&population=5000', 'entityType'],
    ['entity type missing', 'population=5000', 'entityType'],
    ['on not a date', 'entityType=city&population=5000&on=yesterday', 'on'],
    ['on not a calendar day', 'entityType=city&population=5000&on=2023-02-29', 'on'],
    ['on month 13', 'entityType=city&population=5000&on=2023-13-01', 'on'],
  ])('%s: 400 naming the field', async (_name, query, field) => {
    const res = await quote(query);
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields)).toEqual([field]);
    expect(error.fields[field]).toMatch(/\w/);
  });

  it('names both fields when both are wrong', async () => {
    const res = await quote('entityType=village&population=0');
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['entityType', 'population']);
  });

  it('accepts thousands separators as a person types them', async () => {
    expect((await quote('entityType=city&population=75%2C000')).json().population).toBe(75000);
  });

  it('a plain query, answered from memory, reads byte for byte as the same query through the schema', async () => {
    // "75000" is read without the schema; "75,000" (or a leading zero) goes through it and the handler.
    for (const [plain, through] of [
      ['entityType=city&population=75000', 'entityType=city&population=75%2C000'],
      ['entityType=town&population=9000000', 'entityType=town&population=9%2C000%2C000'],
      ['entityType=county&population=1', 'entityType=county&population=01'],
      ['entityType=tribal_nation&population=50001&on=2019-12-31', 'entityType=tribal_nation&population=50%2C001&on=2019-12-31'],
      ['entityType=city&population=75000&utm_source=newsletter', 'entityType=city&population=75%2C000&utm_source=newsletter'],
    ]) {
      const [a, b] = [await quote(plain as string), await quote(through as string)];
      expect(a.statusCode, plain).toBe(200);
      expect(a.body, plain).toBe(b.body);
      expect(a.body).not.toContain('scheduleId');
      for (const h of ['content-type', 'cache-control', 'x-content-type-options']) expect(a.headers[h], `${plain} ${h}`).toBe(b.headers[h]);
    }
  });

  it('a repeated field is not read as plain: the schema answers', async () => {
    const res = await quote('entityType=city&population=75000&population=5');
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['population']);
  });

  it('dues never fall as the population grows, and are always one of the schedule’s amounts', async () => {
    const amounts = new Set(bandsOf(current).map((b) => b.amountCents));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 1, max: 100_000_000 }), async (a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const qs = (await quote(`entityType=city&population=${small}`)).json();
        const ql = (await quote(`entityType=city&population=${large}`)).json();
        expect(amounts.has(qs.amountCents)).toBe(true);
        expect(amounts.has(ql.amountCents)).toBe(true);
        expect(qs.amountCents).toBeLessThanOrEqual(ql.amountCents);
        expect(small).toBeGreaterThanOrEqual(qs.band.min);
        if (qs.band.max !== null) expect(small).toBeLessThanOrEqual(qs.band.max);
      }),
      { numRuns: 150 },
    );
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await visitor.getJson('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/dues/quote', '/api/v1/dues/schedules', '/api/v1/dues/schedules/{id}']));
  });
});
