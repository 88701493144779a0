// The daily job of the credentialing program (clock-driven): from 1 November, the year-end
// reminder to each holder of a current credential whose log is under 40 hours (once per person
// and year: claimed by inserting its row in the transaction that queues the email); and, from the
// day the grace period of last year ends, the lapse of each current credential whose last year is
// under 40 hours.
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { formatDay } from '../../lib/format.js';
import { lapsedEmail, logReminderEmail } from './emails.js';
import { firstLoggedYear, GOAL_MINUTES, hours, lapseDayOf, REMINDER_DAY, REMINDER_MONTH, reinstatementEndsOn } from './rules.js';
import { type CredentialDeps, today, url, yearMinutes } from './shared.js';

export const CREDENTIAL_QUEUE = 'credential-daily';
/** daily at 07:45 in the association's time zone */
const CREDENTIAL_CRON = '45 7 * * *';

const pad = (n: number) => String(n).padStart(2, '0');

/** Current holders whose `year` counts (awarded before it), with their minutes of that year. */
async function holdersOf(deps: CredentialDeps, year: number) {
  const rows = await deps.db
    .selectFrom('credentials as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.user_id', 'c.awarded_on', 'u.email'])
    .where('c.status', '=', 'current')
    .where('c.awarded_on', '<', `${year}-01-01`)
    .execute();
  const minutes = await yearMinutes(
    deps.db,
    rows.map((r) => r.user_id),
    year,
  );
  return rows.filter((r) => firstLoggedYear(String(r.awarded_on).slice(0, 10)) <= year).map((r) => ({ userId: r.user_id, email: r.email, minutes: minutes.get(r.user_id) ?? 0 }));
}

/** Sends the year-end reminders due today; how many were sent. */
export async function sendLogReminders(deps: CredentialDeps): Promise<number> {
  const day = await today(deps);
  const year = Number(day.slice(0, 4));
  if (day < `${year}-${pad(REMINDER_MONTH)}-${pad(REMINDER_DAY)}`) return 0;
  let sent = 0;
  for (const h of await holdersOf(deps, year)) {
    if (h.minutes >= GOAL_MINUTES) continue;
    const done = await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('credential_reminders')
        .values({ user_id: h.userId, year, sent_at: deps.clock.now() })
        .onConflict((oc) => oc.columns(['user_id', 'year']).doNothing())
        .returning('user_id')
        .executeTakeFirst();
      if (!claimed) return false;
      await deps.mail.queue(trx, {
        to: h.email,
        template: logReminderEmail.name,
        data: { year, logged: hours(h.minutes), missing: hours(GOAL_MINUTES - h.minutes), lapseDay: formatDay(lapseDayOf(year)), url: url(deps, '/credential/log') },
      });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

/** Lapses the current credentials whose last year is under the goal, once its grace period is over; how many. */
export async function lapseCredentials(deps: CredentialDeps): Promise<number> {
  const day = await today(deps);
  const year = Number(day.slice(0, 4)) - 1;
  if (day < lapseDayOf(year)) return 0;
  let lapsed = 0;
  for (const h of await holdersOf(deps, year)) {
    if (h.minutes >= GOAL_MINUTES) continue;
    const done = await deps.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('credentials')
        .set({ status: 'lapsed', lapsed_year: year, lapsed_on: day, reinstatement_requested_on: null, updated_at: deps.clock.now() })
        .where('user_id', '=', h.userId)
        .where('status', '=', 'current')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await deps.mail.queue(trx, {
        to: h.email,
        template: lapsedEmail.name,
        data: { year, logged: hours(h.minutes), reinstateBy: formatDay(reinstatementEndsOn(day)), url: url(deps, '/credential/log') },
      });
      await writeAudit(trx, { at: deps.clock.now(), actorUserId: null, action: 'credential.lapsed', entityType: 'user', entityId: h.userId, after: { year, minutes: h.minutes } });
      return true;
    });
    if (done) lapsed++;
  }
  return lapsed;
}

/** The daily run: reminders, then lapses. */
export async function runCredentialJobs(deps: CredentialDeps): Promise<{ reminded: number; lapsed: number }> {
  const reminded = await sendLogReminders(deps);
  const lapsed = await lapseCredentials(deps);
  return { reminded, lapsed };
}

/** Registers the daily job (before jobs.start()). */
export function registerCredentialJobs(deps: CredentialDeps & Pick<Deps, 'jobs'>): void {
  deps.jobs.register({ name: CREDENTIAL_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runCredentialJobs(deps);
  });
}

/** Creates (or updates) the daily schedule; after jobs.start(), which creates the queue. */
export async function scheduleCredentialJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(CREDENTIAL_QUEUE, CREDENTIAL_CRON);
}
