// A person's membership as My membership shows it when their memberships share one created_at
// (made at one moment of the clock: an import, a standing test clock): the latest term, whichever
// row the database returns first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAccount, anIndividualMembership, seedLevels } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { termValue } from '../../../test/html.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

describe('my membership when memberships tie', () => {
  it('of two ended terms made at one moment, the page shows the later one, either way round', async () => {
    const madeAt = new Date('2025-12-31T12:00:00Z');
    const level = levels.manager ?? '';
    const older = { status: 'ended' as const, term_start: '2024-01-01', term_end: '2024-12-31', created_at: madeAt };
    const later = { status: 'ended' as const, term_start: '2025-01-01', term_end: '2025-12-31', created_at: madeAt };
    for (const order of [
      [older, later],
      [later, older],
    ]) {
      const person = await anAccount(ctx);
      for (const term of order) await anIndividualMembership(ctx, person.id, level, term);
      const client = ctx.client();
      await client.signIn(person.email);
      const page = await client.get('/me/membership');
      expect(page.statusCode).toBe(200);
      expect(termValue(page.body, 'Term')).toBe('Jan 1, 2025 to Dec 31, 2025');
    }
  });
});
