// iCalendar invitations (RFC 5546 iTIP through the `ics` library): METHOD:REQUEST for a booking
// or a move, METHOD:CANCEL for a cancellation; the UID is the meeting's and stays the same, the
// SEQUENCE goes up with each change. Times are written in UTC; the zones are named in the text.
// The file is stored when the change is made (meeting_invitations) and attached by id.
import { createEvent } from 'ics';
import type { AttachmentRenderer } from '../../lib/email.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { type Arrangement, howItHappens, locationOf, plainText } from './meeting-format.js';
import type { Executor } from './service.js';
import { formatRange } from './slots.js';

export interface InvitationInput {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  organization: { name: string; timeZone: string };
  advisor: { name: string; email: string; timeZone: string };
  contacts: Array<{ name: string; email: string }>;
  associationName: string;
  url: string;
  /** how it happens: LOCATION (the link, the number or the address), URL (a video call's link),
   * and a line of the description */
  arrangement: Arrangement;
}

export function buildInvitation(i: InvitationInput): string {
  const summary = `First meeting: ${i.organization.name} with ${i.advisor.name} (${i.associationName})`;
  const how = plainText(howItHappens(i.arrangement, { reader: 'both', advisor: i.advisor.name, organization: i.organization.name, booked: true }));
  const location = locationOf(i.arrangement);
  const description = [
    `How you meet: ${how}`,
    `Organization's time, ${timeZoneLabel(i.organization.timeZone)}: ${formatRange(i.start, i.end, i.organization.timeZone)}.`,
    `Advisor's time, ${timeZoneLabel(i.advisor.timeZone)}: ${formatRange(i.start, i.end, i.advisor.timeZone)}.`,
    i.method === 'CANCEL' ? 'This meeting is cancelled.' : `See or change the meeting: ${i.url}`,
  ].join('\n');
  const { error, value } = createEvent({
    productId: 'civnet/advising',
    method: i.method,
    uid: i.uid,
    sequence: i.sequence,
    start: i.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: i.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: summary,
    description,
    ...(location ? { location } : {}),
    // A video call's link is also the event's URL (calendar apps show a join button); it is an
    // https address with a real host name (meeting-format.ts), which `ics` accepts.
    ...(i.arrangement.format === 'video' && i.arrangement.link ? { url: i.arrangement.link } : {}),
    status: i.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    busyStatus: 'BUSY',
    organizer: { name: i.advisor.name, email: i.advisor.email },
    attendees: [
      ...i.contacts.map((c) => ({ name: c.name, email: c.email, rsvp: true, partstat: 'NEEDS-ACTION' as const, role: 'REQ-PARTICIPANT' as const })),
      { name: i.advisor.name, email: i.advisor.email, rsvp: false, partstat: 'ACCEPTED' as const, role: 'CHAIR' as const },
    ],
    // The page of the meeting is not the URL property: `ics` validates it strictly (a local
    // address such as localhost:0 fails); that link is in the description.
  });
  if (error || !value) throw error ?? new Error('the invitation could not be written');
  // RFC 5545 lines end in CRLF; `ics` writes CRLF already, make sure of it for every mail client.
  return value.replace(/\r?\n/g, '\r\n');
}

export const INVITATION_ATTACHMENT = 'meeting_invitation';

/** The renderer that attaches a stored invitation to its emails when they are sent (kind
 * INVITATION_ATTACHMENT; the composition root puts it on `deps.mail.attachments`). */
export function invitationAttachment(db: Executor): AttachmentRenderer {
  return async (id) => {
    const row = await db.selectFrom('meeting_invitations').select(['ics', 'method']).where('id', '=', id).executeTakeFirstOrThrow();
    return { content: Buffer.from(row.ics, 'utf8'), contentType: `text/calendar; method=${row.method}; charset=UTF-8` };
  };
}
