// The invoice's public page, reached by the unguessable link in the invoice email: a finance
// office without an account views the invoice, downloads its PDF and sees how to pay. An unknown
// (or draft) token is an ordinary 404 that says nothing about invoices.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { Invoice } from '../../db/types.js';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { type PageContext, pageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { InstalmentTable } from '../individuals/parts.js';
import { instalmentsOf } from '../individuals/queries.js';
import { allowCheckoutRedirect, CardReturnNotice } from './card-form.js';
import { formatDay, type InvoiceDocument, loadInvoiceDocument, METHOD_LABELS, STATUS_LABELS } from './document.js';
import { drawInvoicePdf, invoiceFilename } from './pdf.js';

/**
 * The "Pay by card" slot of the public invoice page, filled by the card-payment code (Stripe).
 *
 * Register once, at module load or when your routes plugin registers:
 *   registerCardPaymentSlot(async (invoice, ctx) => stripeConfigured ? <PayByCardForm … csrf={ctx.csrf} /> : null);
 * The function is called only for an invoice that can be paid now (issued or partly paid, with a
 * balance due; never a void, draft or paid one). Return the block to show under "Pay by card" —
 * a form posting to your own route, carrying `ctx.csrf` as `_csrf` (every form post is
 * CSRF-checked, even a visitor's) — or null when card payment is not offered. The page renders
 * it inside the "What to do next" section, after the check and ACH/wire instructions. When it
 * renders something, the page's CSP `form-action` is widened to the checkout origin
 * (allowCheckoutRedirect), and while a slot is registered the page shows CardReturnNotice for the
 * payer coming back from checkout (`?paid=1` / `?cancelled=1`).
 */
export type CardPaymentSlot = (invoice: Invoice, ctx: PageContext) => Promise<VNode | null>;
let cardPaymentSlot: CardPaymentSlot | null = null;
export function registerCardPaymentSlot(fn: CardPaymentSlot | null): void {
  cardPaymentSlot = fn;
}

/** An invoice a payer can pay now. */
export const isPayable = (d: InvoiceDocument) => (d.invoice.status === 'issued' || d.invoice.status === 'partially_paid') && d.balanceCents > 0;

// Tokens are 24 random bytes in base64url (32 characters); anything else cannot be one.
const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;
const notFound = () => new AppError('not_found', { message: 'There is no page at this address.' });

export const invoiceTitle = (d: InvoiceDocument) => `Invoice ${d.invoice.number ?? '(draft)'}`;

function Lines({ d }: { d: InvoiceDocument }) {
  const inv = d.invoice;
  return (
    <div class="table-wrap">
      <table>
        <caption>What this invoice is for</caption>
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Quantity</th>
            <th scope="col">Unit price</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {d.lines.map((l) => (
            <tr key={l.position}>
              <td>{l.description}</td>
              <td>{l.quantity}</td>
              <td>{formatCents(l.unitCents)}</td>
              <td>{formatCents(l.amountCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td>{formatCents(inv.total_cents)}</td>
          </tr>
          {inv.credited_cents > 0 ? (
            <tr>
              <th scope="row" colSpan={3}>
                Credits
              </th>
              <td>−{formatCents(inv.credited_cents)}</td>
            </tr>
          ) : null}
          <tr>
            <th scope="row" colSpan={3}>
              Paid
            </th>
            <td>{inv.paid_cents > 0 ? `−${formatCents(inv.paid_cents)}` : formatCents(0)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Balance due
            </th>
            <td>
              <strong>{formatCents(d.balanceCents)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Payments(p: { d: InvoiceDocument }) {
  if (p.d.payments.length === 0) return <p>No payments have been received yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>Payments received</caption>
        <thead>
          <tr>
            <th scope="col">Date received</th>
            <th scope="col">Method</th>
            <th scope="col">Check number or reference</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {p.d.payments.map((x, i) => (
            <tr key={i}>
              <td>{formatDay(x.receivedOn)}</td>
              <td>{x.reversal ? `${METHOD_LABELS[x.method]} returned (reversed)` : METHOD_LABELS[x.method]}</td>
              <td>{x.reference || '—'}</td>
              <td>{formatCents(x.amountCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NextSteps(p: { d: InvoiceDocument; cardPayment?: VNode | null }) {
  const { invoice: inv, association: a } = p.d;
  if (inv.status === 'void') {
    return <p>Nothing: this invoice was cancelled and nothing is owed on it. Please do not pay it. If you already sent a payment, contact {a.contactEmail || a.name}.</p>;
  }
  if (p.d.balanceCents <= 0) return <p>Nothing: this invoice is paid in full. Thank you. Keep the PDF for your records.</p>;
  const address = a.address
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    <>
      <p>
        Pay the balance of <strong>{formatCents(p.d.balanceCents)}</strong> by {formatDay(inv.due_on)}, in any of these ways. Quote invoice number {inv.number} with your payment.
      </p>
      <h3>By check</h3>
      <p>
        Make the check payable to <strong>{a.name}</strong>
        {address.length ? ' and mail it to:' : '.'}
      </p>
      {address.length ? (
        <address>
          {a.name}
          {address.map((l) => (
            <span key={l}>
              <br />
              {l}
            </span>
          ))}
        </address>
      ) : null}
      <p>Write invoice number {inv.number} on the check.</p>
      <h3>By ACH or wire transfer</h3>
      <p>
        Ask our finance team for bank details
        {a.contactEmail ? (
          <>
            {' '}
            at <a href={`mailto:${a.contactEmail}`}>{a.contactEmail}</a>
          </>
        ) : null}
        {a.phone ? ` or ${a.phone}` : ''}, and use invoice number {inv.number} as the payment reference.
      </p>
      {p.cardPayment ? (
        <>
          <h3>By card</h3>
          {p.cardPayment}
        </>
      ) : null}
      <p>When your payment is recorded, this page shows it and we email a receipt to the billing contact.</p>
    </>
  );
}

export function PublicInvoicePage(p: {
  ctx: PageContext;
  d: InvoiceDocument;
  cardPayment?: VNode | null;
  notice?: VNode | null;
  /** an individual member's renewal paid in instalments (individuals module) */
  instalments?: Array<{ position: number; dueOn: string; amountCents: number }>;
}) {
  const { invoice: inv, association: a } = p.d;
  const title = invoiceTitle(p.d);
  const pdfHref = `/invoices/${inv.public_token}/pdf`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {p.notice ?? null}
      <p class="lead">
        From {a.name} to {inv.bill_to_name || p.d.organizationName || 'you'}. Status: <span class="status">{STATUS_LABELS[inv.status]}</span>
      </p>
      {inv.status === 'void' ? (
        <div class="warning">
          <p>
            <strong>This invoice is void.</strong> It was cancelled and nothing is owed on it. Do not pay it.
          </p>
        </div>
      ) : null}
      <p>
        <a class="button button-secondary" href={pdfHref}>
          Download PDF
        </a>
      </p>
      <h2>Details</h2>
      <dl class="props">
        <dt>Invoice number</dt>
        <dd>{inv.number}</dd>
        <dt>Issued</dt>
        <dd>{formatDay(inv.issued_on)}</dd>
        <dt>Due</dt>
        <dd>{formatDay(inv.due_on)}</dd>
        <dt>Status</dt>
        <dd>{STATUS_LABELS[inv.status]}</dd>
        {p.d.organizationName ? (
          <>
            <dt>Organization</dt>
            <dd>{p.d.organizationName}</dd>
          </>
        ) : null}
        {inv.po_number ? (
          <>
            <dt>Purchase order</dt>
            <dd>{inv.po_number}</dd>
          </>
        ) : null}
        {inv.period_start && inv.period_end ? (
          <>
            <dt>Period</dt>
            <dd>
              {formatDay(inv.period_start)} to {formatDay(inv.period_end)}
            </dd>
          </>
        ) : null}
        <dt>Bill to</dt>
        <dd>
          {[inv.bill_to_name, ...inv.bill_to_address.split(/\r?\n/), inv.bill_to_email]
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l, i) => (
              <span key={l}>
                {i > 0 ? <br /> : null}
                {l}
              </span>
            ))}
        </dd>
        <dt>From</dt>
        <dd>
          {[a.name, ...a.address.split(/\r?\n/), a.contactEmail, a.phone]
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l, i) => (
              <span key={l}>
                {i > 0 ? <br /> : null}
                {l}
              </span>
            ))}
        </dd>
      </dl>
      <h2>Items and balance</h2>
      <Lines d={p.d} />
      {p.instalments?.length ? <InstalmentTable rows={p.instalments} caption="Instalment schedule" /> : null}
      <h2>Payments</h2>
      <Payments d={p.d} />
      <h2>What to do next</h2>
      <NextSteps d={p.d} cardPayment={p.cardPayment} />
      <p>
        Questions about this invoice? Contact {a.name}
        {a.contactEmail ? (
          <>
            {' '}
            at <a href={`mailto:${a.contactEmail}`}>{a.contactEmail}</a>
          </>
        ) : null}
        {a.phone ? `, ${a.phone}` : ''}.
      </p>
    </Layout>
  );
}

async function findByToken(deps: FastifyInstance['deps'], token: string): Promise<InvoiceDocument> {
  if (!TOKEN.test(token)) throw notFound();
  const d = await loadInvoiceDocument(deps.db, { publicToken: token });
  if (!d || d.invoice.status === 'draft') throw notFound();
  return d;
}

export async function billingPublicRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  // The token is the only key: a few guesses a second per address are plenty for real use.
  const limit = { rateLimit: { max: 120, timeWindow: '1 minute' } };
  const schema = { params: z.object({ token: z.string().max(200) }) };
  const returnQuery = z.object({ paid: z.string().max(10).optional(), cancelled: z.string().max(10).optional() });

  app.get('/invoices/:token', { config: { access: access.public(), ...limit }, schema: { ...schema, querystring: returnQuery } }, async (req, reply) => {
    const d = await findByToken(deps, req.params.token);
    const ctx = await pageContext(req, reply);
    const cardPayment = cardPaymentSlot && isPayable(d) ? await cardPaymentSlot(d.invoice, ctx) : null;
    // "Pay by card" answers with a redirect to the checkout page, which form-action must allow.
    if (cardPayment) allowCheckoutRedirect(reply, deps.config);
    const notice = cardPaymentSlot ? CardReturnNotice({ query: req.query, status: d.invoice.status }) : null;
    reply.header('x-robots-tag', 'noindex');
    const instalments = (await instalmentsOf(deps.db, [d.invoice.id])).get(d.invoice.id);
    return sendPage(reply, PublicInvoicePage({ ctx, d, cardPayment, notice, instalments }));
  });

  app.get('/invoices/:token/pdf', { config: { access: access.public(), ...limit }, schema }, async (req, reply) => {
    const d = await findByToken(deps, req.params.token);
    return sendInvoicePdf(reply, d, deps.config.publicUrl);
  });
}

/** Sends an invoice's PDF as a download. */
export async function sendInvoicePdf(reply: FastifyReply, d: InvoiceDocument, publicUrl: string) {
  const pdf = await drawInvoicePdf(d, { publicUrl });
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename=${invoiceFilename(d.invoice.number)}`)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(pdf);
}
