// The card payment's parts of a page that shows an invoice: the "Pay by card" button, what to say
// when the payer comes back from the checkout page, and the slot of the public invoice page that
// shows the button (carried on Deps, built per app: see `cardPaymentSlot`).
import type { Invoice } from '../../db/types.js';
import type { CardPaymentSlot, Deps } from '../../deps.js';
import { randomToken } from '../../lib/crypto.js';
import { formatCents } from '../../lib/money.js';
import { cardPaymentsEnabled } from '../../lib/stripe.js';
import { PostForm } from '../../web/components.js';
import { cardPaymentOffered } from './card.js';
import { balanceOf } from './service.js';

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

/** The "Pay by card" slot of the public invoice page for this configuration: null (no button,
 * no return notice) unless Stripe is set up. The composition root puts it on `deps.slots`. */
export function cardPaymentSlot(config: Deps['config']): CardPaymentSlot | null {
  if (!cardPaymentsEnabled(config)) return null;
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
