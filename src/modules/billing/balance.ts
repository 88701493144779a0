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
