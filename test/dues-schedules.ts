// Dues schedule tests' helpers (src/modules/dues/schedules*.test.ts): a version's body and bands,
// and reading back, publishing and quoting through the test file's context and clients.
import { expect } from 'vitest';
import { bandsFrom } from '../src/modules/dues/seed.js';
import type { TestClient, TestContext } from './helpers.js';

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
