// The public members API keeps each page with the network summaries (deps.summaries): another web
// process answers a page from its copy, and a membership change made anywhere empties every
// process's copy at once (the summary triggers' notification), so the new member shows on the
// next request, not after the cache's time.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anOrganization } from '../../../test/factories/index.js';
import { createTestContext, nextChange, type TestContext } from '../../../test/helpers.js';
import { buildApp } from '../../app.js';
import { openPostgres } from '../../db/client.js';
import { createDeps } from '../../deps.js';
import { wireModules } from '../index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe.runIf(process.env.TEST_DB === 'pg')('members API in a second web process (PostgreSQL)', () => {
  it('answers from its copy, and shows a new member as soon as the membership is written by another process', async () => {
    const otherDatabase = openPostgres(ctx.deps.database.connectionString ?? '', 2);
    // kept ten minutes: only the notification can make the second process read again
    const other = createDeps({ ...ctx.deps.config, SUMMARY_CACHE_MS: 600_000 }, otherDatabase, ctx.clock, { wire: wireModules });
    const app = await buildApp(other);
    try {
      await other.changes.start();
      const first = await anOrganization(ctx, { name: 'Cacheton Township', state: 'VT', entity_type: 'town', population: 1_200 });
      const second = await anOrganization(ctx, { name: 'Cacheton Village', state: 'VT', entity_type: 'city', population: 800 });
      let heard = nextChange(other, 'network_summary');
      await aMembership(ctx, first.id);
      await heard;
      const url = '/api/v1/network/members?state=VT&q=Cacheton';
      const names = async () => {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
        return (res.json() as { members: Array<{ name: string }> }).members.map((m) => m.name);
      };
      expect(await names()).toEqual(['Cacheton Township']);
      // a rename is no membership change: the page is answered from the copy
      await sql`update organizations set name = 'Cacheton Township (renamed)' where id = ${first.id}::uuid`.execute(ctx.deps.db);
      expect(await names()).toEqual(['Cacheton Township']);
      // a membership written by the first process reaches the second before its next request
      heard = nextChange(other, 'network_summary');
      await aMembership(ctx, second.id);
      await heard;
      expect(await names()).toEqual(['Cacheton Township (renamed)', 'Cacheton Village']);
    } finally {
      await app.close();
      await other.changes.close();
      await otherDatabase.close();
    }
  });
});

describe('members API', () => {
  it('a membership that ends takes the member off the next answer', async () => {
    const org = await anOrganization(ctx, { name: 'Endsville', state: 'WY', entity_type: 'city', population: 3_000 });
    const membership = await aMembership(ctx, org.id);
    const ask = async () => (await ctx.client().getJson('/api/v1/network/members?state=WY&q=Endsville')).json() as { members: Array<{ name: string }> };
    expect((await ask()).members.map((m) => m.name)).toEqual(['Endsville']);
    await ctx.deps.db.updateTable('memberships').set({ status: 'ended' }).where('id', '=', membership).execute();
    expect((await ask()).members).toEqual([]);
  });
});
