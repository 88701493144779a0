// The "Pay by card" button of a page that shows an invoice, and what such a page must allow for
// it: browsers check the redirect that answers a form against the page's CSP `form-action`, so a
// page showing the button must let its forms lead to Stripe's checkout origin.
import type { FastifyReply } from 'fastify';
import type { Invoice } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { randomToken } from '../../lib/crypto.js';
import { formatCents } from '../../lib/money.js';
import { checkoutOrigins } from '../../lib/stripe.js';
import { PostForm } from '../../web/components.js';
import type { CardPaymentSlot } from './public.js';
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

export function PayByCardForm(props: { token: string; csrf: string; balanceCents: number; nonce?: string }) {
  const amount = formatCents(props.balanceCents);
  return (
    <PostForm action={`/invoices/${props.token}/checkout`} csrf={props.csrf} class="pay-by-card" label="Pay by card">
      <input type="hidden" name="nonce" value={props.nonce ?? randomToken(16)} />
      <p>Pay the balance of {amount} by credit or debit card on Stripe’s secure payment page. You come back to this invoice when it is done.</p>
      <button type="submit">Pay {amount} by card</button>
    </PostForm>
  );
}

/** Fills the "Pay by card" slot of the public invoice page (public.tsx) for this configuration. */
export function cardPaymentSlot(config: Deps['config']): CardPaymentSlot {
  return async (invoice, ctx) => (cardPaymentOffered(config, invoice) ? <PayByCardForm token={invoice.public_token} csrf={ctx.csrf} balanceCents={balanceOf(invoice)} /> : null);
}

/** What to say when the payer comes back from the checkout page (`?paid=1` / `?cancelled=1`). */
export function CardReturnNotice(props: { query: { paid?: unknown; cancelled?: unknown }; status: Invoice['status'] }) {
  if (props.query.paid === '1') {
    return (
      <div class="flash" role="status">
        {props.status === 'paid' ? (
          <p>Thank you: your card payment is recorded and this invoice is paid.</p>
        ) : (
          <p>Thank you. Stripe is confirming your card payment; this invoice will show it within a minute or two. You will also get a receipt by email.</p>
        )}
      </div>
    );
  }
  if (props.query.cancelled === '1') {
    return (
      <div class="warning" role="status">
        <p>The card payment was cancelled and nothing was charged. You can try again, or pay by check, ACH or wire.</p>
      </div>
    );
  }
  return null;
}
