// The waitlist: a freed seat is offered to the first person in line whose ticket type has room
// (status 'offered' until offer_expires_at = now + the event's offer_hours); they accept it (a
// seat, with an invoice when priced), or the offer expires and the seat moves to the next.
// Every step runs under the lock on the event's row, with conditional updates, so a job run twice
// (or two processes at once) expires each offer once and offers each seat once.
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { issueInvoice } from '../billing/index.js';
import { offerExpiredEmail } from './emails.js';
import { countsAsMember, organizationIsMember } from './member.js';
import { priceFor } from './pricing.js';
import type { RegistrationDeps } from './registration.js';
import { attendeeOf, myEventsUrl, queueConfirmation, queueOffer, queueSeatHeld, whenOf } from './registration-notify.js';
import { assertOpen, type EventRow, hasRoom, liveSeats, lockEvent } from './registration-seats.js';
import type { Trx } from './service.js';

const HOUR = 3_600_000;

/** Offers every seat that is free to the first in line it fits (none once the event started). */
export async function offerFreedSeats(trx: Trx, deps: Pick<RegistrationDeps, 'clock' | 'mail' | 'config'>, event: EventRow): Promise<number> {
  const now = deps.clock.now();
  if (event.status !== 'published' || event.starts_at.getTime() <= now.getTime()) return 0;
  let offered = 0;
  for (;;) {
    const seats = await liveSeats(trx, event.id);
    if (event.capacity !== null && seats.total >= event.capacity) return offered;
    const line = await trx
      .selectFrom('event_registrations as r')
      .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
      .select(['r.id', 'r.user_id', 'r.ticket_type_id', 't.capacity'])
      .where('r.event_id', '=', event.id)
      .where('r.status', '=', 'waitlisted')
      .orderBy('r.waitlisted_at')
      .orderBy('r.id')
      .execute();
    const next = line.find((r) => hasRoom(event, { id: r.ticket_type_id, capacity: r.capacity }, seats));
    if (!next) return offered;
    const expires = new Date(now.getTime() + event.offer_hours * HOUR);
    const done = await trx
      .updateTable('event_registrations')
      .set({ status: 'offered', offer_expires_at: expires })
      .where('id', '=', next.id)
      .where('status', '=', 'waitlisted')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) continue;
    await queueOffer(trx, deps, event, next, expires);
    await writeAudit(trx, { at: now, actorUserId: null, action: 'events.seat_offered', entityType: 'event', entityId: event.id, after: { registrationId: next.id, expires } });
    offered++;
  }
}

/** Ends the offers whose time is up and offers their seats to the next in line; returns how many
 * offers expired. Run by the `events-expire-offers` job. */
export async function expireOffers(deps: Pick<RegistrationDeps, 'db' | 'clock' | 'mail' | 'config'>): Promise<number> {
  const now = deps.clock.now();
  const events = await deps.db.selectFrom('event_registrations').select('event_id').distinct().where('status', '=', 'offered').where('offer_expires_at', '<=', now).execute();
  let expired = 0;
  for (const { event_id } of events) {
    expired += await deps.db.transaction().execute(async (trx) => {
      const event = await lockEvent(trx, event_id);
      const gone = await trx
        .updateTable('event_registrations')
        .set({ status: 'cancelled', cancelled_at: now, cancel_reason: 'offer_expired', offer_expires_at: null })
        .where('event_id', '=', event.id)
        .where('status', '=', 'offered')
        .where('offer_expires_at', '<=', now)
        .returning(['id', 'user_id'])
        .execute();
      for (const r of gone) {
        const to = await attendeeOf(trx, r.user_id);
        await deps.mail.queue(trx, { to: to.email, template: offerExpiredEmail.name, data: { event: event.title, when: whenOf(event), url: myEventsUrl(deps) } });
        await writeAudit(trx, { at: now, actorUserId: null, action: 'events.offer_expired', entityType: 'event', entityId: event.id, after: { registrationId: r.id } });
      }
      if (gone.length > 0) await offerFreedSeats(trx, deps, event);
      return gone.length;
    });
  }
  return expired;
}

export const EXPIRE_OFFERS_QUEUE = 'events-expire-offers';
/** Every ten minutes: an offer lasts hours, so ten minutes late is no one's loss. */
export const EXPIRE_OFFERS_CRON = '*/10 * * * *';

export function registerEventsJobs(deps: Pick<RegistrationDeps, 'db' | 'clock' | 'mail' | 'config'> & { jobs: import('../../lib/jobs.js').Jobs }): void {
  deps.jobs.register({ name: EXPIRE_OFFERS_QUEUE, retryLimit: 3, retryDelaySeconds: 60, retryBackoff: true, deadLetter: true }, async () => {
    await expireOffers(deps);
  });
}

export async function scheduleEventsJobs(deps: { jobs: import('../../lib/jobs.js').Jobs }): Promise<void> {
  await deps.jobs.schedule(EXPIRE_OFFERS_QUEUE, EXPIRE_OFFERS_CRON);
}

/** The person accepts the seat offered to them: it becomes theirs at today's price (an invoice to
 * them, or to their organization for a group order, when it is priced). */
export async function acceptOffer(
  deps: RegistrationDeps,
  input: { registrationId: string; userId: string; requestId?: string },
): Promise<{ invoice: { public_token: string; number: string | null } | null }> {
  return deps.db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('event_registrations').select(['event_id']).where('id', '=', input.registrationId).where('user_id', '=', input.userId).executeTakeFirst();
    if (!found) throw new AppError('not_found', { message: 'There is no such registration among yours.' });
    const event = await lockEvent(trx, found.event_id);
    const reg = await trx.selectFrom('event_registrations').selectAll().where('id', '=', input.registrationId).executeTakeFirstOrThrow();
    const now = deps.clock.now();
    if (reg.status !== 'offered') throw new AppError('events.no_offer', { status: 409, message: 'There is no seat offered to you for this event.' });
    if (!reg.offer_expires_at || reg.offer_expires_at.getTime() <= now.getTime()) {
      throw new AppError('events.offer_expired', { status: 409, message: 'The time to accept this seat has passed: it goes to the next person on the waitlist.' });
    }
    // An offer can outlast the event's start, or the person's membership: the rules of registering hold.
    assertOpen(event, now);
    const ticket = await trx.selectFrom('event_ticket_types').selectAll().where('id', '=', reg.ticket_type_id).executeTakeFirstOrThrow();
    const order = reg.order_id ? await trx.selectFrom('event_orders').selectAll().where('id', '=', reg.order_id).executeTakeFirst() : undefined;
    const member = order?.organization_id ? await organizationIsMember(trx, order.organization_id) : await countsAsMember(trx, reg.user_id);
    if (event.audience === 'members' && !member) throw new AppError('events.members_only', { status: 403, message: 'This event is for members only.' });
    const price = priceFor(ticket, member, now);
    await trx
      .updateTable('event_registrations')
      .set({ status: 'registered', registered_at: now, offer_expires_at: null, price_cents: price.cents, member_price: price.member })
      .where('id', '=', reg.id)
      .execute();
    // The seat's money: the order it came with when that order has nothing else (no invoice, no
    // other seat), else an order of its own, so that one order keeps one invoice.
    const others = order
      ? await trx.selectFrom('event_registrations').select('id').where('order_id', '=', order.id).where('id', '<>', reg.id).where('status', '<>', 'cancelled').executeTakeFirst()
      : undefined;
    let orderId = order?.id ?? null;
    if (!order || order.invoice_id || others) {
      const fresh = await trx
        .insertInto('event_orders')
        .values({ event_id: event.id, buyer_user_id: order?.buyer_user_id ?? reg.user_id, organization_id: order?.organization_id ?? null, status: 'pending' })
        .returning('id')
        .executeTakeFirstOrThrow();
      orderId = fresh.id;
      await trx.updateTable('event_registrations').set({ order_id: fresh.id }).where('id', '=', reg.id).execute();
    }
    if (!orderId) throw new Error('no order');
    let invoice: { public_token: string; number: string | null } | null = null;
    if (price.cents > 0) {
      const attendee = await attendeeOf(trx, reg.user_id);
      const org = order?.organization_id
        ? await trx.selectFrom('organizations').select(['id', 'name', 'billing_address']).where('id', '=', order.organization_id).executeTakeFirst()
        : undefined;
      const buyer = await attendeeOf(trx, order?.buyer_user_id ?? reg.user_id);
      const issued = await issueInvoice(trx, deps, {
        organizationId: org?.id ?? null,
        userId: org ? null : reg.user_id,
        purpose: 'event',
        lines: [
          {
            description: `${event.title}: ${ticket.name}${price.early ? ' (early-bird)' : ''}${price.member ? ', member price' : ''} for ${attendee.name}`,
            quantity: 1,
            unitCents: price.cents,
          },
        ],
        billTo: org ? { name: org.name, email: buyer.email, address: org.billing_address } : { name: attendee.name, email: attendee.email, address: '' },
        actorUserId: input.userId,
        requestId: input.requestId,
      });
      invoice = issued;
      await trx.updateTable('event_orders').set({ invoice_id: issued.id, total_cents: issued.total_cents, status: 'pending' }).where('id', '=', orderId).execute();
      await queueSeatHeld(trx, deps, event, reg.user_id, { ticket: ticket.name, priceCents: price.cents, invoice: issued });
    } else {
      await trx.updateTable('event_orders').set({ status: 'free' }).where('id', '=', orderId).execute();
      await queueConfirmation(trx, deps, event, reg, ticket.name);
    }
    await writeAudit(trx, {
      at: now,
      actorUserId: input.userId,
      action: 'events.offer_accepted',
      entityType: 'event',
      entityId: event.id,
      after: { registrationId: reg.id, priceCents: price.cents, orderId },
      requestId: input.requestId,
    });
    return { invoice };
  });
}
