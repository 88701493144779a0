// iCalendar for registrations (RFC 5545/5546 through the `ics` library): the invitation attached
// to a registrant's confirmation (METHOD:REQUEST; a cancelled registration's is METHOD:CANCEL),
// whose UID is the registration's and never changes, and the personal calendar feed of one's
// registered events. Each copy carries the event's SEQUENCE (raised when its time or place
// changes), so an updated invitation replaces the saved one. Times are written in UTC; the event's own zone is named in the text. The
// join link appears only in the invitation rendered for the registrant's own email; the feed, a
// URL people paste into shared calendars, points to the ticket page instead.
import { createEvent, createEvents, type EventAttributes } from 'ics';
import type { Db } from '../../db/client.js';
import type { AttachmentRenderer } from '../../lib/email.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { eventWhen } from './registration-format.js';

export interface InvitationEvent {
  title: string;
  summary: string;
  format: 'online' | 'in_person' | 'hybrid';
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  venue_name: string;
  venue_address: string;
  join_url: string | null;
  /** the event's calendar version (SEQUENCE), raised when its time or place changes */
  sequence: number;
}

/** The event's columns a calendar copy of a seat is written from (an InvitationEvent), for a query
 * that joins `events as e`: the invitation, the Add to calendar file and the personal feed read
 * the same ones. */
export const EVENT_CALENDAR_COLUMNS = [
  'e.title',
  'e.summary',
  'e.format',
  'e.time_zone',
  'e.starts_at',
  'e.ends_at',
  'e.venue_name',
  'e.venue_address',
  'e.join_url',
  'e.sequence',
] as const;

export const locationOf = (e: Pick<InvitationEvent, 'format' | 'venue_name' | 'venue_address'>): string =>
  e.format === 'online' ? 'Online' : [e.venue_name, e.venue_address.replace(/\s*\n\s*/g, ', ')].filter(Boolean).join(', ');

const uidOf = (registrationId: string) => `event-registration-${registrationId}@civnet`;

function attributes(e: InvitationEvent, registrationId: string, text: string[]): EventAttributes {
  return {
    uid: uidOf(registrationId),
    start: e.starts_at.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: e.ends_at.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: e.title,
    description: [e.summary, `Time, ${timeZoneLabel(e.time_zone)}: ${eventWhen(e.starts_at, e.ends_at, e.time_zone)}.`, ...text].filter(Boolean).join('\n'),
    location: locationOf(e),
    busyStatus: 'BUSY',
    sequence: e.sequence,
  };
}

const crlf = (value: string) => value.replace(/\r?\n/g, '\r\n');

/** The registrant's invitation: REQUEST while the seat is theirs, CANCEL once it is not. */
export function buildEventInvitation(i: {
  event: InvitationEvent;
  registrationId: string;
  cancelled: boolean;
  attendee: { name: string; email: string };
  organizer: { name: string; email: string };
  ticketUrl: string;
}): string {
  const join = !i.cancelled && i.event.join_url && i.event.format !== 'in_person' ? [`Join online: ${i.event.join_url}`] : [];
  const { error, value } = createEvent({
    ...attributes(i.event, i.registrationId, [...join, `Your ticket: ${i.ticketUrl}`]),
    productId: 'civnet/events',
    method: i.cancelled ? 'CANCEL' : 'REQUEST',
    // a cancellation outranks the last invitation of the event's version
    sequence: i.event.sequence + (i.cancelled ? 1 : 0),
    status: i.cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: i.organizer.name, email: i.organizer.email },
    attendees: [{ name: i.attendee.name, email: i.attendee.email, rsvp: false, partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' }],
  });
  if (error || !value) throw error ?? new Error('the invitation could not be written');
  return crlf(value);
}

/** One seat's event as a file to add to a calendar (the ticket page's "Add to calendar"):
 * METHOD:PUBLISH, no organizer or attendees (nothing to answer), and the invitation's own UID, so
 * the cancellation sent when the seat ends takes this copy off too. The join link only when the
 * caller says the seat is confirmed (paid, free or billed to an organization that paid). */
export function buildTicketCalendarFile(i: { event: InvitationEvent; registrationId: string; ticketUrl: string; withJoinLink: boolean; cancelled?: boolean }): string {
  const join = i.withJoinLink && i.event.join_url && i.event.format !== 'in_person' ? [`Join online: ${i.event.join_url}`] : [];
  const { error, value } = createEvent({
    ...attributes(i.event, i.registrationId, [...join, `Your ticket: ${i.ticketUrl}`]),
    productId: 'civnet/events',
    method: 'PUBLISH',
    status: i.cancelled ? 'CANCELLED' : 'CONFIRMED',
  });
  if (error || !value) throw error ?? new Error('the calendar file could not be written');
  return crlf(value);
}

/** One's registered events as a calendar (the personal feed). */
export function buildCalendarFeed(calName: string, rows: Array<{ registrationId: string; event: InvitationEvent; ticketUrl: string }>): string {
  if (rows.length === 0) {
    // `ics` writes nothing for no events; an empty calendar is still a calendar.
    return crlf(
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:civnet/events', 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${calName.replace(/[\r\n,;\\]/g, ' ')}`, 'END:VCALENDAR', ''].join('\n'),
    );
  }
  const { error, value } = createEvents(
    rows.map((r) => ({ ...attributes(r.event, r.registrationId, [`Your ticket: ${r.ticketUrl}`]), status: 'CONFIRMED' as const })),
    { productId: 'civnet/events', calName },
  );
  if (error || !value) throw error ?? new Error('the calendar could not be written');
  return crlf(value);
}

export const EVENT_INVITATION_ATTACHMENT = 'event_invitation';

/** A registration's invitation as an email attachment: REQUEST while its seat is held, CANCEL once
 * it is not (decided when the email is sent). */
export const invitationFile = (registrationId: string) => ({ kind: EVENT_INVITATION_ATTACHMENT, id: registrationId, filename: 'invitation.ics' });

/** Whether a seat's confirmation, with its invitation, has gone out: its order is paid or free.
 * Only then does its end need a CANCEL to take the event off the person's calendar. */
export const invitationSent = (order: { status: string } | null | undefined): boolean => order?.status === 'paid' || order?.status === 'free';

/** Renders a registration's invitation when its email is sent (kind EVENT_INVITATION_ATTACHMENT,
 * id: the registration; the composition root puts it on `deps.mail.attachments`). */
export function eventInvitationAttachment(db: Db, publicUrl: string): AttachmentRenderer {
  return async (id) => {
    const row = await db
      .selectFrom('event_registrations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.status', 'r.ticket_code', 'u.name as attendee_name', 'u.email as attendee_email', ...EVENT_CALENDAR_COLUMNS])
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow();
    const association = await db.selectFrom('association').select(['name', 'contact_email']).where('id', '=', 1).executeTakeFirst();
    const cancelled = row.status !== 'registered';
    const ics = buildEventInvitation({
      event: row,
      registrationId: row.id,
      cancelled,
      attendee: { name: row.attendee_name, email: row.attendee_email },
      organizer: { name: association?.name ?? 'Civnet', email: association?.contact_email ?? 'hello@civnet.local' },
      ticketUrl: `${publicUrl}/tickets/${row.ticket_code}`,
    });
    return { content: Buffer.from(ics, 'utf8'), contentType: `text/calendar; method=${cancelled ? 'CANCEL' : 'REQUEST'}; charset=UTF-8` };
  };
}

export const EVENT_CALENDAR_FILE_ATTACHMENT = 'event_calendar_file';

/** A registration's "Add to calendar" file as an email attachment, for a seat whose invitation has
 * not gone out yet (its invoice unpaid) when its event's time or place changes. */
export const calendarFileAttachment = (registrationId: string) => ({ kind: EVENT_CALENDAR_FILE_ATTACHMENT, id: registrationId, filename: 'event.ics' });

/** Renders the ticket page's calendar file when its email is sent (kind EVENT_CALENDAR_FILE_ATTACHMENT):
 * the event as it is then, the join link only once the seat is confirmed; a seat ended since is
 * written cancelled, so the copy leaves the calendar. */
export function eventCalendarFileAttachment(db: Db, publicUrl: string): AttachmentRenderer {
  return async (id) => {
    const row = await db
      .selectFrom('event_registrations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .leftJoin('event_orders as o', 'o.id', 'r.order_id')
      .select(['r.id', 'r.status', 'r.ticket_code', 'o.status as order_status', ...EVENT_CALENDAR_COLUMNS])
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow();
    const live = row.status === 'registered';
    const ics = buildTicketCalendarFile({
      event: live ? row : { ...row, sequence: row.sequence + 1 },
      registrationId: row.id,
      ticketUrl: `${publicUrl}/tickets/${row.ticket_code}`,
      withJoinLink: live && row.order_status !== 'pending',
      cancelled: !live,
    });
    return { content: Buffer.from(ics, 'utf8'), contentType: 'text/calendar; method=PUBLISH; charset=UTF-8' };
  };
}
