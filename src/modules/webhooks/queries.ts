// Webhooks' reads: the endpoints with their recent outcome, one endpoint, its delivery log and a
// delivery's attempts. The secret is read only where it is used (deliver.ts), never for a page.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { WebhookDeliveryStatus } from '../../db/types.js';
import { lookupIds, type RecordNamer } from '../../lib/record-names.js';
import { TEST_EVENT_TYPE } from './events.js';

export interface EndpointRow {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_at: Date | null;
  disabled_reason: string;
  failing_since: Date | null;
  created_at: Date;
  /** when the secret was last rotated, and until when the one it replaced also signs */
  secret_rotated_at: Date | null;
  previous_secret_until: Date | null;
  pending: number;
  failed: number;
}

const endpointColumns = [
  'e.id',
  'e.url',
  'e.description',
  'e.event_types',
  'e.enabled',
  'e.disabled_at',
  'e.disabled_reason',
  'e.failing_since',
  'e.created_at',
  'e.secret_rotated_at',
  'e.previous_secret_until',
] as const;

/** Deliveries that ran out of retries. A test event (the "Send a test event" button) is not one: it
 * is tried once, and its failure is the ping's answer (in the flash and the log), not an outage. */
const failedCount = sql<number>`(select count(*)::int from webhook_deliveries d join webhook_messages m on m.id = d.message_id
  where d.endpoint_id = e.id and d.status = 'failed' and m.event_type <> ${TEST_EVENT_TYPE})`.as('failed');

export async function listEndpoints(db: Db): Promise<EndpointRow[]> {
  return db
    .selectFrom('webhook_endpoints as e')
    .select(endpointColumns)
    .select([sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = e.id and d.status = 'pending')`.as('pending'), failedCount])
    .orderBy('e.created_at')
    .limit(500)
    .execute();
}

export async function endpointById(db: Db, id: string): Promise<EndpointRow | undefined> {
  return db
    .selectFrom('webhook_endpoints as e')
    .select(endpointColumns)
    .select([sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = e.id and d.status = 'pending')`.as('pending'), failedCount])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

export interface DeliveryRow {
  id: string;
  message_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string;
  created_at: Date;
  next_attempt_at: Date;
  finished_at: Date | null;
}

/** The endpoint's delivery log, newest first. */
export async function deliveriesOf(db: Db, endpointId: string, opts: { status?: WebhookDeliveryStatus; limit?: number } = {}): Promise<DeliveryRow[]> {
  let q = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_messages as m', 'm.id', 'd.message_id')
    .select(['d.id', 'd.message_id', 'm.event_type', 'd.status', 'd.attempts', 'd.last_status_code', 'd.last_error', 'd.created_at', 'd.next_attempt_at', 'd.finished_at'])
    .where('d.endpoint_id', '=', endpointId);
  if (opts.status) q = q.where('d.status', '=', opts.status);
  return q
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(opts.limit ?? 100)
    .execute();
}

export async function deliveryDetail(db: Db, endpointId: string, deliveryId: string) {
  const delivery = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_messages as m', 'm.id', 'd.message_id')
    .select([
      'd.id',
      'd.message_id',
      'm.event_type',
      'm.payload',
      'd.status',
      'd.attempts',
      'd.last_status_code',
      'd.last_error',
      'd.created_at',
      'd.next_attempt_at',
      'd.finished_at',
    ])
    .where('d.id', '=', deliveryId)
    .where('d.endpoint_id', '=', endpointId)
    .executeTakeFirst();
  if (!delivery) return undefined;
  const attempts = await db
    .selectFrom('webhook_attempts as a')
    .leftJoin('users as u', 'u.id', 'a.sent_by')
    .select(['a.id', 'a.attempted_at', 'a.status_code', 'a.error', 'a.duration_ms', 'a.source', 'u.name as sent_by_name'])
    .where('a.delivery_id', '=', deliveryId)
    .orderBy('a.attempted_at')
    .orderBy('a.seq')
    .execute();
  return { ...delivery, attempts };
}
export type DeliveryDetail = NonNullable<Awaited<ReturnType<typeof deliveryDetail>>>;

/** webhook endpoints by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const webhookNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('webhook_endpoints').select(['id', 'url']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: `Webhook to ${r.url}`, href: `/staff/webhooks/${r.id}` }]));
};
