// Merges reach cohorts: a merged account's applications follow the kept account; two applications
// to one call refuse the merge until staff decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCohort, anElectedApplicant, answersFor, applicationOf, applyThroughForm } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { mergeAccounts } from '../accounts/index.js';

describe('cohorts and merged accounts', () => {
  let ctx: TestContext;
  let staffId: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    staffId = (await createAccount(ctx, { roles: ['membership'], name: 'Merging Staff' })).id;
  });
  afterAll(() => ctx?.close());

  const merge = (fromUserId: string, intoUserId: string) => mergeAccounts(ctx.deps, { fromUserId, intoUserId, actor: { userId: staffId, name: 'Merging Staff', admin: false } });

  it('an application moves to the kept account; two applications to one call refuse the merge', async () => {
    const c = await aCohort(ctx, { kind: 'leadership_cohort' });
    const merged = await anElectedApplicant(ctx, { name: 'Mo Merged' });
    const kept = await anElectedApplicant(ctx, { name: 'Mo Kept' });
    expect((await applyThroughForm(merged.client, c, answersFor(c))).statusCode).toBe(303);
    await merge(merged.id, kept.id);
    expect(await applicationOf(ctx, c.id, merged.id)).toBeUndefined();
    expect((await applicationOf(ctx, c.id, kept.id))?.status).toBeTruthy();

    const other = await aCohort(ctx, { kind: 'leadership_cohort' });
    const second = await anElectedApplicant(ctx, { name: 'Mo Second' });
    const third = await anElectedApplicant(ctx, { name: 'Mo Third' });
    expect((await applyThroughForm(second.client, other, answersFor(other))).statusCode).toBe(303);
    expect((await applyThroughForm(third.client, other, answersFor(other))).statusCode).toBe(303);
    await expect(merge(second.id, third.id)).rejects.toMatchObject({ code: 'cohorts.merge_both_applied', status: 409 });
    expect(await applicationOf(ctx, other.id, second.id)).toBeDefined();
  });
});
