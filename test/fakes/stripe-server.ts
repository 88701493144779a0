// A fake of the part of Stripe's HTTP API that Civnet calls, on 127.0.0.1 at a random port:
// create and read Checkout Sessions (form-encoded bodies as the SDK sends them, the bearer key
// checked, Idempotency-Key honoured), plus signed webhook deliveries made with the SDK's own
// test-header helper. The app's real SDK talks to it through STRIPE_API_BASE.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export const FAKE_STRIPE_KEY = 'sk_test_civnetfake0000000000000000';
export const FAKE_WEBHOOK_SECRET = 'whsec_civnetfake0000000000000000';

type Params = { [key: string]: string | Params };

export interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  created: number;
  expires_at: number;
  livemode: false;
}

export interface FakeRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Params;
}

export interface FakeStripe {
  /** e.g. http://127.0.0.1:40123, for STRIPE_API_BASE */
  url: string;
  secretKey: string;
  sessions: Map<string, FakeSession>;
  /** every authenticated API request, in order */
  requests: FakeRequest[];
  /** what the payer does on the hosted page: the session becomes paid */
  completeSession(id: string): FakeSession;
  close(): Promise<void>;
}

const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** Stripe's form encoding (`line_items[0][price_data][unit_amount]=100`) back into objects. */
export function parseStripeForm(body: string): Params {
  const out: Params = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.split('[').map((p, i) => (i === 0 ? p : p.replace(/\]$/, '')));
    let node: Params = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const child: Params = {};
        node[part] = child;
        node = child;
      }
    });
  }
  return out;
}

const obj = (v: string | Params | undefined): Params => (typeof v === 'object' ? v : {});
const str = (v: string | Params | undefined): string | null => (typeof v === 'string' ? v : null);

function stripeError(res: ServerResponse, status: number, type: string, message: string, extra: Record<string, string> = {}) {
  send(res, status, { error: { type, message, ...extra } });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': rid('req') });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function buildSession(base: string, p: Params): FakeSession | string {
  if (str(p.mode) !== 'payment') return 'mode: only payment is supported by this fake';
  const items = Object.values(obj(p.line_items)).map(obj);
  if (items.length === 0) return 'line_items: at least one line item is required';
  let total = 0;
  let currency = '';
  for (const item of items) {
    const price = obj(item.price_data);
    const amount = Number(str(price.unit_amount));
    const quantity = Number(str(item.quantity) ?? '1');
    if (!Number.isSafeInteger(amount) || amount < 0) return 'line_items[][price_data][unit_amount]: must be whole cents';
    if (!str(obj(price.product_data).name)) return 'line_items[][price_data][product_data][name]: required';
    currency = str(price.currency) ?? '';
    total += amount * quantity;
  }
  if (total < 50) return 'amount_total: must be at least 50 cents';
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(p.metadata))) if (typeof v === 'string') metadata[k] = v;
  const id = `cs_test_${randomBytes(24).toString('base64url')}`;
  const created = Math.floor(Date.now() / 1000);
  return {
    id,
    object: 'checkout.session',
    mode: 'payment',
    status: 'open',
    payment_status: 'unpaid',
    amount_subtotal: total,
    amount_total: total,
    currency,
    client_reference_id: str(p.client_reference_id),
    customer_email: str(p.customer_email),
    metadata,
    payment_intent: null,
    success_url: str(p.success_url),
    cancel_url: str(p.cancel_url),
    url: `${base}/c/pay/${id}`,
    created,
    expires_at: created + 24 * 3600,
    livemode: false,
  };
}

export async function startFakeStripe(opts: { secretKey?: string } = {}): Promise<FakeStripe> {
  const secretKey = opts.secretKey ?? FAKE_STRIPE_KEY;
  const sessions = new Map<string, FakeSession>();
  const requests: FakeRequest[] = [];
  /** Idempotency-Key → the parameters it was first used with and the answer given */
  const idempotent = new Map<string, { body: string; status: number; response: unknown }>();
  let base = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => stripeError(res, 500, 'api_error', String(err)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = await readBody(req);
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return stripeError(res, 401, 'invalid_request_error', 'Invalid API Key provided.');
    }
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const params = parseStripeForm(body);
    requests.push({ method: req.method ?? '', path, idempotencyKey: key, params });

    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      if (key) {
        const seen = idempotent.get(key);
        if (seen && seen.body !== body) {
          return stripeError(res, 400, 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
        }
        if (seen) {
          res.setHeader('idempotent-replayed', 'true');
          return send(res, seen.status, seen.response);
        }
      }
      const built = buildSession(base, params);
      if (typeof built === 'string') return stripeError(res, 400, 'invalid_request_error', built);
      sessions.set(built.id, built);
      if (key) idempotent.set(key, { body, status: 200, response: built });
      return send(res, 200, built);
    }
    const m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m?.[1]) {
      const s = sessions.get(decodeURIComponent(m[1]));
      if (!s) return stripeError(res, 404, 'invalid_request_error', `No such checkout.session: '${m[1]}'`, { code: 'resource_missing' });
      return send(res, 200, s);
    }
    return stripeError(res, 404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${path}).`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    secretKey,
    sessions,
    requests,
    completeSession(id) {
      const s = sessions.get(id);
      if (!s) throw new Error(`no session ${id}`);
      s.status = 'complete';
      s.payment_status = 'paid';
      s.payment_intent ??= rid('pi_test');
      return s;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A `checkout.session.completed` delivery as Stripe sends it: the JSON body and its
 * Stripe-Signature header, signed with `secret` by the SDK's test-header helper. */
export function signedWebhook(
  session: FakeSession,
  opts: { secret?: string; eventId?: string; type?: string; timestamp?: number } = {},
): { id: string; payload: string; header: string } {
  const id = opts.eventId ?? rid('evt_test');
  const event = {
    id,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: opts.type ?? 'checkout.session.completed',
  };
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? FAKE_WEBHOOK_SECRET, timestamp: opts.timestamp });
  return { id, payload, header };
}
