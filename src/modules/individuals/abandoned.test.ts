// Abandoned sign-ups (issue 14): a visitor's online join that is never paid and whose address is
// never confirmed expires after SIGNUP_EXPIRY_DAYS on the daily renewal run (here started from the
// staff renewals console): its invoice is voided and keeps its number, the pending membership ends,
// the unconfirmed account is deactivated. Finance lists show a person's email beside the name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerForm, confirmAddress, joinAsManager, seedLevels, signedInAs } from '../../../test/factories/index.js';
import { createTestContext, PASSWORD, type TestContext, todayThere } from '../../../test/helpers.js';
import { hiddenValue, rowsOf } from '../../../test/html.js';
import { addDays } from '../billing/index.js';

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
    const a = await joinAsManager(ctx, levels, { name: 'Jane Twin', confirm: false });
    const b = await joinAsManager(ctx, levels, { name: 'Jane Twin', confirm: false });
    const finance = await signedInAs(ctx, ['finance']);
    for (const [url, caption] of [
      ['/staff/receivables', 'By organization'],
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

  it('unpaid and unconfirmed after the set days: invoice voided (number kept), membership ended, account deactivated; others untouched', async () => {
    const today = todayThere(ctx);
    const abandoned = await joinAsManager(ctx, levels, { name: 'Abandoned Joiner', confirm: false });
    const confirmed = await joinAsManager(ctx, levels, { name: 'Confirmed Joiner' });
    const numberBefore = (await ctx.deps.db.selectFrom('invoices').select('number').where('id', '=', abandoned.invoiceId).executeTakeFirstOrThrow()).number;
    expect(ctx.deps.config.SIGNUP_EXPIRY_DAYS).toBe(7);

    // Within the limit nothing expires.
    await runRenewalsOn(addDays(today, 7));
    let [invoices, memberships] = await storedRows([abandoned.invoiceId, abandoned.membershipId]);
    expect(invoices[0]?.status).toBe('issued');
    expect(memberships[0]?.status).toBe('pending');

    // Past it, the abandoned sign-up expires.
    await runRenewalsOn(addDays(today, 8));
    [invoices, memberships] = await storedRows([abandoned.invoiceId, abandoned.membershipId]);
    expect(invoices[0]).toMatchObject({ status: 'void', number: numberBefore });
    expect(invoices[0]?.void_reason).toMatch(/never confirmed/);
    expect(memberships[0]?.status).toBe('ended');
    const user = await ctx.deps.db.selectFrom('users').select(['disabled_at']).where('id', '=', abandoned.userId).executeTakeFirstOrThrow();
    expect(user.disabled_at).not.toBeNull();

    // The confirmed person's sign-up (unpaid, but the address is theirs) stays for finance to chase.
    const [kept, keptMembership] = await storedRows([confirmed.invoiceId, confirmed.membershipId]);
    expect(kept[0]?.status).toBe('issued');
    expect(keptMembership[0]?.status).toBe('pending');

    // Receivables no longer carry it; the voided invoice is still listed under its number.
    const finance = await signedInAs(ctx, ['finance']);
    expect((await finance.get('/staff/receivables')).body).not.toContain(abandoned.email);
    const voided = await finance.get('/staff/invoices?status=void');
    expect(voided.body).toContain(String(numberBefore));

    // A second run changes nothing more.
    const audits = () => ctx.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'individuals.signup_expired').execute();
    const once = (await audits()).length;
    await runRenewalsOn(addDays(today, 9));
    expect((await audits()).length).toBe(once);
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
