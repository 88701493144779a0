// Term-end reminders: each day, every holder whose term ends within the committee's lead time
// (`reminder_days`) is reminded once, and programs staff with them. Exactly once: the reminder is
// claimed by inserting its row (primary key holder, lead time) in the transaction that queues its
// emails, so a second run, or two at the same time, sends nothing more.
import { sql } from 'kysely';
import type { Deps } from '../../deps.js';
import { formatDay } from '../../lib/format.js';
import { termEndingEmail } from './emails.js';
import { type CommitteeDeps, programsStaffEmails, todayOf } from './service.js';

export const TERM_REMINDERS_QUEUE = 'committee-term-reminders';
/** daily at 07:30 in the association's time zone */
const TERM_REMINDERS_CRON = '30 7 * * *';

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Sends the term-end reminders due today; how many holders were reminded. */
export async function sendTermReminders(deps: CommitteeDeps): Promise<number> {
  const today = await todayOf(deps);
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('committee_holders as h')
    .innerJoin('committee_terms as t', 't.id', 'h.term_id')
    .innerJoin('committee_seats as s', 's.id', 't.seat_id')
    .innerJoin('committees as c', 'c.id', 's.committee_id')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .select(['h.id', 't.ends_on', 's.title as seat', 'c.id as committee_id', 'c.name as committee', 'c.reminder_days', 'u.name', 'u.email'])
    .where('h.status', '=', 'holding')
    .where('t.ends_on', '>=', today)
    .where(sql<boolean>`t.ends_on <= ${today}::date + c.reminder_days`)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('committee_reminders as r').select('r.holder_id').whereRef('r.holder_id', '=', 'h.id').whereRef('r.days_before', '=', 'c.reminder_days'))),
    )
    .orderBy('t.ends_on')
    .limit(1000)
    .execute();
  let sent = 0;
  for (const h of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('committee_reminders')
        .values({ holder_id: h.id, days_before: h.reminder_days, sent_at: now })
        .onConflict((oc) => oc.columns(['holder_id', 'days_before']).doNothing())
        .returning('holder_id')
        .executeTakeFirst();
      if (!claimed) return false;
      const data = { committee: h.committee, seat: h.seat, holder: h.name, termEnd: formatDay(h.ends_on), days: daysBetween(today, h.ends_on) };
      await deps.mail.queue(trx, { to: h.email, template: termEndingEmail.name, data: { ...data, url: `${deps.config.publicUrl}/committees/mine` } });
      for (const to of await programsStaffEmails(trx)) {
        await deps.mail.queue(trx, { to, template: termEndingEmail.name, data: { ...data, url: `${deps.config.publicUrl}/staff/committees/${h.committee_id}` } });
      }
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

/** Registers the daily reminder job (before jobs.start()). */
export function registerCommitteeJobs(deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'jobs' | 'association'>): void {
  deps.jobs.register({ name: TERM_REMINDERS_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await sendTermReminders(deps);
  });
}

/** Creates (or updates) the daily schedule; after jobs.start(), which creates the queue. */
export async function scheduleCommitteeJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(TERM_REMINDERS_QUEUE, TERM_REMINDERS_CRON);
}
