// The reminder before a first meeting: the daily advising job emails both sides of every booked
// meeting that starts within the next two days, once (a guarded update of `reminder_sent_at`,
// which a move clears), saying when, in each reader's time zone, and how they meet. A meeting
// booked or moved in the last day is left out: its confirmation has just said all of it.
import type { Deps } from '../../deps.js';
import { meetingReminderEmail } from './emails.js';
import { howItHappens, plainText } from './meeting-format.js';
import { MEETING_COLUMNS, meetingParties, toMeeting } from './meetings.js';
import { formatRange } from './slots.js';

/** A meeting is reminded once, at the first daily run that finds it this close. */
export const MEETING_REMINDER_HOURS = 48;

/** Emails the reminder of each booked meeting starting within two days; returns how many meetings. */
export async function sendMeetingReminders(deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('meetings')
    .select('id')
    .where('status', '=', 'booked')
    .where('starts_at', '>', now)
    .where('starts_at', '<=', new Date(now.getTime() + MEETING_REMINDER_HOURS * 3_600_000))
    .where('reminder_sent_at', 'is', null)
    .where('updated_at', '<', new Date(now.getTime() - 24 * 3_600_000))
    .orderBy('starts_at')
    .limit(1000)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      // Once, even with two runs at the same time.
      const row = await trx
        .updateTable('meetings')
        .set({ reminder_sent_at: now })
        .where('id', '=', id)
        .where('reminder_sent_at', 'is', null)
        .where('status', '=', 'booked')
        .returning(MEETING_COLUMNS)
        .executeTakeFirst();
      if (!row) return false;
      const m = toMeeting(row);
      const { org, advisor, advisorZone, contacts } = await meetingParties(trx, m);
      const base = deps.config.publicUrl;
      const data = (zone: string, url: string, reader: 'member' | 'advisor') => ({
        reader,
        organization: org.name,
        advisor: advisor.name,
        when: formatRange(m.start, m.end, zone),
        how: plainText(howItHappens(m.arrangement, { reader, advisor: advisor.name, organization: org.name, booked: true })),
        url,
      });
      const orgUrl = `${base}/org/meetings?org=${m.organizationId}`;
      await deps.mail.queueMany(trx, [
        ...contacts.map((c) => ({ to: c.email, template: meetingReminderEmail.name, data: data(org.time_zone, orgUrl, 'member') })),
        { to: advisor.email, template: meetingReminderEmail.name, data: data(advisorZone, `${base}/staff/advising`, 'advisor') },
      ]);
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
