// The events a webhook can carry, each with the only fields its payload may hold. Publishing
// parses the data through the event's schema, which keeps the listed fields and drops every other
// one: a module that hands over a row with a salary, a transition flag or an ethics note sends
// none of it. Publishing writes the message and one delivery per subscribed endpoint in the
// caller's transaction (the outbox): a change rolled back sends nothing.
import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';

type Trx = Transaction<DB>;

const id = z.string();
const day = z.string().nullable();
const cents = z.number().int();

/** Each event type and the fields its `data` carries (nothing else ever leaves). */
export const EVENT_SCHEMAS = {
  'application.submitted': z.object({ applicationId: id, organizationName: z.string(), entityType: z.string().nullable(), state: z.string().nullable(), submittedAt: z.string() }),
  'application.approved': z.object({ applicationId: id, organizationId: id, membershipId: id.nullable(), invoiceId: id.nullable(), approvedAt: z.string() }),
  'membership.activated': z.object({ membershipId: id, organizationId: id, termStart: day, termEnd: day }),
  'membership.lapsed': z.object({ membershipId: id, organizationId: id, termEnd: day }),
  'invoice.issued': z.object({
    invoiceId: id,
    number: z.string(),
    purpose: z.string(),
    organizationId: id.nullable(),
    totalCents: cents,
    currency: z.literal('USD'),
    issuedOn: day,
    dueOn: day,
  }),
  'invoice.paid': z.object({ invoiceId: id, number: z.string(), organizationId: id.nullable(), totalCents: cents, paidCents: cents, currency: z.literal('USD') }),
  'payment.recorded': z.object({ paymentId: id, invoiceId: id, invoiceNumber: z.string(), amountCents: cents, currency: z.literal('USD'), method: z.string(), receivedOn: day }),
  'individual.joined': z.object({ individualMembershipId: id, userId: id.nullable(), invoiceId: id }),
  'event_registration.created': z.object({ registrationId: id, eventId: id, status: z.string() }),
} as const;

export type WebhookEventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as WebhookEventType[];
export type WebhookEventData<T extends WebhookEventType> = z.input<(typeof EVENT_SCHEMAS)[T]>;

export const EVENT_LABELS: Record<WebhookEventType, string> = {
  'application.submitted': 'An application for membership is submitted',
  'application.approved': 'An application is approved',
  'membership.activated': 'An organization’s membership becomes active',
  'membership.lapsed': 'An organization’s membership lapses',
  'invoice.issued': 'An invoice is issued',
  'invoice.paid': 'An invoice is paid in full',
  'payment.recorded': 'A payment is recorded',
  'individual.joined': 'A person’s individual membership becomes active',
  'event_registration.created': 'Someone registers for an event',
};

export const isEventType = (v: string): v is WebhookEventType => Object.hasOwn(EVENT_SCHEMAS, v);

/** The ping a staff admin sends from an endpoint's page ("Send a test event"): to that endpoint
 * only, whatever it subscribed to; not an event anyone subscribes to. Its data: the endpoint's id
 * and a sentence. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** An event type in words, for pages ("An invoice is paid in full"); the test event's too, and the
 * code itself for a type no longer offered. */
export function eventTypeWords(type: string): string {
  if (type === TEST_EVENT_TYPE) return 'A test event (the “Send a test event” button)';
  return isEventType(type) ? EVENT_LABELS[type] : type;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A message id as the Standard Webhooks examples make them: `msg_` and 24 letters and digits. */
export function newMessageId(): string {
  const bytes = randomBytes(24);
  let s = 'msg_';
  for (const b of bytes) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return s;
}

/** What publishing needs: the clock; with the job queue (most callers' deps have it), the first
 * attempt is queued at once, else the dispatcher (every minute) finds it. */
export type PublishDeps = Pick<Deps, 'clock'> & Partial<Pick<Deps, 'jobs'>>;

export const DELIVER_QUEUE = 'webhooks-deliver';

/**
 * Publishes an event in the caller's transaction: its message (the payload, with only the fields
 * of its schema) and a pending delivery to each enabled endpoint subscribed to its type. Nothing
 * is written when no endpoint listens. Returns the message id, or null.
 */
export async function publishEvent<T extends WebhookEventType>(trx: Trx, deps: PublishDeps, type: T, data: WebhookEventData<T>): Promise<string | null> {
  const [id] = await publishEvents(trx, deps, type, [data]);
  return id ?? null;
}

/** The same for many events of one type (a renewal run's invoices), in a few statements. */
export async function publishEvents<T extends WebhookEventType>(trx: Trx, deps: PublishDeps, type: T, list: ReadonlyArray<WebhookEventData<T>>): Promise<string[]> {
  if (list.length === 0) return [];
  const endpoints = await trx.selectFrom('webhook_endpoints').select('id').where('enabled', '=', true).where(sql<boolean>`${type} = any(event_types)`).execute();
  if (endpoints.length === 0) return [];
  const now = deps.clock.now();
  const messages = list.map((data) => ({
    id: newMessageId(),
    event_type: type,
    payload: JSON.stringify({ type, timestamp: now.toISOString(), data: EVENT_SCHEMAS[type].parse(data) }),
    created_at: now,
  }));
  for (let i = 0; i < messages.length; i += 1000)
    await trx
      .insertInto('webhook_messages')
      .values(messages.slice(i, i + 1000))
      .execute();
  const rows = messages.flatMap((m) => endpoints.map((e) => ({ message_id: m.id, endpoint_id: e.id, next_attempt_at: now, created_at: now })));
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await trx
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + 1000))
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  if (deps.jobs)
    await deps.jobs.sendMany(
      trx,
      DELIVER_QUEUE,
      ids.map((deliveryId) => ({ deliveryId })),
    );
  return messages.map((m) => m.id);
}
