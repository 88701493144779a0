// The Stripe client, built from configuration: null when no key is set (card payment is then not
// offered anywhere). STRIPE_API_BASE points the SDK at another address (the fake server in tests).
import Stripe from 'stripe';
import type { Config } from '../config.js';

export type StripeClient = Stripe;
export type StripeConfig = Pick<Config, 'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_API_BASE'>;

/** Stripe's hosted checkout pages, where "Pay by card" sends the payer. */
const STRIPE_CHECKOUT_ORIGIN = 'https://checkout.stripe.com';

export function cardPaymentsEnabled(config: StripeConfig): boolean {
  return Boolean(config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET);
}

/** host, port and protocol options of the SDK for STRIPE_API_BASE (none for Stripe's own API). */
export function stripeAddress(apiBase: string | undefined): { host: string; port: number; protocol: 'http' | 'https' } | undefined {
  if (!apiBase) return undefined;
  const u = new URL(apiBase);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: u.port ? Number(u.port) : protocol === 'http' ? 80 : 443, protocol };
}

export function createStripeClient(config: StripeConfig): StripeClient | null {
  if (!config.STRIPE_SECRET_KEY || !cardPaymentsEnabled(config)) return null;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    ...stripeAddress(config.STRIPE_API_BASE),
    // Every creating request carries our own idempotency key, so a retry cannot make a second session.
    maxNetworkRetries: 2,
    timeout: 10_000,
    appInfo: { name: 'Civnet' },
  });
}

/** The origins a checkout redirect may lead to. A page whose form posts to the checkout route must
 * allow them in its CSP `form-action`: browsers check the redirect that answers a form against it. */
export function checkoutOrigins(config: StripeConfig): string[] {
  return config.STRIPE_API_BASE ? [new URL(config.STRIPE_API_BASE).origin] : [STRIPE_CHECKOUT_ORIGIN];
}
