// The daily job (injected clock): an active relationship whose agreement ends within the renewal
// window moves to "renewal due" and partnerships staff are emailed; a partnership's deliverable
// coming due within its window is emailed once. Each is claimed by a guarded update in the
// transaction that queues the email, so running the job twice sends nothing more.
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { formatDay } from '../../lib/format.js';
import { deliverableDueEmail, renewalDueEmail } from './emails.js';
import { partnershipsStaffEmails } from './inquiry.js';
import { dayAfter, logEvent } from './service.js';
import { DELIVERABLE_LEAD_DAYS, KIND_LABELS, type PartnerDeps, RENEWAL_LEAD_DAYS } from './shared.js';

export const PARTNER_REMINDERS_QUEUE = 'partner-reminders';
/** daily at 07:40 in the association's time zone */
const PARTNER_REMINDERS_CRON = '40 7 * * *';

export async function runPartnerReminders(deps: PartnerDeps): Promise<{ renewalsDue: number; deliverables: number }> {
  const now = deps.clock.now();
  const renewBy = await dayAfter(deps, RENEWAL_LEAD_DAYS);
  const dueBy = await dayAfter(deps, DELIVERABLE_LEAD_DAYS);
  let renewalsDue = 0;
  let deliverables = 0;
  const base = deps.config.publicUrl;

  const due = await deps.db.selectFrom('partner_relationships').select('id').where('status', '=', 'active').where('agreement_end', '<=', renewBy).limit(1000).execute();
  for (const { id } of due) {
    const moved = await deps.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('partner_relationships')
        .set({ status: 'renewal_due', status_changed_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .where('agreement_end', '<=', renewBy)
        .returning(['partner_name', 'kind', 'agreement_end'])
        .executeTakeFirst();
      if (!r) return false;
      const text = `The agreement ends on ${formatDay(r.agreement_end)}: its renewal is due.`;
      await logEvent(trx, { relationshipId: id, at: now, kind: 'status', from: 'active', to: 'renewal_due', text, actor: null });
      await writeAudit(trx, {
        actorUserId: null,
        action: 'partners.status_changed',
        entityType: 'partner_relationship',
        entityId: id,
        before: { status: 'active' },
        after: { status: 'renewal_due', reason: text },
        at: now,
      });
      for (const to of await partnershipsStaffEmails(trx))
        await deps.mail.queue(trx, {
          to,
          template: renewalDueEmail.name,
          data: { name: r.partner_name, kind: KIND_LABELS[r.kind], end: formatDay(r.agreement_end), url: `${base}/staff/partners/${id}` },
        });
      return true;
    });
    if (moved) renewalsDue++;
  }

  const coming = await deps.db
    .selectFrom('partner_deliverables as d')
    .innerJoin('partner_relationships as r', 'r.id', 'd.relationship_id')
    .select(['d.id'])
    .where('d.done_at', 'is', null)
    .where('d.reminded_at', 'is', null)
    .where('d.due_on', '<=', dueBy)
    .where('r.status', 'in', ['active', 'renewal_due', 'drafted'])
    .limit(1000)
    .execute();
  for (const { id } of coming) {
    const sent = await deps.db.transaction().execute(async (trx) => {
      const d = await trx
        .updateTable('partner_deliverables')
        .set({ reminded_at: now })
        .where('id', '=', id)
        .where('reminded_at', 'is', null)
        .where('done_at', 'is', null)
        .returning(['relationship_id', 'title', 'due_on'])
        .executeTakeFirst();
      if (!d) return false;
      const r = await trx.selectFrom('partner_relationships').select('partner_name').where('id', '=', d.relationship_id).executeTakeFirstOrThrow();
      await logEvent(trx, { relationshipId: d.relationship_id, at: now, kind: 'reminder', text: `Reminder sent: “${d.title}” is due ${formatDay(d.due_on)}.`, actor: null });
      for (const to of await partnershipsStaffEmails(trx))
        await deps.mail.queue(trx, {
          to,
          template: deliverableDueEmail.name,
          data: { name: r.partner_name, title: d.title, due: formatDay(d.due_on), url: `${base}/staff/partners/${d.relationship_id}` },
        });
      return true;
    });
    if (sent) deliverables++;
  }
  if (renewalsDue > 0) deps.summaries?.invalidate();
  return { renewalsDue, deliverables };
}

export function registerPartnerJobs(deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'jobs' | 'summaries' | 'association'>): void {
  deps.jobs.register({ name: PARTNER_REMINDERS_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runPartnerReminders(deps);
  });
}

export async function schedulePartnerJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(PARTNER_REMINDERS_QUEUE, PARTNER_REMINDERS_CRON);
}
