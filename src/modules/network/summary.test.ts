// The network's kept summaries (migration 0039) against a from-scratch aggregate of the source
// tables, after inserts, updates and deletes of memberships and organizations (one row and many
// rows at a time), inside a transaction and after one rolled back; the bulk-load switch; the
// rebuild; and the per-process cache with its invalidate().
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anOrganization } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import type { Db } from '../../db/client.js';
import { keptCountsByState, keptFigures, networkFigures, rebuildNetworkSummary } from './summary.js';

const FOUNDED = 1991;

/** What the summaries should say, aggregated now from memberships and organizations. */
async function fromScratch(db: Db) {
  const current = sql`exists (select 1 from memberships m where m.organization_id = o.id and m.status = 'active')`;
  const figures = await sql<{ served: number; current: number; states: number }>`
    select
      (select count(distinct organization_id)::int from memberships where activated_at is not null or status in ('active', 'lapsed', 'ended')) as served,
      (select count(*)::int from organizations o where ${current}) as current,
      (select count(distinct state)::int from organizations o where ${current}) as states`.execute(db);
  const byState = await sql<{ state: string; members: number; listed: number }>`
    select state, count(*)::int as members, (count(*) filter (where listed))::int as listed
    from organizations o where ${current} group by state order by state`.execute(db);
  const f = figures.rows[0];
  return {
    figures: { foundedYear: FOUNDED, communitiesServed: f?.served ?? 0, currentMembers: f?.current ?? 0, statesCovered: f?.states ?? 0 },
    byState: Object.fromEntries(byState.rows.map((r) => [r.state, { members: r.members, listed: r.listed }])),
  };
}

async function kept(db: Db) {
  return { figures: await keptFigures(db, FOUNDED), byState: Object.fromEntries(await keptCountsByState(db)) };
}

describe('the kept network summaries', () => {
  let ctx: TestContext;
  let db: Db;
  beforeAll(async () => {
    ctx = await createTestContext();
    db = ctx.deps.db;
  });
  afterAll(() => ctx?.close());

  it('equal a from-scratch aggregate after inserts, updates and deletes of memberships and organizations', async () => {
    const a = await anOrganization(ctx, { state: 'CO', name: 'Summary Alpha' });
    const b = await anOrganization(ctx, { state: 'CO', name: 'Summary Beta', listed: false });
    const c = await anOrganization(ctx, { state: 'VT', name: 'Summary Gamma' });
    const d = await anOrganization(ctx, { state: 'ME', name: 'Summary Delta' });
    expect(await kept(db)).toEqual(await fromScratch(db));

    const ma = await aMembership(ctx, a.id, { status: 'active', activated_at: new Date('2020-01-01') });
    await aMembership(ctx, b.id, { status: 'active', activated_at: new Date('2021-01-01') });
    const mc = await aMembership(ctx, c.id, { status: 'pending', term_start: null, term_end: null });
    await aMembership(ctx, d.id, { status: 'ended', term_start: '2010-01-01', term_end: '2011-01-01' });
    let now = await fromScratch(db);
    expect(now.figures).toEqual({ foundedYear: FOUNDED, communitiesServed: 3, currentMembers: 2, statesCovered: 1 });
    expect(now.byState.CO).toEqual({ members: 2, listed: 1 });
    expect(await kept(db)).toEqual(now);

    // an update: the pending membership becomes active; one active lapses
    await db.updateTable('memberships').set({ status: 'active', activated_at: new Date() }).where('id', '=', mc).execute();
    await db.updateTable('memberships').set({ status: 'lapsed' }).where('id', '=', ma).execute();
    expect(await kept(db)).toEqual(await fromScratch(db));

    // organizations: one moves state, one opts out of the listing, then back in
    await db.updateTable('organizations').set({ state: 'NH' }).where('id', '=', c.id).execute();
    await db.updateTable('organizations').set({ listed: false }).where('id', '=', c.id).execute();
    expect(await kept(db)).toEqual(await fromScratch(db));
    await db.updateTable('organizations').set({ listed: true }).where('id', 'in', [b.id, c.id]).execute();
    now = await fromScratch(db);
    expect(now.byState.NH).toEqual({ members: 1, listed: 1 });
    expect(await kept(db)).toEqual(now);

    // many rows in one statement, and a membership moved from one organization to another
    await db.updateTable('memberships').set({ status: 'ended' }).where('organization_id', 'in', [a.id, c.id, d.id]).execute();
    expect(await kept(db)).toEqual(await fromScratch(db));
    await db.updateTable('memberships').set({ organization_id: a.id }).where('organization_id', '=', b.id).execute();
    expect(await kept(db)).toEqual(await fromScratch(db));

    // deletes: a membership, then an organization left with none
    await db.deleteFrom('memberships').where('organization_id', '=', d.id).execute();
    expect(await kept(db)).toEqual(await fromScratch(db));
    const e = await anOrganization(ctx, { state: 'WY', name: 'Summary Epsilon' });
    await aMembership(ctx, e.id, { status: 'active' });
    expect((await kept(db)).byState.WY).toEqual({ members: 1, listed: 1 });
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('memberships').where('organization_id', '=', e.id).execute();
      await trx.deleteFrom('organizations').where('id', '=', e.id).execute();
    });
    now = await fromScratch(db);
    expect(now.byState.WY).toBeUndefined();
    expect(await kept(db)).toEqual(now);
  });

  it('a statement that touches more than 1,000 organizations at once is counted too', async () => {
    const orgs = await db
      .insertInto('organizations')
      .values(
        Array.from({ length: 1001 }, (_, i) => ({
          slug: `summary-many-${i}`,
          name: `Summary Many ${i}`,
          entity_type: 'town' as const,
          state: i % 2 ? 'KS' : 'NE',
          status: 'active' as const,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('memberships')
      .values(orgs.map((o) => ({ organization_id: o.id, status: 'active' as const, term_start: '2026-01-01', term_end: '2026-12-31', activated_at: new Date() })))
      .execute();
    const now = await fromScratch(db);
    expect(now.byState.KS).toEqual({ members: 500, listed: 500 });
    expect(await kept(db)).toEqual(now);
    await db
      .updateTable('memberships')
      .set({ status: 'lapsed' })
      .where(
        'organization_id',
        'in',
        orgs.map((o) => o.id),
      )
      .execute();
    expect(await kept(db)).toEqual(await fromScratch(db));
  });

  it('change in the transaction of the change, and not at all when it rolls back', async () => {
    const o = await anOrganization(ctx, { state: 'RI', name: 'Summary Rollback' });
    const before = await kept(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('memberships')
          .values({ organization_id: o.id, status: 'active', term_start: '2026-01-01', term_end: '2026-12-31', activated_at: new Date() })
          .execute();
        await trx.updateTable('organizations').set({ state: 'CT' }).where('id', '=', o.id).execute();
        // inside, the summaries already say so
        const inside = await kept(trx);
        expect(inside.byState.CT).toEqual({ members: 1, listed: 1 });
        expect(inside).toEqual(await fromScratch(trx));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await kept(db)).toEqual(before);
    expect(await kept(db)).toEqual(await fromScratch(db));
  });

  it('stand aside during a bulk load (civnet.bulk_load), and the rebuild makes them right again', async () => {
    const o = await anOrganization(ctx, { state: 'AK', name: 'Summary Bulk' });
    await db.transaction().execute(async (trx) => {
      await sql`select set_config('civnet.bulk_load', 'on', true)`.execute(trx);
      await trx.insertInto('memberships').values({ organization_id: o.id, status: 'active', term_start: '2026-01-01', term_end: '2026-12-31', activated_at: new Date() }).execute();
    });
    const scratch = await fromScratch(db);
    expect(scratch.byState.AK).toEqual({ members: 1, listed: 1 });
    expect((await kept(db)).byState.AK).toBeUndefined();
    await rebuildNetworkSummary(db);
    expect(await kept(db)).toEqual(scratch);
    // and the triggers work again after the load's transaction
    await db.updateTable('memberships').set({ status: 'lapsed' }).where('organization_id', '=', o.id).execute();
    expect(await kept(db)).toEqual(await fromScratch(db));
  });

  it('the rebuild gives what the triggers kept', async () => {
    const before = await kept(db);
    await rebuildNetworkSummary(db);
    expect(await kept(db)).toEqual(before);
    expect(before).toEqual(await fromScratch(db));
  });
});

describe('the summary cache', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { SUMMARY_CACHE_MS: '600000' } });
  });
  afterAll(() => ctx?.close());

  it('keeps the figures until invalidate(); the stats API and home page read through it', async () => {
    const o = await anOrganization(ctx, { state: 'OR', name: 'Summary Cached' });
    const first = await networkFigures(ctx.deps);
    await aMembership(ctx, o.id, { status: 'active', activated_at: new Date() });
    expect(await networkFigures(ctx.deps)).toEqual(first);
    const stats = await ctx.client().get('/api/v1/network/stats');
    expect(stats.json().currentMembers).toBe(first.currentMembers);
    ctx.deps.summaries.invalidate();
    const after = await networkFigures(ctx.deps);
    expect(after.currentMembers).toBe(first.currentMembers + 1);
    expect((await ctx.client().get('/api/v1/network/stats')).json().currentMembers).toBe(after.currentMembers);
  });
});
