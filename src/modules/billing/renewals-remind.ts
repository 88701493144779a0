// Renewals, step 2: reminders of unpaid invoices at the association’s offsets, a page of invoices
// per transaction (one invoice per transaction if the page fails), each reminder recorded in
// invoice_reminders with the email it queues.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { dueBatches, type OnVisit } from '../../lib/batch-runner.js';
import { formatCents } from '../../lib/money.js';
import { addDays, daysBetween } from './dates.js';
import { renewalReminderEmail } from './renewals-emails.js';
import { FIRST_UUID, type RenewalDeps, type RenewalOutcome, type RenewalReminderPlan } from './renewals-shared.js';
import { balanceOf, invoiceUrl, type Trx } from './service.js';

/** The offsets as a run uses them: whole numbers, once each, smallest first. */
export const reminderOffsets = (offsets: number[]) => [...new Set(offsets)].filter((o) => Number.isInteger(o)).sort((a, b) => a - b);

/** The offsets of `offsets` reached by an invoice due on `dueOn`, as of `today`. */
export const offsetsReached = (offsets: number[], dueOn: string, today: string) => offsets.filter((o) => addDays(dueOn, o) <= today);

/** The selection of candidates, one keyset page: open renewal invoices past the first offset,
 * with the offsets they reached that are not recorded yet (none: nothing to send). The run and the
 * preview both walk these. */
export async function selectReminderCandidates(db: Db, run: { today: string; offsets: number[] }, after: string | null, limit: number) {
  const offsets = reminderOffsets(run.offsets);
  const first = offsets[0];
  if (first === undefined) return [];
  // due_on + offset <= today for the smallest offset  ⇔  due_on <= today - offset
  const latestDue = addDays(run.today, -first);
  const batch = await db
    .selectFrom('invoices as i')
    .leftJoin('organizations as o', 'o.id', 'i.organization_id')
    .select(['i.id', 'i.number', 'i.due_on', 'i.bill_to_name', 'i.bill_to_email', 'o.name as organization_name'])
    .where('i.purpose', '=', 'renewal')
    .where('i.status', 'in', ['issued', 'partially_paid'])
    .where('i.due_on', '<=', latestDue)
    // only invoices with an offset reached and not yet recorded: one reminded already is not read again
    .where(
      sql<boolean>`exists (select 1 from unnest(${offsets}::int[]) as o(d)
        where i.due_on + o.d <= ${run.today}::date
          and not exists (select 1 from invoice_reminders r where r.invoice_id = i.id and r.offset_days = o.d))`,
    )
    .where('i.id', '>', after ?? FIRST_UUID)
    .orderBy('i.id')
    .limit(limit)
    .execute();
  if (batch.length === 0) return [];
  const sent = await db
    .selectFrom('invoice_reminders')
    .select(['invoice_id', 'offset_days'])
    .where(
      'invoice_id',
      'in',
      batch.map((i) => i.id),
    )
    .execute();
  const done = new Set(sent.map((r) => `${r.invoice_id}/${r.offset_days}`));
  return batch.map((invoice) => ({
    id: invoice.id,
    number: invoice.number ?? '',
    subject: invoice.organization_name ?? invoice.bill_to_name,
    email: invoice.bill_to_email,
    dueOn: invoice.due_on,
    missing: invoice.due_on ? offsetsReached(offsets, invoice.due_on, run.today).filter((o) => !done.has(`${invoice.id}/${o}`)) : [],
  }));
}
type ReminderCandidate = Awaited<ReturnType<typeof selectReminderCandidates>>[number];
type RemindRun = { today: string; batchSize: number; offsets: number[]; onVisit?: OnVisit };

/** The run's walk over the candidates (batch-runner.ts); a reminded invoice no longer matches. */
const candidates = (deps: Pick<RenewalDeps, 'db'>, run: RemindRun) =>
  dueBatches({
    kind: 'invoice',
    stage: 'remind',
    batchSize: run.batchSize,
    select: (after: string | null, limit) => selectReminderCandidates(deps.db, run, after, limit),
    keyOf: (c: ReminderCandidate) => c.id,
    idOf: (c: ReminderCandidate) => c.id,
    onVisit: run.onVisit,
  });

const noEmail = (c: ReminderCandidate) => ({
  stage: 'remind' as const,
  kind: 'invoice' as const,
  id: c.id,
  subject: `Invoice ${c.number} (${c.subject})`,
  reason: 'The invoice has no email address to send a reminder to: the reminder is recorded as due but not sent. Add a billing contact and send the invoice by hand.',
});

export async function sendReminders(deps: RenewalDeps, run: RemindRun, counts: RenewalOutcome): Promise<void> {
  for await (const batch of candidates(deps, run)) {
    const due = batch.filter((c) => c.missing.length > 0);
    // A page per transaction (a commit each: ~10 ms under load); if any of it fails, the page
    // is rolled back whole and done again one invoice per transaction, so one bad invoice
    // holds back only itself.
    const together = await deps.db
      .transaction()
      .execute((trx) => remindMany(deps, trx, run.today, due))
      .catch(() => null);
    if (together) {
      for (const c of due) {
        const result = together.get(c.id);
        if (result === 'sent') counts.reminded++;
        if (result === 'no_email') counts.failures.push(noEmail(c));
      }
      continue;
    }
    for (const c of due) {
      try {
        const result = (await deps.db.transaction().execute((trx) => remindMany(deps, trx, run.today, [c]))).get(c.id);
        if (result === 'sent') counts.reminded++;
        if (result === 'no_email') counts.failures.push(noEmail(c));
      } catch (err) {
        // One transaction per invoice: this one rolled back whole (nothing recorded, no email),
        // and the next run tries it again.
        counts.failures.push({ ...noEmail(c), reason: `The reminder could not be sent (${err instanceof Error ? err.message : String(err)}); the next run tries again.` });
      }
    }
  }
}

/** What sendReminders would send today, and what it could not. */
export async function previewReminders(deps: Pick<RenewalDeps, 'db'>, run: { today: string; batchSize: number; offsets: number[] }) {
  const remind: RenewalReminderPlan[] = [];
  const failures: RenewalOutcome['failures'] = [];
  for await (const batch of candidates(deps, run)) {
    for (const c of batch) {
      if (c.missing.length === 0 || !c.dueOn) continue;
      if (c.email) remind.push({ invoiceId: c.id, invoiceNumber: c.number, subject: c.subject, dueOn: c.dueOn, offsets: c.missing });
      else failures.push(noEmail(c));
    }
  }
  return { remind, failures };
}

/** Records the offsets reached and, for each invoice this call recorded any for, queues one
 * reminder: both in the caller's transaction, so a reminder is sent once per offset however often
 * the run is repeated. A page of invoices takes three statements (their rows, their reminders, their
 * emails), whatever its size. 'nothing': recorded meanwhile by another run, or the invoice is paid
 * or void now. */
async function remindMany(deps: RenewalDeps, trx: Trx, today: string, due: Array<{ id: string; missing: number[] }>): Promise<Map<string, 'sent' | 'no_email' | 'nothing'>> {
  const results = new Map<string, 'sent' | 'no_email' | 'nothing'>(due.map((c) => [c.id, 'nothing']));
  if (due.length === 0) return results;
  const invoices = await trx
    .selectFrom('invoices as i')
    .leftJoin('organizations as o', 'o.id', 'i.organization_id')
    .leftJoin('memberships as m', 'm.id', 'i.membership_id')
    .selectAll('i')
    .select(['o.name as organization_name', 'm.term_end'])
    .where(sql<boolean>`i.id = any(${due.map((c) => c.id)}::uuid[])`)
    .where('i.status', 'in', ['issued', 'partially_paid'])
    .orderBy('i.id')
    .forShare('i')
    .execute();
  const open = invoices.filter((invoice) => invoice.due_on);
  if (open.length === 0) return results;
  const missing = new Map(due.map((c) => [c.id, c.missing]));
  const now = deps.clock.now();
  const inserted = await trx
    .insertInto('invoice_reminders')
    .values(open.flatMap((invoice) => (missing.get(invoice.id) ?? []).map((o) => ({ invoice_id: invoice.id, offset_days: o, sent_at: now }))))
    .onConflict((oc) => oc.columns(['invoice_id', 'offset_days']).doNothing())
    .returning('invoice_id')
    .execute();
  const recorded = new Set(inserted.map((r) => r.invoice_id));
  const messages = [];
  for (const invoice of open) {
    if (!recorded.has(invoice.id) || !invoice.due_on) continue;
    if (!invoice.bill_to_email) {
      results.set(invoice.id, 'no_email');
      continue;
    }
    results.set(invoice.id, 'sent');
    messages.push({
      to: invoice.bill_to_email,
      template: renewalReminderEmail.name,
      data: {
        name: invoice.bill_to_name,
        organization: invoice.organization_name ?? invoice.bill_to_name,
        number: invoice.number ?? '',
        balance: formatCents(balanceOf(invoice)),
        due: invoice.due_on,
        daysLate: Math.max(0, daysBetween(invoice.due_on, today)),
        termEnd: invoice.term_end ?? invoice.period_start ?? invoice.due_on,
        today,
        url: invoiceUrl(deps, invoice),
      },
    });
  }
  await deps.mail.queueMany(trx, messages);
  return results;
}
