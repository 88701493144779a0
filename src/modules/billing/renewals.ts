// Renewals (O9): the daily run that issues renewal invoices ahead of each term's end, reminds
// unpaid ones at the association's offsets, and lapses memberships past their grace period.
//
// Exactly once, even when a run crashes and starts again, or two runs overlap:
// - Renewal invoices are issued a batch of memberships per transaction (keyset pages of
//   `batchSize`, default 500). A crash rolls back at most the batch in flight, invoice numbers
//   included (the counter row is in the same transaction), and the next run issues it again.
//   The unique index invoices_one_per_period (membership_id, period_start, live invoices only)
//   makes a second invoice for the same term impossible; each batch re-checks its memberships
//   under their row locks after taking an advisory lock that overlapping runs share, so they take
//   turns and skip what the other issued. (One transaction per membership was measured first:
//   a commit costs ~3 ms on this machine's disk, and 20,000 renewals took over a minute.)
// - A reminder is recorded in invoice_reminders (primary key invoice, offset) in the
//   transaction that queues its email; a lapse is a guarded update with its audit row and
//   emails. Both are one transaction per invoice or membership: there are few each day.
//
// The preview (`previewRenewals`) walks the same candidates with the same selection functions
// (`select…Candidates`) and plans each row with the same rules, so it lists what the next run does.
import { performance } from 'node:perf_hooks';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { isIsoDate } from '../../lib/validators.js';
import { addDays } from './dates.js';
import { finishRenewalRun, startRenewalRun } from './renewals-history.js';
import { issueRenewalInvoices, previewRenewalInvoices } from './renewals-issue.js';
import { lapseMemberships, previewLapses } from './renewals-lapse.js';
import { offsetsReached, previewReminders, reminderOffsets, sendReminders } from './renewals-remind.js';
import type { RenewalCounts, RenewalDeps, RenewalOutcome, RenewalPreview, RenewalStage, RunRenewalsOptions } from './renewals-shared.js';

/** rows per keyset page and per issuing transaction (fewer commits: a commit costs ~3 ms here) */
const DEFAULT_BATCH = 500;

async function dayToRun(deps: Pick<Deps, 'clock' | 'association'>, given: string | undefined): Promise<string> {
  const today = given ?? (await todayIn(deps));
  if (!isIsoDate(today)) {
    throw new AppError('validation_failed', { fields: { today: 'Enter the day as YYYY-MM-DD, like 2027-03-01.' } });
  }
  return today;
}

const renewalSettings = (deps: Pick<Deps, 'db'>) =>
  deps.db.selectFrom('association').select(['renewal_lead_days', 'reminder_days', 'grace_days', 'invoice_terms_days']).where('id', '=', 1).executeTakeFirst();

/** Runs renewals for one day. Safe to run again (the same day or later) and alongside another run.
 * Every run is recorded in renewal_runs (see renewals-history.ts), finished with its counts and
 * the rows it could not do, or with why it stopped. */
export async function runRenewals(deps: RenewalDeps, opts: RunRenewalsOptions = {}): Promise<RenewalCounts> {
  const today = await dayToRun(deps, opts.today);
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const startedAt = deps.clock.now();
  const t0 = performance.now();
  const actorUserId = opts.actorUserId ?? null;
  const id = await startRenewalRun(deps.db, {
    today,
    trigger: opts.trigger ?? 'job',
    actorUserId,
    actorLabel: opts.actorLabel ?? '',
    requestKey: opts.requestKey ?? null,
    startedAt,
  });
  const outcome: RenewalOutcome = { issued: 0, reminded: 0, lapsed: 0, skipped: 0, failures: [] };
  const finish = (error: string | null) =>
    finishRenewalRun(deps.db, { id, finishedAt: new Date(startedAt.getTime() + Math.round(performance.now() - t0)), outcome, error, actorUserId, requestId: opts.requestId });
  try {
    const settings = await renewalSettings(deps);
    if (settings) {
      // term_end - lead <= today  ⇔  term_end <= today + lead
      const horizon = addDays(today, settings.renewal_lead_days);
      const onVisit = opts.onVisit;
      const stage = async (name: RenewalStage, work: () => Promise<void>) => {
        const s0 = performance.now();
        await work();
        opts.onStage?.(name, performance.now() - s0);
      };
      await stage('issue organizations', () => issueRenewalInvoices(deps, { today, batchSize, horizon, onIssued: opts.onIssued, onVisit }, outcome));
      // Individual memberships (the individuals module, through its hook): the same settings, the same counts.
      await stage('issue others', async () => {
        for (const other of deps.hooks.renewals) await other.issue(deps, { today, batchSize, horizon, onVisit }, outcome);
      });
      await stage('remind', () => sendReminders(deps, { today, batchSize, offsets: settings.reminder_days, onVisit }, outcome));
      await stage('lapse organizations', () => lapseMemberships(deps, { today, batchSize, graceDays: settings.grace_days, onVisit }, outcome));
      await stage('lapse others', async () => {
        for (const other of deps.hooks.renewals) await other.lapse(deps, { today, batchSize, graceDays: settings.grace_days, onVisit }, outcome);
      });
    }
  } catch (err) {
    // What the run finished is committed (a batch per transaction); the next run does the rest.
    await finish(err instanceof Error ? err.message : String(err));
    throw err;
  }
  await finish(null);
  const { issued, reminded, lapsed, skipped } = outcome;
  return { issued, reminded, lapsed, skipped };
}

/**
 * What `runRenewals` would do for `today` (default: today by the clock), row by row, changing
 * nothing: each stage's candidates come from the same selection function the run uses, and are
 * planned by the same rules. Two things the run does within itself are foreseen here: a renewal
 * invoice it issues already due (no terms days) is reminded in the same run, and one it issues
 * for nothing (a free level) is paid at once, so that membership does not lapse.
 * Reinstatement is not part of a run: paying a lapsed membership's renewal invoice reinstates it.
 */
export async function previewRenewals(deps: RenewalDeps, opts: Pick<RunRenewalsOptions, 'today' | 'batchSize'> = {}): Promise<RenewalPreview> {
  const today = await dayToRun(deps, opts.today);
  const batchSize = opts.batchSize ?? 100;
  const preview: RenewalPreview = { today, issue: [], remind: [], lapse: [], failures: [] };
  const settings = await renewalSettings(deps);
  if (!settings) return preview;
  const horizon = addDays(today, settings.renewal_lead_days);
  const organizations = await previewRenewalInvoices(deps, { today, batchSize, horizon });
  const others = [];
  for (const other of deps.hooks.renewals) others.push(await other.preview(deps, { today, horizon, graceDays: settings.grace_days, batchSize }));
  preview.issue.push(...organizations.issue, ...others.flatMap((o) => o.issue));
  preview.failures.push(...organizations.failures, ...others.flatMap((o) => o.failures));

  const reminders = await previewReminders(deps, { today, batchSize, offsets: settings.reminder_days });
  preview.remind.push(...reminders.remind);
  const dueOn = addDays(today, settings.invoice_terms_days);
  const reached = offsetsReached(reminderOffsets(settings.reminder_days), dueOn, today);
  if (reached.length > 0) {
    for (const i of preview.issue) if (i.amountCents > 0) preview.remind.push({ invoiceId: null, invoiceNumber: null, subject: i.subject, dueOn, offsets: reached });
  }
  preview.failures.push(...reminders.failures);

  const paidOnIssue = new Set(preview.issue.filter((i) => i.amountCents === 0).map((i) => i.membershipId));
  const lapses = [...(await previewLapses(deps, { today, batchSize, graceDays: settings.grace_days })), ...others.flatMap((o) => o.lapse)];
  preview.lapse.push(...lapses.filter((l) => !paidOnIssue.has(l.membershipId)));
  return preview;
}

// ---------------------------------------------------------------------------------------------
// The daily job

export const RENEWALS_QUEUE = 'renewals-daily';
/** 06:00 in the association's time zone every day */
export const RENEWALS_CRON = '0 6 * * *';

/** Registers the job that runs renewals (before jobs.start()). */
export function registerRenewalsJob(deps: RenewalDeps): void {
  deps.jobs.register({ name: RENEWALS_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runRenewals(deps, { trigger: 'job' });
  });
}

/** Creates (or updates) the daily schedule; after jobs.start(), which creates the queue. */
export async function scheduleRenewals(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(RENEWALS_QUEUE, RENEWALS_CRON);
}
