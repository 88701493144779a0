// A receiving system for webhook tests: a real HTTP server on a free local port that answers the
// statuses given in turn (then 200), keeps every request, and acts once per webhook-id (as the
// Standard Webhooks specification asks receivers to), so a test can count effects.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export async function startWebhookReceiver(statuses: number[] = []) {
  const received: ReceivedWebhook[] = [];
  const effects = new Map<string, unknown>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      const id = String(req.headers['webhook-id']);
      if (status >= 200 && status < 300 && !effects.has(id)) effects.set(id, JSON.parse(body));
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, effects, statuses, close: () => new Promise<void>((r) => server.close(() => r())) };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** The three Standard Webhooks headers of a request as the verifier takes them. */
export function webhookHeaders(r: ReceivedWebhook): Record<string, string> {
  return {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  };
}

/** Verifies a request with the reference verifier (npm `standardwebhooks`); throws when it does
 * not verify. Returns the payload. The verifier refuses a timestamp more than 5 minutes from its
 * own clock: `at` is the receiver's time (the test's clock, which tests move by hours). */
export function verifyWebhook(secret: string, r: ReceivedWebhook, at: Date): { type: string; timestamp: string; data: Record<string, unknown> } {
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  try {
    return new Webhook(secret).verify(r.body, webhookHeaders(r)) as { type: string; timestamp: string; data: Record<string, unknown> };
  } finally {
    vi.useRealTimers();
  }
}
