// The dues of one membership term, for the organization's home: what is paid so far and what is
// still due, with billing's own balance rule (`balanceOf`: total less credits and payments, void
// counts nothing).
import type { Db } from '../../db/client.js';
import { balanceOf, type Trx } from './service.js';

export interface TermDues {
  paidCents: number;
  dueCents: number;
}

/**
 * Sums the membership and renewal invoices of a membership that were issued (neither draft nor
 * void). With the term's end given, only this term's: a renewal issued ahead for the next term
 * (its period starting after `termEnd`) is not counted yet.
 */
export async function computeTermDues(db: Db | Trx, term: { membershipId: string; termEnd: string | null }): Promise<TermDues> {
  let q = db
    .selectFrom('invoices')
    .select(['total_cents', 'credited_cents', 'paid_cents', 'status'])
    .where('membership_id', '=', term.membershipId)
    .where('purpose', 'in', ['membership', 'renewal'])
    .where('status', 'not in', ['draft', 'void']);
  const termEnd = term.termEnd;
  if (termEnd) q = q.where((eb) => eb.or([eb('period_start', 'is', null), eb('period_start', '<=', termEnd)]));
  const invoices = await q.execute();
  return {
    paidCents: invoices.reduce((sum, i) => sum + i.paid_cents, 0),
    dueCents: invoices.reduce((sum, i) => sum + balanceOf(i), 0),
  };
}

/** A renewal invoice issued ahead for the term after `termEnd`, still owing: what the home shows
 * beside this term's dues, so that "nothing still due this term" does not read as nothing to pay. */
export interface NextTermRenewal {
  number: string | null;
  publicToken: string;
  periodStart: string;
  periodEnd: string | null;
  dueOn: string | null;
  balanceCents: number;
}

export async function nextTermRenewal(db: Db | Trx, term: { membershipId: string; termEnd: string | null }): Promise<NextTermRenewal | null> {
  if (!term.termEnd) return null;
  const rows = await db
    .selectFrom('invoices')
    .select(['number', 'public_token', 'period_start', 'period_end', 'due_on', 'total_cents', 'credited_cents', 'paid_cents', 'status'])
    .where('membership_id', '=', term.membershipId)
    .where('purpose', '=', 'renewal')
    .where('status', 'not in', ['draft', 'void'])
    .where('period_start', '>', term.termEnd)
    .orderBy('period_start')
    .execute();
  const open = rows.find((r) => balanceOf(r) > 0);
  if (!open?.period_start) return null;
  return {
    number: open.number,
    publicToken: open.public_token,
    periodStart: open.period_start,
    periodEnd: open.period_end,
    dueOn: open.due_on,
    balanceCents: balanceOf(open),
  };
}
