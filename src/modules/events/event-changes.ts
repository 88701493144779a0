// When programs staff change a published event's time or place (start, end, time zone, format,
// venue, address or join link): the event's calendar version (`sequence`) goes up and each live
// registrant (a seat registered or offered) is emailed what changed, old and new, with the updated
// calendar file; each person on the waitlist is told of a new time or place too (no file: they hold
// no seat). It runs inside the edit's transaction, under the event's lock, so one change queues one
// email per person; saving the same values again changes nothing and tells no one.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, EventFormat } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { type EventChange, eventChangedEmail } from './change-emails.js';
import { calendarFileAttachment, invitationFile, invitationSent, locationOf } from './ics.js';
import { eventWhen } from './registration-format.js';

/** The event's time and place as stored. */
export interface TimeAndPlace {
  status: string;
  slug: string;
  title: string;
  format: EventFormat;
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  venue_name: string;
  venue_address: string;
  join_url: string | null;
}

// Not service.ts's types: service.ts calls this file, and a cycle of imports is refused.
type Trx = Transaction<DB>;
type ChangeDeps = Pick<Deps, 'clock' | 'mail' | 'config'>;
/** The form's new time and place (service.ts's NewEvent). */
interface NewTimeAndPlace {
  format: EventFormat;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  venueName?: string;
  venueAddress?: string;
  joinUrl?: string | null;
}

const placeOf = (e: { format: EventFormat; venue_name: string; venue_address: string }) => locationOf(e) || 'No place given';

/** What really changed of the time or place (the description, title or tickets do not count).
 * Times are written as the event's page writes them, in the event's own zone with its abbreviation:
 * the old times in the zone the event had, the new in the zone it has now. */
export function timeOrPlaceChanges(before: TimeAndPlace, input: NewTimeAndPlace): EventChange[] {
  const after = {
    format: input.format,
    venue_name: input.venueName ?? '',
    venue_address: input.venueAddress ?? '',
  };
  const changes: EventChange[] = [];
  if (before.starts_at.getTime() !== input.startsAt.getTime() || before.ends_at.getTime() !== input.endsAt.getTime())
    changes.push({ what: 'when', from: eventWhen(before.starts_at, before.ends_at, before.time_zone), to: eventWhen(input.startsAt, input.endsAt, input.timeZone) });
  if (before.time_zone !== input.timeZone) changes.push({ what: 'time_zone', from: timeZoneLabel(before.time_zone), to: timeZoneLabel(input.timeZone) });
  if (placeOf(before) !== placeOf(after)) changes.push({ what: 'where', from: placeOf(before), to: placeOf(after) });
  // the join link is private: the email says it changed, never what it is
  if ((before.join_url ?? null) !== (input.joinUrl ?? null) && input.format !== 'in_person') changes.push({ what: 'join_link' });
  return changes;
}

/** Whether registrants hear of a change now: a published event that has not ended. A draft has
 * nobody registered; a past event's change is a correction of the record. */
export const tellsRegistrants = (e: { status: string; ends_at: Date }, now: Date): boolean => e.status === 'published' && e.ends_at.getTime() > now.getTime();

/** The registrations of one status group of people whose accounts are not disabled: the live
 * seats (registered or offered), or the waitlist. */
function registrantsIn(db: Trx | Db, eventId: string, statuses: Array<'registered' | 'offered' | 'waitlisted'>) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .where('r.event_id', '=', eventId)
    .where('r.status', 'in', statuses)
    .where('u.disabled_at', 'is', null);
}

/** Whom a change emails, counted apart: the registered (each with the updated calendar file), those
 * offered a seat from the waitlist (no calendar file: an offer is not in their calendar yet), and
 * those on the waitlist. */
export interface Told {
  registered: number;
  offered: number;
  waitlist: number;
}

/** The waitlist hears of a change of time or place only: the join link is never theirs to use. */
const forTheWaitlist = (changes: EventChange[]) => changes.filter((c) => c.what !== 'join_link');

/** How many people an edit of the event's time or place would email now (the edit page says so
 * before saving); none for a draft or an event that has ended. */
export async function countRegistrantsToTell(db: Db, event: { id: string; status: string; ends_at: Date }, now: Date): Promise<Told> {
  if (!tellsRegistrants(event, now)) return { registered: 0, offered: 0, waitlist: 0 };
  const count = async (statuses: Array<'registered' | 'offered' | 'waitlisted'>) => {
    const row = await registrantsIn(db, event.id, statuses)
      .select((eb) => eb.fn.count<string>('r.user_id').distinct().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { registered: await count(['registered']), offered: await count(['offered']), waitlist: await count(['waitlisted']) };
}

/** Raises the event's calendar version and emails each live registrant the changes, and each
 * person on the waitlist a change of time or place (no calendar file: they hold no seat). Returns
 * how many were emailed. Call it in the edit's transaction, after the event row is updated. */
export async function tellRegistrantsOfChanges(trx: Trx, deps: ChangeDeps, eventId: string, before: TimeAndPlace, changes: EventChange[]): Promise<Told> {
  const none = { registered: 0, offered: 0, waitlist: 0 };
  if (changes.length === 0) return none;
  await trx
    .updateTable('events')
    .set((eb) => ({ sequence: eb('sequence', '+', 1) }))
    .where('id', '=', eventId)
    .execute();
  if (!tellsRegistrants(before, deps.clock.now())) return none;
  const people = await registrantsIn(trx, eventId, ['registered', 'offered'])
    .leftJoin('event_orders as o', 'o.id', 'r.order_id')
    .select(['r.id', 'r.status', 'u.email', 'o.status as order_status'])
    .execute();
  const waitlistChanges = forTheWaitlist(changes);
  const waiting = waitlistChanges.length ? await registrantsIn(trx, eventId, ['waitlisted']).select(['r.id', 'u.email']).execute() : [];
  if (people.length === 0 && waiting.length === 0) return none;
  const url = `${deps.config.publicUrl}/events/${before.slug}`;
  const myEventsUrl = `${deps.config.publicUrl}/me/events`;
  await deps.mail.queueMany(trx, [
    ...people.map((p) => {
      // the invitation that went out with the confirmation, updated; a seat waiting for its invoice
      // had none, only the file its ticket page offers; an offer has no calendar entry yet
      const invited = p.status === 'registered' && invitationSent({ status: p.order_status ?? '' });
      const attachment = p.status !== 'registered' ? null : invited ? invitationFile(p.id) : calendarFileAttachment(p.id);
      return {
        to: p.email,
        template: eventChangedEmail.name,
        data: { event: before.title, changes, offered: p.status === 'offered', calendar: attachment ? (invited ? 'invitation' : 'file') : null, url, myEventsUrl },
        attachments: attachment ? [attachment] : [],
      };
    }),
    ...waiting.map((w) => ({
      to: w.email,
      template: eventChangedEmail.name,
      data: { event: before.title, changes: waitlistChanges, offered: false, waitlisted: true, calendar: null, url, myEventsUrl },
      attachments: [],
    })),
  ]);
  const offered = people.filter((p) => p.status === 'offered').length;
  return { registered: people.length - offered, offered, waitlist: waiting.length };
}
