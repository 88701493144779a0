// The advisor's side: upcoming meetings, current organizations, organizations assigned more than
// 14 days ago that have not booked a first meeting, and the daily job that reminds the advisor
// of each of those once (booking_reminder_sent_at guards "once", even if the job runs twice).
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps.js';
import { bookingReminderEmail } from './emails.js';
import type { Arrangement } from './meeting-format.js';
import { sendMeetingReminders } from './reminders.js';
import { type Executor, organizationContacts } from './service.js';

export const REMINDER_AFTER_DAYS = 14;
export const REMINDERS_QUEUE = 'advising-reminders';
/** 07:00 in the association's time zone every day */
export const REMINDERS_CRON = '0 7 * * *';

const noBookedMeeting = sql<boolean>`not exists (select 1 from meetings m where m.organization_id = a.organization_id and m.status = 'booked')`;

export interface AdvisorMeeting {
  id: string;
  organizationId: string;
  organizationName: string;
  start: Date;
  end: Date;
  sequence: number;
  /** how it happens, with the number the member gave: the advisor's own meetings only */
  arrangement: Arrangement;
}

export async function upcomingMeetings(db: Executor, advisorUserId: string, now: Date): Promise<AdvisorMeeting[]> {
  const rows = await db
    .selectFrom('meetings as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['m.id', 'o.id as organization_id', 'o.name', 'm.starts_at', 'm.ends_at', 'm.sequence', 'm.format', 'm.link', 'm.phone', 'm.address', 'm.member_phone'])
    .where('m.advisor_user_id', '=', advisorUserId)
    .where('m.status', '=', 'booked')
    .where('m.ends_at', '>', now)
    .orderBy('m.starts_at')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.name,
    start: r.starts_at,
    end: r.ends_at,
    sequence: r.sequence,
    arrangement: { format: r.format, link: r.link, phone: r.phone, address: r.address, memberPhone: r.member_phone },
  }));
}

export interface AdvisedOrganization {
  id: string;
  name: string;
  state: string;
  timeZone: string;
  assignedAt: Date;
  method: 'automatic' | 'manual';
  hasMeeting: boolean;
}

export async function advisedOrganizations(db: Executor, advisorUserId: string): Promise<AdvisedOrganization[]> {
  const rows = await db
    .selectFrom('advisor_assignments as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select(['o.id', 'o.name', 'o.state', 'o.time_zone', 'a.assigned_at', 'a.method', noBookedMeeting.as('no_meeting')])
    .where('a.advisor_user_id', '=', advisorUserId)
    .where('a.ended_at', 'is', null)
    .orderBy('o.name')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, state: r.state, timeZone: r.time_zone, assignedAt: r.assigned_at, method: r.method, hasMeeting: !r.no_meeting }));
}

/** Current assignments older than 14 days whose organization has no booked meeting. */
export function awaitingFirstMeeting(orgs: AdvisedOrganization[], now: Date): AdvisedOrganization[] {
  const cutoff = now.getTime() - REMINDER_AFTER_DAYS * 86_400_000;
  return orgs.filter((o) => !o.hasMeeting && o.assignedAt.getTime() < cutoff);
}

/** Emails each advisor once per assignment that is 14 days old with no meeting booked.
 * Returns how many reminders were sent. */
export async function sendBookingReminders(deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>): Promise<number> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - REMINDER_AFTER_DAYS * 86_400_000);
  const due = await deps.db
    .selectFrom('advisor_assignments as a')
    .select('a.id')
    .where('a.ended_at', 'is', null)
    .where('a.booking_reminder_sent_at', 'is', null)
    .where('a.assigned_at', '<', cutoff)
    .where(noBookedMeeting)
    .orderBy('a.assigned_at')
    .limit(1000)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      // The guarded update makes the reminder exactly once, even with two runs at the same time.
      const a = await trx
        .updateTable('advisor_assignments')
        .set({ booking_reminder_sent_at: now })
        .where('id', '=', id)
        .where('booking_reminder_sent_at', 'is', null)
        .where('ended_at', 'is', null)
        .returning(['organization_id', 'advisor_user_id', 'assigned_at'])
        .executeTakeFirst();
      if (!a) return false;
      const [org, advisor, contacts] = await Promise.all([
        trx.selectFrom('organizations').select('name').where('id', '=', a.organization_id).executeTakeFirstOrThrow(),
        trx
          .selectFrom('users as u')
          .leftJoin('advisor_profiles as p', 'p.user_id', 'u.id')
          .select(['u.email', 'p.time_zone'])
          .where('u.id', '=', a.advisor_user_id)
          .executeTakeFirstOrThrow(),
        organizationContacts(trx, a.organization_id),
      ]);
      await deps.mail.queue(trx, {
        to: advisor.email,
        template: bookingReminderEmail.name,
        data: {
          organization: org.name,
          assignedOn: DateTime.fromJSDate(a.assigned_at, { zone: advisor.time_zone ?? 'America/New_York' }).toFormat('LLLL d, yyyy'),
          contacts: contacts.map((c) => `${c.name} <${c.email}>`).join(', '),
          url: `${deps.config.publicUrl}/staff/advising`,
        },
      });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

/** Registers the daily reminder job (before jobs.start()). */
export function registerAdvisingJobs(deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'jobs'>): void {
  deps.jobs.register({ name: REMINDERS_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await sendBookingReminders(deps);
    await sendMeetingReminders(deps);
  });
}

/** Creates (or updates) the daily schedule; after jobs.start(), which creates the queue. */
export async function scheduleAdvisingJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(REMINDERS_QUEUE, REMINDERS_CRON);
}
