// Staff admins' use cases: subscribe an endpoint (its secret shown once), change it, turn it off
// and on, delete it, resend a delivery, send a test event, and rotate the signing secret. Each
// writes its audit row.
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { attemptDelivery, type DeliverDeps } from './deliver.js';
import { newMessageId, TEST_EVENT_TYPE, type WebhookEventType } from './events.js';
import { endpointUrlProblem, resolvedProblem } from './url.js';

export interface EndpointInput {
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
}

type Actor = { userId: string; requestId?: string };

/** A new signing secret: `whsec_` and 24 random bytes in base64. */
export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

async function checkUrl(deps: Pick<Deps, 'config'>, url: string): Promise<void> {
  const problem = endpointUrlProblem(url, deps.config.production) ?? (await resolvedProblem(url, deps.config.production));
  if (problem) throw new AppError('validation_failed', { fields: { url: problem } });
}

/** A new endpoint and its secret. `formKey` (the form's hidden key): the same key again answers the
 * endpoint it created, with no secret (shown once, then), and creates nothing (`replayed`). */
export async function createEndpoint(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  actor: Actor,
  input: EndpointInput,
  formKey?: string,
): Promise<{ id: string; secret: string; replayed: false } | { id: string; secret: null; replayed: true }> {
  const earlier = async () => (formKey ? await deps.db.selectFrom('webhook_endpoints').select('id').where('created_with_key', '=', formKey).executeTakeFirst() : undefined);
  const before = await earlier();
  if (before) return { id: before.id, secret: null, replayed: true };
  await checkUrl(deps, input.url);
  const now = deps.clock.now();
  const secret = newSecret();
  const made = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhook_endpoints')
      .values({
        url: input.url,
        description: input.description,
        secret,
        event_types: input.eventTypes,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        created_with_key: formKey ?? null,
      })
      // two posts of one form at once: the second inserts nothing and answers the first's endpoint
      .onConflict((oc) => oc.column('created_with_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return null;
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'webhooks.endpoint_created',
      entityType: 'webhook_endpoint',
      entityId: row.id,
      before: null,
      after: { url: input.url, eventTypes: input.eventTypes },
      requestId: actor.requestId,
    });
    return { id: row.id, secret, replayed: false as const };
  });
  if (made) return made;
  const first = await earlier();
  if (!first) throw new Error('the endpoint of this form key was not found');
  return { id: first.id, secret: null, replayed: true };
}

function notFound(): AppError {
  return new AppError('not_found', { message: 'There is no such webhook endpoint.' });
}

export async function updateEndpoint(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, id: string, input: EndpointInput): Promise<void> {
  await checkUrl(deps, input.url);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('webhook_endpoints').select(['url', 'description', 'event_types']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    await trx
      .updateTable('webhook_endpoints')
      .set({ url: input.url, description: input.description, event_types: input.eventTypes, updated_at: now })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'webhooks.endpoint_updated',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: { url: before.url, description: before.description, eventTypes: before.event_types },
      after: { url: input.url, description: input.description, eventTypes: input.eventTypes },
      requestId: actor.requestId,
    });
  });
}

/** Turns an endpoint off or on; turned on, its failures are forgotten and its pending deliveries resume. */
export async function setEndpointEnabled(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, enabled: boolean): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('webhook_endpoints').select(['enabled']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    if (before.enabled === enabled) return;
    await trx
      .updateTable('webhook_endpoints')
      .set(
        enabled
          ? { enabled: true, disabled_at: null, disabled_reason: '', failing_since: null, consecutive_failures: 0, updated_at: now }
          : { enabled: false, disabled_at: now, disabled_reason: 'Turned off by a staff admin.', updated_at: now },
      )
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: enabled ? 'webhooks.endpoint_enabled' : 'webhooks.endpoint_disabled',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: { enabled: before.enabled },
      after: { enabled },
      requestId: actor.requestId,
    });
  });
}

export async function deleteEndpoint(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.deleteFrom('webhook_endpoints').where('id', '=', id).returning(['url', 'event_types']).executeTakeFirst();
    if (!before) throw notFound();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'webhooks.endpoint_deleted',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: { url: before.url, eventTypes: before.event_types },
      after: null,
      requestId: actor.requestId,
    });
  });
}

/** The resend button: one more attempt of a delivery now, with the same webhook-id (receivers
 * that already have it drop it). Returns whether the receiver accepted it. */
/** What the receiver answered a resend: its status code, or (none) why it could not be reached. */
export interface ResendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string;
}

export async function resendDelivery(deps: DeliverDeps, actor: Actor, endpointId: string, deliveryId: string): Promise<ResendOutcome> {
  const d = await deps.db.selectFrom('webhook_deliveries').select(['id', 'message_id']).where('id', '=', deliveryId).where('endpoint_id', '=', endpointId).executeTakeFirst();
  if (!d) throw new AppError('not_found', { message: 'There is no such delivery.' });
  // What the receiver answered this attempt, as it was made: reading back "the latest attempt" by
  // its time picked either of two made within one clock tick (a resend right after a failure).
  const attempt = await attemptDelivery(deps, deliveryId, { manual: true, byUserId: actor.userId });
  if (!attempt) throw new AppError('webhooks.busy', { status: 409, message: 'This delivery is being attempted right now; look again in a minute.' });
  const after = await deps.db.selectFrom('webhook_deliveries').select(['status']).where('id', '=', deliveryId).executeTakeFirstOrThrow();
  await writeAudit(deps.db, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'webhooks.delivery_resent',
    entityType: 'webhook_endpoint',
    entityId: endpointId,
    before: null,
    after: { deliveryId, messageId: d.message_id, statusCode: attempt.statusCode, status: after.status },
    requestId: actor.requestId,
  });
  return { ok: attempt.ok, statusCode: attempt.statusCode, error: attempt.error };
}

/** How long a rotated-out secret still signs (besides the new one). */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Rotates an endpoint's signing secret: a new one (returned, to be shown once), and for 24 hours
 * the one it replaces signs too (a second signature in webhook-signature), so the receiving
 * system can be updated without missing a delivery. Rotating again within the 24 hours keeps only
 * the secret just replaced as the previous one: the older one stops at once. `formKey` (the form's
 * hidden key): the key of the last rotation again rotates nothing and answers no secret (`replayed`).
 */
export async function rotateSecret(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  id: string,
  formKey?: string,
): Promise<{ secret: string; previousValidUntil: Date; replayed: false } | { secret: null; replayed: true }> {
  const now = deps.clock.now();
  const secret = newSecret();
  const until = new Date(now.getTime() + ROTATION_GRACE_MS);
  const replayed = await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('webhook_endpoints').select(['secret', 'rotated_with_key']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    if (formKey && before.rotated_with_key === formKey) return true;
    await trx
      .updateTable('webhook_endpoints')
      .set({ secret, previous_secret: before.secret, previous_secret_until: until, secret_rotated_at: now, updated_at: now, rotated_with_key: formKey ?? null })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'webhooks.secret_rotated',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: null,
      after: { previousSecretValidUntil: until.toISOString() },
      requestId: actor.requestId,
    });
    return false;
  });
  if (replayed) return { secret: null, replayed: true };
  return { secret, previousValidUntil: until, replayed: false };
}

export interface TestOutcome {
  deliveryId: string;
  messageId: string;
  ok: boolean;
  statusCode: number | null;
  error: string;
}

/**
 * The "Send a test event" button: a `webhook.test` message to this endpoint only (on or off),
 * signed like any other, sent once now and kept in its delivery log with the response. It is not
 * retried, and its failure does not count towards turning the endpoint off.
 */
export async function sendTestEvent(deps: DeliverDeps, actor: Actor, endpointId: string): Promise<TestOutcome> {
  const now = deps.clock.now();
  const messageId = newMessageId();
  const deliveryId = await deps.db.transaction().execute(async (trx) => {
    const endpoint = await trx.selectFrom('webhook_endpoints').select('id').where('id', '=', endpointId).executeTakeFirst();
    if (!endpoint) throw notFound();
    const payload = {
      type: TEST_EVENT_TYPE,
      timestamp: now.toISOString(),
      data: { endpointId, message: 'A test event sent from Civnet by a staff admin. It changes nothing.' },
    };
    await trx
      .insertInto('webhook_messages')
      .values({ id: messageId, event_type: TEST_EVENT_TYPE, payload: JSON.stringify(payload), created_at: now })
      .execute();
    // Due in an hour, not now: the button's own attempt sends it (the dispatcher would only if
    // this process stopped before it).
    const row = await trx
      .insertInto('webhook_deliveries')
      .values({ message_id: messageId, endpoint_id: endpointId, next_attempt_at: new Date(now.getTime() + 3600_000), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  await attemptDelivery(deps, deliveryId, { manual: true, test: true, byUserId: actor.userId });
  const after = await deps.db.selectFrom('webhook_deliveries').select(['status', 'last_status_code', 'last_error']).where('id', '=', deliveryId).executeTakeFirstOrThrow();
  const ok = after.status === 'succeeded';
  await writeAudit(deps.db, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'webhooks.test_sent',
    entityType: 'webhook_endpoint',
    entityId: endpointId,
    before: null,
    after: { deliveryId, messageId, statusCode: after.last_status_code, ok },
    requestId: actor.requestId,
  });
  return { deliveryId, messageId, ok, statusCode: after.last_status_code, error: after.last_error };
}
