// The lifecycle of an organization's membership after it is created pending: activated when its
// first invoice is paid, renewed (or reinstated) when a renewal is paid, lapsed when the grace
// period after its term ends without payment. Each moves the membership and the organization's
// status together and writes the audit row, in the caller's transaction; the caller (billing)
// decides when, and sends its own emails.
import { type Selectable, sql, type Transaction } from 'kysely';
import type { DB, MembershipsTable } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';

type Trx = Transaction<DB>;
type MembershipStatus = Selectable<MembershipsTable>['status'];

export interface MembershipChange {
  membershipId: string;
  organizationId: string;
  /** when it happens: the activation time and the audit row's time */
  at: Date;
  /** who caused it (the person recording the payment); null for the system */
  actor: string | null;
}

/** A pending membership becomes active for its first term; its organization becomes active. */
export async function activateMembership(trx: Trx, input: MembershipChange & { term: { start: string; end: string } }): Promise<void> {
  const { term } = input;
  await trx.updateTable('memberships').set({ status: 'active', term_start: term.start, term_end: term.end, activated_at: input.at }).where('id', '=', input.membershipId).execute();
  await trx.updateTable('organizations').set({ status: 'active' }).where('id', '=', input.organizationId).execute();
  await writeAudit(trx, {
    at: input.at,
    actorUserId: input.actor,
    action: 'memberships.activated',
    entityType: 'membership',
    entityId: input.membershipId,
    before: { status: 'pending' },
    after: { status: 'active', termStart: term.start, termEnd: term.end },
  });
}

/** An active membership's term is extended to `termEnd` (renewed), or a lapsed one is made active
 * again (reinstated); its organization becomes active. `from` is the membership as it was. */
export async function renewMembership(trx: Trx, input: MembershipChange & { from: { status: MembershipStatus; termEnd: string | null }; termEnd: string }): Promise<void> {
  await trx
    .updateTable('memberships')
    .set({ status: 'active', term_end: input.termEnd, lapsed_at: null, renewal_blocked_reason: null, renewal_blocked_at: null })
    .where('id', '=', input.membershipId)
    .execute();
  await trx.updateTable('organizations').set({ status: 'active' }).where('id', '=', input.organizationId).execute();
  await writeAudit(trx, {
    at: input.at,
    actorUserId: input.actor,
    action: input.from.status === 'lapsed' ? 'memberships.reinstated' : 'memberships.renewed',
    entityType: 'membership',
    entityId: input.membershipId,
    before: { status: input.from.status, termEnd: input.from.termEnd },
    after: { status: 'active', termEnd: input.termEnd },
  });
}

/** An active membership whose term ended on `termEnd` lapses after its grace period; its
 * organization, if active, lapses with it. Guarded: a payment that renewed the membership
 * meanwhile moved its term end (under the row lock), so this then changes nothing and returns
 * null. Otherwise returns the organization, for the caller's emails. */
export async function lapseMembership(trx: Trx, input: { membershipId: string; termEnd: string; at: Date }): Promise<{ organizationId: string; organizationName: string } | null> {
  const lapsed = await trx
    .updateTable('memberships')
    .set({ status: 'lapsed', lapsed_at: input.at })
    .where('id', '=', input.membershipId)
    .where('status', '=', 'active')
    .where('term_end', '=', input.termEnd)
    .returning(['organization_id'])
    .executeTakeFirst();
  if (!lapsed) return null;
  const org = await trx
    .updateTable('organizations')
    .set({ status: 'lapsed' })
    .where('id', '=', lapsed.organization_id)
    .where('status', '=', 'active')
    .returning('name')
    .executeTakeFirst();
  const name = org?.name ?? (await trx.selectFrom('organizations').select('name').where('id', '=', lapsed.organization_id).executeTakeFirstOrThrow()).name;
  await writeAudit(trx, {
    at: input.at,
    actorUserId: null,
    action: 'memberships.lapsed',
    entityType: 'membership',
    entityId: input.membershipId,
    before: { status: 'active', termEnd: input.termEnd },
    after: { status: 'lapsed', graceEnded: true },
  });
  return { organizationId: lapsed.organization_id, organizationName: name };
}

/** Membership staff suspend an active or pending membership, or cancel one that is active,
 * pending, lapsed or suspended, with a reason; the organization's status follows. Guarded on the
 * status it had (`from`), so a payment or another change meanwhile makes this change nothing
 * and return false. */
export async function setMembershipStanding(
  trx: Trx,
  input: { membershipId: string; organizationId: string; from: MembershipStatus; to: 'suspended' | 'cancelled'; reason: string; at: Date; actor: string },
): Promise<boolean> {
  const changed = await trx
    .updateTable('memberships')
    .set({ status: input.to, status_reason: input.reason, status_changed_at: input.at })
    .where('id', '=', input.membershipId)
    .where('status', '=', input.from)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) return false;
  await trx.updateTable('organizations').set({ status: input.to }).where('id', '=', input.organizationId).execute();
  await writeAudit(trx, {
    at: input.at,
    actorUserId: input.actor,
    action: input.to === 'suspended' ? 'memberships.suspended' : 'memberships.cancelled',
    entityType: 'membership',
    entityId: input.membershipId,
    before: { status: input.from },
    after: { status: input.to, reason: input.reason },
  });
  return true;
}

/** Membership staff reinstate a suspended, cancelled or lapsed membership: active again until
 * `termEnd`; the organization becomes active. Guarded on the status it had. */
export async function reinstateMembership(
  trx: Trx,
  input: { membershipId: string; organizationId: string; from: MembershipStatus; termEnd: string | null; reason: string; at: Date; actor: string },
): Promise<boolean> {
  const changed = await trx
    .updateTable('memberships')
    .set({
      status: 'active',
      term_end: input.termEnd,
      lapsed_at: null,
      renewal_blocked_reason: null,
      renewal_blocked_at: null,
      status_reason: input.reason || null,
      status_changed_at: input.at,
    })
    .where('id', '=', input.membershipId)
    .where('status', '=', input.from)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) return false;
  await trx.updateTable('organizations').set({ status: 'active' }).where('id', '=', input.organizationId).execute();
  await writeAudit(trx, {
    at: input.at,
    actorUserId: input.actor,
    action: 'memberships.reinstated',
    entityType: 'membership',
    entityId: input.membershipId,
    before: { status: input.from },
    after: { status: 'active', termEnd: input.termEnd, reason: input.reason || undefined, byStaff: true },
  });
  return true;
}

/** Flags memberships whose renewal the run could not price, with why (billing's renewal run, in
 * its batch's transaction): the run's batches pass them by from then on (0038). Cleared when the
 * organization's population is entered (updateOrganizationProfile) or the membership renews. */
export async function blockRenewals(trx: Trx, blocks: Array<{ membershipId: string; reason: string }>, at: Date): Promise<void> {
  if (blocks.length === 0) return;
  // One statement for the batch's flags, however many.
  await sql`update memberships m set renewal_blocked_reason = b.reason, renewal_blocked_at = ${at}
    from unnest(${blocks.map((b) => b.membershipId)}::uuid[], ${blocks.map((b) => b.reason)}::text[]) as b(id, reason)
    where m.id = b.id and m.renewal_blocked_at is null`.execute(trx);
}
