// iCalendar invitations to a cohort's meetings (the `ics` library, as advising does): one
// METHOD:REQUEST per participant, rendered when the email is sent, with only that participant as
// attendee (participants do not see each other's addresses). The UID is the meeting's.
import { createEvent } from 'ics';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import type { AttachmentRenderer } from '../../lib/email.js';
import { timeZoneLabel } from '../../lib/us-states.js';

export const MEETING_INVITATION_ATTACHMENT = 'cohort_meeting_invitation';

export interface CohortInvitationInput {
  uid: string;
  sequence: number;
  title: string;
  cohortTitle: string;
  start: Date;
  end: Date;
  timeZone: string;
  place: string;
  onlineUrl: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  spaceUrl: string;
}

/** The meeting's time written in its own time zone, with the zone named. */
export function formatMeetingTime(start: Date, end: Date, zone: string): string {
  const s = DateTime.fromJSDate(start, { zone });
  const e = DateTime.fromJSDate(end, { zone });
  return `${s.toFormat('cccc, LLLL d, yyyy, h:mm a')} to ${e.toFormat('h:mm a')}, ${timeZoneLabel(zone)} time`;
}

export function buildCohortInvitation(i: CohortInvitationInput): string {
  const where = [i.place, i.onlineUrl].filter(Boolean).join(' — ');
  const { error, value } = createEvent({
    productId: 'civnet/cohorts',
    method: 'REQUEST',
    uid: i.uid,
    sequence: i.sequence,
    start: i.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: i.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `${i.title} (${i.cohortTitle})`,
    description: [`${formatMeetingTime(i.start, i.end, i.timeZone)}.`, i.onlineUrl ? `Join online: ${i.onlineUrl}` : '', `The cohort's space: ${i.spaceUrl}`]
      .filter(Boolean)
      .join('\n'),
    ...(where ? { location: where } : {}),
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
    organizer: i.organizer,
    attendees: [{ name: i.attendee.name, email: i.attendee.email, rsvp: true, partstat: 'NEEDS-ACTION', role: 'REQ-PARTICIPANT' }],
  });
  if (error || !value) throw error ?? new Error('the invitation could not be written');
  return value.replace(/\r?\n/g, '\r\n');
}

/** The attachment's id: the meeting and the participant it is for. */
export const invitationId = (meetingId: string, userId: string) => `${meetingId}:${userId}`;

/** Renders a participant's invitation when the email is sent (the composition root puts it on
 * `deps.mail.attachments` under MEETING_INVITATION_ATTACHMENT). */
export function cohortInvitationAttachment(db: Db, opts: { publicUrl: string }): AttachmentRenderer {
  return async (id) => {
    const [meetingId = '', userId = ''] = id.split(':');
    const m = await db
      .selectFrom('cohort_meetings as m')
      .innerJoin('cohorts as c', 'c.id', 'm.cohort_id')
      .select(['m.uid', 'm.sequence', 'm.title', 'm.starts_at', 'm.ends_at', 'm.time_zone', 'm.place', 'm.online_url', 'c.title as cohort_title', 'c.slug'])
      .where('m.id', '=', meetingId)
      .executeTakeFirstOrThrow();
    const person = await db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
    const association = await db.selectFrom('association').select(['name', 'contact_email']).where('id', '=', 1).executeTakeFirst();
    const ics = buildCohortInvitation({
      uid: m.uid,
      sequence: m.sequence,
      title: m.title,
      cohortTitle: m.cohort_title,
      start: m.starts_at,
      end: m.ends_at,
      timeZone: m.time_zone,
      place: m.place,
      onlineUrl: m.online_url,
      organizer: { name: association?.name ?? 'Civnet', email: association?.contact_email || 'programs@civnet.invalid' },
      attendee: person,
      spaceUrl: `${opts.publicUrl}/cohorts/${m.slug}/space`,
    });
    return { content: Buffer.from(ics, 'utf8'), contentType: 'text/calendar; method=REQUEST; charset=UTF-8' };
  };
}
