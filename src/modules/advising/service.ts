// Advisors and assignments: who covers which states, the automatic choice on activation (the
// least-loaded active advisor covering the organization's state, ties by name), manual
// (re)assignment by membership staff with the history kept, and the emails that follow.
// Each use case runs in the caller's transaction with its audit row. Knows nothing of HTTP.
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import type { EmailMessage } from '../../lib/email.js';
import { AppError } from '../../lib/errors.js';
import { defaultAdvisorUserId } from '../settings/index.js';
import { assignedToAdvisorEmail, assignedToOrganizationEmail, noRegionalAdvisorEmail } from './emails.js';

export type Trx = Transaction<DB>;
export type Executor = Db | Trx;
export type AdvisingDeps = Pick<Deps, 'clock' | 'mail' | 'config'>;

export interface Contact {
  userId: string;
  name: string;
  email: string;
}

/** The organization's contacts who can sign in (disabled accounts are left out). */
export async function organizationContacts(db: Executor, organizationId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('c.organization_id', '=', organizationId)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email }));
}

export interface CurrentAdvisor {
  assignmentId: string;
  userId: string;
  name: string;
  email: string;
  phone: string;
  timeZone: string;
  assignedAt: Date;
}

/** The organization's current advisor, or null. */
export async function currentAdvisor(db: Executor, organizationId: string): Promise<CurrentAdvisor | null> {
  const row = await db
    .selectFrom('advisor_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.advisor_user_id')
    .leftJoin('advisor_profiles as p', 'p.user_id', 'a.advisor_user_id')
    .select(['a.id', 'a.assigned_at', 'u.id as user_id', 'u.name', 'u.email', 'p.phone', 'p.time_zone'])
    .where('a.organization_id', '=', organizationId)
    .where('a.ended_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    assignmentId: row.id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    phone: row.phone ?? '',
    timeZone: row.time_zone ?? 'America/New_York',
    assignedAt: row.assigned_at,
  };
}

const advisorRole = sql<boolean>`exists (select 1 from user_roles r where r.user_id = p.user_id and r.role = 'advisor')`;
const currentLoad = sql<number>`(select count(*)::int from advisor_assignments a where a.advisor_user_id = p.user_id and a.ended_at is null)`;

/** The least-loaded active advisor covering the state, ties broken by name; null when none does. */
export async function chooseAdvisor(db: Executor, state: string): Promise<{ userId: string; name: string } | null> {
  const row = await db
    .selectFrom('advisor_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'u.name', currentLoad.as('load')])
    .where('p.active', '=', true)
    .where('u.disabled_at', 'is', null)
    .where(sql<boolean>`${state}::char(2) = any(p.states)`)
    .where(advisorRole)
    .orderBy('load')
    .orderBy('u.name')
    .orderBy('p.user_id')
    .limit(1)
    .executeTakeFirst();
  return row ? { userId: row.user_id, name: row.name } : null;
}

export type AssignResult =
  | { status: 'assigned'; advisorUserId: string; assignmentId: string }
  /** nobody covers the state: the association's default advisor was assigned */
  | { status: 'assigned_default'; advisorUserId: string; assignmentId: string }
  | { status: 'kept'; advisorUserId: string }
  | { status: 'unassigned' };

/** The association's default advisor (settings), when it is still an advisor with an open
 * account and not marked inactive; null otherwise. */
export async function defaultAdvisor(db: Executor): Promise<{ userId: string; name: string } | null> {
  const userId = await defaultAdvisorUserId(db);
  if (!userId) return null;
  const row = await db
    .selectFrom('users as u')
    .leftJoin('advisor_profiles as p', 'p.user_id', 'u.id')
    .select(['u.id', 'u.name', 'p.active'])
    .where('u.id', '=', userId)
    .where('u.disabled_at', 'is', null)
    .where(sql<boolean>`exists (select 1 from user_roles r where r.user_id = u.id and r.role = 'advisor')`)
    .executeTakeFirst();
  if (!row || row.active === false) return null;
  return { userId: row.id, name: row.name };
}

/** Emails membership staff (staff admins when there are none) that an organization needs a
 * regional advisor: it got the default advisor, or none at all. */
async function alertMembershipStaff(trx: Trx, deps: AdvisingDeps, input: { organization: { id: string; name: string; state: string }; defaultAdvisor: string | null }) {
  const staff = async (role: 'membership' | 'admin') =>
    trx
      .selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .select('u.email')
      .where('r.role', '=', role)
      .where('u.disabled_at', 'is', null)
      .orderBy('u.email')
      .execute();
  let recipients = await staff('membership');
  if (recipients.length === 0) recipients = await staff('admin');
  const data = {
    organization: input.organization.name,
    state: input.organization.state,
    defaultAdvisor: input.defaultAdvisor,
    url: `${deps.config.publicUrl}/staff/advisors/assignments/${input.organization.id}`,
  };
  await deps.mail.queueMany(
    trx,
    recipients.map((r) => ({ to: r.email, template: noRegionalAdvisorEmail.name, data })),
  );
}

/** Assigns the organization an advisor on activation, unless it has one already. With no active
 * advisor covering its state it stays unassigned (audited; staff see it on /staff/advisors). */
export async function assignAdvisor(
  trx: Trx,
  deps: AdvisingDeps,
  input: { organizationId: string; membershipId?: string | null; at: Date; actorUserId?: string | null; requestId?: string },
): Promise<AssignResult> {
  // One assignment at a time per organization, and one choice at a time overall so that two
  // activations at once do not both see the same advisor as least loaded.
  const org = await trx.selectFrom('organizations').select(['id', 'name', 'state']).where('id', '=', input.organizationId).forUpdate().executeTakeFirst();
  if (!org) throw new AppError('not_found', { message: 'There is no such organization.' });
  await sql`select pg_advisory_xact_lock(hashtext('advising.assign'))`.execute(trx);
  const current = await currentAdvisor(trx, org.id);
  if (current) return { status: 'kept', advisorUserId: current.userId };
  const chosen = await chooseAdvisor(trx, org.state);
  if (!chosen) {
    // Nobody covers the state: the association's default advisor (settings) takes it for now,
    // and membership staff are told either way, to find it a regional advisor.
    const fallback = await defaultAdvisor(trx);
    if (fallback) {
      const assignmentId = await insertAssignment(trx, deps, {
        organization: org,
        advisorUserId: fallback.userId,
        membershipId: input.membershipId ?? null,
        at: input.at,
        actorUserId: input.actorUserId ?? null,
        method: 'automatic',
        reason: `Default advisor: no active advisor covers ${org.state}`,
        requestId: input.requestId,
        before: null,
        action: 'advising.default_advisor_assigned',
      });
      await alertMembershipStaff(trx, deps, { organization: org, defaultAdvisor: fallback.name });
      return { status: 'assigned_default', advisorUserId: fallback.userId, assignmentId };
    }
    await writeAudit(trx, {
      at: input.at,
      actorUserId: input.actorUserId ?? null,
      action: 'advising.left_unassigned',
      entityType: 'organization',
      entityId: org.id,
      after: { state: org.state, reason: 'no active advisor covers the state' },
      requestId: input.requestId,
    });
    await alertMembershipStaff(trx, deps, { organization: org, defaultAdvisor: null });
    return { status: 'unassigned' };
  }
  const assignmentId = await insertAssignment(trx, deps, {
    organization: org,
    advisorUserId: chosen.userId,
    membershipId: input.membershipId ?? null,
    at: input.at,
    actorUserId: input.actorUserId ?? null,
    method: 'automatic',
    reason: '',
    requestId: input.requestId,
    before: null,
  });
  return { status: 'assigned', advisorUserId: chosen.userId, assignmentId };
}

/** Membership staff assign or reassign by hand: the current row ends, a new one starts. */
export async function assignManually(
  trx: Trx,
  deps: AdvisingDeps,
  input: { organizationId: string; advisorUserId: string; reason: string; actorUserId: string; requestId?: string },
): Promise<string> {
  const org = await trx.selectFrom('organizations').select(['id', 'name', 'state']).where('id', '=', input.organizationId).forUpdate().executeTakeFirst();
  if (!org) throw new AppError('not_found', { message: 'There is no such organization.' });
  const advisor = await trx
    .selectFrom('advisor_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'p.active'])
    .where('p.user_id', '=', input.advisorUserId)
    .where('u.disabled_at', 'is', null)
    .where(advisorRole)
    .executeTakeFirst();
  if (!advisor?.active) throw new AppError('validation_failed', { fields: { advisor: 'Choose an active advisor from the list.' } });
  const now = deps.clock.now();
  const current = await currentAdvisor(trx, org.id);
  if (current?.userId === input.advisorUserId) throw new AppError('validation_failed', { fields: { advisor: 'This advisor is already assigned; choose another.' } });
  if (current) await trx.updateTable('advisor_assignments').set({ ended_at: now }).where('id', '=', current.assignmentId).execute();
  const membership = await trx
    .selectFrom('memberships')
    .select('id')
    .where('organization_id', '=', org.id)
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return insertAssignment(trx, deps, {
    organization: org,
    advisorUserId: input.advisorUserId,
    membershipId: membership?.id ?? null,
    at: now,
    actorUserId: input.actorUserId,
    method: 'manual',
    reason: input.reason,
    requestId: input.requestId,
    before: current ? { advisorUserId: current.userId, assignmentId: current.assignmentId } : null,
  });
}

async function insertAssignment(
  trx: Trx,
  deps: AdvisingDeps,
  a: {
    organization: { id: string; name: string; state: string };
    advisorUserId: string;
    membershipId: string | null;
    at: Date;
    actorUserId: string | null;
    method: 'automatic' | 'manual';
    reason: string;
    requestId?: string;
    before: unknown;
    /** the audit action, when not the method's own */
    action?: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('advisor_assignments')
    .values({
      organization_id: a.organization.id,
      advisor_user_id: a.advisorUserId,
      membership_id: a.membershipId,
      assigned_at: a.at,
      assigned_by: a.actorUserId,
      method: a.method,
      reason: a.reason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: a.at,
    actorUserId: a.actorUserId,
    action: a.action ?? (a.method === 'automatic' ? 'advising.advisor_assigned' : 'advising.advisor_assigned_by_hand'),
    entityType: 'organization',
    entityId: a.organization.id,
    before: a.before,
    after: { advisorUserId: a.advisorUserId, assignmentId: row.id, method: a.method, reason: a.reason || undefined },
    requestId: a.requestId,
  });
  const advisor = await currentAdvisor(trx, a.organization.id);
  if (!advisor) throw new Error('the assignment was not stored');
  const base = deps.config.publicUrl;
  const messages: EmailMessage[] = (await organizationContacts(trx, a.organization.id)).map((c) => ({
    to: c.email,
    template: assignedToOrganizationEmail.name,
    data: { organization: a.organization.name, advisor: advisor.name, advisorEmail: advisor.email, phone: advisor.phone, url: `${base}/org/meetings?org=${a.organization.id}` },
  }));
  messages.push({
    to: advisor.email,
    template: assignedToAdvisorEmail.name,
    data: {
      organization: a.organization.name,
      state: a.organization.state,
      method: a.method === 'automatic' ? 'assigned automatically' : 'assigned by membership staff',
      url: `${base}/staff/advising`,
    },
  });
  await deps.mail.queueMany(trx, messages);
  return row.id;
}

export interface AssignmentHistoryRow {
  id: string;
  advisorName: string;
  assignedAt: Date;
  endedAt: Date | null;
  method: 'automatic' | 'manual';
  reason: string;
  assignedByName: string | null;
}

export async function assignmentHistory(db: Executor, organizationId: string): Promise<AssignmentHistoryRow[]> {
  const rows = await db
    .selectFrom('advisor_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.advisor_user_id')
    .leftJoin('users as by', 'by.id', 'a.assigned_by')
    .select(['a.id', 'u.name', 'a.assigned_at', 'a.ended_at', 'a.method', 'a.reason', 'by.name as by_name'])
    .where('a.organization_id', '=', organizationId)
    .orderBy('a.assigned_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, advisorName: r.name, assignedAt: r.assigned_at, endedAt: r.ended_at, method: r.method, reason: r.reason, assignedByName: r.by_name }));
}
