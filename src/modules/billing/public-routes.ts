// The invoice's public page, reached by the unguessable link in the invoice email: a finance
// office without an account views the invoice, downloads its PDF and sees how to pay. An unknown
// (or draft) token is an ordinary 404 that says nothing about invoices.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actsFor } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { cardPaymentsEnabled } from '../../lib/stripe.js';
import { today as todayIn } from '../../lib/today.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { invoiceLogo } from '../settings/index.js';
import { allowCheckoutRedirect } from './card.js';
import { CardReturnNotice } from './card-views.js';
import { type InvoiceDocument, isPayable, loadInvoiceDocument } from './document.js';
import { drawInvoicePdf, invoiceFilename } from './pdf.js';
import { PublicInvoicePage } from './public-views.js';
import { checkoutReturnQuery, PUBLIC_TOKEN, publicTokenParams } from './schemas.js';

const notFound = () => new AppError('not_found', { message: 'There is no page at this address.' });

async function findByToken(deps: FastifyInstance['deps'], token: string): Promise<InvoiceDocument> {
  if (!PUBLIC_TOKEN.test(token)) throw notFound();
  const d = await loadInvoiceDocument(deps.db, { publicToken: token });
  if (!d || d.invoice.status === 'draft') throw notFound();
  return d;
}

export async function billingPublicRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  // The token is the only key: a few guesses a second per address are plenty for real use.
  const limit = { rateLimit: { max: 120, timeWindow: '1 minute' } };
  const schema = { params: publicTokenParams };

  app.get('/invoices/:token', { config: { access: access.public(), ...limit }, schema: { ...schema, querystring: checkoutReturnQuery } }, async (req, reply) => {
    const d = await findByToken(deps, req.params.token);
    const ctx = await pageContext(req, reply);
    const slot = deps.slots.cardPayment;
    const cardPayment = slot && isPayable(d) ? await slot(d.invoice, ctx) : null;
    // "Pay by card" answers with a redirect to the checkout page, which form-action must allow.
    if (cardPayment) allowCheckoutRedirect(reply, deps.config);
    const notice = slot ? CardReturnNotice({ query: req.query, status: d.invoice.status }) : null;
    reply.header('x-robots-tag', 'noindex');
    const parts = await Promise.all(deps.slots.invoiceParts.map((part) => part(deps, d.invoice)));
    // A contact of the organization who came from its invoices gets the way back; anyone else
    // holding the link (a finance office) sees no more than before.
    const org = d.invoice.organization_id;
    const back = org && actsFor(req, org) ? { href: `/org/invoices?org=${org}`, label: `Back to the invoices of ${d.organizationName ?? 'your organization'}` } : null;
    return sendPage(reply, PublicInvoicePage({ ctx, d, cardPayment, notice, parts, today: await todayIn(deps), back }));
  });

  app.get('/invoices/:token/pdf', { config: { access: access.public(), ...limit }, schema }, async (req, reply) => {
    const d = await findByToken(deps, req.params.token);
    return sendInvoicePdf(reply, d, deps.config.publicUrl);
  });
}

/** Sends an invoice's PDF as a download. */
export async function sendInvoicePdf(reply: FastifyReply, d: InvoiceDocument, publicUrl: string) {
  const pdf = await drawInvoicePdf(d, { publicUrl, logo: await invoiceLogo(reply.server.deps.db), card: cardPaymentsEnabled(reply.server.deps.config) });
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename=${invoiceFilename(d.invoice.number)}`)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(pdf);
}
