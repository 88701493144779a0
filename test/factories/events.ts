// Test factories of events: an event with its ticket types and agenda, made through the events
// module's own use cases (draft by default, or published), starting a set time after the clock.
import { randomBytes, randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import type { EventFormat, EventKind, EventRegistrationStatus } from '../../src/db/types.js';
import { issueInvoice } from '../../src/modules/billing/index.js';
import { addSession, addTicketType, createEvent, type NewTicketType, publishEvent } from '../../src/modules/events/index.js';
import type { FactoryContext } from './context.js';

const HOUR = 3_600_000;

export interface TestEvent {
  id: string;
  slug: string;
  ticketTypeIds: string[];
  sessionIds: string[];
}

/** An event `startsInHours` after the test clock (default a week), lasting `hours` (default 3),
 * with one ticket type per entry of `tickets` (default: one, $100 members, $150 others) and one
 * session per entry of `sessions` (default: one over the whole event, 180 PD minutes). */
export async function anEvent(
  ctx: FactoryContext,
  o: {
    slug?: string;
    title?: string;
    kind?: EventKind;
    format?: EventFormat;
    audience?: 'everyone' | 'members';
    capacity?: number | null;
    startsInHours?: number;
    hours?: number;
    timeZone?: string;
    joinUrl?: string | null;
    offerHours?: number;
    cancelHoursBefore?: number;
    tickets?: NewTicketType[];
    sessions?: Array<{ title: string; startsInHours: number; hours: number; pdMinutes?: number }>;
    pathwayIds?: string[];
    published?: boolean;
    actorUserId?: string | null;
  } = {},
): Promise<TestEvent> {
  const now = ctx.deps.clock.now().getTime();
  const startsAt = new Date(now + (o.startsInHours ?? 24 * 7) * HOUR);
  const endsAt = new Date(startsAt.getTime() + (o.hours ?? 3) * HOUR);
  const format = o.format ?? 'in_person';
  const actor = { userId: o.actorUserId ?? null };
  return ctx.deps.db.transaction().execute(async (trx) => {
    const event = await createEvent(
      trx,
      ctx.deps,
      {
        slug: o.slug ?? `event-${randomUUID().slice(0, 8)}`,
        title: o.title ?? 'Climate Resilience Workshop',
        kind: o.kind ?? 'workshop',
        format,
        audience: o.audience,
        summary: 'A hands-on workshop for local government staff.',
        timeZone: o.timeZone ?? 'America/Chicago',
        startsAt,
        endsAt,
        venueName: format === 'online' ? '' : 'City Hall, Council Chambers',
        venueAddress: format === 'online' ? '' : '100 Main St, Springfield, IL 62701',
        joinUrl: o.joinUrl === undefined ? (format === 'in_person' ? null : 'https://meet.example.org/j/123456') : o.joinUrl,
        capacity: o.capacity ?? null,
        offerHours: o.offerHours,
        cancelHoursBefore: o.cancelHoursBefore,
        pathwayIds: o.pathwayIds,
      },
      actor,
    );
    const ticketTypeIds: string[] = [];
    for (const [i, t] of (o.tickets ?? [{ name: 'General admission', memberCents: 10_000, nonmemberCents: 15_000 }]).entries()) {
      ticketTypeIds.push(await addTicketType(trx, ctx.deps, event.id, { position: i, ...t }, actor));
    }
    const sessionIds: string[] = [];
    for (const s of o.sessions ?? [{ title: 'Workshop', startsInHours: 0, hours: o.hours ?? 3, pdMinutes: 180 }]) {
      const start = new Date(startsAt.getTime() + s.startsInHours * HOUR);
      sessionIds.push(
        await addSession(trx, ctx.deps, event.id, { title: s.title, startsAt: start, endsAt: new Date(start.getTime() + s.hours * HOUR), pdMinutes: s.pdMinutes ?? 0 }, actor),
      );
    }
    if (o.published !== false) await publishEvent(trx, ctx.deps, event.id, actor);
    return { id: event.id, slug: event.slug, ticketTypeIds, sessionIds };
  });
}

// ---- event operations (staff lists, check-in, PD log): registrations and orders written
// directly, until the registration use cases are merged.

/** A registration (registered by default) of `userId` for the event, with a random ticket code. */
export async function aRegistration(
  ctx: FactoryContext,
  o: { eventId: string; ticketTypeId: string; userId: string; status?: EventRegistrationStatus; priceCents?: number; orderId?: string | null; waitlistedAt?: Date },
): Promise<{ id: string; ticketCode: string }> {
  const now = ctx.deps.clock.now();
  const status = o.status ?? 'registered';
  const ticketCode = randomBytes(16).toString('base64url');
  const row = await ctx.deps.db
    .insertInto('event_registrations')
    .values({
      event_id: o.eventId,
      ticket_type_id: o.ticketTypeId,
      user_id: o.userId,
      order_id: o.orderId ?? null,
      status,
      price_cents: o.priceCents ?? 0,
      ticket_code: ticketCode,
      registered_at: status === 'registered' ? now : null,
      waitlisted_at: status === 'waitlisted' || status === 'offered' ? (o.waitlistedAt ?? now) : null,
      offer_expires_at: status === 'offered' ? new Date(now.getTime() + 48 * HOUR) : null,
      cancelled_at: status === 'cancelled' ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, ticketCode };
}

/** An order of `buyerUserId` for the event, with billing's invoice of `cents` (none when 0). */
export async function anEventOrder(ctx: FactoryContext, o: { eventId: string; buyerUserId: string; cents: number }): Promise<{ id: string; invoiceId: string | null }> {
  return ctx.deps.db.transaction().execute(async (trx) => {
    const buyer = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', o.buyerUserId).executeTakeFirstOrThrow();
    const invoice =
      o.cents > 0
        ? await issueInvoice(trx, ctx.deps, {
            userId: o.buyerUserId,
            purpose: 'event',
            lines: [{ description: 'Event registration', quantity: 1, unitCents: o.cents }],
            billTo: { name: buyer.name, email: buyer.email, address: '' },
          })
        : null;
    const order = await trx
      .insertInto('event_orders')
      .values({ event_id: o.eventId, buyer_user_id: o.buyerUserId, invoice_id: invoice?.id ?? null, status: invoice ? 'pending' : 'free', total_cents: o.cents })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: order.id, invoiceId: invoice?.id ?? null };
  });
}

/** The emails of one template sent to an address, oldest first (rows of one instant in any order). */
export const eventMailTo = (ctx: FactoryContext, email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text', 'attachments']).where('to_address', '=', email).where('template', '=', template).orderBy('created_at').execute();

/** The calendar invitation attached to the confirmation sent to an address. */
export async function invitationOf(ctx: FactoryContext, email: string): Promise<string> {
  const [mail] = await eventMailTo(ctx, email, 'events.confirmed');
  if (!mail) throw new Error(`no confirmation to ${email}`);
  const [file] = await ctx.deps.mail.renderAttachments(mail.attachments);
  if (!file) throw new Error('no attachment');
  if (!file.contentType.includes('text/calendar')) throw new Error(`the attachment is ${file.contentType}, not an invitation`);
  return file.content.toString('utf8');
}

/** An invitation's description, unfolded (long lines are folded at 75 octets). */
export const invitationDescription = (ics: string) => String(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')?.getFirstPropertyValue('description') ?? '');
