// Actions membership staff take on an organization's record, each in one transaction with its
// audit row, through the owning module's index.ts: assign the advisor (advising), invite a
// contact or a stronger role and take a role or a seat away (portal's invitations, organizations'
// seats), issue an ad-hoc invoice (billing), suspend, cancel and reinstate a membership
// (organizations). Bad input is an AppError naming the field; nothing changes.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { assignManually } from '../advising/index.js';
import { issueInvoice, nextTerm, voidInvoice } from '../billing/index.js';
import { lockContacts, reinstateMembership, removeContact, setMembershipStanding, updateContact } from '../organizations/index.js';
import { inviteToSeat } from '../portal/index.js';

type ActionDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;
interface Actor {
  organizationId: string;
  actorUserId: string;
  actorName: string;
  requestId?: string;
}

const fieldError = (field: string, message: string) => new AppError('validation_failed', { message, fields: { [field]: message } });
type Trx = Transaction<DB>;

/** The organization's row, locked; a merged (or unknown) organization is not found. */
async function lockOrganization(trx: Trx, id: string) {
  const org = await trx.selectFrom('organizations').select(['id', 'name', 'merged_into_id', 'billing_address', 'po_number']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!org || org.merged_into_id) throw new AppError('not_found', { message: 'There is no such organization.' });
  return org;
}

/** Assigns or changes the advisor (advising's assignManually: the history kept, the emails sent). */
export async function changeAdvisor(deps: ActionDeps, input: Actor & { advisorUserId: string; reason: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const org = await lockOrganization(trx, input.organizationId);
    await assignManually(trx, deps, {
      organizationId: org.id,
      advisorUserId: input.advisorUserId,
      reason: input.reason,
      actorUserId: input.actorUserId,
      requestId: input.requestId,
    });
  });
}

/** Invites a person to a seat (portal's invitation: they become a contact when they accept). */
export async function inviteContact(deps: ActionDeps, input: Actor & { name: string; email: string; title: string; role: 'contact' | 'admin' }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const org = await lockOrganization(trx, input.organizationId);
    const held = await trx
      .selectFrom('organization_contacts as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select('c.role')
      .where('c.organization_id', '=', org.id)
      .where('u.email', '=', input.email)
      .executeTakeFirst();
    if (held) throw fieldError('email', 'This person is already a contact of this organization; change their role in the list of contacts instead.');
    await inviteToSeat(trx, deps, {
      organizationId: org.id,
      email: input.email,
      name: input.name,
      role: input.role,
      title: input.title,
      source: 'contact',
      invitedBy: { userId: input.actorUserId, name: input.actorName },
      requestId: input.requestId,
    });
  });
}

/** Changes a contact's role. Making someone an administrator sends them an invitation (the role is
 * theirs when they accept); taking the role away is immediate, unless they are the last one. */
export async function changeContactRole(deps: ActionDeps, input: Actor & { userId: string; role: 'contact' | 'admin' }): Promise<'invited' | 'changed'> {
  return deps.db.transaction().execute(async (trx) => {
    const org = await lockOrganization(trx, input.organizationId);
    const seats = await lockContacts(trx, org.id);
    const seat = seats.find((s) => s.userId === input.userId);
    if (!seat) throw new AppError('not_found', { message: 'That person is not a contact of this organization.' });
    if (seat.role === input.role)
      throw fieldError('role', input.role === 'admin' ? 'This person is already an administrator.' : 'This person is already a contact without administration.');
    const person = await trx
      .selectFrom('organization_contacts as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['u.name', 'u.email', 'c.title', 'c.phone', 'c.duties'])
      .where('c.organization_id', '=', org.id)
      .where('c.user_id', '=', input.userId)
      .executeTakeFirstOrThrow();
    if (input.role === 'admin') {
      await inviteToSeat(trx, deps, {
        organizationId: org.id,
        email: person.email,
        name: person.name,
        role: 'admin',
        title: person.title,
        source: 'contact',
        invitedBy: { userId: input.actorUserId, name: input.actorName },
        requestId: input.requestId,
        roleChange: true,
      });
      return 'invited';
    }
    if (seats.filter((s) => s.role === 'admin' && s.userId !== input.userId).length === 0)
      throw fieldError('role', 'This is the organization’s only administrator. Make someone else an administrator first (they must accept the invitation).');
    await updateContact(trx, { organizationId: org.id, userId: input.userId, role: 'contact', title: person.title, phone: person.phone, duties: person.duties });
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: input.actorUserId,
      action: 'records.contact_role_changed',
      entityType: 'organization',
      entityId: org.id,
      before: { userId: input.userId, role: 'admin' },
      after: { userId: input.userId, role: 'contact' },
      requestId: input.requestId,
    });
    return 'changed';
  });
}

/** Takes a person's seat away (confirmed on its page); never the last administrator's. */
export async function removeOrganizationContact(deps: ActionDeps, input: Actor & { userId: string }): Promise<{ name: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const org = await lockOrganization(trx, input.organizationId);
    const seats = await lockContacts(trx, org.id);
    const seat = seats.find((s) => s.userId === input.userId);
    if (!seat) throw new AppError('not_found', { message: 'That person is not a contact of this organization.' });
    if (seat.role === 'admin' && seats.filter((s) => s.role === 'admin').length === 1)
      throw new AppError('records.last_admin', {
        status: 409,
        message: 'This is the organization’s only administrator, so they cannot be removed. Make someone else an administrator first.',
      });
    const person = await trx.selectFrom('users').select('name').where('id', '=', input.userId).executeTakeFirstOrThrow();
    await removeContact(trx, { organizationId: org.id, userId: input.userId });
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: input.actorUserId,
      action: 'records.contact_removed',
      entityType: 'organization',
      entityId: org.id,
      before: { userId: input.userId, role: seat.role },
      requestId: input.requestId,
    });
    return { name: person.name };
  });
}

/** Issues an ad-hoc invoice (purpose `other`) through billing's issueInvoice: numbered without
 * gaps, emailed with its PDF to the bill-to address. Lines are in integer cents. */
export async function issueAdHocInvoice(
  deps: ActionDeps,
  input: Actor & { lines: Array<{ description: string; amountCents: number }>; billToName: string; billToEmail: string },
): Promise<{ id: string; number: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const org = await lockOrganization(trx, input.organizationId);
    const invoice = await issueInvoice(trx, deps, {
      organizationId: org.id,
      purpose: 'other',
      lines: input.lines.map((l) => ({ description: l.description, quantity: 1, unitCents: l.amountCents })),
      poNumber: org.po_number,
      billTo: { name: input.billToName, email: input.billToEmail, address: org.billing_address },
      actorUserId: input.actorUserId,
      requestId: input.requestId,
    });
    return { id: invoice.id, number: invoice.number ?? '' };
  });
}

export type StandingAction = 'suspend' | 'cancel' | 'reinstate';
/** Which statuses each action starts from. */
export const STANDING_FROM: Record<StandingAction, readonly string[]> = {
  suspend: ['active', 'pending'],
  cancel: ['active', 'pending', 'lapsed', 'suspended'],
  reinstate: ['suspended', 'cancelled', 'lapsed'],
};

/** The invoices cancelling a membership voids: its open ones with nothing paid on them. */
export async function invoicesToVoid(db: Deps['db'] | Trx, membershipId: string) {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'total_cents', 'period_end'])
    .where('membership_id', '=', membershipId)
    .where('status', '=', 'issued')
    .where('paid_cents', '=', 0)
    .orderBy('issued_on')
    .execute();
}

/**
 * Suspends, cancels or reinstates a membership, with a reason (required to suspend or cancel).
 * - Suspending leaves its invoices open: the organization still owes them, and paying one records
 *   the payment without lifting the suspension (billing settles only pending, active or lapsed
 *   memberships); reinstating lifts it.
 * - Cancelling voids its open invoices that have nothing paid on them (a cancelled membership is
 *   not owed); one partly paid is left to finance staff, who reverse or credit it.
 * - Reinstating makes it active again. A lapsed one is active until the end of the term its open
 *   renewal invoice is for (the invoice stays open; paying it later changes no date), else the
 *   next term; a suspended or cancelled one keeps its term. Voided invoices stay void.
 */
export async function changeMembershipStanding(deps: ActionDeps, input: Actor & { membershipId: string; action: StandingAction; reason: string }): Promise<{ voided: string[] }> {
  return deps.db.transaction().execute(async (trx) => {
    const org = await lockOrganization(trx, input.organizationId);
    const m = await trx
      .selectFrom('memberships')
      .select(['id', 'status', 'term_end'])
      .where('id', '=', input.membershipId)
      .where('organization_id', '=', org.id)
      .forUpdate()
      .executeTakeFirst();
    if (!m) throw new AppError('not_found', { message: 'There is no such membership.' });
    if (!STANDING_FROM[input.action].includes(m.status))
      throw new AppError('records.membership_status', {
        status: 409,
        message: `A ${m.status} membership cannot be ${input.action === 'reinstate' ? 'reinstated' : input.action === 'suspend' ? 'suspended' : 'cancelled'}.`,
      });
    const reason = input.reason.trim();
    if (input.action !== 'reinstate' && reason.length < 3) throw fieldError('reason', 'Say why, in a few words.');
    const at = deps.clock.now();
    const actor = input.actorUserId;
    if (input.action === 'reinstate') {
      const open = await trx
        .selectFrom('memberships')
        .select('id')
        .where('organization_id', '=', org.id)
        .where('status', 'in', ['active', 'pending'])
        .where('id', '!=', m.id)
        .executeTakeFirst();
      if (open) throw new AppError('records.open_membership', { status: 409, message: 'This organization has another membership that is active or pending; it cannot have two.' });
      let termEnd = m.term_end;
      if (m.status === 'lapsed' && m.term_end) {
        const renewal = await trx
          .selectFrom('invoices')
          .select('period_end')
          .where('membership_id', '=', m.id)
          .where('purpose', '=', 'renewal')
          .where('status', 'in', ['issued', 'partially_paid'])
          .where('period_end', '>', m.term_end)
          .orderBy('period_end', 'desc')
          .executeTakeFirst();
        termEnd = renewal?.period_end ?? nextTerm(m.term_end).end;
      }
      await reinstateMembership(trx, { membershipId: m.id, organizationId: org.id, from: m.status, termEnd, reason, at, actor });
      return { voided: [] };
    }
    const to = input.action === 'suspend' ? 'suspended' : 'cancelled';
    await setMembershipStanding(trx, { membershipId: m.id, organizationId: org.id, from: m.status, to, reason, at, actor });
    const voided: string[] = [];
    if (to === 'cancelled') {
      for (const i of await invoicesToVoid(trx, m.id)) {
        await voidInvoice(trx, deps, { invoiceId: i.id, reason: `Membership cancelled: ${reason}`, actorUserId: actor, requestId: input.requestId });
        voided.push(i.number ?? '');
      }
    }
    return { voided };
  });
}

/** One contact of the organization, for its page; null when the person holds no seat there. */
export async function contactOf(db: Deps['db'], organizationId: string, userId: string) {
  const row = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id as userId', 'u.name', 'u.email', 'c.role'])
    .where('c.organization_id', '=', organizationId)
    .where('c.user_id', '=', userId)
    .executeTakeFirst();
  return row ?? null;
}

/** One membership of the organization, for the suspend/cancel/reinstate pages. */
export async function membershipOf(db: Deps['db'], organizationId: string, membershipId: string) {
  const row = await db
    .selectFrom('memberships')
    .select(['id', 'status', 'term_start', 'term_end'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', membershipId)
    .executeTakeFirst();
  return row ?? null;
}

/** Whom an ad-hoc invoice is addressed to by default: the organization's first administrator. */
export async function defaultBillTo(db: Deps['db'], organizationId: string): Promise<{ name: string; email: string }> {
  const row = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.name', 'u.email'])
    .where('c.organization_id', '=', organizationId)
    .orderBy('c.role', 'asc')
    .orderBy('u.name')
    .executeTakeFirst();
  return row ?? { name: '', email: '' };
}

/** The organization an action is on: null when unknown or merged into another. */
export async function organizationToAct(db: Deps['db'], id: string) {
  const org = await db.selectFrom('organizations').select(['id', 'name', 'state', 'merged_into_id']).where('id', '=', id).executeTakeFirst();
  return org && !org.merged_into_id ? org : null;
}
