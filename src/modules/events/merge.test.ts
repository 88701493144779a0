// Merges reach events: a merged account's seats, orders and PD hours follow the kept account; two
// live seats at one event refuse the merge; an organization's orders follow the survivor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { mergeAccounts } from '../accounts/index.js';
import { checkIn } from './ops-checkin.js';
import { grantPdCredits } from './pd.js';

describe('events and merged accounts', () => {
  let ctx: TestContext;
  let staffId: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    staffId = (await createAccount(ctx, { roles: ['membership'], name: 'Merging Staff' })).id;
  });
  afterAll(() => ctx?.close());

  const merge = (fromUserId: string, intoUserId: string) => mergeAccounts(ctx.deps, { fromUserId, intoUserId, actor: { userId: staffId, name: 'Merging Staff', admin: false } });

  it('a merged account’s registration and PD hours move to the kept account; the larger credit for one event stays', async () => {
    const a = await anEvent(ctx, { sessions: [{ title: 'Morning', startsInHours: 0, hours: 2, pdMinutes: 120 }] });
    const b = await anEvent(ctx, { sessions: [{ title: 'Day', startsInHours: 0, hours: 3, pdMinutes: 90 }] });
    const kept = await createAccount(ctx, { name: 'Kim Kept' });
    const merged = await createAccount(ctx, { name: 'Kim Merged' });
    const onA = await aRegistration(ctx, { eventId: a.id, ticketTypeId: a.ticketTypeIds[0] ?? '', userId: merged.id });
    const mergedOnB = await aRegistration(ctx, { eventId: b.id, ticketTypeId: b.ticketTypeIds[0] ?? '', userId: merged.id, status: 'cancelled' });
    const keptOnB = await aRegistration(ctx, { eventId: b.id, ticketTypeId: b.ticketTypeIds[0] ?? '', userId: kept.id });
    await ctx.deps.db.transaction().execute(async (trx) => {
      await checkIn(trx, ctx.deps, { registrationId: onA.id, sessionId: a.sessionIds[0] ?? '' }, { userId: staffId });
      await checkIn(trx, ctx.deps, { registrationId: keptOnB.id, sessionId: b.sessionIds[0] ?? '' }, { userId: staffId });
      await grantPdCredits(trx, a.id);
      await grantPdCredits(trx, b.id);
    });
    expect(mergedOnB.id).toBeTruthy();

    await merge(merged.id, kept.id);

    const regs = await ctx.deps.db.selectFrom('event_registrations').select(['id', 'user_id']).where('event_id', 'in', [a.id, b.id]).execute();
    expect(regs.every((r) => r.user_id === kept.id)).toBe(true);
    const credits = await ctx.deps.db
      .selectFrom('pd_credits')
      .select(['user_id', 'source_id', 'minutes'])
      .where('user_id', 'in', [kept.id, merged.id])
      .orderBy('minutes')
      .execute();
    expect(credits).toEqual([
      { user_id: kept.id, source_id: b.id, minutes: 90 },
      { user_id: kept.id, source_id: a.id, minutes: 120 },
    ]);
  });

  it('two live seats at one event refuse the merge, and nothing moves', async () => {
    const e = await anEvent(ctx);
    const kept = await createAccount(ctx, { name: 'Lee Kept' });
    const merged = await createAccount(ctx, { name: 'Lee Merged' });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: kept.id });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: merged.id, status: 'waitlisted' });
    await expect(merge(merged.id, kept.id)).rejects.toMatchObject({ code: 'events.merge_both_registered', status: 409 });
    const regs = await ctx.deps.db.selectFrom('event_registrations').select('user_id').where('event_id', '=', e.id).orderBy('user_id').execute();
    expect(regs.map((r) => r.user_id).sort()).toEqual([kept.id, merged.id].sort());
    const still = await ctx.deps.db.selectFrom('users').select('disabled_at').where('id', '=', merged.id).executeTakeFirstOrThrow();
    expect(still.disabled_at).toBeNull();
  });
});
