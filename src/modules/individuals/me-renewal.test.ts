// My membership tells an active member how and when they renew (there is no renew button: the
// renewal invoice comes by email ahead of the term's end), and once it is issued, where to pay it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { addDays, formatDay } from '../billing/index.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

describe('renewing, on My membership', () => {
  it('an active member is told when the renewal invoice comes and by when to pay it', async () => {
    const joined = await joinAsManager(ctx, levels);
    const financeAccount = await createAccount(ctx, { roles: ['finance'] });
    const finance = ctx.client();
    await finance.signIn(financeAccount.email);
    const paid = await finance.request('POST', `/api/v1/invoices/${joined.invoiceId}/payments`, {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': `r-${joined.invoiceId}`, 'x-csrf-token': await finance.csrf() },
      payload: JSON.stringify({ amountCents: 92_625, method: 'check', reference: '88' }),
    });
    expect(paid.json().membershipActivated).toBe(true);
    const m = await ctx.deps.db.selectFrom('individual_memberships').select(['id', 'term_end']).where('id', '=', joined.membershipId).executeTakeFirstOrThrow();
    const { renewal_lead_days } = await ctx.deps.db.selectFrom('association').select('renewal_lead_days').executeTakeFirstOrThrow();
    const termEnd = String(m.term_end);
    const renewal = () => joined.client.get('/me/membership').then((r) => dom(r.body).getElementById('renewal')?.text.replace(/\s+/g, ' ').trim() ?? '');
    expect(await renewal()).toBe(
      `Your membership renews each year: we email your renewal invoice ${renewal_lead_days} days before your term ends, around ${formatDay(addDays(termEnd, -renewal_lead_days))}. Pay it by ${formatDay(termEnd)} to stay a member without a break.`,
    );
  });
});
