// First meetings: booking a slot of the organization's advisor, moving it, cancelling it. Each
// runs in one transaction: the slot is checked against the advisor's open slots and held by the
// insert (the unique index `meetings_slot_taken` makes the second of two simultaneous bookings
// fail, `meetings_one_first_meeting` keeps one booked first meeting per organization). Each
// change stores its iCalendar file and emails it to both sides, with its audit row.
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, alreadyDone } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { meetingBookedEmail, meetingCancelledEmail, meetingRescheduledEmail } from './emails.js';
import { buildInvitation, INVITATION_ATTACHMENT } from './ics.js';
import { type Arrangement, advisorArrangement, howItHappens, memberPhoneError, plainText } from './meeting-format.js';
import { currentAdvisor, type Executor, organizationContacts, type Trx } from './service.js';
import { BOOKING_GRACE_HOURS, formatRange, LEAD_HOURS, openSlots } from './slots.js';

type MeetingDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;

export const slotTaken = () =>
  new AppError('advising.slot_taken', { status: 409, message: 'Sorry, that time was just taken or is no longer available. Please choose another time below.' });
const alreadyBooked = () =>
  new AppError('advising.already_booked', { status: 409, message: 'Your organization already has a first meeting booked. You can move or cancel it instead.' });
const notFound = () => new AppError('not_found', { message: 'There is no such meeting.' });

export interface OrgMeeting {
  id: string;
  organizationId: string;
  advisorUserId: string;
  start: Date;
  end: Date;
  status: 'booked' | 'cancelled';
  uid: string;
  sequence: number;
  /** how it happens, as it was when booked (and the number the member gave) */
  arrangement: Arrangement;
}

export const MEETING_COLUMNS = [
  'id',
  'organization_id',
  'advisor_user_id',
  'starts_at',
  'ends_at',
  'status',
  'uid',
  'sequence',
  'format',
  'link',
  'phone',
  'address',
  'member_phone',
] as const;
export const toMeeting = (r: {
  id: string;
  organization_id: string;
  advisor_user_id: string;
  starts_at: Date;
  ends_at: Date;
  status: 'booked' | 'cancelled';
  uid: string;
  sequence: number;
  format: Arrangement['format'];
  link: string;
  phone: string;
  address: string;
  member_phone: string;
}): OrgMeeting => ({
  id: r.id,
  organizationId: r.organization_id,
  advisorUserId: r.advisor_user_id,
  start: r.starts_at,
  end: r.ends_at,
  status: r.status,
  uid: r.uid,
  sequence: r.sequence,
  arrangement: { format: r.format, link: r.link, phone: r.phone, address: r.address, memberPhone: r.member_phone },
});

/** The organization's booked first meeting, if any. */
export async function bookedMeeting(db: Executor, organizationId: string): Promise<OrgMeeting | null> {
  const r = await db
    .selectFrom('meetings')
    .select(MEETING_COLUMNS)
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'booked')
    .where('kind', '=', 'first_meeting')
    .executeTakeFirst();
  return r ? toMeeting(r) : null;
}

/** A meeting by id, only if it belongs to one of these organizations; otherwise null. */
export async function meetingOf(db: Executor, id: string, organizationIds: string[]): Promise<OrgMeeting | null> {
  if (organizationIds.length === 0) return null;
  const r = await db.selectFrom('meetings').select(MEETING_COLUMNS).where('id', '=', id).where('organization_id', 'in', organizationIds).executeTakeFirst();
  return r ? toMeeting(r) : null;
}

/** A meeting by id, only if this advisor is its advisor; otherwise null. */
export async function advisorMeetingOf(db: Executor, id: string, advisorUserId: string): Promise<OrgMeeting | null> {
  const r = await db.selectFrom('meetings').select(MEETING_COLUMNS).where('id', '=', id).where('advisor_user_id', '=', advisorUserId).executeTakeFirst();
  return r ? toMeeting(r) : null;
}

async function requireSlot(trx: Trx, advisorUserId: string, start: Date, now: Date, ignoreMeetingId?: string) {
  const slots = await openSlots(trx, advisorUserId, now, { ignoreMeetingId, leadHours: LEAD_HOURS - BOOKING_GRACE_HOURS });
  const slot = slots.find((s) => s.start.getTime() === start.getTime());
  if (!slot) throw slotTaken();
  return slot;
}

interface Change {
  kind: 'booked' | 'rescheduled' | 'cancelled';
  meeting: OrgMeeting;
  previous?: { start: Date; end: Date };
  /** who moved or cancelled it (a contact or the advisor), named in the email */
  actorUserId?: string;
}

/** Who a meeting's emails go to: the organization (its name, zone and contacts) and the advisor. */
export async function meetingParties(trx: Trx, m: OrgMeeting) {
  const org = await trx.selectFrom('organizations').select(['name', 'time_zone']).where('id', '=', m.organizationId).executeTakeFirstOrThrow();
  const advisor = await trx
    .selectFrom('users as u')
    .leftJoin('advisor_profiles as p', 'p.user_id', 'u.id')
    .select(['u.name', 'u.email', 'p.time_zone'])
    .where('u.id', '=', m.advisorUserId)
    .executeTakeFirstOrThrow();
  return { org, advisor, advisorZone: advisor.time_zone ?? 'America/New_York', contacts: await organizationContacts(trx, m.organizationId) };
}

/** Stores the invitation of this change and emails it to the contacts and the advisor. */
async function sendInvitations(trx: Trx, deps: MeetingDeps, change: Change): Promise<void> {
  const m = change.meeting;
  const { org, advisor, advisorZone, contacts } = await meetingParties(trx, m);
  const association = await trx.selectFrom('association').select('name').where('id', '=', 1).executeTakeFirst();
  const method = change.kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const base = deps.config.publicUrl;
  const orgUrl = `${base}/org/meetings?org=${m.organizationId}`;
  const ics = buildInvitation({
    method,
    uid: m.uid,
    sequence: m.sequence,
    start: m.start,
    end: m.end,
    organization: { name: org.name, timeZone: org.time_zone },
    advisor: { name: advisor.name, email: advisor.email, timeZone: advisorZone },
    contacts,
    associationName: association?.name ?? 'Civnet',
    url: orgUrl,
    arrangement: m.arrangement,
  });
  const invitation = await trx.insertInto('meeting_invitations').values({ meeting_id: m.id, sequence: m.sequence, method, ics }).returning('id').executeTakeFirstOrThrow();
  const attachments = [{ kind: INVITATION_ATTACHMENT, id: invitation.id, filename: change.kind === 'cancelled' ? 'cancellation.ics' : 'invitation.ics' }];
  const template = change.kind === 'booked' ? meetingBookedEmail : change.kind === 'rescheduled' ? meetingRescheduledEmail : meetingCancelledEmail;
  const actor = change.kind !== 'booked' && change.actorUserId ? await trx.selectFrom('users').select('name').where('id', '=', change.actorUserId).executeTakeFirst() : undefined;
  const data = (zone: string, url: string, reader: 'member' | 'advisor') => ({
    reader,
    ...(actor ? (change.kind === 'cancelled' ? { cancelledBy: actor.name } : { movedBy: actor.name }) : {}),
    organization: org.name,
    advisor: advisor.name,
    when: formatRange(m.start, m.end, zone),
    previously: change.previous ? formatRange(change.previous.start, change.previous.end, zone) : undefined,
    how: plainText(howItHappens(m.arrangement, { reader, advisor: advisor.name, organization: org.name, booked: true })),
    url,
  });
  await deps.mail.queueMany(trx, [
    ...contacts.map((c) => ({ to: c.email, template: template.name, data: data(org.time_zone, orgUrl, 'member'), attachments })),
    { to: advisor.email, template: template.name, data: data(advisorZone, `${base}/staff/advising`, 'advisor'), attachments },
  ]);
}

/** Books the organization's first meeting at `start`, one of its advisor's open slots. */
export async function bookMeeting(
  deps: MeetingDeps,
  input: { organizationId: string; start: Date; actorUserId: string; requestId?: string /** the number for the advisor to call, when they call */; memberPhone?: string },
): Promise<OrgMeeting> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const advisor = await currentAdvisor(trx, input.organizationId);
      if (!advisor) throw new AppError('advising.no_advisor', { status: 409, message: 'Your organization has no advisor yet; we will let you know when one is assigned.' });
      if (await bookedMeeting(trx, input.organizationId)) throw alreadyBooked();
      const slot = await requireSlot(trx, advisor.userId, input.start, now);
      // How it happens is fixed at booking: the advisor's format now, and the member's number.
      const how = await advisorArrangement(trx, advisor.userId);
      const memberPhone = (input.memberPhone ?? '').trim();
      const phoneError = memberPhoneError(how.format, memberPhone);
      if (phoneError) throw new AppError('validation_failed', { fields: { phone: phoneError } });
      const host = new URL(deps.config.publicUrl).hostname;
      const row = await trx
        .insertInto('meetings')
        .values({
          organization_id: input.organizationId,
          advisor_user_id: advisor.userId,
          kind: 'first_meeting',
          starts_at: slot.start,
          ends_at: slot.end,
          uid: `${randomUUID()}@${host}`,
          sequence: 0,
          format: how.format,
          link: how.link,
          phone: how.phone,
          address: how.address,
          member_phone: how.format === 'advisor_calls' ? memberPhone : '',
          booked_by: input.actorUserId,
          created_at: now,
          updated_at: now,
        })
        .returning(MEETING_COLUMNS)
        .executeTakeFirstOrThrow();
      const meeting = toMeeting(row);
      await writeAudit(trx, {
        at: now,
        actorUserId: input.actorUserId,
        action: 'advising.meeting_booked',
        entityType: 'meeting',
        entityId: meeting.id,
        // the member's number stays out of the audit log: only the advisor and the organization see it
        after: { organizationId: meeting.organizationId, advisorUserId: meeting.advisorUserId, start: meeting.start.toISOString(), format: meeting.arrangement.format },
        requestId: input.requestId,
      });
      await sendInvitations(trx, deps, { kind: 'booked', meeting });
      return meeting;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'meetings_slot_taken')) throw slotTaken();
    if (isUniqueViolation(err, 'meetings_one_first_meeting')) throw alreadyBooked();
    throw err;
  }
}

async function lockBooked(trx: Trx, meetingId: string, now: Date): Promise<OrgMeeting> {
  const r = await trx.selectFrom('meetings').select(MEETING_COLUMNS).where('id', '=', meetingId).forUpdate().executeTakeFirst();
  if (!r) throw notFound();
  if (r.status !== 'booked') throw alreadyDone('advising.meeting_cancelled', 'This meeting is already cancelled: nothing changed.');
  if (r.starts_at <= now) throw new AppError('advising.meeting_past', { status: 409, message: 'This meeting has already started or taken place.' });
  return toMeeting(r);
}

/** Moves a booked meeting to another open slot of the same advisor: same UID, SEQUENCE + 1; the old
 * slot is open again. The caller has checked that the meeting is the person's: one of their
 * organizations' (a contact moves it) or their own as its advisor. */
export async function rescheduleMeeting(
  deps: MeetingDeps,
  input: { meetingId: string; start: Date; actorUserId: string; requestId?: string /** a new number for the advisor to call */; memberPhone?: string },
): Promise<OrgMeeting> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const before = await lockBooked(trx, input.meetingId, now);
      if (before.start.getTime() === input.start.getTime()) throw new AppError('validation_failed', { fields: { slot: 'That is the time already booked; choose another.' } });
      const memberPhone = input.memberPhone === undefined ? before.arrangement.memberPhone : input.memberPhone.trim();
      const phoneError = memberPhoneError(before.arrangement.format, memberPhone);
      if (phoneError) throw new AppError('validation_failed', { fields: { phone: phoneError } });
      const slot = await requireSlot(trx, before.advisorUserId, input.start, now, before.id);
      const row = await trx
        .updateTable('meetings')
        .set((eb) => ({
          starts_at: slot.start,
          ends_at: slot.end,
          sequence: eb('sequence', '+', 1),
          updated_at: now,
          // the reminder is for the new time
          reminder_sent_at: null,
          ...(before.arrangement.format === 'advisor_calls' ? { member_phone: memberPhone } : {}),
        }))
        .where('id', '=', before.id)
        .returning(MEETING_COLUMNS)
        .executeTakeFirstOrThrow();
      const meeting = toMeeting(row);
      await writeAudit(trx, {
        at: now,
        actorUserId: input.actorUserId,
        action: 'advising.meeting_rescheduled',
        entityType: 'meeting',
        entityId: meeting.id,
        before: { start: before.start.toISOString(), sequence: before.sequence },
        after: { start: meeting.start.toISOString(), sequence: meeting.sequence },
        requestId: input.requestId,
      });
      await sendInvitations(trx, deps, { kind: 'rescheduled', meeting, previous: { start: before.start, end: before.end }, actorUserId: input.actorUserId });
      return meeting;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'meetings_slot_taken')) throw slotTaken();
    throw err;
  }
}

/** Cancels a booked meeting: METHOD:CANCEL with the same UID and SEQUENCE + 1. */
export async function cancelMeeting(deps: MeetingDeps, input: { meetingId: string; actorUserId: string; requestId?: string }): Promise<OrgMeeting> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockBooked(trx, input.meetingId, now);
    const row = await trx
      .updateTable('meetings')
      .set((eb) => ({ status: 'cancelled', cancelled_at: now, cancelled_by: input.actorUserId, sequence: eb('sequence', '+', 1), updated_at: now }))
      .where('id', '=', before.id)
      .returning(MEETING_COLUMNS)
      .executeTakeFirstOrThrow();
    const meeting = toMeeting(row);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'advising.meeting_cancelled',
      entityType: 'meeting',
      entityId: meeting.id,
      before: { status: 'booked', start: before.start.toISOString() },
      after: { status: 'cancelled', sequence: meeting.sequence },
      requestId: input.requestId,
    });
    await sendInvitations(trx, deps, { kind: 'cancelled', meeting, actorUserId: input.actorUserId });
    return meeting;
  });
}

/**
 * What a page says when a meeting asked for (cancelled again, moved) is already cancelled: its time,
 * and when and by whom it was cancelled ("you" for the reader), in the reader's zone.
 */
export async function alreadyCancelledNote(db: Executor, meetingId: string, reader: { userId: string; zone: string }): Promise<string> {
  const r = await db
    .selectFrom('meetings as m')
    .leftJoin('users as u', 'u.id', 'm.cancelled_by')
    .select(['m.starts_at', 'm.ends_at', 'm.cancelled_at', 'm.cancelled_by', 'u.name'])
    .where('m.id', '=', meetingId)
    .executeTakeFirst();
  if (!r) return 'This meeting is already cancelled: nothing changed.';
  const by = r.cancelled_by === reader.userId ? ' by you' : r.name ? ` by ${r.name}` : '';
  const when = r.cancelled_at ? ` on ${formatTime(r.cancelled_at, reader.zone)}` : '';
  return `The meeting on ${formatRange(r.starts_at, r.ends_at, reader.zone)} was already cancelled${when}${by}: nothing changed.`;
}
