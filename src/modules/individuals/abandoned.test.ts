// Abandoned sign-ups (issue 14): a visitor's online join whose address is never confirmed expires
// after SIGNUP_EXPIRY_DAYS on the daily renewal run (here started from the staff renewals
// console): the pending membership ends and the unconfirmed account is deactivated. It never had
// an invoice (the first one waits for the confirmation); one from before that rule has its invoice
// voided, keeping its number. Finance lists show a person's email beside the name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerForm, confirmAddress, joinAsManager, seedLevels, signedInAs } from '../../../test/factories/index.js';
import { createTestContext, PASSWORD, type TestContext, todayThere } from '../../../test/helpers.js';
import { hiddenValue, rowsOf } from '../../../test/html.js';
import { addDays } from '../billing/index.js';
import { issueInvoiceOnAddressConfirmed } from './index.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

/** A finance officer runs renewals for the clock's day from /staff/renewals. */
async function runRenewalsOn(day: string) {
  ctx.clock.set(`${day}T12:00:00Z`);
  const finance = await signedInAs(ctx, ['finance']);
  const key = hiddenValue((await finance.get('/staff/renewals')).body, 'key');
  const res = await finance.postForm('/staff/renewals/run', { key, confirm: 'yes' });
  expect(res.statusCode).toBe(303);
}

const storedRows = (ids: string[]) =>
  Promise.all([
    ctx.deps.db.selectFrom('invoices').select(['id', 'number', 'status', 'void_reason']).where('id', 'in', ids).orderBy('number').execute(),
    ctx.deps.db.selectFrom('individual_memberships').select(['id', 'status']).where('id', 'in', ids).execute(),
  ]);

describe('abandoned sign-ups', () => {
  it('lists show the email beside the name, so two sign-ups of one name can be told apart', async () => {
    const a = await joinAsManager(ctx, levels, { name: 'Jane Twin' });
    const b = await joinAsManager(ctx, levels, { name: 'Jane Twin' });
    const finance = await signedInAs(ctx, ['finance']);
    for (const [url, caption] of [
      ['/staff/receivables', 'By organization or person'],
      ['/staff/invoices', undefined],
    ] as const) {
      const page = await finance.get(url);
      expect(page.statusCode).toBe(200);
      const cells = rowsOf(page.body, caption).flat();
      expect(cells).toContain(`Jane Twin (${a.email})`);
      expect(cells).toContain(`Jane Twin (${b.email})`);
    }
    const membership = await signedInAs(ctx, ['membership']);
    const people = rowsOf((await membership.get('/staff/people?q=Jane+Twin')).body).flat();
    for (const j of [a, b]) expect(people).toContain(j.email);
  });

  it('unconfirmed after the set days: membership ended, account deactivated, no invoice ever issued; others untouched', async () => {
    const today = todayThere(ctx);
    const numbers = () =>
      ctx.deps.db
        .selectFrom('invoices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    const before = Number((await numbers()).n);
    const abandoned = await joinAsManager(ctx, levels, { name: 'Abandoned Joiner', confirm: false });
    expect(abandoned.invoiceId).toBe('');
    expect(Number((await numbers()).n)).toBe(before);
    const confirmed = await joinAsManager(ctx, levels, { name: 'Confirmed Joiner' });
    expect(ctx.deps.config.SIGNUP_EXPIRY_DAYS).toBe(7);

    // Within the limit nothing expires.
    await runRenewalsOn(addDays(today, 7));
    let [, memberships] = await storedRows([abandoned.membershipId]);
    expect(memberships[0]?.status).toBe('pending');

    // Past it, the abandoned sign-up expires, and still has no invoice.
    await runRenewalsOn(addDays(today, 8));
    [, memberships] = await storedRows([abandoned.membershipId]);
    expect(memberships[0]?.status).toBe('ended');
    expect(await ctx.deps.db.selectFrom('invoices').select('id').where('individual_membership_id', '=', abandoned.membershipId).execute()).toEqual([]);
    const user = await ctx.deps.db.selectFrom('users').select(['disabled_at']).where('id', '=', abandoned.userId).executeTakeFirstOrThrow();
    expect(user.disabled_at).not.toBeNull();
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'individuals.signup_expired')
      .where('entity_id', '=', abandoned.membershipId)
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ status: 'ended', invoicesVoided: 0, accountDeactivated: true });

    // The confirmed person's sign-up (unpaid, but the address is theirs) stays for finance to chase.
    const [kept, keptMembership] = await storedRows([confirmed.invoiceId, confirmed.membershipId]);
    expect(kept[0]?.status).toBe('issued');
    expect(keptMembership[0]?.status).toBe('pending');

    // A second run changes nothing more.
    const audits = () => ctx.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'individuals.signup_expired').execute();
    const once = (await audits()).length;
    await runRenewalsOn(addDays(today, 9));
    expect((await audits()).length).toBe(once);
  });

  it('a sign-up from before the invoice waited for the confirmation: its invoice is voided (number kept) and leaves receivables', async () => {
    ctx.clock.advance(30 * 86_400_000);
    const today = todayThere(ctx);
    const old = await joinAsManager(ctx, levels, { name: 'Earlier Joiner', confirm: false });
    // Such a sign-up had its invoice at once: issued here as it then was, without a confirmation.
    await ctx.deps.db.transaction().execute((trx) => issueInvoiceOnAddressConfirmed(trx, ctx.deps, { userId: old.userId }));
    const invoice = await ctx.deps.db.selectFrom('invoices').select(['id', 'number', 'status']).where('individual_membership_id', '=', old.membershipId).executeTakeFirstOrThrow();
    expect(invoice.status).toBe('issued');

    await runRenewalsOn(addDays(today, 7));
    expect((await storedRows([invoice.id]))[0][0]?.status).toBe('issued');
    await runRenewalsOn(addDays(today, 8));
    const [invoices, memberships] = await storedRows([invoice.id, old.membershipId]);
    expect(invoices[0]).toMatchObject({ status: 'void', number: invoice.number });
    expect(invoices[0]?.void_reason).toMatch(/never confirmed/);
    expect(memberships[0]?.status).toBe('ended');

    // Receivables no longer carry it; the voided invoice is still listed under its number.
    const finance = await signedInAs(ctx, ['finance']);
    expect((await finance.get('/staff/receivables')).body).not.toContain(old.email);
    expect((await finance.get('/staff/invoices?status=void')).body).toContain(String(invoice.number));
  });

  it('whoever holds the address can sign up with it again after it expired, and must confirm it first', async () => {
    const today = todayThere(ctx);
    const first = await joinAsManager(ctx, levels, { name: 'Second Try', confirm: false });
    await runRenewalsOn(addDays(today, 8));
    expect((await ctx.deps.db.selectFrom('users').select('disabled_at').where('id', '=', first.userId).executeTakeFirstOrThrow()).disabled_at).not.toBeNull();
    // the same address joins again: a new confirmation email (not "someone tried to join with your address")
    const client = ctx.client();
    const again = await client.postForm('/join/individual', {
      ...answerForm('manager'),
      step: 'join',
      level: levels.manager,
      salary: '142,500',
      name: 'Second Try',
      email: first.email,
      password: PASSWORD,
      pay_by: 'invoice',
    });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Check your email');
    const user = await ctx.deps.db.selectFrom('users').select(['id', 'disabled_at', 'email_verified_at']).where('email', '=', first.email).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ id: first.userId, disabled_at: null, email_verified_at: null });
    // not signed in before the address is confirmed
    expect((await client.postForm('/login', { email: first.email, password: PASSWORD })).statusCode).not.toBe(303);
    const location = await confirmAddress(ctx, client, first.email);
    expect(location).toBe('/me/membership');
    const memberships = await ctx.deps.db.selectFrom('individual_memberships').select('status').where('user_id', '=', first.userId).orderBy('created_at').execute();
    expect(memberships.map((m) => m.status)).toEqual(['ended', 'pending']);
    // an active, confirmed account is never taken over this way
    const owner = await joinAsManager(ctx, levels, { name: 'Rightful Owner' });
    await ctx.client().postForm('/join/individual', {
      ...answerForm('manager'),
      step: 'join',
      level: levels.manager,
      salary: '142,500',
      name: 'Impostor',
      email: owner.email,
      password: `${PASSWORD}x`,
      pay_by: 'invoice',
    });
    expect((await ctx.deps.db.selectFrom('users').select('name').where('id', '=', owner.userId).executeTakeFirstOrThrow()).name).toBe('Rightful Owner');
  });
});
