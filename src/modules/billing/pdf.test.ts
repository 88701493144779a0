// The invoice PDF and the invoice's public page, through HTTP: the PDF opens with pdftotext
// (poppler-utils) and carries the facts a finance office needs; the public link shows the
// invoice, its payments and how to pay, says clearly when it is void, and an unknown token is a
// plain 404.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { h } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPendingMembership, withAssociation } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, textsOf } from '../../../test/html.js';
import type { Invoice } from '../../db/types.js';
import { addCreditNote, applyPayment, renderInvoicePdf, voidInvoice } from './index.js';

const run = promisify(execFile);
let ctx: TestContext;
let dir: string;
let actorId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  dir = await mkdtemp(join(tmpdir(), 'civnet-pdf-'));
  await withAssociation(ctx, { address: '1200 Example Avenue NW, Suite 400\nWashington, DC 20005', phone: '(202) 555-0142', contact_email: 'finance@test.example' });
  actorId = (await createAccount(ctx, { roles: ['finance'] })).id;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await ctx?.close();
});

/** An organization with a pending membership and its first invoice, as approval leaves them. */
async function invoiceFor(opts: { name: string; po?: string | null; lines?: Array<{ description: string; quantity: number; unitCents: number }>; billToName?: string }) {
  const organizationId = await createOrganization(ctx, { name: opts.name });
  return anInvoice(ctx, {
    organizationId,
    membershipId: await aPendingMembership(ctx, organizationId),
    lines: opts.lines ?? [{ description: `Annual membership dues — ${opts.name}`, quantity: 1, unitCents: 120_000 }],
    poNumber: opts.po ?? null,
    billToName: opts.billToName,
    billToEmail: 'ap@testville.example',
    billToAddress: '1 City Hall Plaza\nTestville, CO 80000',
    actorUserId: actorId,
  });
}

async function pdfText(pdf: Buffer, name: string): Promise<{ text: string; pages: number }> {
  const file = join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
  const { stdout: info } = await run('pdfinfo', [file]);
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0) };
}

const pay = (invoiceId: string, amountCents: number, extra: { method?: 'check' | 'card'; reference?: string; idempotencyKey?: string; stripeSessionId?: string } = {}) =>
  ctx.deps.db.transaction().execute((trx) =>
    applyPayment(trx, ctx.deps, {
      invoiceId,
      amountCents,
      method: extra.method ?? 'check',
      reference: extra.reference,
      idempotencyKey: extra.idempotencyKey,
      actorUserId: actorId,
    }),
  );

describe('invoice PDF', () => {
  let invoice: Invoice;
  beforeAll(async () => {
    invoice = await invoiceFor({ name: 'City of Testville', po: 'PO-2026-4471' });
  });

  it('downloads from the public link and opens with pdftotext, showing number, organization, PO number and total on one page', async () => {
    const res = await ctx.client().get(`/invoices/${invoice.public_token}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename=invoice-${invoice.number}.pdf`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(res.rawPayload, 'public');
    expect(pages).toBe(1);
    expect(text).toContain(String(invoice.number));
    expect(text).toContain('City of Testville');
    expect(text).toContain('PO-2026-4471');
    expect(text).toContain('$1,200.00');
    // The association's details and how to pay, with no bank account invented.
    expect(text).toContain('Test Association');
    expect(text).toContain('Washington, DC 20005');
    expect(text).toContain('finance@test.example');
    expect(text).toContain('(202) 555-0142');
    expect(text).toMatch(/payable to Test Association/);
    expect(text).toMatch(/By ACH or wire transfer: ask us for our bank details at finance@test.example or \(202\) 555-0142/);
    expect(text).toContain(`http://civnet.test/invoices/${invoice.public_token}`);
    expect(text).toMatch(/Balance due\s+\$1,200\.00/);
  });

  it('is the attachment of the invoice email, rendered at send time', async () => {
    const msg = await ctx.deps.db
      .selectFrom('outbox')
      .select(['attachments'])
      .where('to_address', '=', 'ap@testville.example')
      .where('template', '=', 'billing.invoice_issued')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const ref = msg.attachments.find((a) => a.id === invoice.id);
    expect(ref).toEqual({ kind: 'invoice_pdf', id: invoice.id, filename: `invoice-${invoice.number}.pdf` });
    const [rendered] = await ctx.deps.mail.renderAttachments(ref ? [ref] : []);
    expect(rendered?.contentType).toBe('application/pdf');
    const { text } = await pdfText(rendered?.content ?? Buffer.alloc(0), 'attachment');
    expect(text).toContain(String(invoice.number));
  });

  it('the invoice email names the due day and the membership period in words, and how to pay from the settings', async () => {
    const organizationId = await createOrganization(ctx, { name: 'Town of Periods' });
    const inv = await anInvoice(ctx, {
      organizationId,
      membershipId: await aPendingMembership(ctx, organizationId),
      cents: 90_000,
      billToEmail: 'ap@periods.example',
      issuedOn: '2026-01-05',
      period: { start: '2026-01-01', end: '2026-12-31' },
    });
    const mail = await ctx.deps.db.selectFrom('outbox').select('body_text').where('to_address', '=', 'ap@periods.example').executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('It is due on Feb 4, 2026.');
    expect(mail.body_text).toContain('It covers the membership period Jan 1, 2026 to Dec 31, 2026.');
    expect(mail.body_text).toContain(
      `By check: payable to Test Association, mailed to 1200 Example Avenue NW, Suite 400, Washington, DC 20005. Write invoice number ${inv.number} on the check.`,
    );
    expect(mail.body_text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('shows payments, credits and the balance as they happen, and "paid in full" at the end', async () => {
    const inv = await invoiceFor({ name: 'Town of Partial', po: null });
    await pay(inv.id, 50_000, { reference: '1042', idempotencyKey: 'internal-key-7f3a' });
    let { text } = await pdfText(await renderInvoicePdf(ctx.deps.db, inv.id), 'partial');
    expect(text).toMatch(/Paid\s+-\$500\.00/);
    expect(text).toMatch(/Balance due\s+\$700\.00/);
    expect(text).toMatch(/Check 1042\s+\$500\.00/);
    expect(text).not.toContain('internal-key-7f3a');
    expect(text).not.toContain('Purchase order');
    expect(text).not.toContain('Credits');
    await ctx.deps.db
      .transaction()
      .execute((trx) => addCreditNote(trx, ctx.deps, { invoiceId: inv.id, amountCents: 10_000, reason: 'Population corrected', actorUserId: actorId }));
    ({ text } = await pdfText(await renderInvoicePdf(ctx.deps.db, inv.id), 'credited'));
    expect(text).toMatch(/Credits\s+-\$100\.00/);
    expect(text).toMatch(/Balance due\s+\$600\.00/);
    const page = await ctx.client().get(`/invoices/${inv.public_token}`);
    expect(rowsOf(page.body).find((row) => row[0]?.endsWith('Credits'))?.[1]).toBe('−$100.00');
    expect(page.body).toContain('Pay the balance of <strong>$600.00</strong>');
    await pay(inv.id, 60_000, { reference: '1043' });
    ({ text } = await pdfText(await renderInvoicePdf(ctx.deps.db, inv.id), 'paid'));
    expect(text).toMatch(/Balance due\s+\$0\.00/);
    expect(text).toContain('Paid in full');
    expect(text).not.toContain('How to pay');
  });

  it('keeps a long invoice readable over several pages, and prints names outside Latin-1 without breaking', async () => {
    const lines = Array.from({ length: 45 }, (_, i) => ({ description: `Workshop seat ${i + 1} — Łódź delegation 東京`, quantity: 2, unitCents: 12_345 }));
    const inv = await invoiceFor({ name: 'Gmina Łódź', lines, billToName: 'Zarząd Łódź' });
    const { text, pages } = await pdfText(await renderInvoicePdf(ctx.deps.db, inv.id), 'long');
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Workshop seat 45');
    expect(text).toContain('Zarzad Lódz');
    expect(text).toContain(`$${((45 * 2 * 12_345) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
  });

  it('is a 404 for an unknown invoice', async () => {
    await expect(renderInvoicePdf(ctx.deps.db, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('public invoice page', () => {
  it('shows the invoice, its PDF link and how to pay, to a visitor with the link', async () => {
    const inv = await invoiceFor({ name: 'City of Publicview', po: 'PO-77' });
    const res = await ctx.client().get(`/invoices/${inv.public_token}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-robots-tag']).toBe('noindex');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
    expect(textsOf(res.body, 'h1')).toContain(`Invoice ${inv.number}`);
    expect(res.body).toContain('City of Publicview');
    expect(res.body).toContain('PO-77');
    expect(res.body).toContain('$1,200.00');
    expect(res.body).toContain(`href="/invoices/${inv.public_token}/pdf"`);
    expect(res.body).toContain('Download PDF');
    expect(res.body).toContain('Make the check payable to <strong>Test Association</strong>');
    expect(res.body).toContain('Ask us for our bank details');
    expect(res.body).toContain('No payments have been received yet.');
  });

  it('lists payments by date and method with the check number, never internal references', async () => {
    const inv = await invoiceFor({ name: 'County of Paidsome' });
    await pay(inv.id, 20_000, { reference: '5521', idempotencyKey: 'idem-secret-91' });
    await ctx.deps.db.transaction().execute((trx) =>
      applyPayment(trx, ctx.deps, {
        invoiceId: inv.id,
        amountCents: 10_000,
        method: 'card',
        reference: 'pi_internal_3xyz',
        stripeSessionId: 'cs_test_secret',
        actorUserId: null,
      }),
    );
    const res = await ctx.client().get(`/invoices/${inv.public_token}`);
    expect(res.statusCode).toBe(200);
    const payments = rowsOf(res.body, 'Payments received').map((row) => row.slice(-3));
    expect(payments).toContainEqual(['Check', '5521', '$200.00']);
    expect(payments).toContainEqual(['Card', '—', '$100.00']);
    for (const secret of ['idem-secret-91', 'pi_internal_3xyz', 'cs_test_secret', actorId]) expect(res.body).not.toContain(secret);
    expect(res.body).toContain('Partly paid');
    expect(res.body).toContain('$900.00');
  });

  it('offers card payment through the registered slot only while something is owed', async () => {
    ctx.deps.slots.cardPayment = async (invoice) => h('p', null, `Card form for ${invoice.number}`);
    try {
      const inv = await invoiceFor({ name: 'City of Cardtown' });
      let res = await ctx.client().get(`/invoices/${inv.public_token}`);
      expect(textsOf(res.body, 'h3')).toContain('By card');
      expect(res.body).toContain(`Card form for ${inv.number}`);
      // The card form's answer is a redirect to the checkout page: form-action must allow it.
      expect(res.headers['content-security-policy']).toMatch(/form-action 'self' https:\/\/checkout\.stripe\.com/);
      await pay(inv.id, 120_000, { reference: '9' });
      res = await ctx.client().get(`/invoices/${inv.public_token}?paid=1`);
      expect(res.body).not.toContain('Card form');
      expect(res.body).toContain('this invoice is paid in full');
      expect(dom(res.body).querySelector('div.flash[role="status"]')).not.toBeNull();
      expect(res.headers['content-security-policy']).not.toContain('stripe');
    } finally {
      ctx.deps.slots.cardPayment = null;
    }
  });

  it('says clearly that a void invoice is void and offers no way to pay it', async () => {
    ctx.deps.slots.cardPayment = async () => h('p', null, 'Card form');
    try {
      const inv = await invoiceFor({ name: 'City of Voidton' });
      await ctx.deps.db.transaction().execute((trx) => voidInvoice(trx, ctx.deps, { invoiceId: inv.id, reason: 'Issued twice', actorUserId: actorId }));
      const res = await ctx.client().get(`/invoices/${inv.public_token}`);
      expect(res.statusCode).toBe(200);
      expect(textsOf(res.body, 'strong')).toContain('This invoice is void.');
      expect(res.body).toContain('nothing is owed');
      expect(res.body).not.toContain('Card form');
      expect(res.body).not.toContain('payable to');
      expect(res.body).not.toContain('bank details');
      expect(res.body).not.toContain('Issued twice'); // the staff's reason stays internal
      const pdf = await ctx.client().get(`/invoices/${inv.public_token}/pdf`);
      const { text } = await pdfText(pdf.rawPayload, 'void');
      expect(text).toContain('This invoice is void');
      expect(text).not.toContain('How to pay');
    } finally {
      ctx.deps.slots.cardPayment = null;
    }
  });

  it('answers an unknown or malformed token with a plain 404 that gives no hints', async () => {
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'not a token', '%2e%2e', 'x'.repeat(90)]) {
      for (const suffix of ['', '/pdf']) {
        const res = await ctx.client().get(`/invoices/${encodeURIComponent(token)}${suffix}`);
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.body).not.toMatch(/invoice/i);
      }
    }
  });
});
