// Withdrawing an accepted sponsor, through its public surface: partnerships staff withdraw it with a
// reason (its invoice is voided, its place given back, the company told, the public lists and its
// logo drop it); a sponsor with a payment is refused until finance refunds it; a sponsor invoice
// voided by finance alone also takes the sponsor off the public lists; nobody else may withdraw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPayment, aSponsorshipApplication, aSponsorshipPackage, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['partnerships'] })).email);
});
afterAll(() => ctx?.close());

const db = () => ctx.deps.db;
const sold = async (packageId: string) => (await db().selectFrom('sponsorship_packages').select('sold').where('id', '=', packageId).executeTakeFirstOrThrow()).sold;
const invoiceOf = async (applicationId: string) => {
  const a = await db().selectFrom('sponsorship_applications').select('invoice_id').where('id', '=', applicationId).executeTakeFirstOrThrow();
  return db()
    .selectFrom('invoices')
    .select(['id', 'status', 'total_cents'])
    .where('id', '=', a.invoice_id ?? '')
    .executeTakeFirstOrThrow();
};
/** The companies on the public list (the API, every package). */
const listed = async () => ((await ctx.client().getJson('/api/v1/sponsorship/sponsors')).json() as { sponsors: Array<{ company: string }> }).sponsors.map((s) => s.company);

/** An accepted sponsor of a year-round package. */
async function aSponsor(company: string) {
  const pkg = await aSponsorshipPackage(ctx, { name: `${company} package`, tier: 'silver', quantity: 2 });
  const a = await aSponsorshipApplication(ctx, { packageId: pkg.id, company });
  expect((await staff.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})).statusCode).toBe(303);
  return { ...a, packageId: pkg.id };
}

describe('withdrawing an accepted sponsor', () => {
  it('needs a reason; then voids its invoice, frees its place, tells the company, and drops it from every public list', async () => {
    const s = await aSponsor('Withdrawn Widgets');
    expect(await listed()).toContain('Withdrawn Widgets');
    expect(await sold(s.packageId)).toBe(1);
    expect((await ctx.client().get(`/partners/sponsors/${s.id}/logo`)).statusCode).toBe(200);

    const noReason = await staff.postForm(`/staff/sponsorship/applications/${s.id}/withdraw`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(dom(noReason.body).querySelector('#f-reason-error')?.textContent).toContain('Say why the sponsor is withdrawn');
    expect((await invoiceOf(s.id)).status).toBe('issued');

    const ok = await staff.postForm(`/staff/sponsorship/applications/${s.id}/withdraw`, { reason: 'The company was acquired and asked to end it.' });
    expect(ok.statusCode).toBe(303);
    expect((await invoiceOf(s.id)).status).toBe('void');
    expect(await sold(s.packageId)).toBe(0);
    expect(await listed()).not.toContain('Withdrawn Widgets');
    expect((await ctx.client().get('/partners/sponsors')).body).not.toContain('Withdrawn Widgets');
    expect((await ctx.client().get(`/partners/sponsors/${s.id}/logo`)).statusCode).toBe(404);
    const mail = await db()
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', s.email)
      .where('template', '=', 'sponsorship.sponsor_withdrawn')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('The company was acquired');
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', s.id).execute();
    expect(audit.map((x) => x.action)).toContain('sponsorship.sponsor_withdrawn');
    const page = await staff.get(`/staff/sponsorship/applications/${s.id}`);
    expect(page.body).toContain('Withdrawn');
    expect(dom(page.body).querySelector('form[action$="/withdraw"]')).toBeNull();

    // twice is refused, and changes nothing
    const again = await staff.postForm(`/staff/sponsorship/applications/${s.id}/withdraw`, { reason: 'Again.' });
    expect(again.statusCode).toBe(409);
    expect(dom(again.body).querySelector('[role=alert]')?.textContent).toContain('withdrawn already');
    expect(dom(again.body).querySelector('[role=alert] h2')?.textContent).toBe('Already done');
    expect(await sold(s.packageId)).toBe(0);
  });

  it('is refused while its invoice has a payment on it, and for an application not accepted', async () => {
    const s = await aSponsor('Paid Partners');
    const invoice = await invoiceOf(s.id);
    await aPayment(ctx, { invoiceId: invoice.id, amountCents: 10_000 });
    const refused = await staff.postForm(`/staff/sponsorship/applications/${s.id}/withdraw`, { reason: 'Ending it.' });
    expect(refused.statusCode).toBe(409);
    expect(dom(refused.body).querySelector('[role=alert]')?.textContent).toContain('refund or reverse');
    expect((await invoiceOf(s.id)).status).toBe('partially_paid');
    expect(await listed()).toContain('Paid Partners');
    expect(await sold(s.packageId)).toBe(1);

    const pkg = await aSponsorshipPackage(ctx, { name: 'Waiting package' });
    const waiting = await aSponsorshipApplication(ctx, { packageId: pkg.id });
    expect((await staff.postForm(`/staff/sponsorship/applications/${waiting.id}/withdraw`, { reason: 'No.' })).statusCode).toBe(409);
    expect((await staff.postForm('/staff/sponsorship/applications/00000000-0000-4000-8000-000000000000/withdraw', { reason: 'No.' })).statusCode).toBe(404);
  });

  it('a sponsor invoice voided by finance takes the sponsor off the public lists; withdrawing it then frees the place', async () => {
    const s = await aSponsor('Voided Ventures');
    const finance = await signedIn(ctx, (await createAccount(ctx, { roles: ['finance'] })).email);
    const invoice = await invoiceOf(s.id);
    expect((await finance.postForm(`/staff/invoices/${invoice.id}/void`, { void_reason: 'Issued in error.' })).statusCode).toBe(303);
    expect(await listed()).not.toContain('Voided Ventures');
    expect((await ctx.client().get(`/partners/sponsors/${s.id}/logo`)).statusCode).toBe(404);
    expect((await staff.get(`/staff/sponsorship/applications/${s.id}`)).body).toContain('invoice void, not listed');
    expect(await sold(s.packageId)).toBe(1);
    expect((await staff.postForm(`/staff/sponsorship/applications/${s.id}/withdraw`, { reason: 'Cancelled by finance.' })).statusCode).toBe(303);
    expect(await sold(s.packageId)).toBe(0);
  });

  it('only partnerships staff (and admins) withdraw: others get 403, a visitor 401; nothing changes', async () => {
    const s = await aSponsor('Guarded Goods');
    for (const o of [await createAccount(ctx, { roles: ['member'] }), await createAccount(ctx, { roles: ['finance'] }), await createAccount(ctx, { org: { role: 'admin' } })]) {
      const c = await signedIn(ctx, o.email);
      expect((await c.postForm(`/staff/sponsorship/applications/${s.id}/withdraw`, { reason: 'Mine now.' })).statusCode).toBe(403);
    }
    expect((await ctx.client().postForm(`/staff/sponsorship/applications/${s.id}/withdraw`, { reason: 'x' })).statusCode).toBe(401);
    expect((await invoiceOf(s.id)).status).toBe('issued');
    expect(await listed()).toContain('Guarded Goods');
  });
});
