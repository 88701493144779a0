// Registration (C1): a person takes a seat for themself, or an organization's administrator for
// several of its contacts (one order, one invoice to the organization). Seats are taken at
// registration, under the lock on the event's row: past capacity the registration is waitlisted.
// A priced seat is billed through billing's issueInvoice (purpose 'event') in the same
// transaction; a free one is confirmed at once. The same idempotency key twice places one order.
import type { Invoice } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken } from '../../lib/crypto.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { issueInvoice } from '../billing/index.js';
import { publishEvents } from '../webhooks/index.js';
import { registeredByOrganizationEmail } from './emails.js';
import { countsAsMember, organizationIsMember } from './member.js';
import { type Price, priceFor } from './pricing.js';
import { attendeeOf, myEventsUrl, queueConfirmation, queueSeatHeld, queueWaitlisted, whenOf } from './registration-notify.js';
import { assertOpen, type EventRow, hasRoom, liveSeats, lockEvent, type Seats, type TicketRow, takeSeat, ticketOf, waitlistPosition } from './registration-seats.js';
import type { Trx } from './service.js';

export type RegistrationDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'hooks' | 'association'> & Partial<Pick<Deps, 'jobs'>>;

export interface RegisterInput {
  eventId: string;
  userId: string;
  ticketTypeId: string;
  /** the form's hidden key or the API's Idempotency-Key (namespaced by the caller) */
  idempotencyKey?: string | null;
  requestId?: string;
}

export interface RegistrationOutcome {
  registrationId: string;
  userId: string;
  status: 'registered' | 'waitlisted';
  priceCents: number;
  memberPrice: boolean;
  ticketCode: string;
  waitlistPosition: number | null;
}

export interface OrderOutcome {
  orderId: string;
  eventId: string;
  ticketTypeId: string;
  registrations: RegistrationOutcome[];
  invoice: Pick<Invoice, 'id' | 'number' | 'public_token' | 'total_cents'> | null;
  /** true when the idempotency key had placed this order already: nothing changed */
  replayed: boolean;
}

const conflict = () => new AppError('events.idempotency_conflict', { status: 409, message: 'This idempotency key was already used for a different registration.' });

/** One attempt; a second when a simultaneous request with the same key won the insert. */
async function withKeyRetry<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err, 'event_orders_buyer_user_id_idempotency_key_key')) return run();
    throw err;
  }
}

/** The order a key placed, as it stands now, or null. */
async function replayOf(trx: Trx, buyerUserId: string, key: string | null | undefined): Promise<(OrderOutcome & { organizationId: string | null }) | null> {
  if (!key) return null;
  const order = await trx.selectFrom('event_orders').selectAll().where('buyer_user_id', '=', buyerUserId).where('idempotency_key', '=', key).executeTakeFirst();
  if (!order) return null;
  const regs = await trx
    .selectFrom('event_registrations')
    .select(['id', 'user_id', 'status', 'price_cents', 'member_price', 'ticket_code', 'ticket_type_id', 'event_id', 'waitlisted_at'])
    .where('order_id', '=', order.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const invoice = order.invoice_id
    ? await trx.selectFrom('invoices').select(['id', 'number', 'public_token', 'total_cents']).where('id', '=', order.invoice_id).executeTakeFirst()
    : undefined;
  const registrations: RegistrationOutcome[] = [];
  for (const r of regs) {
    registrations.push({
      registrationId: r.id,
      userId: r.user_id,
      status: r.status === 'waitlisted' ? 'waitlisted' : 'registered',
      priceCents: r.price_cents,
      memberPrice: r.member_price,
      ticketCode: r.ticket_code,
      waitlistPosition: r.status === 'waitlisted' ? await waitlistPosition(trx, r) : null,
    });
  }
  return {
    orderId: order.id,
    eventId: order.event_id,
    organizationId: order.organization_id,
    ticketTypeId: regs[0]?.ticket_type_id ?? '',
    registrations,
    invoice: invoice ?? null,
    replayed: true,
  };
}

/** The waitlist's next arrival time: strictly after everyone already in line (under the event's
 * lock), so that the line keeps the order people arrived in even within one millisecond. */
async function nextWaitlistTime(trx: Trx, eventId: string, now: Date): Promise<Date> {
  const row = await trx
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.max('waitlisted_at').as('last'))
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  const last = row?.last ? new Date(row.last as unknown as string | Date) : null;
  return last && last.getTime() >= now.getTime() ? new Date(last.getTime() + 1) : now;
}

async function alreadyLive(trx: Trx, eventId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  return trx
    .selectFrom('event_registrations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'u.name'])
    .where('r.event_id', '=', eventId)
    .where('r.user_id', 'in', userIds)
    .where('r.status', '<>', 'cancelled')
    .execute();
}

interface Seat {
  userId: string;
  price: Price;
}

/** Places the seats of one order under the event's lock: each registered while there is room,
 * waitlisted after. */
async function placeSeats(trx: Trx, deps: RegistrationDeps, event: EventRow, ticket: TicketRow, orderId: string, seats: Seat[], taken: Seats): Promise<RegistrationOutcome[]> {
  const now = deps.clock.now();
  const out: RegistrationOutcome[] = [];
  for (const s of seats) {
    const room = hasRoom(event, ticket, taken);
    if (room) takeSeat(taken, ticket.id);
    const waitlistedAt = room ? null : await nextWaitlistTime(trx, event.id, now);
    const row = await trx
      .insertInto('event_registrations')
      .values({
        event_id: event.id,
        ticket_type_id: ticket.id,
        order_id: orderId,
        user_id: s.userId,
        status: room ? 'registered' : 'waitlisted',
        price_cents: room ? s.price.cents : 0,
        member_price: s.price.member,
        ticket_code: randomToken(18),
        waitlisted_at: waitlistedAt,
        registered_at: room ? now : null,
      })
      .returning(['id', 'ticket_code', 'event_id', 'waitlisted_at'])
      .executeTakeFirstOrThrow();
    out.push({
      registrationId: row.id,
      userId: s.userId,
      status: room ? 'registered' : 'waitlisted',
      priceCents: room ? s.price.cents : 0,
      memberPrice: s.price.member,
      ticketCode: row.ticket_code,
      waitlistPosition: room ? null : await waitlistPosition(trx, row),
    });
  }
  return out;
}

const lineFor = (event: EventRow, ticket: TicketRow, attendee: string, price: Price) =>
  `${event.title}: ${ticket.name}${price.early ? ' (early-bird)' : ''}${price.member ? ', member price' : ''} for ${attendee}`;

/** A person registers themself: a seat (and an invoice to them when it is priced) or a place on
 * the waitlist. */
export async function registerForEvent(deps: RegistrationDeps, input: RegisterInput): Promise<OrderOutcome> {
  return withKeyRetry(() =>
    deps.db.transaction().execute(async (trx) => {
      // What does not depend on the seats is read before the lock, so that the lock is held briefly.
      const ticket = await ticketOf(trx, input.eventId, input.ticketTypeId).catch(() => null);
      const member = await countsAsMember(trx, input.userId);
      const me = await attendeeOf(trx, input.userId);
      const event = await lockEvent(trx, input.eventId);
      const replay = await replayOf(trx, input.userId, input.idempotencyKey);
      if (replay) {
        if (replay.eventId !== input.eventId || replay.ticketTypeId !== input.ticketTypeId || replay.organizationId !== null) throw conflict();
        return replay;
      }
      const now = deps.clock.now();
      assertOpen(event, now);
      if (!ticket) await ticketOf(trx, event.id, input.ticketTypeId); // throws the 400 of an unknown ticket type
      if (!ticket) throw new Error('unreachable');
      if (event.audience === 'members' && !member) throw new AppError('events.members_only', { status: 403, message: 'This event is for members only.' });
      const price = priceFor(ticket, member, now);
      if ((await alreadyLive(trx, event.id, [input.userId])).length > 0) {
        throw new AppError('events.already_registered', { status: 409, message: 'You are already registered for this event (or on its waitlist): see your events.' });
      }
      const order = await trx
        .insertInto('event_orders')
        .values({ event_id: event.id, buyer_user_id: input.userId, idempotency_key: input.idempotencyKey ?? null, status: 'pending' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [reg] = await placeSeats(trx, deps, event, ticket, order.id, [{ userId: input.userId, price }], await liveSeats(trx, event.id));
      if (!reg) throw new Error('no registration was placed');
      let invoice: OrderOutcome['invoice'] = null;
      if (reg.status === 'registered' && reg.priceCents > 0) {
        const issued = await issueInvoice(trx, deps, {
          userId: input.userId,
          purpose: 'event',
          lines: [{ description: lineFor(event, ticket, me.name, price), quantity: 1, unitCents: price.cents }],
          billTo: { name: me.name, email: me.email, address: '' },
          actorUserId: input.userId,
          requestId: input.requestId,
        });
        invoice = issued;
        await trx.updateTable('event_orders').set({ invoice_id: issued.id, total_cents: issued.total_cents }).where('id', '=', order.id).execute();
        await queueSeatHeld(trx, deps, event, input.userId, { ticket: ticket.name, priceCents: price.cents, invoice: issued });
      } else if (reg.status === 'registered') {
        await trx.updateTable('event_orders').set({ status: 'free' }).where('id', '=', order.id).execute();
        await queueConfirmation(trx, deps, event, { id: reg.registrationId, user_id: input.userId, ticket_code: reg.ticketCode }, ticket.name);
      } else {
        await queueWaitlisted(trx, deps, event, input.userId, reg.waitlistPosition ?? 1);
      }
      await publishEvents(trx, deps, 'event_registration.created', [{ registrationId: reg.registrationId, eventId: event.id, status: reg.status }]);
      await writeAudit(trx, {
        at: now,
        actorUserId: input.userId,
        action: reg.status === 'registered' ? 'events.registered' : 'events.waitlisted',
        entityType: 'event',
        entityId: event.id,
        after: { registrationId: reg.registrationId, orderId: order.id, ticketTypeId: ticket.id, priceCents: reg.priceCents, invoiceId: invoice?.id ?? null },
        requestId: input.requestId,
      });
      return { orderId: order.id, eventId: event.id, ticketTypeId: ticket.id, registrations: [reg], invoice, replayed: false };
    }),
  );
}

export interface GroupInput {
  eventId: string;
  organizationId: string;
  /** an administrator of the organization (the route checked it) */
  buyerUserId: string;
  attendeeUserIds: string[];
  ticketTypeId: string;
  idempotencyKey?: string | null;
  requestId?: string;
}

/** An organization's administrator registers several of its contacts: one order, one invoice to
 * the organization (a line per attendee), member prices when the organization's membership is
 * active. Each attendee is told by email. */
export async function registerGroup(deps: RegistrationDeps, input: GroupInput): Promise<OrderOutcome> {
  const attendees = [...new Set(input.attendeeUserIds)];
  if (attendees.length === 0) throw new AppError('validation_failed', { fields: { attendees: 'Choose at least one person to register.' } });
  if (attendees.length > 100) throw new AppError('validation_failed', { fields: { attendees: 'Register at most 100 people in one order.' } });
  return withKeyRetry(() =>
    deps.db.transaction().execute(async (trx) => {
      const event = await lockEvent(trx, input.eventId);
      const replay = await replayOf(trx, input.buyerUserId, input.idempotencyKey);
      if (replay) {
        const same =
          replay.eventId === input.eventId &&
          replay.ticketTypeId === input.ticketTypeId &&
          replay.organizationId === input.organizationId &&
          [...replay.registrations.map((r) => r.userId)].sort().join() === [...attendees].sort().join();
        if (!same) throw conflict();
        return replay;
      }
      const now = deps.clock.now();
      assertOpen(event, now);
      const ticket = await ticketOf(trx, event.id, input.ticketTypeId);
      const org = await trx.selectFrom('organizations').select(['id', 'name', 'billing_address']).where('id', '=', input.organizationId).executeTakeFirst();
      if (!org) throw new AppError('not_found', { message: 'We could not find that organization among yours.' });
      const contacts = await trx
        .selectFrom('organization_contacts as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select(['u.id', 'u.name', 'u.email'])
        .where('c.organization_id', '=', org.id)
        .where('u.id', 'in', attendees)
        .where('u.disabled_at', 'is', null)
        .execute();
      if (contacts.length !== attendees.length) throw new AppError('validation_failed', { fields: { attendees: 'Choose people from your organization’s contacts.' } });
      const member = await organizationIsMember(trx, org.id);
      if (event.audience === 'members' && !member) throw new AppError('events.members_only', { status: 403, message: 'This event is for members only.' });
      const price = priceFor(ticket, member, now);
      const live = await alreadyLive(trx, event.id, attendees);
      if (live.length > 0) {
        throw new AppError('events.already_registered', {
          status: 409,
          message: `Already registered or on the waitlist: ${live.map((l) => l.name).join(', ')}.`,
          fields: { attendees: `Already registered or on the waitlist: ${live.map((l) => l.name).join(', ')}. Leave them out.` },
        });
      }
      const order = await trx
        .insertInto('event_orders')
        .values({ event_id: event.id, buyer_user_id: input.buyerUserId, organization_id: org.id, idempotency_key: input.idempotencyKey ?? null, status: 'pending' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const byId = new Map(contacts.map((c) => [c.id, c]));
      const regs = await placeSeats(
        trx,
        deps,
        event,
        ticket,
        order.id,
        attendees.map((userId) => ({ userId, price })),
        await liveSeats(trx, event.id),
      );
      const buyer = await attendeeOf(trx, input.buyerUserId);
      const priced = regs.filter((r) => r.status === 'registered' && r.priceCents > 0);
      let invoice: OrderOutcome['invoice'] = null;
      if (priced.length > 0) {
        const issued = await issueInvoice(trx, deps, {
          organizationId: org.id,
          purpose: 'event',
          lines: priced.map((r) => ({ description: lineFor(event, ticket, byId.get(r.userId)?.name ?? '', price), quantity: 1, unitCents: r.priceCents })),
          billTo: { name: org.name, email: buyer.email, address: org.billing_address },
          actorUserId: input.buyerUserId,
          requestId: input.requestId,
        });
        invoice = issued;
        await trx.updateTable('event_orders').set({ invoice_id: issued.id, total_cents: issued.total_cents }).where('id', '=', order.id).execute();
      } else if (regs.some((r) => r.status === 'registered')) {
        await trx.updateTable('event_orders').set({ status: 'free' }).where('id', '=', order.id).execute();
      }
      for (const r of regs) {
        const who = byId.get(r.userId);
        if (!who) continue;
        await deps.mail.queue(trx, {
          to: who.email,
          template: registeredByOrganizationEmail.name,
          data: {
            event: event.title,
            when: whenOf(event),
            url: myEventsUrl(deps),
            organization: org.name,
            by: buyer.name,
            waitlisted: r.status === 'waitlisted',
            invoiced: !!invoice,
          },
        });
        if (r.status === 'registered' && !invoice) await queueConfirmation(trx, deps, event, { id: r.registrationId, user_id: r.userId, ticket_code: r.ticketCode }, ticket.name);
      }
      await publishEvents(
        trx,
        deps,
        'event_registration.created',
        regs.map((r) => ({ registrationId: r.registrationId, eventId: event.id, status: r.status })),
      );
      await writeAudit(trx, {
        at: now,
        actorUserId: input.buyerUserId,
        action: 'events.group_registered',
        entityType: 'event',
        entityId: event.id,
        after: {
          orderId: order.id,
          organizationId: org.id,
          registered: regs.filter((r) => r.status === 'registered').length,
          waitlisted: regs.filter((r) => r.status === 'waitlisted').length,
          invoiceId: invoice?.id ?? null,
        },
        requestId: input.requestId,
      });
      return { orderId: order.id, eventId: event.id, ticketTypeId: ticket.id, registrations: regs, invoice, replayed: false };
    }),
  );
}
