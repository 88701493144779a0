// Card payments through Stripe Checkout (a hosted page: card numbers never reach us).
// "Pay by card" creates a Checkout Session for the invoice's balance and sends the payer to it;
// Stripe then calls /webhooks/stripe, whose signature is verified on the raw body, and the payment
// is applied exactly once: the event id is recorded in the payment's own transaction, and the
// session id is the payment's idempotency key. Without Stripe keys none of this is offered.
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import Stripe from 'stripe';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { access } from '../../lib/access.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { createStripeClient } from '../../lib/stripe.js';
import { formValues } from '../../web/forms.js';
import { CARD_MINIMUM_CENTS, cardPaymentSlot } from './card-form.js';
import { registerCardPaymentSlot } from './public.js';
import { applyPayment, balanceOf } from './service.js';

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
/** One per rendering of the form: a double click sends the same nonce and makes one session. */
const checkoutNonce = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _');
const checkoutBody = z.object({ nonce: checkoutNonce.optional() }).strict();
const checkoutResponse = z.object({ url: z.string() });

// The parts of Stripe's payload we act on, parsed rather than trusted.
const stripeEvent = z.object({ id: z.string().min(1).max(255), type: z.string().min(1).max(255), data: z.object({ object: z.unknown() }) });
const checkoutSession = z.object({
  id: z.string().min(1).max(255),
  payment_status: z.string(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullable(),
  metadata: z.object({ invoiceId: z.uuid().optional() }).nullable(),
});
const PAYMENT_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

const notOffered = () => new AppError('billing.card_unavailable', { status: 404, message: 'Card payment is not offered. Pay by check, ACH or wire as the invoice explains.' });

export async function cardRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const stripe = createStripeClient(deps.config);
  // The slot is one per process (as the app is); a test file that builds an app without Stripe
  // after one with it would still see the button, so that one never clears it.
  if (stripe) registerCardPaymentSlot(cardPaymentSlot(deps.config));
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  /** Creates (or, for the same nonce, finds again) a Checkout Session for the invoice's balance. */
  async function startCheckout(req: FastifyRequest, token: string, nonce: string | undefined): Promise<string> {
    if (!stripe) throw notOffered();
    const invoice = await deps.db.selectFrom('invoices').selectAll().where('public_token', '=', token).executeTakeFirst();
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
      req.log.error({ err: describeStripeError(err), invoiceId: invoice.id }, 'stripe checkout session not created');
      throw new AppError('unavailable', { message: 'Card payment is not available just now. Please try again in a few minutes, or pay by check, ACH or wire.' });
    }
  }

  app.post('/invoices/:token/checkout', { config: { access: access.public(), ...limit } }, async (req, reply) => {
    const params = tokenParams.safeParse(req.params);
    if (!params.success) throw new AppError('not_found', { message: 'There is no such invoice.' });
    const nonce = formValues(req.body).nonce;
    if (nonce !== undefined && !checkoutNonce.safeParse(nonce).success) throw new AppError('bad_request', { message: 'This form is damaged. Reload the invoice and try again.' });
    return reply.redirect(await startCheckout(req, params.data.token, nonce), 303);
  });

  app.post(
    '/api/v1/invoices/:token/checkout',
    {
      config: { access: access.public(), ...limit },
      schema: {
        tags: ['billing'],
        summary: 'Start a card payment of an invoice’s balance (Stripe Checkout); send the payer to `url`',
        description:
          'The invoice is named by the token of its public link. The same `nonce` twice gives the same session. 404 when card payment is not offered; 409 when the invoice is void or paid.',
        params: tokenParams,
        body: checkoutBody.optional(),
        response: { 200: checkoutResponse },
      },
    },
    async (req) => ({ url: await startCheckout(req, req.params.token, req.body?.nonce) }),
  );

  // The webhook reads its body as raw bytes (the signature is over them), so it lives in a scope
  // of its own with its own parser; the rest of the app keeps the usual JSON parser.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post('/webhooks/stripe', { config: { access: access.public(), csrf: false } }, async (req, reply) => {
      const secret = deps.config.STRIPE_WEBHOOK_SECRET;
      if (!stripe || !secret) return reply.code(404).send({ error: { code: 'billing.card_unavailable', message: 'Card payments are not set up here.' } });
      const signature = req.headers['stripe-signature'];
      if (!Buffer.isBuffer(req.body) || typeof signature !== 'string') {
        return reply.code(400).send({ error: { code: 'billing.bad_signature', message: 'A Stripe event needs its body and a Stripe-Signature header.' } });
      }
      let verified: unknown;
      try {
        verified = stripe.webhooks.constructEvent(req.body, signature, secret);
      } catch (err) {
        req.log.warn({ reason: err instanceof Error ? err.message : 'unknown' }, 'stripe webhook signature rejected');
        return reply.code(400).send({ error: { code: 'billing.bad_signature', message: 'The Stripe-Signature of this request does not verify.' } });
      }
      const event = stripeEvent.safeParse(verified);
      if (!event.success) return reply.code(400).send({ error: { code: 'bad_request', message: 'This is not a Stripe event.' } });
      if (!PAYMENT_EVENTS.has(event.data.type)) return { received: true, ignored: true };
      return handlePaymentEvent(deps, req.log, event.data.id, event.data.type, event.data.data.object, req.id);
    });
  });
}

/** Applies a paid Checkout Session to its invoice, once, in one transaction with the record of
 * the event. Refusals (void, already paid) are logged and audited but answered 200: Stripe would
 * otherwise retry for days, and the money has to be refunded by a person anyway. */
async function handlePaymentEvent(deps: Deps, log: FastifyBaseLogger, eventId: string, type: string, object: unknown, requestId: string) {
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
