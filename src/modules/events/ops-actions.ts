// Events' staff operations, the changes: message the registered attendees, cancel the event
// (every live registration cancelled, its orders' invoices voided or credited through billing,
// everyone emailed), and complete it once it has ended (PD credits granted). Each runs in the
// caller's transaction with its audit row and its emails.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { addCreditNote, voidInvoice } from '../billing/index.js';
import { cancellationNotices, type InvoiceOutcome } from './event-cancel-notices.js';
import { invitationFile } from './ics.js';
import { eventCancelledEmail, registrantsMessageEmail } from './ops-emails.js';
import { grantPdCredits } from './pd.js';
import { endedByCancellation, eventWhen } from './registration-format.js';
import type { EventsDeps, Trx } from './service.js';

/** Cancelling credits invoices through billing, whose settle hooks run in the transaction. */
export type OpsDeps = EventsDeps & Pick<Deps, 'hooks'>;

import { writeAudit } from '../../lib/audit.js';

/** Staff acting (always a person: credit notes name who made them). */
export interface StaffActor {
  userId: string;
  requestId?: string;
}

/** Messages to one event's attendees allowed per hour: a slip (the same form sent twice) or a
 * stuck button must not flood people's inboxes. */
export const MESSAGES_PER_HOUR = 3;

async function lockEvent(trx: Trx, eventId: string) {
  const e = await trx
    .selectFrom('events')
    .select(['id', 'slug', 'title', 'status', 'starts_at', 'ends_at', 'time_zone', 'cancel_reason'])
    .where('id', '=', eventId)
    .forUpdate()
    .executeTakeFirst();
  if (!e) throw new AppError('not_found', { message: 'There is no such event.' });
  return e;
}

/** Whom a message to an event's registrants reaches: its registered attendees, or, once it is
 * cancelled, those whose registrations the cancellation ended (`cancelEvent` gives each the reason
 * "The event was cancelled: …"; who cancelled, gave a ticket away or let an offer lapse has another).
 * Disabled accounts get nothing. */
function recipientsQuery(db: Trx | Db, event: { id: string; status: string; cancel_reason: string | null }) {
  const q = db.selectFrom('event_registrations as r').innerJoin('users as u', 'u.id', 'r.user_id').where('r.event_id', '=', event.id).where('u.disabled_at', 'is', null);
  if (event.status !== 'cancelled') return q.where('r.status', '=', 'registered');
  return q.where('r.status', '=', 'cancelled').where('r.cancel_reason', '=', endedByCancellation(event.cancel_reason ?? ''));
}

/** How many people a message to the event's registrants reaches now (`messageRegistrants`). */
export async function countMessageRecipients(db: Db, eventId: string): Promise<number> {
  const event = await db.selectFrom('events').select(['id', 'status', 'cancel_reason']).where('id', '=', eventId).executeTakeFirst();
  if (!event) return 0;
  const row = await recipientsQuery(db, event)
    .select((eb) => eb.fn.count<string>('r.user_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Emails every registered attendee the message; on a cancelled event, everyone whose registration
 * the cancellation ended (a seat, an offer or a place on the waitlist then; not those who had
 * cancelled, given their ticket away or left before). Returns how many were emailed. 409 when
 * there is nobody to write to, 429 past `MESSAGES_PER_HOUR` for this event. */
export async function messageRegistrants(trx: Trx, deps: EventsDeps, eventId: string, input: { subject: string; body: string }, actor: StaffActor): Promise<number> {
  const event = await lockEvent(trx, eventId);
  const now = deps.clock.now();
  const recent = await trx
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', 'events.registrants_messaged')
    .where('entity_id', '=', eventId)
    .where('at', '>', new Date(now.getTime() - 3_600_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= MESSAGES_PER_HOUR)
    throw new AppError('rate_limited', {
      status: 429,
      message: `This event’s attendees have had ${MESSAGES_PER_HOUR} messages in the last hour. Please wait before sending another.`,
      fields: { body: `This event’s attendees have had ${MESSAGES_PER_HOUR} messages in the last hour. Please wait an hour before sending another.` },
    });
  const cancelled = event.status === 'cancelled';
  const recipients = await recipientsQuery(trx, event).select('u.email').distinct().execute();
  if (recipients.length === 0)
    throw new AppError('events.no_registrants', {
      status: 409,
      message: cancelled ? 'Canceling this event ended nobody’s registration: there is no one to message.' : 'Nobody is registered for this event yet: there is no one to message.',
    });
  const url = `${deps.config.publicUrl}/events/${event.slug}`;
  await deps.mail.queueMany(
    trx,
    recipients.map((r) => ({ to: r.email, template: registrantsMessageEmail.name, data: { event: event.title, subject: input.subject, body: input.body, url, cancelled } })),
  );
  await writeAudit(trx, {
    at: now,
    actorUserId: actor.userId,
    action: 'events.registrants_messaged',
    entityType: 'event',
    entityId: eventId,
    after: { subject: input.subject, recipients: recipients.length, ...(cancelled ? { to: 'registrations ended by the cancellation' } : {}) },
    requestId: actor.requestId,
  });
  return recipients.length;
}

export interface CancelResult {
  alreadyCancelled: boolean;
  registrations: number;
  voided: number;
  credited: number;
  /** invoices with money paid on them, credited in full: finance refunds what was paid */
  refundsDue: number;
  emailed: number;
}

/** Cancels the event: every live registration and order cancelled, each order's invoice voided
 * when nothing is paid on it, else credited in full (what was paid is then owed back: finance
 * refunds it and records the refund in billing), and everyone emailed. Cancelling a
 * cancelled event does nothing; a completed one cannot be cancelled (409). */
export async function cancelEvent(trx: Trx, deps: OpsDeps, eventId: string, reason: string, actor: StaffActor): Promise<CancelResult> {
  const event = await lockEvent(trx, eventId);
  const none: CancelResult = { alreadyCancelled: true, registrations: 0, voided: 0, credited: 0, refundsDue: 0, emailed: 0 };
  if (event.status === 'cancelled') return none;
  if (event.status === 'completed') throw new AppError('events.completed', { status: 409, message: 'This event has taken place and is completed: it cannot be cancelled.' });
  const now = deps.clock.now();
  // Read before anything changes: whose calendar invitation went out (a seat on a paid or free order),
  // so that their email carries its cancellation and the event leaves their calendar.
  const invited = await trx
    .selectFrom('event_registrations as r')
    .innerJoin('event_orders as o', 'o.id', 'r.order_id')
    .select(['r.id', 'r.user_id'])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'registered')
    .where('o.status', 'in', ['paid', 'free'])
    .execute();
  const invitationOf = new Map(invited.map((r) => [r.user_id, r.id]));
  // Each live seat as it was before the cancellation: what its holder is told depends on it.
  const live = await trx.selectFrom('event_registrations').select(['user_id', 'order_id', 'status']).where('event_id', '=', eventId).where('status', '<>', 'cancelled').execute();
  await trx.updateTable('events').set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason }).where('id', '=', eventId).execute();
  const cancelled = await trx
    .updateTable('event_registrations')
    .set({ status: 'cancelled', cancelled_at: now, cancel_reason: endedByCancellation(reason) })
    .where('event_id', '=', eventId)
    .where('status', '<>', 'cancelled')
    .returning(['user_id', 'order_id'])
    .execute();
  // The orders first, so that billing's settle hook (run by a credit note) finds them cancelled.
  const closed = await trx
    .updateTable('event_orders')
    .set({ status: 'cancelled' })
    .where('event_id', '=', eventId)
    .where('status', '<>', 'cancelled')
    .returning(['id', 'buyer_user_id', 'invoice_id', 'organization_id'])
    .execute();
  // An order none of whose seats was live had been settled when its last seat was cancelled (voided,
  // or credited with the refund due then, and its buyer told so): the event's cancellation neither
  // touches its invoice nor tells its buyer about it again as if it were new.
  const liveOrders = new Set(live.flatMap((s) => (s.order_id ? [s.order_id] : [])));
  const orders = closed.filter((o) => liveOrders.has(o.id));
  const result: CancelResult = { alreadyCancelled: false, registrations: cancelled.length, voided: 0, credited: 0, refundsDue: 0, emailed: 0 };
  // What happened to each order's invoice: told to whoever placed the order, and only to them.
  const outcomeOf = new Map<string, InvoiceOutcome>();
  const why = `Event cancelled: ${event.title}`;
  for (const o of orders) {
    if (!o.invoice_id) continue;
    const invoice = await trx
      .selectFrom('invoices')
      .select(['id', 'number', 'status', 'total_cents', 'paid_cents', 'credited_cents'])
      .where('id', '=', o.invoice_id)
      .executeTakeFirstOrThrow();
    // Voided before (finance may void an invoice while its seats stay): nothing was paid on it and
    // nothing is owed, which its holder is told instead of "nothing was charged".
    if (invoice.status === 'void') {
      outcomeOf.set(o.id, { number: invoice.number ?? '', organization: null, outcome: 'voided_before', refundCents: 0 });
      continue;
    }
    const paid = Number(invoice.paid_cents);
    if (paid === 0) {
      await voidInvoice(trx, deps, { invoiceId: invoice.id, reason: why, actorUserId: actor.userId, requestId: actor.requestId });
      result.voided += 1;
      outcomeOf.set(o.id, { number: invoice.number ?? '', organization: null, outcome: 'voided', refundCents: 0 });
      continue;
    }
    result.refundsDue += 1;
    const uncredited = Number(invoice.total_cents) - Number(invoice.credited_cents);
    if (uncredited > 0) {
      await addCreditNote(trx, deps, { invoiceId: invoice.id, amountCents: uncredited, reason: why, actorUserId: actor.userId, requestId: actor.requestId, beyondBalance: true });
      result.credited += 1;
    }
    outcomeOf.set(o.id, { number: invoice.number ?? '', organization: null, outcome: 'refund', refundCents: paid });
  }
  const notices = await cancellationNotices(trx, live, orders, outcomeOf);
  const ids = [...notices.keys()];
  const users = ids.length ? await trx.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).where('disabled_at', 'is', null).execute() : [];
  const when = eventWhen(event.starts_at, event.ends_at, event.time_zone);
  const eventsUrl = `${deps.config.publicUrl}/events`;
  if (users.length)
    await deps.mail.queueMany(
      trx,
      users.map((u) => {
        const invitation = invitationOf.get(u.id);
        const notice = notices.get(u.id) ?? { seat: null, invoices: [] };
        return {
          to: u.email,
          template: eventCancelledEmail.name,
          data: { event: event.title, when, reason, eventsUrl, ...notice },
          attachments: invitation ? [invitationFile(invitation)] : [],
        };
      }),
    );
  result.emailed = users.length;
  await writeAudit(trx, {
    at: now,
    actorUserId: actor.userId,
    action: 'events.cancelled',
    entityType: 'event',
    entityId: eventId,
    before: { status: event.status },
    after: { status: 'cancelled', reason, registrations: result.registrations, voided: result.voided, credited: result.credited, refundsDue: result.refundsDue },
    requestId: actor.requestId,
  });
  return result;
}

/** Completes a published event that has ended and grants its attendees' PD credits; completing
 * it again grants nothing new. 409 before its end, or for a draft or cancelled event. */
export async function completeEvent(trx: Trx, deps: EventsDeps, eventId: string, actor: StaffActor): Promise<{ alreadyCompleted: boolean; credited: number }> {
  const event = await lockEvent(trx, eventId);
  if (event.status === 'completed') return { alreadyCompleted: true, credited: 0 };
  if (event.status !== 'published') throw new AppError('events.not_published', { status: 409, message: 'Only a published event can be completed.' });
  const now = deps.clock.now();
  if (now.getTime() < event.ends_at.getTime()) throw new AppError('events.not_ended', { status: 409, message: 'The event has not ended yet: complete it after it ends.' });
  await trx.updateTable('events').set({ status: 'completed', completed_at: now }).where('id', '=', eventId).where(sql<boolean>`status = 'published'`).execute();
  const credited = await grantPdCredits(trx, eventId);
  await writeAudit(trx, {
    at: now,
    actorUserId: actor.userId,
    action: 'events.completed',
    entityType: 'event',
    entityId: eventId,
    before: { status: 'published' },
    after: { status: 'completed', pdCredits: credited },
    requestId: actor.requestId,
  });
  return { alreadyCompleted: false, credited };
}
