// The card payment routes: "Pay by card" (a form post and its API twin) and Stripe's webhook.
// The work is in card.ts; without Stripe keys the checkout answers 404 and the webhook too.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { createStripeClient } from '../../lib/stripe.js';
import { formValues } from '../../web/forms.js';
import { handlePaymentEvent, PAYMENT_EVENTS, startCheckout } from './card.js';
import { checkoutBody, checkoutNonce, checkoutResponse, checkoutTokenParams, stripeEvent } from './schemas.js';

export async function cardRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const stripe = createStripeClient(deps.config);
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.post('/invoices/:token/checkout', { config: { access: access.public(), ...limit } }, async (req, reply) => {
    const params = checkoutTokenParams.safeParse(req.params);
    if (!params.success) throw new AppError('not_found', { message: 'There is no such invoice.' });
    const nonce = formValues(req.body).nonce;
    if (nonce !== undefined && !checkoutNonce.safeParse(nonce).success) throw new AppError('bad_request', { message: 'This form is damaged. Reload the invoice and try again.' });
    return reply.redirect(await startCheckout(deps, stripe, req.log, params.data.token, nonce), 303);
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
        params: checkoutTokenParams,
        body: checkoutBody.optional(),
        response: { 200: checkoutResponse },
      },
    },
    async (req) => ({ url: await startCheckout(deps, stripe, req.log, req.params.token, req.body?.nonce) }),
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
