// Renewals of individual memberships through billing's daily run (I2): the renewal invoice is
// issued ahead of term end exactly once; unpaid past grace, the membership lapses and the member
// role goes; paying reinstates. Installments: renewing members of a level that allows them split
// the renewal into 2–4 monthly amounts summing to the total; new members cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { addDays, applyPayment, formatDay, runRenewals } from '../billing/index.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

const START = '2030-03-01';
const TERM_END = '2031-02-28';

async function pay(invoiceId: string, day: string, amountCents?: number) {
  ctx.clock.set(`${day}T12:00:00Z`);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const inv = await trx.selectFrom('invoices').select(['total_cents', 'paid_cents']).where('id', '=', invoiceId).executeTakeFirstOrThrow();
    return applyPayment(trx, ctx.deps, { invoiceId, amountCents: amountCents ?? inv.total_cents - inv.paid_cents, method: 'check', reference: 'r' });
  });
}

/** A Manager who joined and paid on START: term START to TERM_END. */
async function activeManager() {
  ctx.clock.set(`${START}T10:00:00Z`);
  const j = await joinAsManager(ctx, levels);
  await pay(j.invoiceId, START);
  return j;
}

const renewalOf = (membershipId: string) =>
  ctx.deps.db.selectFrom('invoices').selectAll().where('individual_membership_id', '=', membershipId).where('purpose', '=', 'renewal').execute();
const run = (day: string) => {
  ctx.clock.set(`${day}T12:00:00Z`);
  return runRenewals(ctx.deps, { today: day });
};
const rolesOf = async (userId: string) => (await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map((r) => r.role);

describe('individual renewals', () => {
  it('the renewal invoice is issued 60 days ahead of term end, once, priced from the stored dues inputs', async () => {
    const j = await activeManager();
    const m = await ctx.deps.db.selectFrom('individual_memberships').select(['term_start', 'term_end']).where('id', '=', j.membershipId).executeTakeFirstOrThrow();
    expect(m).toEqual({ term_start: START, term_end: TERM_END });
    await run(addDays(TERM_END, -61));
    expect(await renewalOf(j.membershipId)).toHaveLength(0);
    await run(addDays(TERM_END, -60));
    const [renewal, ...more] = await renewalOf(j.membershipId);
    expect(more).toHaveLength(0);
    expect(renewal).toMatchObject({ period_start: '2031-03-01', period_end: '2032-02-29', total_cents: 92_625, user_id: j.userId, bill_to_email: j.email, status: 'issued' });
    await run(addDays(TERM_END, -59));
    await run(addDays(TERM_END, -60));
    expect(await renewalOf(j.membershipId)).toHaveLength(1);
  });

  it('once the renewal invoice is issued, My membership says it is waiting, by when, and links to it', async () => {
    const j = await activeManager();
    await run(addDays(TERM_END, -60));
    const [renewal] = await renewalOf(j.membershipId);
    if (!renewal?.due_on) throw new Error('no renewal');
    await j.client.signIn(j.email); // months later: the session from joining has expired
    const page = dom((await j.client.get('/me/membership')).body);
    const note = page.getElementById('renewal');
    expect(note?.text.replace(/\s+/g, ' ').trim()).toBe(
      `Your renewal invoice, ${renewal.number}, is waiting: pay it by ${formatDay(renewal.due_on)}. Open invoice ${renewal.number} to pay it.`,
    );
    expect(note?.querySelector('a')?.getAttribute('href')).toBe(`/invoices/${renewal.public_token}`);
  });

  it('the unique index refuses a second live renewal invoice for the same term', async () => {
    const j = await activeManager();
    await run(addDays(TERM_END, -60));
    const [renewal] = await renewalOf(j.membershipId);
    if (!renewal) throw new Error('no renewal');
    const { id: _id, number: _n, seq: _s, public_token: _t, created_at: _c, ...copy } = renewal;
    await expect(
      ctx.deps.db
        .insertInto('invoices')
        .values({ ...copy, public_token: 'another-token-of-enough-length', number: 'TEST-DUPLICATE', seq: 999_999 })
        .execute(),
    ).rejects.toThrow(/invoices_individual_one_per_period/);
  });

  it('unpaid past the grace period it lapses and the member role goes; paying the renewal reinstates it', async () => {
    const j = await activeManager();
    expect(await rolesOf(j.userId)).toEqual(['member']);
    await run(addDays(TERM_END, -60));
    await run(addDays(TERM_END, 30)); // the last day of grace
    expect((await ctx.deps.db.selectFrom('individual_memberships').select('status').where('id', '=', j.membershipId).executeTakeFirstOrThrow()).status).toBe('active');
    await run(addDays(TERM_END, 31));
    const lapsed = await ctx.deps.db.selectFrom('individual_memberships').select(['status', 'lapsed_at']).where('id', '=', j.membershipId).executeTakeFirstOrThrow();
    expect(lapsed.status).toBe('lapsed');
    expect(await rolesOf(j.userId)).toEqual([]);
    expect(await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', j.email).where('template', '=', 'individuals.lapsed').execute()).toHaveLength(1);
    // Reminders of the open renewal went to the member too (billing's reminder run).
    expect(
      (await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', j.email).where('template', '=', 'billing.renewal_reminder').execute()).length,
    ).toBeGreaterThan(0);

    const [renewal] = await renewalOf(j.membershipId);
    if (!renewal) throw new Error('no renewal');
    await pay(renewal.id, addDays(TERM_END, 40));
    const back = await ctx.deps.db.selectFrom('individual_memberships').select(['status', 'term_end', 'lapsed_at']).where('id', '=', j.membershipId).executeTakeFirstOrThrow();
    expect(back).toEqual({ status: 'active', term_end: '2032-02-29', lapsed_at: null });
    expect(await rolesOf(j.userId)).toEqual(['member']);
    const actions = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', j.membershipId).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['individuals.joined', 'individuals.membership_activated', 'individuals.membership_lapsed', 'individuals.membership_reinstated']);
  });
});

describe('installments', () => {
  it('a new member cannot split the first-year invoice', async () => {
    ctx.clock.set(`${START}T10:00:00Z`);
    const j = await joinAsManager(ctx, levels);
    const page = await j.client.get('/me/membership');
    expect(page.body).not.toContain('Pay in installments');
    const res = await j.client.postForm('/me/membership/installments', { invoice: j.invoiceId, count: '2' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('New members pay their first year in full');
    expect(await ctx.deps.db.selectFrom('invoice_instalments').select('position').where('invoice_id', '=', j.invoiceId).execute()).toHaveLength(0);
  });

  it('a renewing member splits the renewal into 3 monthly installments summing to the total, shown on both pages; the first payment renews', async () => {
    const j = await activeManager();
    await run(addDays(TERM_END, -60));
    const [renewal] = await renewalOf(j.membershipId);
    if (!renewal?.due_on) throw new Error('no renewal');
    await j.client.signIn(j.email); // months later: the session from joining has expired
    const page = await j.client.get('/me/membership');
    expect(page.body).toContain('Pay in installments');
    const bad = await j.client.postForm('/me/membership/installments', { invoice: renewal.id, count: '5' });
    expect(bad.statusCode).toBe(400);
    const res = await j.client.postForm('/me/membership/installments', { invoice: renewal.id, count: '3' });
    expect(res.statusCode).toBe(303);
    const rows = await ctx.deps.db.selectFrom('invoice_instalments').selectAll().where('invoice_id', '=', renewal.id).orderBy('position').execute();
    expect(rows.map((r) => r.amount_cents)).toEqual([30_875, 30_875, 30_875]);
    expect(rows.reduce((a, r) => a + r.amount_cents, 0)).toBe(renewal.total_cents);
    expect(rows[0]?.due_on).toBe(renewal.due_on);
    expect(rows.map((r) => r.due_on.slice(5, 7))).toEqual(['01', '02', '03']);
    const again = await j.client.postForm('/me/membership/installments', { invoice: renewal.id, count: '2' });
    expect(again.statusCode).toBe(400);
    const mine = await j.client.get('/me/membership');
    expect(mine.body).toContain(`Installments of invoice ${renewal.number}`);
    const pub = await ctx.client().get(`/invoices/${renewal.public_token}`);
    expect(pub.body).toContain('Installment schedule');
    expect(pub.body).toContain('$308.75');

    await pay(renewal.id, renewal.due_on, 30_875);
    const m = await ctx.deps.db.selectFrom('individual_memberships').select(['term_end', 'status']).where('id', '=', j.membershipId).executeTakeFirstOrThrow();
    expect(m).toEqual({ term_end: '2032-02-29', status: 'active' });
    await pay(renewal.id, addDays(renewal.due_on, 31), 30_875);
    expect(
      (await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', j.membershipId).where('action', '=', 'individuals.membership_renewed').execute()).length,
    ).toBe(1);
  });

  it('the form’s old address, /me/membership/instalments, kept for pages open before the rename, does what the new one does and refuses the same', async () => {
    const OLD = '/me/membership/instalments';
    const NEW = '/me/membership/installments';
    const j = await activeManager();
    await run(addDays(TERM_END, -60));
    const [renewal] = await renewalOf(j.membershipId);
    if (!renewal) throw new Error('no renewal');
    await j.client.signIn(j.email);
    const schedule = () => ctx.deps.db.selectFrom('invoice_instalments').select('amount_cents').where('invoice_id', '=', renewal.id).execute();
    const form = { invoice: renewal.id, count: '3' };

    // a visitor is refused at both addresses, alike
    const visitor = ctx.client();
    const [vOld, vNew] = [await visitor.postForm(OLD, form), await visitor.postForm(NEW, form)];
    expect(vNew.statusCode).toBe(401);
    expect(vOld.statusCode).toBe(401);
    expect(vOld.headers.location).toBe(vNew.headers.location);
    // a post without the CSRF token is refused at both, alike
    const [cOld, cNew] = [await j.client.postForm(OLD, form, { csrf: false }), await j.client.postForm(NEW, form, { csrf: false })];
    expect(cOld.statusCode).toBe(403);
    expect(cNew.statusCode).toBe(403);
    // a bad count is said beside its field
    const bad = await j.client.postForm(OLD, { invoice: renewal.id, count: '5' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose 2, 3 or 4 installments.');
    expect(await schedule()).toEqual([]);

    const res = await j.client.postForm(OLD, form);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/me/membership');
    expect((await schedule()).map((r) => r.amount_cents)).toEqual([30_875, 30_875, 30_875]);
    expect((await j.client.get('/me/membership')).body).toContain('Your renewal is split into 3 installments');
    // one schedule, whichever address a second press goes to
    expect((await j.client.postForm(NEW, { invoice: renewal.id, count: '2' })).statusCode).toBe(400);
    expect((await j.client.postForm(OLD, { invoice: renewal.id, count: '2' })).statusCode).toBe(400);
    expect(await schedule()).toHaveLength(3);
  });

  it('someone else’s invoice is a 404', async () => {
    const a = await activeManager();
    await run(addDays(TERM_END, -60));
    const [renewal] = await renewalOf(a.membershipId);
    const b = await joinAsManager(ctx, levels);
    await b.client.signIn(b.email);
    const res = await b.client.postForm('/me/membership/installments', { invoice: renewal?.id ?? '', count: '2' });
    expect(res.statusCode).toBe(404);
  });
});
