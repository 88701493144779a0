// Renewals the run could not price, flagged once (0038) instead of read again every day: an
// organization with no population, or whose dues are set by arrangement ("contact us"); an
// individual member's salary-based level with no salary (the individuals module's, through its
// `renewals` hook). The console's "blocked" list and "Needs attention" read them here; the flag is
// cleared when staff enter the missing input (an organization's population on its record, a
// member's salary on their page) or when the membership renews.
import type { Db } from '../../db/client.js';
import type { BlockedRenewal, Deps } from '../../deps.js';

/** Organizations' flagged renewals, oldest flag first (the first `limit`), and how many there are. */
async function blockedOrganizationRenewals(db: Db, limit: number): Promise<{ rows: BlockedRenewal[]; total: number }> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['m.id', 'm.organization_id', 'o.name', 'm.renewal_blocked_reason', 'm.renewal_blocked_at', 'm.term_end'])
    .where('m.renewal_blocked_at', 'is not', null)
    .where('m.status', '=', 'active')
    .orderBy('m.renewal_blocked_at')
    .orderBy('m.id')
    .limit(limit)
    .execute();
  return {
    rows: rows.map((r) => ({
      kind: 'organization' as const,
      membershipId: r.id,
      subject: r.name,
      reason: r.renewal_blocked_reason ?? '',
      blockedAt: r.renewal_blocked_at ?? new Date(0),
      termEnd: r.term_end,
      href: `/staff/organizations/${r.organization_id}`,
    })),
    total: await countBlockedOrganizationRenewals(db),
  };
}

/** How many organizations' renewals wait for a missing input (or are invoiced by hand). */
export async function countBlockedOrganizationRenewals(db: Db): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('renewal_blocked_at', 'is not', null)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every flagged renewal, organizations' then the other modules' (the first `limit` of each), with the total. */
export async function blockedRenewals(deps: Pick<Deps, 'db' | 'hooks'>, opts: { limit: number }): Promise<{ rows: BlockedRenewal[]; total: number }> {
  const parts = [await blockedOrganizationRenewals(deps.db, opts.limit)];
  for (const other of deps.hooks.renewals) parts.push(await other.blocked(deps, opts));
  return { rows: parts.flatMap((p) => p.rows), total: parts.reduce((n, p) => n + p.total, 0) };
}
