// The daily work of ethics cases: reminders before a response is due (7 and 1 days before, each
// once: claimed by inserting its row in the transaction that queues the email), decisions whose
// appeal window closed with no appeal taking effect (the hooks run), and complaints never
// confirmed deleted.
import type { Deps } from '../../deps.js';
import { formatDay } from '../../lib/format.js';
import { takeEffect } from './cases.js';
import { addDays, type CaseDeps, daysBetween, todayOf } from './cases-common.js';
import { responseReminderEmail } from './cases-emails.js';
import { purgeUnconfirmed } from './intake.js';

export const ETHICS_DAILY_QUEUE = 'ethics-cases-daily';
/** daily at 06:15 in the association's time zone */
const ETHICS_DAILY_CRON = '15 6 * * *';
/** Days before the response deadline when the member is reminded. */
export const RESPONSE_REMINDER_DAYS = [7, 1] as const;

/** Reminds members whose response is due within a lead time; how many reminders went out. */
export async function sendResponseReminders(deps: CaseDeps): Promise<number> {
  const today = await todayOf(deps);
  let sent = 0;
  // the shortest lead first: a case first seen one day before its deadline gets one reminder
  for (const lead of [...RESPONSE_REMINDER_DAYS].sort((a, b) => a - b)) {
    const due = await deps.db
      .selectFrom('ethics_cases as c')
      .innerJoin('users as u', 'u.id', 'c.respondent_user_id')
      .select(['c.id', 'c.reference', 'c.response_due_on', 'u.name', 'u.email'])
      .where('c.stage', '=', 'response')
      .where('c.responded_at', 'is', null)
      .where('c.response_due_on', '>=', today)
      .where('c.response_due_on', '<=', addDays(today, lead))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('ethics_reminders as r').select('r.case_id').whereRef('r.case_id', '=', 'c.id').where('r.kind', '=', 'response').where('r.days_before', '=', lead))),
      )
      .execute();
    for (const c of due) {
      const done = await deps.db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto('ethics_reminders')
          .values(RESPONSE_REMINDER_DAYS.filter((d) => d >= lead).map((d) => ({ case_id: c.id, kind: 'response', days_before: d, sent_at: deps.clock.now() })))
          .onConflict((oc) => oc.columns(['case_id', 'kind', 'days_before']).doNothing())
          .returning('days_before')
          .execute();
        if (!claimed.some((r) => r.days_before === lead)) return false;
        const dueOn = c.response_due_on ?? today;
        await deps.mail.queue(trx, {
          to: c.email,
          template: responseReminderEmail.name,
          data: { name: c.name, reference: c.reference, dueOn: formatDay(dueOn), days: daysBetween(today, dueOn), url: `${deps.config.publicUrl}/me/ethics/${c.id}` },
        });
        return true;
      });
      if (done) sent++;
    }
  }
  return sent;
}

/** Decisions whose appeal window closed yesterday or before with no appeal: final, in effect from
 * the day after the window's last day. How many took effect. */
export async function closeAppealWindows(deps: CaseDeps): Promise<number> {
  const today = await todayOf(deps);
  const due = await deps.db.selectFrom('ethics_cases').select(['id', 'appeal_closes_on']).where('stage', '=', 'appeal_window').where('appeal_closes_on', '<', today).execute();
  let n = 0;
  for (const c of due) {
    const ok = await deps.db
      .transaction()
      .execute(async (trx) => {
        await takeEffect(trx, deps, { caseId: c.id, from: 'appeal_window', effectiveOn: addDays(c.appeal_closes_on ?? today, 1), actorUserId: null });
        return true;
      })
      .catch((err: unknown) => {
        // an appeal filed at the same moment wins: the case is no longer in its window
        if ((err as { code?: string }).code === 'ethics.wrong_stage') return false;
        throw err;
      });
    if (ok) n++;
  }
  return n;
}

export async function runEthicsDaily(deps: CaseDeps): Promise<{ reminders: number; effective: number; purged: number }> {
  const reminders = await sendResponseReminders(deps);
  const effective = await closeAppealWindows(deps);
  const purged = await purgeUnconfirmed(deps);
  return { reminders, effective, purged };
}

/** Registers the daily job (before jobs.start()). */
export function registerEthicsJobs(deps: Deps): void {
  deps.jobs.register({ name: ETHICS_DAILY_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runEthicsDaily(deps);
  });
}

/** Creates (or updates) the daily schedule; after jobs.start(). */
export async function scheduleEthicsJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(ETHICS_DAILY_QUEUE, ETHICS_DAILY_CRON);
}
