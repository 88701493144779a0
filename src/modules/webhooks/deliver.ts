// Delivering: each delivery is claimed by a guarded update (one process at a time, and never again
// once it succeeded), sent signed per the Standard Webhooks specification, and its attempt logged
// with the response code. A failure is retried with exponential backoff (the schedule below) for a
// day after the event, then the delivery is marked failed. An endpoint whose every attempt has
// failed for a day is disabled, and staff admins are emailed. The first attempt is the job
// `publishEvent` queued with the change; the dispatcher (every minute) sends the retries that are
// due, and any delivery whose job was lost.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { endpointDisabledEmail } from './emails.js';
import { DELIVER_QUEUE } from './events.js';
import { addressRefusal, guardedLookup } from './url.js';

export type DeliverDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'mail' | 'jobs'>;

export const DISPATCH_QUEUE = 'webhooks-dispatch';
const DISPATCH_CRON = '* * * * *';

/** Seconds after a failed attempt before the next: 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, then 10 h
 * until the day is over (the last attempt falls at 24 h after the event). */
export const RETRY_SCHEDULE_SECONDS = [60, 300, 1800, 7200, 18000, 36000];
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** an endpoint whose attempts have all failed for this long is disabled */
export const DISABLE_AFTER_MS = 24 * 60 * 60 * 1000;
const TIMEOUT_MS = 10_000;
/** a claimed delivery is someone's for this long (past it, a crashed attempt is retried) */
const CLAIM_MS = 60_000;
const MAX_RESPONSE_BYTES = 4096;

/** One `webhook-signature` value: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` keyed
 * by the secret's base64 part. */
export function sign(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The `webhook-signature` header: signed with the secret, and while a rotated-out secret is still
 * valid (24 hours after the rotation), with that one too, space-separated, as the Standard
 * Webhooks specification allows: a receiver verifies with either. */
export function signatureHeader(
  endpoint: { secret: string; previous_secret: string | null; previous_secret_until: Date | null },
  messageId: string,
  timestampSeconds: number,
  body: string,
  now: Date,
): string {
  const current = sign(endpoint.secret, messageId, timestampSeconds, body);
  const old = endpoint.previous_secret && endpoint.previous_secret_until && endpoint.previous_secret_until > now ? endpoint.previous_secret : null;
  return old ? `${current} ${sign(old, messageId, timestampSeconds, body)}` : current;
}

interface Outcome {
  statusCode: number | null;
  error: string;
  ms: number;
}

/** POSTs the body; 2xx is success. Refuses private addresses at connection time (see url.ts). */
function post(url: string, headers: Record<string, string>, body: string, production: boolean): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) {
      const why = addressRefusal(host, production);
      if (why) return resolve({ statusCode: null, error: `refused: ${host} ${why}`, ms: 0 });
    }
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: TIMEOUT_MS, lookup: guardedLookup(production) as never },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => resolve({ statusCode: res.statusCode ?? null, error: '', ms: Date.now() - started });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => resolve({ statusCode: null, error: err.message.slice(0, 300), ms: Date.now() - started }));
    req.end(body);
  });
}

/** When to try again after `attempts` failed attempts, or null when the day is over. */
export function nextAttemptAt(createdAt: Date, attempts: number, now: Date): Date | null {
  const end = createdAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= end) return null;
  const delay = RETRY_SCHEDULE_SECONDS[Math.min(attempts - 1, RETRY_SCHEDULE_SECONDS.length - 1)] ?? 36000;
  return new Date(Math.min(now.getTime() + delay * 1000, end));
}

/**
 * Attempts one delivery, if it is still to be delivered and nobody else holds it. `manual` (the
 * resend and test buttons) sends a delivery whatever its state, to an endpoint on or off. `test`
 * (the test button): one attempt only, failed if not accepted, and the endpoint's failure record
 * (which turns it off after a day) is left as it is. Returns what the receiver answered this
 * attempt, or null when no attempt was made. `byUserId`: who pressed the button, kept on the attempt.
 */
export async function attemptDelivery(
  deps: DeliverDeps,
  deliveryId: string,
  opts: { manual?: boolean; test?: boolean; byUserId?: string | null } = {},
): Promise<{ statusCode: number | null; error: string; ok: boolean } | null> {
  const now = deps.clock.now();
  let claim = deps.db
    .updateTable('webhook_deliveries')
    .set({ locked_until: new Date(now.getTime() + CLAIM_MS) })
    .where('id', '=', deliveryId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]));
  if (!opts.manual) claim = claim.where('status', '=', 'pending').where('next_attempt_at', '<=', now);
  const claimed = await claim.returning(['id', 'message_id', 'endpoint_id', 'attempts', 'created_at']).executeTakeFirst();
  if (!claimed) return null;
  const row = await deps.db
    .selectFrom('webhook_messages as m')
    .innerJoin('webhook_deliveries as d', 'd.message_id', 'm.id')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['m.id', 'm.payload', 'e.url', 'e.secret', 'e.previous_secret', 'e.previous_secret_until', 'e.enabled'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row || (!row.enabled && !opts.manual)) {
    await deps.db.updateTable('webhook_deliveries').set({ locked_until: null }).where('id', '=', deliveryId).execute();
    return null;
  }
  const body = JSON.stringify(row.payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  const outcome = await post(
    row.url,
    {
      'content-type': 'application/json',
      'user-agent': 'Civnet-Webhooks/1',
      'webhook-id': row.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(row, row.id, timestamp, body, now),
    },
    body,
    deps.config.production,
  );
  const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const error = ok ? '' : outcome.error || `answered ${outcome.statusCode}`;
  const at = deps.clock.now();
  const attempts = claimed.attempts + 1;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: deliveryId,
        attempted_at: at,
        status_code: outcome.statusCode,
        error: error.slice(0, 500),
        duration_ms: outcome.ms,
        manual: opts.manual ?? false,
        source: opts.test ? 'test' : opts.manual ? 'resend' : 'schedule',
        sent_by: opts.manual ? (opts.byUserId ?? null) : null,
      })
      .execute();
    if (ok) {
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'succeeded', attempts, last_status_code: outcome.statusCode, last_error: '', finished_at: at, locked_until: null })
        .where('id', '=', deliveryId)
        .execute();
      if (!opts.test) await trx.updateTable('webhook_endpoints').set({ failing_since: null, consecutive_failures: 0 }).where('id', '=', claimed.endpoint_id).execute();
      return;
    }
    const next = opts.manual ? null : nextAttemptAt(claimed.created_at, attempts, at);
    await trx
      .updateTable('webhook_deliveries')
      .set({
        attempts,
        last_status_code: outcome.statusCode,
        last_error: error.slice(0, 500),
        locked_until: null,
        ...(opts.test ? { status: 'failed' as const, finished_at: at } : opts.manual ? {} : next ? { next_attempt_at: next } : { status: 'failed' as const, finished_at: at }),
      })
      .where('id', '=', deliveryId)
      .execute();
    if (opts.test) return;
    const endpoint = await trx
      .updateTable('webhook_endpoints')
      .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', sql<Date>`${at}::timestamptz`), consecutive_failures: eb('consecutive_failures', '+', 1) }))
      .where('id', '=', claimed.endpoint_id)
      .returning(['id', 'url', 'enabled', 'failing_since', 'consecutive_failures'])
      .executeTakeFirstOrThrow();
    if (endpoint.enabled && endpoint.failing_since && at.getTime() - endpoint.failing_since.getTime() >= DISABLE_AFTER_MS) {
      await disableFailingEndpoint(trx, deps, endpoint, at);
    }
  });
  return { statusCode: outcome.statusCode, error, ok };
}

type Trx = Transaction<DB>;

async function disableFailingEndpoint(trx: Trx, deps: DeliverDeps, endpoint: { id: string; url: string; consecutive_failures: number }, at: Date) {
  const reason = `Every delivery failed for 24 hours (${endpoint.consecutive_failures} attempts in a row).`;
  await trx.updateTable('webhook_endpoints').set({ enabled: false, disabled_at: at, disabled_reason: reason, updated_at: at }).where('id', '=', endpoint.id).execute();
  await writeAudit(trx, {
    at,
    actorUserId: null,
    action: 'webhooks.endpoint_disabled',
    entityType: 'webhook_endpoint',
    entityId: endpoint.id,
    before: { enabled: true },
    after: { enabled: false, reason },
  });
  const admins = await trx
    .selectFrom('users as u')
    .innerJoin('user_roles as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'admin'))
    .select('u.email')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .limit(50)
    .execute();
  for (const a of admins) {
    await deps.mail.queue(trx, {
      to: a.email,
      template: endpointDisabledEmail.name,
      data: { url: endpoint.url, reason, link: `${deps.config.publicUrl}/staff/webhooks/${endpoint.id}` },
    });
  }
}

/** Attempts every delivery that is due now (retries, and first attempts whose job was lost), a
 * batch at a time; returns how many attempts were made. */
export async function dispatchDueDeliveries(deps: DeliverDeps, opts: { limit?: number } = {}): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select('d.id')
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .where('e.enabled', '=', true)
    .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]))
    .orderBy('d.next_attempt_at')
    .limit(opts.limit ?? 200)
    .execute();
  let made = 0;
  for (const d of due) if (await attemptDelivery(deps, d.id)) made++;
  return made;
}

export function registerWebhookJobs(deps: DeliverDeps): void {
  // The job itself never fails: a failed attempt is recorded and scheduled by the delivery's row.
  deps.jobs.register({ name: DELIVER_QUEUE, retryLimit: 2, retryDelaySeconds: 30, retryBackoff: true, deadLetter: false }, async (data) => {
    if (typeof data.deliveryId === 'string') await attemptDelivery(deps, data.deliveryId);
  });
  deps.jobs.register({ name: DISPATCH_QUEUE, retryLimit: 0, retryDelaySeconds: 60, retryBackoff: false, deadLetter: false }, async () => {
    await dispatchDueDeliveries(deps);
  });
}

export async function scheduleWebhookJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(DISPATCH_QUEUE, DISPATCH_CRON);
}
