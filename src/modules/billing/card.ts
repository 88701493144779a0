// Card payments through Stripe Checkout (a hosted page: card numbers never reach us).
// "Pay by card" creates a Checkout Session for the invoice's balance and sends the payer to it;
// Stripe then calls /webhooks/stripe (card-routes.ts), whose signature is verified on the raw
// body, and the payment is applied exactly once: the event id is recorded in the payment's own
// transaction, and the session id is the payment's idempotency key. Without Stripe keys none of
// this is offered. A page showing the button must let its forms lead to Stripe's checkout origin:
// browsers check the redirect that answers a form against the page's CSP `form-action`.
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import Stripe from 'stripe';
import type { Invoice } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { checkoutOrigins, type StripeClient } from '../../lib/stripe.js';
import { applyPayment } from './payments.js';
import { findInvoiceByToken } from './queries.js';
import { checkoutSession } from './schemas.js';
import { balanceOf } from './service.js';

/** Stripe refuses card charges under 50 cents (USD). */
export const CARD_MINIMUM_CENTS = 50;

/** True when this invoice can be paid by card here: Stripe is set up and there is a balance. */
export function cardPaymentOffered(config: Deps['config'], invoice: Pick<Invoice, 'status' | 'total_cents' | 'paid_cents' | 'credited_cents'>): boolean {
  if (!config.STRIPE_SECRET_KEY || !config.STRIPE_WEBHOOK_SECRET) return false;
  if (invoice.status !== 'issued' && invoice.status !== 'partially_paid') return false;
  return balanceOf(invoice) >= CARD_MINIMUM_CENTS;
}

/** Adds the checkout origins to this response's CSP `form-action`. */
export function allowCheckoutRedirect(reply: FastifyReply, config: Deps['config']): void {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp !== 'string') return;
  const origins = checkoutOrigins(config).join(' ');
  reply.header(
    'content-security-policy',
    csp.replace(/form-action ([^;]*)/, (_m, list: string) => `form-action ${list} ${origins}`),
  );
}

/** The Stripe events that mean a Checkout Session is paid. */
export const PAYMENT_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

export const notOffered = () =>
  new AppError('billing.card_unavailable', { status: 404, message: 'Card payment is not offered. Pay by check, ACH or wire as the invoice explains.' });

/** Creates (or, for the same nonce, finds again) a Checkout Session for the invoice's balance;
 * returns the address of its checkout page. */
export async function startCheckout(
  deps: Pick<Deps, 'db' | 'config'>,
  stripe: StripeClient | null,
  log: FastifyBaseLogger,
  token: string,
  nonce: string | undefined,
): Promise<string> {
  if (!stripe) throw notOffered();
  const invoice = await findInvoiceByToken(deps.db, token);
  // A draft has no public page either: the same 404 as an unknown token.
  if (!invoice || invoice.status === 'draft') throw new AppError('not_found', { message: 'There is no such invoice.' });
  if (invoice.status === 'void') throw new AppError('billing.invoice_void', { status: 409, message: `Invoice ${invoice.number} is void and cannot be paid.` });
  const balance = balanceOf(invoice);
  if (balance <= 0) {
    throw new AppError('billing.already_paid', { status: 409, message: `Invoice ${invoice.number} has nothing left to pay.` });
  }
  if (balance < CARD_MINIMUM_CENTS) {
    throw new AppError('billing.card_minimum', { status: 409, message: `The balance of ${formatCents(balance)} is too small to pay by card.` });
  }
  const back = `${deps.config.publicUrl}/invoices/${invoice.public_token}`;
  const metadata = { invoiceId: invoice.id, invoiceNumber: invoice.number ?? '' };
  try {
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        allowed_payment_method_types: ['card'],
        submit_type: 'pay',
        line_items: [{ quantity: 1, price_data: { currency: invoice.currency.toLowerCase(), unit_amount: balance, product_data: { name: `Invoice ${invoice.number ?? ''}` } } }],
        client_reference_id: invoice.id,
        metadata,
        payment_intent_data: { metadata },
        success_url: `${back}?paid=1`,
        cancel_url: `${back}?cancelled=1`,
      },
      // The same invoice, balance and form rendering give the same key, so Stripe answers a
      // repeated request (a double click, a retry) with the session it already made.
      { idempotencyKey: `checkout:${invoice.id}:${balance}:${nonce ?? randomToken(16)}` },
    );
    if (!session.url) throw new Error(`Stripe returned session ${session.id} without a URL`);
    return session.url;
  } catch (err) {
    log.error({ err: describeStripeError(err), invoiceId: invoice.id }, 'stripe checkout session not created');
    throw new AppError('unavailable', { message: 'Card payment is not available just now. Please try again in a few minutes, or pay by check, ACH or wire.' });
  }
}

/** Applies a paid Checkout Session to its invoice, once, in one transaction with the record of
 * the event. Refusals (void, already paid) are logged and audited but answered 200: Stripe would
 * otherwise retry for days, and the money has to be refunded by a person anyway. */
export async function handlePaymentEvent(deps: Deps, log: FastifyBaseLogger, eventId: string, type: string, object: unknown, requestId: string) {
  const parsed = checkoutSession.safeParse(object);
  if (!parsed.success) {
    log.warn({ eventId, type }, 'stripe event without a checkout session; ignored');
    return { received: true, ignored: true };
  }
  const session = parsed.data;
  const invoiceId = session.metadata?.invoiceId;
  return deps.db.transaction().execute(async (trx) => {
    const first = await trx
      .insertInto('stripe_events')
      .values({ id: eventId, type })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!first) return { received: true, duplicate: true };
    if (session.payment_status !== 'paid') return { received: true, ignored: true };
    if (!invoiceId || session.amount_total === null) {
      log.warn({ eventId, sessionId: session.id }, 'paid stripe session names no invoice of ours; ignored');
      return { received: true, ignored: true };
    }
    const invoice = await trx.selectFrom('invoices').select(['id', 'currency']).where('id', '=', invoiceId).executeTakeFirst();
    const unapplied = async (code: string, message: string) => {
      log.error(
        { eventId, sessionId: session.id, invoiceId, amountCents: session.amount_total, code },
        'stripe card payment NOT applied: refund it in the Stripe dashboard or apply it by hand',
      );
      await writeAudit(trx, {
        at: deps.clock.now(),
        actorUserId: null,
        action: 'billing.card_payment_unapplied',
        entityType: 'invoice',
        entityId: invoice?.id ?? null,
        after: { stripeEventId: eventId, stripeSessionId: session.id, amountCents: session.amount_total, reason: message },
        requestId,
      });
      return { received: true, applied: false, reason: code };
    };
    if (invoice && session.currency && session.currency.toLowerCase() !== invoice.currency.toLowerCase()) {
      return unapplied('billing.currency_mismatch', `Paid in ${session.currency}, invoiced in ${invoice.currency}.`);
    }
    try {
      const result = await applyPayment(trx, deps, {
        invoiceId,
        amountCents: session.amount_total,
        method: 'card',
        reference: typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? session.id),
        // One payment per session, whichever of its events arrives: the session is the key.
        idempotencyKey: `stripe-session:${session.id}`,
        stripeEventId: eventId,
        stripeSessionId: session.id,
        requestId,
      });
      if (result.replayed) return { received: true, applied: false, duplicate: true };
      log.info({ eventId, sessionId: session.id, invoiceId, paymentId: result.payment.id, activatedMembershipId: result.activatedMembershipId }, 'stripe card payment applied');
      return { received: true, applied: true };
    } catch (err) {
      // These are refused before anything is written, so the transaction is still good.
      if (err instanceof AppError && ['billing.overpayment', 'billing.invoice_void', 'billing.invoice_draft', 'not_found', 'validation_failed'].includes(err.code)) {
        return unapplied(err.code, err.message);
      }
      throw err;
    }
  });
}

/** What to log of a failed Stripe call: its kind and message, never the request's key. */
function describeStripeError(err: unknown) {
  if (err instanceof Stripe.errors.StripeError) return { type: err.type, code: err.code, status: err.statusCode, message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}
