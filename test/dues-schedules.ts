// Dues schedule tests' helpers (src/modules/dues/schedules*.test.ts): a version's body and bands,
// and reading back, publishing and quoting through the test file's context and clients.
import { expect } from 'vitest';
import { seedDuesDemo } from '../src/modules/dues/index.js';
import { bandsFrom } from '../src/modules/dues/seed.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from './helpers.js';

/** A test file's world: the demo dues, membership and finance staff signed in, a visitor, the id
 * of the version in force since 2020, and this year. */
export async function scheduleWorld() {
  const ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  const year = ctx.clock.now().getUTCFullYear();
  const membership = ctx.client();
  await membership.signIn((await createAccount(ctx, { roles: ['membership'] })).email, PASSWORD);
  const finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email, PASSWORD);
  const visitor = ctx.client();
  const schedules = (await visitor.getJson('/api/v1/dues/schedules')).json().schedules;
  const inForceId: string = schedules.find((s: { effectiveFrom: string }) => s.effectiveFrom === '2020-01-01').id;
  return { ctx, year, membership, finance, visitor, inForceId };
}

export const bands = (scale = 1) =>
  bandsFrom([
    [50_000, 700 * scale],
    [250_000, 2_000 * scale],
    [null, 9_000 * scale],
  ]);
export const body = (effectiveFrom: string, overrides: Record<string, unknown> = {}) => ({
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

/** The helpers, on the context and clients a test file creates in its beforeAll (hence the getter). */
export function scheduleHelpers(get: () => { ctx: TestContext; membership: TestClient; visitor: TestClient }) {
  const count = async (table: 'dues_schedules' | 'dues_bands' | 'audit_log') =>
    Number(
      (
        await get()
          .ctx.deps.db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const snapshot = async () => ({
    schedules: await get().ctx.deps.db.selectFrom('dues_schedules').selectAll().orderBy('effective_from').execute(),
    bands: await get().ctx.deps.db.selectFrom('dues_bands').selectAll().orderBy('schedule_id').orderBy('entity_type').orderBy('position').execute(),
    audit: await count('audit_log'),
  });
  const publish = async (id: string) => {
    const res = await get().membership.sendJson('POST', `/api/v1/dues/schedules/${id}/publish`, {});
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const quoteOn = async (day: string) => (await get().visitor.getJson(`/api/v1/dues/quote?entityType=city&population=75000&on=${day}`)).json();

  return { count, snapshot, publish, quoteOn };
}
