// Renewals of individual memberships, run by billing's daily renewal run (runRenewals, through
// its `renewals` hook, which the composition root fills with `individualRenewals`) with the same
// settings: renewal invoices `renewal_lead_days` ahead of term end, priced by the level's
// rule and the member's stored dues inputs; lapse after `grace_days`, which takes the `member`
// role away unless another active membership holds it. Reminders are billing's (every open
// renewal invoice). Exactly once: a batch per transaction under billing's advisory lock, and the
// unique index invoices_individual_one_per_period makes a second invoice for a term impossible.
import { sql } from 'kysely';
import type { Deps, RenewalParticipant } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { revokeRole } from '../accounts/index.js';
import { addDays, billingSettings, ISSUE_LOCK, type IssueInvoiceInput, issueInvoices, nextTerm, retryBatch } from '../billing/index.js';
import { quoteIndividualDues } from './dues.js';
import { individualLapsedEmail } from './emails.js';
import { formatDay } from './format.js';
import { getLevel } from './levels.js';
import { settleIndividualMembership } from './settle.js';

type RenewDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;

const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/** Issues the renewal invoices of individual memberships whose term ends by `horizon`. */
export async function issueIndividualRenewals(
  deps: RenewDeps,
  run: { today: string; horizon: string; batchSize: number },
  counts: { issued: number; skipped: number },
): Promise<void> {
  let after = FIRST_UUID;
  for (;;) {
    const batch = await deps.db
      .selectFrom('individual_memberships as m')
      .select(['m.id'])
      .where('m.status', '=', 'active')
      .where('m.term_end', '<=', run.horizon)
      .where('m.id', '>', after)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('invoices as i')
              .select('i.id')
              .whereRef('i.individual_membership_id', '=', 'm.id')
              .where('i.period_start', '=', sql<string>`m.term_end + 1`)
              .where('i.status', '<>', 'void'),
          ),
        ),
      )
      .orderBy('m.id')
      .limit(run.batchSize)
      .execute();
    const last = batch[batch.length - 1];
    if (!last) return;
    after = last.id;
    const done = await retryBatch(() =>
      issueBatch(
        deps,
        run,
        batch.map((b) => b.id),
      ),
    );
    counts.issued += done.issued;
    counts.skipped += done.skipped;
  }
}

async function issueBatch(deps: RenewDeps, run: { today: string; horizon: string }, ids: string[]): Promise<{ issued: number; skipped: number }> {
  return deps.db.transaction().execute(async (trx) => {
    await ISSUE_LOCK.execute(trx);
    const rows = await trx
      .selectFrom('individual_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.user_id', 'm.level_id', 'm.term_end', 'm.salary_cents', 'm.employer_population', 'm.employer_general_fund_cents', 'u.name', 'u.email'])
      .select(({ exists, selectFrom }) =>
        exists(
          selectFrom('invoices as i')
            .select('i.id')
            .whereRef('i.individual_membership_id', '=', 'm.id')
            .where('i.period_start', '=', sql<string>`m.term_end + 1`)
            .where('i.status', '<>', 'void'),
        ).as('invoiced'),
      )
      .where('m.id', 'in', ids)
      .where('m.status', '=', 'active')
      .where('m.term_end', '<=', run.horizon)
      .orderBy('m.id')
      .forUpdate('m')
      .execute();
    let skipped = ids.length - rows.length;
    const inputs: IssueInvoiceInput[] = [];
    for (const row of rows) {
      const level = await getLevel(trx, row.level_id);
      if (row.invoiced || !row.term_end || !level) {
        skipped++;
        continue;
      }
      let amount: number;
      try {
        amount = quoteIndividualDues(level, {
          salaryCents: row.salary_cents,
          employerPopulation: row.employer_population,
          employerGeneralFundCents: row.employer_general_fund_cents,
        }).amountCents;
      } catch {
        skipped++; // dues inputs the level now needs are missing: finance staff invoice it by hand
        continue;
      }
      const term = nextTerm(row.term_end);
      inputs.push({
        userId: row.user_id,
        individualMembershipId: row.id,
        purpose: 'renewal',
        periodStart: term.start,
        periodEnd: term.end,
        lines: [{ description: `Individual membership renewal, ${level.name} level, ${formatDay(term.start)} to ${formatDay(term.end)}`, quantity: 1, unitCents: amount }],
        billTo: { name: row.name, email: row.email, address: '' },
        issuedOn: run.today,
      });
    }
    const invoices = await issueInvoices(trx, deps, inputs);
    // A free level's renewal is paid on issue: it renews at once.
    const settings = await billingSettings(trx);
    for (const invoice of invoices) if (invoice.status === 'paid') await settleIndividualMembership(trx, deps, invoice, run.today, null, settings);
    return { issued: invoices.length, skipped };
  });
}

/** Lapses individual memberships past term end and grace whose renewal is not paid. */
export async function lapseIndividualMemberships(deps: RenewDeps, run: { today: string; graceDays: number; batchSize: number }, counts: { lapsed: number }): Promise<void> {
  const cutoff = addDays(run.today, -run.graceDays);
  let after = FIRST_UUID;
  for (;;) {
    const batch = await deps.db
      .selectFrom('individual_memberships')
      .select(['id', 'term_end'])
      .where('status', '=', 'active')
      .where('term_end', '<', cutoff)
      .where('id', '>', after)
      .orderBy('id')
      .limit(run.batchSize)
      .execute();
    const last = batch[batch.length - 1];
    if (!last) return;
    after = last.id;
    for (const m of batch) if (m.term_end && (await lapseOne(deps, m.id, m.term_end))) counts.lapsed++;
  }
}

async function lapseOne(deps: RenewDeps, id: string, termEnd: string): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    // Guarded: a payment that renewed it meanwhile moved term_end, so this matches nothing.
    const lapsed = await trx
      .updateTable('individual_memberships')
      .set({ status: 'lapsed', lapsed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('term_end', '=', termEnd)
      .returning(['user_id'])
      .executeTakeFirst();
    if (!lapsed) return false;
    const other = await trx.selectFrom('individual_memberships').select('id').where('user_id', '=', lapsed.user_id).where('status', '=', 'active').executeTakeFirst();
    if (!other) await revokeRole(trx, lapsed.user_id, 'member');
    await writeAudit(trx, {
      at: now,
      actorUserId: null,
      action: 'individuals.membership_lapsed',
      entityType: 'individual_membership',
      entityId: id,
      before: { status: 'active', termEnd },
      after: { status: 'lapsed', memberRoleRemoved: !other },
    });
    const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', lapsed.user_id).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, { to: user.email, template: individualLapsedEmail.name, data: { name: user.name, termEnd, url: `${deps.config.publicUrl}/me/membership` } });
    return true;
  });
}

/** This module's part of billing's daily renewal run. */
export const individualRenewals: RenewalParticipant = { issue: issueIndividualRenewals, lapse: lapseIndividualMemberships };
