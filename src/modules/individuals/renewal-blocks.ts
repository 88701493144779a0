// Renewals that cannot be priced (0038): the daily run flags an individual membership whose level
// needs details the member has not given (a salary-based level with no salary) once, with why, and
// its batches pass it by from then on instead of reading it again every day. Finance staff see the
// flagged ones on the renewals console and in "Needs attention", and enter the salary on the
// member's page (`setSalary`), which clears the flag: the next run renews it. Renewing the
// membership any other way (a payment, a transition waiver) clears it too.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { BlockedRenewal, Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import type { Trx } from '../billing/index.js';
import { duesInputProblems } from './dues.js';
import { getLevel } from './levels.js';

/** Flags memberships whose renewal the run could not price, in its batch's transaction: one statement. */
export async function blockRenewals(trx: Trx, blocks: Array<{ membershipId: string; reason: string }>, at: Date): Promise<void> {
  if (blocks.length === 0) return;
  await sql`update individual_memberships m set renewal_blocked_reason = b.reason, renewal_blocked_at = ${at}
    from unnest(${blocks.map((b) => b.membershipId)}::uuid[], ${blocks.map((b) => b.reason)}::text[]) as b(id, reason)
    where m.id = b.id and m.renewal_blocked_at is null`.execute(trx);
}

/** The flagged memberships, oldest flag first (the first `limit`), and how many there are. */
export async function blockedIndividualRenewals(deps: Pick<Deps, 'db'>, opts: { limit: number }): Promise<{ rows: BlockedRenewal[]; total: number }> {
  const rows = await deps.db
    .selectFrom('individual_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'u.name', 'm.renewal_blocked_reason', 'm.renewal_blocked_at', 'm.term_end'])
    .where('m.renewal_blocked_at', 'is not', null)
    .where('m.status', '=', 'active')
    .orderBy('m.renewal_blocked_at')
    .orderBy('m.id')
    .limit(opts.limit)
    .execute();
  return {
    rows: rows.map((r) => ({
      kind: 'person' as const,
      membershipId: r.id,
      subject: r.name,
      reason: r.renewal_blocked_reason ?? '',
      blockedAt: r.renewal_blocked_at ?? new Date(0),
      termEnd: r.term_end,
      href: `/staff/individuals/${r.id}#salary`,
    })),
    total: await countBlockedIndividualRenewals(deps.db),
  };
}

/** How many individual memberships wait for a missing input before they can renew. */
export async function countBlockedIndividualRenewals(db: Db): Promise<number> {
  const row = await db
    .selectFrom('individual_memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('renewal_blocked_at', 'is not', null)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Finance staff enter a member's annual salary (the member told them, or it was on the
 * application by mail): the dues input a salary-based level needs. Clears the renewal flag, so the
 * next run renews the membership. Audited without the amount (the salary is private). */
export async function setSalary(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { membershipId: string; salaryCents: number; actorUserId: string; requestId?: string },
): Promise<{ unblocked: boolean }> {
  return deps.db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('individual_memberships')
      .select(['id', 'level_id', 'employer_population', 'employer_general_fund_cents', 'renewal_blocked_at'])
      .where('id', '=', input.membershipId)
      .forUpdate()
      .executeTakeFirst();
    if (!m) throw new AppError('not_found');
    const level = await getLevel(trx, m.level_id);
    if (!level) throw new AppError('not_found');
    // A salary no dues follow is private data kept for nothing: refused, nothing stored.
    if (level.rule !== 'salary_share')
      throw new AppError('validation_failed', { fields: { salary: `Dues at the ${level.name} level do not follow salary: there is no salary to enter.` } });
    const problems = duesInputProblems(level, {
      salaryCents: input.salaryCents,
      employerPopulation: m.employer_population,
      employerGeneralFundCents: m.employer_general_fund_cents,
    });
    if (problems.salary) throw new AppError('validation_failed', { fields: { salary: problems.salary } });
    await trx
      .updateTable('individual_memberships')
      .set({ salary_cents: input.salaryCents, renewal_blocked_reason: null, renewal_blocked_at: null })
      .where('id', '=', m.id)
      .execute();
    const unblocked = m.renewal_blocked_at !== null;
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: input.actorUserId,
      action: 'individuals.salary_entered',
      entityType: 'individual_membership',
      entityId: m.id,
      after: { salaryEntered: true, renewalUnblocked: unblocked },
      requestId: input.requestId ?? null,
    });
    return { unblocked };
  });
}
