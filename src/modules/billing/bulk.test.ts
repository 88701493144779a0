// issueInvoices (one path for one invoice or a renewal run's thousands) writes the invoice, lines,
// audit row, email and delivery job for each; numbers in order, without a gap, per year; and
// nothing at all when its transaction rolls back.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createTestContext, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { type IssueInvoiceInput, issueInvoice } from './index.js';
import { issueInvoices } from './service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const input = (organizationId: string, over: Partial<IssueInvoiceInput> = {}): IssueInvoiceInput => ({
  organizationId,
  purpose: 'other',
  lines: [
    { description: 'Annual dues', quantity: 1, unitCents: 175_000 },
    { description: 'Workshop seats', quantity: 3, unitCents: 4_950 },
  ],
  poNumber: 'PO-881',
  billTo: { name: 'Dana Finance', email: uniqueEmail('finance'), address: '12 Elm St, Boise, ID' },
  issuedOn: '2031-03-02',
  ...over,
});

/** Everything one invoice wrote, with what must differ between two invoices (ids, numbers,
 * tokens, addresses) taken out. */
async function footprint(invoiceId: string) {
  const db = ctx.deps.db;
  const invoice = await db.selectFrom('invoices').selectAll().where('id', '=', invoiceId).executeTakeFirstOrThrow();
  const strip = (text: string) =>
    text
      .replaceAll(invoice.number ?? '#', '<number>')
      .replaceAll(invoice.public_token, '<token>')
      .replaceAll(invoice.bill_to_email, '<to>');
  const lines = await db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').execute();
  const audit = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', invoiceId).execute();
  const mail = await db
    .selectFrom('outbox')
    .selectAll()
    .where('to_address', '=', invoice.bill_to_email === '' ? '-' : invoice.bill_to_email)
    .execute();
  const jobs = await sql<{ name: string; retry_limit: number; retry_delay: number; retry_backoff: boolean; dead_letter: string | null; state: string }>`
    select name, retry_limit, retry_delay, retry_backoff, dead_letter, state from pgboss.job
    where name = 'email-send' and data->>'outboxId' = any(${mail.map((m) => m.id)}::text[])`.execute(db);
  const { id, number, seq, public_token, created_at, bill_to_email, ...rest } = invoice;
  return {
    invoice: rest,
    lines: lines.map(({ invoice_id, ...l }) => l),
    audit: audit.map((a) => ({ ...a, id: 0, at: 0, entity_id: '<id>', after: { ...(a.after as object), number: '<number>' } })),
    mail: mail.map((m) => ({
      ...m,
      id: '<id>',
      created_at: 0,
      to_address: strip(m.to_address),
      subject: strip(m.subject),
      body_text: strip(m.body_text),
      body_html: strip(m.body_html),
      attachments: m.attachments.map((a) => ({ ...a, id: a.id === invoiceId ? '<id>' : a.id, filename: strip(a.filename) })),
    })),
    jobs: jobs.rows,
  };
}

describe('issueInvoices', () => {
  it('writes for each invoice exactly what issueInvoice writes', async () => {
    const org = await createOrganization(ctx);
    const one = await ctx.deps.db.transaction().execute((trx) => issueInvoice(trx, ctx.deps, input(org)));
    const [many, free] = await ctx.deps.db
      .transaction()
      .execute((trx) =>
        issueInvoices(trx, ctx.deps, [
          input(org),
          input(org, { lines: [{ description: 'Waived', quantity: 1, unitCents: 0 }], billTo: { name: 'Nobody', email: '', address: '' } }),
        ]),
      );
    if (!many || !free) throw new Error('no invoices');
    const expected = await footprint(one.id);
    expect(expected.mail).toHaveLength(1);
    expect(expected.jobs).toHaveLength(1);
    expect(await footprint(many.id)).toEqual(expected);
    expect(many.seq).toBe((one.seq ?? 0) + 1);
    // A zero invoice is paid at once, and one without an address is not emailed.
    expect(free).toMatchObject({ status: 'paid', total_cents: 0, seq: (one.seq ?? 0) + 2 });
    expect((await footprint(free.id)).mail).toEqual([]);
  });

  it('numbers in the order given, per year of issue, without a gap; a rollback gives every number back', async () => {
    const org = await createOrganization(ctx);
    const days = ['2032-12-31', '2033-01-01', '2032-12-30', '2033-01-02'];
    const first = await ctx.deps.db.transaction().execute((trx) =>
      issueInvoices(
        trx,
        ctx.deps,
        days.map((issuedOn) => input(org, { issuedOn })),
      ),
    );
    expect(first.map((i) => i.number)).toEqual(['2032-000001', '2033-000001', '2032-000002', '2033-000002']);

    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await issueInvoices(trx, ctx.deps, [input(org, { issuedOn: '2032-06-01' }), input(org, { issuedOn: '2033-06-01' })]);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    const next = await ctx.deps.db.transaction().execute((trx) => issueInvoices(trx, ctx.deps, [input(org, { issuedOn: '2033-07-01' })]));
    expect(next.map((i) => i.number)).toEqual(['2033-000003']);
  });

  it('refuses a bad line and writes nothing', async () => {
    const org = await createOrganization(ctx);
    const before = await ctx.deps.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      ctx.deps.db.transaction().execute((trx) => issueInvoices(trx, ctx.deps, [input(org), input(org, { lines: [{ description: 'Half a cent', quantity: 1, unitCents: 0.5 }] })])),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    const after = await ctx.deps.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });
});
