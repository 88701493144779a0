// The employer withdraws their own posting before it is published (waiting for payment, for review,
// or with changes asked): it is never published, leaves staff's queue, and its fee invoice, if
// unpaid, is voided through billing (the invoice keeps its number; the void is audited by billing).
// Money already paid is not handled here: a refund is recorded by finance staff after they pay it
// back (billing's refunds), so a posting whose fee was paid is withdrawn by writing to the
// association, and the refusal says so. A guarded update (`where status = …`), a revision and an
// audit row. (A published posting is closed instead: close.ts.)
import type { JobStatus } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { balanceOf, voidInvoice } from '../billing/index.js';
import { recordRevision } from '../publishing/index.js';
import { type Actor, type JobDeps, ownPostingForUpdate, type Trx } from './shared.js';

/** The statuses a posting may be withdrawn from: it has never been published. */
export const WITHDRAWABLE: readonly JobStatus[] = ['awaiting_payment', 'in_review', 'changes_requested'];

/** What withdrawing the posting would do to its fee: nothing (free, or nothing owed), void its
 * unpaid invoice, or nothing at all because its fee is paid (then it cannot be withdrawn here). */
export type FeeOutcome = { kind: 'none' } | { kind: 'void'; number: string | null; totalCents: number } | { kind: 'paid' };

async function feeOutcome(trx: Trx | JobDeps['db'], invoiceId: string | null): Promise<FeeOutcome> {
  if (!invoiceId) return { kind: 'none' };
  const inv = await trx.selectFrom('invoices').select(['number', 'status', 'total_cents', 'paid_cents', 'credited_cents']).where('id', '=', invoiceId).executeTakeFirst();
  if (!inv || inv.status === 'void') return { kind: 'none' };
  if (inv.paid_cents > 0) return { kind: 'paid' };
  return balanceOf(inv) > 0 ? { kind: 'void', number: inv.number, totalCents: inv.total_cents } : { kind: 'none' };
}

/** Whom to write to and the association's time zone, read before any transaction (PGlite has
 * one connection, which a transaction holds). */
export async function withdrawalContext(deps: JobDeps) {
  return { contactEmail: (await deps.association.get()).contact_email, timeZone: await deps.association.timeZone() };
}
type WithdrawalContext = Awaited<ReturnType<typeof withdrawalContext>>;

/** Why this posting cannot be withdrawn (a sentence), or null when it can. */
export function withdrawalRefusal(p: { status: JobStatus; withdrawn_at: Date | null }, fee: FeeOutcome, c: WithdrawalContext): string | null {
  if (p.status === 'withdrawn') return `You withdrew this posting already${p.withdrawn_at ? `, on ${formatZonedDay(p.withdrawn_at, c.timeZone)}` : ''}.`;
  if (p.status === 'published' || p.status === 'closed')
    return 'This posting is published, so it is not withdrawn: close it instead once the job is filled, and it leaves the job center at once.';
  if (p.status === 'rejected') return 'This posting was not accepted by our staff, so there is nothing to withdraw: it will not be published.';
  if (fee.kind === 'paid')
    return `You paid the posting fee, so this posting cannot be withdrawn here. Write to ${c.contactEmail}: our staff withdraw it and tell you whether the fee is paid back.`;
  return null;
}

/** What withdrawing would do to the fee (for the confirmation page). */
export const withdrawalFee = (deps: JobDeps, invoiceId: string | null) => feeOutcome(deps.db, invoiceId);

export async function withdrawPosting(deps: JobDeps, actor: Actor, id: string): Promise<FeeOutcome> {
  const c = await withdrawalContext(deps);
  return deps.db.transaction().execute(async (trx) => {
    const p = await ownPostingForUpdate(trx, id, actor.userId);
    const fee = await feeOutcome(trx, p.invoice_id);
    const refusal = withdrawalRefusal(p, fee, c);
    if (refusal) throw new AppError(p.status === 'withdrawn' ? 'jobs.already_withdrawn' : 'jobs.not_withdrawable', { status: 409, message: refusal });
    const now = deps.clock.now();
    const done = await trx
      .updateTable('job_postings')
      .set({ status: 'withdrawn', withdrawn_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', p.status)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('conflict', { message: 'The posting changed meanwhile; open your postings again.' });
    if (fee.kind === 'void' && p.invoice_id) {
      await voidInvoice(trx, deps, {
        invoiceId: p.invoice_id,
        reason: 'Job posting withdrawn by the employer before publication.',
        actorUserId: actor.userId,
        requestId: actor.requestId,
      });
    }
    await recordRevision(trx, { kind: 'job', itemId: id, actor: { userId: actor.userId, name: actor.name }, action: 'withdrawn', after: { status: 'withdrawn' } });
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'jobs.withdrawn',
      entityType: 'job_posting',
      entityId: id,
      before: { status: p.status },
      after: { status: 'withdrawn', invoiceVoided: fee.kind === 'void' },
      requestId: actor.requestId,
    });
    return fee;
  });
}
