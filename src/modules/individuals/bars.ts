// Ethics sanctions in individual membership (issue 17, I5). When a suspension or an expulsion
// takes effect, ethics runs `deps.hooks.ethicsSanction` in its transaction; this module's part
// (`applyEthicsSanction`) ends the person's current membership — unpaid invoices voided, nothing
// refunded, the `member` role removed — and records a bar (`individual_bars`). Joining and every
// path that would make a membership active again (`settle.ts`) check the bar with `activeBar`.
// A public censure or a revoked credential does nothing here.
// The bar's audit row is of the entity type `individual_bar`, which the audit log's general view
// leaves out (ethics outcomes are confidential); the membership's own row says only that it ended.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps, EthicsSanction } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { today as todayIn } from '../../lib/today.js';
import { revokeRole } from '../accounts/index.js';
import { voidInvoice } from '../billing/index.js';

type Trx = Transaction<DB>;
type Executor = Trx | Deps['db'];

export interface Bar {
  id: string;
  caseId: string;
  outcome: 'suspension' | 'expulsion';
  fromOn: string;
  /** the last day barred; null: for good */
  untilOn: string | null;
}

/** Neutral on purpose: finance lists show it, and they must not name the reason. */
const VOID_REASON = 'The membership ended';

/** The bar that holds on `today` (YYYY-MM-DD), if any: the permanent one first, else the one that lasts longest. */
export async function activeBar(db: Executor, userId: string, today: string): Promise<Bar | null> {
  const row = await db
    .selectFrom('individual_bars')
    .select(['id', 'case_id', 'outcome', 'from_on', 'until_on'])
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('until_on', 'is', null), eb('until_on', '>=', today)]))
    .orderBy((eb) => eb.case().when('until_on', 'is', null).then(0).else(1).end())
    .orderBy('until_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, caseId: row.case_id, outcome: row.outcome, fromOn: row.from_on, untilOn: row.until_on } : null;
}

/** What a barred person is told when they try to join or renew. */
export function barMessage(bar: Pick<Bar, 'untilOn'>): string {
  return bar.untilOn
    ? `Your membership is suspended until ${formatDay(bar.untilOn)} under the Code of Ethics, so you cannot join or renew before then. You may join again from ${formatDay(nextDay(bar.untilOn))}. Questions: write to the association's ethics staff.`
    : "Your membership was ended by expulsion under the Code of Ethics: you are barred from membership permanently, so you cannot join or renew. Questions: write to the association's ethics staff.";
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Refuses (403 `individuals.barred`, with the message) when a bar holds today. */
export async function refuseIfBarred(db: Executor, deps: Pick<Deps, 'clock' | 'association'>, userId: string): Promise<void> {
  const bar = await activeBar(db, userId, await todayIn(deps));
  if (bar) throw new AppError('individuals.barred', { status: 403, message: barMessage(bar) });
}

/**
 * Ethics' hook (`deps.hooks.ethicsSanction`), in ethics' transaction: a suspension or an
 * expulsion ends the current membership (pending, active or lapsed) and records the bar. Run
 * twice for one case and person, it records one bar and ends nothing more.
 */
export async function applyEthicsSanction(trx: Trx, deps: Pick<Deps, 'clock' | 'mail' | 'config' | 'association'>, s: EthicsSanction): Promise<void> {
  if (s.outcome !== 'suspension' && s.outcome !== 'expulsion') return;
  const now = deps.clock.now();
  const untilOn = s.outcome === 'expulsion' ? null : s.until;
  const bar = await trx
    .insertInto('individual_bars')
    .values({ user_id: s.userId, case_id: s.caseId, outcome: s.outcome, from_on: s.effectiveOn, until_on: untilOn })
    .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!bar) return; // recorded already
  const ended = await endCurrentMemberships(trx, deps, s.userId, now);
  await writeAudit(trx, {
    at: now,
    actorUserId: null,
    action: 'individuals.barred',
    entityType: 'individual_bar',
    entityId: bar.id,
    before: null,
    after: { userId: s.userId, caseId: s.caseId, outcome: s.outcome, fromOn: s.effectiveOn, untilOn, membershipsEnded: ended },
  });
}

/** Ends every current membership of the person: the invoices first (the order a payment locks
 * them in), unpaid ones voided; money already paid stays paid (no refund). */
async function endCurrentMemberships(trx: Trx, deps: Pick<Deps, 'clock' | 'mail' | 'config' | 'association'>, userId: string, now: Date): Promise<string[]> {
  const invoices = await trx
    .selectFrom('invoices as i')
    .innerJoin('individual_memberships as m', 'm.id', 'i.individual_membership_id')
    .select(['i.id', 'i.status', 'i.paid_cents', 'i.credited_cents'])
    .where('m.user_id', '=', userId)
    .where('m.status', 'in', ['pending', 'active', 'lapsed'])
    .where('i.status', 'in', ['draft', 'issued'])
    .forUpdate('i')
    .execute();
  const memberships = await trx
    .selectFrom('individual_memberships')
    .select(['id', 'status', 'term_end'])
    .where('user_id', '=', userId)
    .where('status', 'in', ['pending', 'active', 'lapsed'])
    .forUpdate()
    .execute();
  const voided: string[] = [];
  for (const i of invoices) {
    if (i.paid_cents > 0 || i.credited_cents > 0) continue; // part paid: finance settles what is left
    await voidInvoice(trx, deps, { invoiceId: i.id, reason: VOID_REASON, actorUserId: null });
    voided.push(i.id);
  }
  for (const m of memberships) {
    await trx.updateTable('individual_memberships').set({ status: 'ended', renewal_blocked_reason: null, renewal_blocked_at: null }).where('id', '=', m.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: null,
      action: 'individuals.membership_ended',
      entityType: 'individual_membership',
      entityId: m.id,
      before: { status: m.status, termEnd: m.term_end },
      after: { status: 'ended' },
    });
  }
  if (memberships.length > 0) await revokeRole(trx, userId, 'member');
  return memberships.map((m) => m.id);
}

/** Accounts merged: the bars follow the person to the kept account. */
export async function moveBars(trx: Trx, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  await trx.updateTable('individual_bars').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
}
