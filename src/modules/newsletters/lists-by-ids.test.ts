// listsByIds reads the lists named by ids and ignores an id that is not a UUID (as listById does,
// through isUuid): a malformed id never reaches the database, where it would be an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { listsByIds } from './queries.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('listsByIds', () => {
  it('finds the lists named, ignoring ids that are not UUIDs and UUIDs of no list', async () => {
    const a = await aNewsletterList(ctx, { name: 'Alpha Weekly' });
    const b = await aNewsletterList(ctx, { name: 'Beta Monthly' });
    const malformed = ['', 'not-a-uuid', '-'.repeat(36), `${a.id}x`, `${a.id.slice(0, 35)}g`, "' or 1=1 --"];
    const found = await listsByIds(ctx.deps.db, [b.id, ...malformed, a.id, '00000000-0000-4000-8000-000000000000']);
    expect(found.map((l) => l.name)).toEqual(['Alpha Weekly', 'Beta Monthly']);
    expect(await listsByIds(ctx.deps.db, malformed)).toEqual([]);
  });
});
