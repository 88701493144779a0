// Test factories of events: an event with its ticket types and agenda, made through the events
// module's own use cases (draft by default, or published), starting a set time after the clock.
import { randomUUID } from 'node:crypto';
import type { EventFormat, EventKind } from '../../src/db/types.js';
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
