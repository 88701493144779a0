// Staff admins' use cases: subscribe an endpoint (its secret shown once), change it, turn it off
// and on, delete it, and resend a delivery. Each writes its audit row.
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { attemptDelivery, type DeliverDeps } from './deliver.js';
import type { WebhookEventType } from './events.js';
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

export async function createEndpoint(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, input: EndpointInput): Promise<{ id: string; secret: string }> {
  await checkUrl(deps, input.url);
  const now = deps.clock.now();
  const secret = newSecret();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhook_endpoints')
      .values({ url: input.url, description: input.description, secret, event_types: input.eventTypes, created_by: actor.userId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
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
    return { id: row.id, secret };
  });
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
export async function resendDelivery(deps: DeliverDeps, actor: Actor, endpointId: string, deliveryId: string): Promise<boolean> {
  const d = await deps.db.selectFrom('webhook_deliveries').select(['id', 'message_id']).where('id', '=', deliveryId).where('endpoint_id', '=', endpointId).executeTakeFirst();
  if (!d) throw new AppError('not_found', { message: 'There is no such delivery.' });
  const attempted = await attemptDelivery(deps, deliveryId, { manual: true });
  if (!attempted) throw new AppError('webhooks.busy', { status: 409, message: 'This delivery is being attempted right now; look again in a minute.' });
  const after = await deps.db.selectFrom('webhook_deliveries').select(['status', 'last_status_code']).where('id', '=', deliveryId).executeTakeFirstOrThrow();
  const attempt = await deps.db
    .selectFrom('webhook_attempts')
    .select(['status_code'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('attempted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const ok = attempt?.status_code != null && attempt.status_code >= 200 && attempt.status_code < 300;
  await writeAudit(deps.db, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'webhooks.delivery_resent',
    entityType: 'webhook_endpoint',
    entityId: endpointId,
    before: null,
    after: { deliveryId, messageId: d.message_id, statusCode: attempt?.status_code ?? null, status: after.status },
    requestId: actor.requestId,
  });
  return ok;
}
