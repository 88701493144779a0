// The members report's population bands are organizations' population bands: each member
// organization counts in exactly one, at every boundary, under the same keys and labels the
// report has always given (its JSON is API v1), and the page and CSV say the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anOrganization } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';

let ctx: TestContext;
let staff: TestClient;

// Each band's lowest and highest population (the last has no highest), and one not known.
const POPULATIONS = [1, 9_999, 10_000, 49_999, 50_000, 99_999, 100_000, 249_999, 250_000, 999_999, 1_000_000, 30_000_000, null];

beforeAll(async () => {
  ctx = await createTestContext();
  for (const [i, population] of POPULATIONS.entries()) {
    const { id } = await anOrganization(ctx, { name: `Band test ${i}`, population });
    await aMembership(ctx, id, { term_start: '2024-01-01', term_end: '2099-12-31' });
  }
  // not a member: never counted
  await anOrganization(ctx, { name: 'Band test lapsed', population: 5_000, status: 'lapsed' });
  staff = ctx.client();
  await staff.signIn((await createAccount(ctx, { roles: ['membership'] })).email);
});
afterAll(async () => {
  await ctx?.close();
});

describe('members by population band', () => {
  it('counts each member organization in one band, with the labels and keys the API has always given', async () => {
    const res = await staff.getJson('/api/v1/reports/members');
    expect(res.statusCode).toBe(200);
    expect(res.json().byPopulationBand).toEqual([
      { key: 'Under 10,000', label: 'Under 10,000', count: 2 },
      { key: '10,000 to 49,999', label: '10,000 to 49,999', count: 2 },
      { key: '50,000 to 99,999', label: '50,000 to 99,999', count: 2 },
      { key: '100,000 to 249,999', label: '100,000 to 249,999', count: 2 },
      { key: '250,000 to 999,999', label: '250,000 to 999,999', count: 2 },
      { key: '1,000,000 and over', label: '1,000,000 and over', count: 2 },
      { key: 'Population not known', label: 'Population not known', count: 1 },
    ]);
    expect(res.json().organizations).toBe(POPULATIONS.length);
  });

  it('gives the same figures in the CSV', async () => {
    const csv = await staff.get('/staff/reports/members.csv');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines.filter((l) => l.startsWith('Population,'))).toEqual([
      'Population,"Under 10,000",2',
      'Population,"10,000 to 49,999",2',
      'Population,"50,000 to 99,999",2',
      'Population,"100,000 to 249,999",2',
      'Population,"250,000 to 999,999",2',
      'Population,"1,000,000 and over",2',
      'Population,Population not known,1',
    ]);
  });
});
