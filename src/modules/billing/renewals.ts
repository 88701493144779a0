// Renewals (O9): the daily run that issues renewal invoices ahead of each term's end, reminds
// unpaid ones at the association's offsets, and lapses memberships past their grace period.
//
// Exactly once, even when a run crashes and starts again, or two runs overlap:
// - Renewal invoices are issued a batch of memberships per transaction (keyset pages of
//   `batchSize`, default 100). A crash rolls back at most the batch in flight, invoice numbers
//   included (the counter row is in the same transaction), and the next run issues it again.
//   The unique index invoices_one_per_period (membership_id, period_start, live invoices only)
//   makes a second invoice for the same term impossible; each batch re-checks its memberships
//   under their row locks after taking an advisory lock that overlapping runs share, so they take
//   turns and skip what the other issued. (One transaction per membership was measured first:
//   a commit costs ~3 ms on this machine's disk, and 20,000 renewals took over a minute.)
// - A reminder is recorded in invoice_reminders (primary key invoice, offset) in the
//   transaction that queues its email; a lapse is a guarded update with its audit row and
//   emails. Both are one transaction per invoice or membership: there are few each day.
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { isIsoDate } from '../../lib/validators.js';
import { addDays, dayOf } from './dates.js';
import { issueRenewalInvoices } from './renewals-issue.js';
import { lapseMemberships } from './renewals-lapse.js';
import { sendReminders } from './renewals-remind.js';
import type { RenewalCounts, RenewalDeps, RunRenewalsOptions } from './renewals-shared.js';

/** Runs renewals for one day. Safe to run again (the same day or later) and alongside another run. */
export async function runRenewals(deps: RenewalDeps, opts: RunRenewalsOptions = {}): Promise<RenewalCounts> {
  const today = opts.today ?? dayOf(deps.clock.now());
  if (!isIsoDate(today)) {
    throw new AppError('validation_failed', { fields: { today: 'Enter the day as YYYY-MM-DD, like 2027-03-01.' } });
  }
  const batchSize = opts.batchSize ?? 100;
  const settings = await deps.db.selectFrom('association').select(['renewal_lead_days', 'reminder_days', 'grace_days']).where('id', '=', 1).executeTakeFirst();
  if (!settings) return { issued: 0, reminded: 0, lapsed: 0, skipped: 0 };
  const counts: RenewalCounts = { issued: 0, reminded: 0, lapsed: 0, skipped: 0 };
  // term_end - lead <= today  ⇔  term_end <= today + lead
  await issueRenewalInvoices(deps, { today, batchSize, horizon: addDays(today, settings.renewal_lead_days), onIssued: opts.onIssued }, counts);
  // Individual memberships (the individuals module, through its hook): the same settings, the same counts.
  for (const other of deps.hooks.renewals) await other.issue(deps, { today, batchSize, horizon: addDays(today, settings.renewal_lead_days) }, counts);
  await sendReminders(deps, { today, batchSize, offsets: settings.reminder_days }, counts);
  await lapseMemberships(deps, { today, batchSize, graceDays: settings.grace_days }, counts);
  for (const other of deps.hooks.renewals) await other.lapse(deps, { today, batchSize, graceDays: settings.grace_days }, counts);
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The daily job

export const RENEWALS_QUEUE = 'renewals-daily';
/** 06:00 UTC every day */
export const RENEWALS_CRON = '0 6 * * *';

/** Registers the job that runs renewals (before jobs.start()). */
export function registerRenewalsJob(deps: RenewalDeps): void {
  deps.jobs.register({ name: RENEWALS_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runRenewals(deps);
  });
}

/** Creates (or updates) the daily schedule; after jobs.start(), which creates the queue. */
export async function scheduleRenewals(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(RENEWALS_QUEUE, RENEWALS_CRON);
}
