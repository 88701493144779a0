// How to pay an invoice: the invoice email promises no way to pay that the invoice does not give,
// with and without ACH details in the settings, and names whom to ask for the rest (the
// association's contact, not a "finance team"): the page, the PDF and the email say the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, type Joined, joinAsManager, seedLevels, withAssociation } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestContext } from '../../../test/helpers.js';
import { textOf, textsOf } from '../../../test/html.js';

let ctx: TestContext;
let ana: Joined;

beforeAll(async () => {
  ctx = await createTestContext();
  await withAssociation(ctx, { contact_email: 'finance@test.example', phone: '(202) 555-0142' });
  const levels = await seedLevels(ctx);
  ana = await joinAsManager(ctx, levels, { name: 'Ana Ruiz' });
});
afterAll(() => ctx?.close());

const publicToken = async (invoiceId: string) =>
  (await ctx.deps.db.selectFrom('invoices').select('public_token').where('id', '=', invoiceId).executeTakeFirstOrThrow()).public_token;

/** The text of the invoice email sent to an address (the newest). */
const invoiceEmail = async (to: string) =>
  (
    await ctx.deps.db
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', to)
      .where('template', '=', 'billing.invoice_issued')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow()
  ).body_text;

/** The ways to pay a page offers: its "By …" headings. */
const waysOnPage = (html: string) => textsOf(html, 'h3').filter((h) => h.startsWith('By '));
/** The ways to pay an email offers: the "By …:" that open its paragraphs. */
const waysInEmail = (text: string) => [...text.matchAll(/^(By [^:]+):/gm)].map((m) => m[1]);

describe('how to pay: the invoice email promises what the invoice gives', () => {
  it('without ACH details: the email and the page both say to ask us for bank details, at the association’s contact', async () => {
    const number = (await ctx.deps.db.selectFrom('invoices').select('number').where('id', '=', ana.invoiceId).executeTakeFirstOrThrow()).number;
    const ask = `By ACH or wire transfer: ask us for our bank details at finance@test.example or (202) 555-0142, and use invoice number ${number} as the payment reference.`;
    const mail = await invoiceEmail(ana.email);
    expect(mail).toContain(ask);
    expect(mail).not.toContain('using the details on the invoice');
    const page = await ctx.client().get(`/invoices/${await publicToken(ana.invoiceId)}`);
    const text = textOf(page.body, 'main');
    expect(text).toContain(`Ask us for our bank details at finance@test.example or (202) 555-0142, and use invoice number ${number} as the payment reference.`);
    expect(text).not.toContain('finance team');
    expect(waysInEmail(mail)).toEqual(waysOnPage(page.body));
  });

  it('with ACH details: the email gives them as the invoice does, and says whom to ask for wire instructions', async () => {
    await withAssociation(ctx, { remit_ach_bank: 'First Test Bank', remit_ach_routing: '011000015', remit_ach_account: '9876543210' });
    try {
      const organizationId = await createOrganization(ctx, { name: 'Town of Transfers' });
      const inv = await anInvoice(ctx, { organizationId, cents: 40_000, billToEmail: 'ap@transfers.example' });
      const mail = await invoiceEmail('ap@transfers.example');
      expect(mail).toContain(
        `By ACH transfer: First Test Bank, routing number 011000015, account number 9876543210, account name Test Association; payment reference ${inv.number}.`,
      );
      expect(mail).toContain(
        `By wire transfer: ask us for our wire instructions at finance@test.example or (202) 555-0142, and use invoice number ${inv.number} as the payment reference.`,
      );
      const page = await ctx.client().get(`/invoices/${inv.public_token}`);
      expect(waysOnPage(page.body)).toEqual(['By check', 'By ACH transfer', 'By wire transfer']);
      expect(waysInEmail(mail)).toEqual(waysOnPage(page.body));
      expect(textOf(page.body, 'main')).toContain('Ask us for our wire instructions at finance@test.example');
    } finally {
      await withAssociation(ctx, { remit_ach_bank: '', remit_ach_routing: '', remit_ach_account: '' });
    }
  });
});
