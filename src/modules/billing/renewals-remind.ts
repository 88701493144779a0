// Renewals, step 2: reminders of unpaid invoices at the association's offsets, one transaction
// per invoice, each recorded in invoice_reminders with the email it queues.
import { formatCents } from '../../lib/money.js';
import { addDays, daysBetween } from './dates.js';
import { renewalReminderEmail } from './renewals-emails.js';
import { FIRST_UUID, type RenewalCounts, type RenewalDeps } from './renewals-shared.js';
import { balanceOf, invoiceUrl } from './service.js';

export async function sendReminders(deps: RenewalDeps, run: { today: string; batchSize: number; offsets: number[] }, counts: RenewalCounts): Promise<void> {
  const offsets = [...new Set(run.offsets)].filter((o) => Number.isInteger(o)).sort((a, b) => a - b);
  const first = offsets[0];
  if (first === undefined) return;
  // due_on + offset <= today for the smallest offset  ⇔  due_on <= today - offset
  const latestDue = addDays(run.today, -first);
  let after = FIRST_UUID;
  for (;;) {
    const batch = await deps.db
      .selectFrom('invoices')
      .select(['id', 'due_on'])
      .where('purpose', '=', 'renewal')
      .where('status', 'in', ['issued', 'partially_paid'])
      .where('due_on', '<=', latestDue)
      .where('id', '>', after)
      .orderBy('id')
      .limit(run.batchSize)
      .execute();
    const last = batch[batch.length - 1];
    if (!last) return;
    after = last.id;
    const sent = await deps.db
      .selectFrom('invoice_reminders')
      .select(['invoice_id', 'offset_days'])
      .where(
        'invoice_id',
        'in',
        batch.map((i) => i.id),
      )
      .execute();
    const done = new Set(sent.map((r) => `${r.invoice_id}/${r.offset_days}`));
    for (const invoice of batch) {
      const dueOn = invoice.due_on;
      if (!dueOn) continue;
      const missing = offsets.filter((o) => addDays(dueOn, o) <= run.today && !done.has(`${invoice.id}/${o}`));
      if (missing.length > 0 && (await remindOne(deps, run.today, invoice.id, missing))) counts.reminded++;
    }
  }
}

/** Records the offsets reached and, if this call recorded any, queues one reminder: both in one
 * transaction, so a reminder is sent once per offset however often the run is repeated. */
async function remindOne(deps: RenewalDeps, today: string, invoiceId: string, offsets: number[]): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const invoice = await trx
      .selectFrom('invoices as i')
      .leftJoin('organizations as o', 'o.id', 'i.organization_id')
      .leftJoin('memberships as m', 'm.id', 'i.membership_id')
      .selectAll('i')
      .select(['o.name as organization_name', 'm.term_end'])
      .where('i.id', '=', invoiceId)
      .where('i.status', 'in', ['issued', 'partially_paid'])
      .forShare('i')
      .executeTakeFirst();
    if (!invoice?.due_on) return false;
    const inserted = await trx
      .insertInto('invoice_reminders')
      .values(offsets.map((o) => ({ invoice_id: invoiceId, offset_days: o, sent_at: deps.clock.now() })))
      .onConflict((oc) => oc.columns(['invoice_id', 'offset_days']).doNothing())
      .returning('offset_days')
      .execute();
    if (inserted.length === 0 || !invoice.bill_to_email) return false;
    await deps.mail.queue(trx, {
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
        url: invoiceUrl(deps, invoice),
      },
    });
    return true;
  });
}
