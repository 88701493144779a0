// Use cases of an organization's contacts (O7): list them, and — for the organization's
// administrators — add, change and remove them. An organization always keeps one administrator.
// Knows nothing of HTTP; the caller has checked that the actor administers the organization.
import type { Transaction } from 'kysely';
import type { ContactDuty, DB, OrgRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { lockContacts, rechooseBillingContact, removeContact, updateContact } from '../organizations/index.js';
import { holdsSeat, inviteToSeat } from './invitations.js';
import type { ContactChange, NewContact } from './schemas.js';

type PortalDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;

export interface Contact {
  userId: string;
  name: string;
  email: string;
  title: string;
  phone: string;
  duties: ContactDuty[];
  role: OrgRole;
}

type Executor = Pick<Deps, 'db'>['db'] | Transaction<DB>;

export async function listContacts(db: Executor, organizationId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.user_id', 'u.name', 'u.email', 'c.title', 'c.phone', 'c.duties', 'c.role'])
    .where('c.organization_id', '=', organizationId)
    .orderBy('c.role', 'asc')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, email: r.email, title: r.title, phone: r.phone, duties: r.duties, role: r.role }));
}

export async function getContact(db: Executor, organizationId: string, userId: string): Promise<Contact> {
  const found = (await listContacts(db, organizationId)).find((c) => c.userId === userId);
  if (!found) throw new AppError('not_found', { message: 'That person is not a contact of your organization.' });
  return found;
}

interface Actor {
  organizationId: string;
  actorUserId: string;
  actorName: string;
  requestId?: string;
}

const auditable = (c: { title: string; duties: ContactDuty[]; role: OrgRole }) => ({ title: c.title, duties: c.duties, role: c.role });

/**
 * Invites a person to be a contact: they get an invitation by email and become a contact when
 * they accept it. What the administrator sees is the same whether or not the address has an
 * account (the account's own name is never shown), so nothing is learnt about other people's
 * accounts. Someone already a contact here (listed on the administrator's own page) is a field
 * error on `email`.
 */
export async function addOrganizationContact(deps: PortalDeps, input: Actor & { contact: NewContact }): Promise<{ replaced: { name: string; sentAt: Date } | null }> {
  const c = input.contact;
  return deps.db.transaction().execute(async (trx) => {
    if (await holdsSeat(trx, input.organizationId, c.email)) {
      throw new AppError('validation_failed', { fields: { email: 'This person is already a contact of your organization.' } });
    }
    // An invitation still waiting is renewed (a new link; the stronger role, both duties): the
    // administrator is told, so that it is not replaced without a word.
    const { replaced } = await inviteToSeat(trx, deps, {
      organizationId: input.organizationId,
      email: c.email,
      name: c.name,
      role: c.admin === 'yes' ? 'admin' : 'contact',
      title: c.title,
      phone: c.phone,
      duties: c.duties,
      source: 'contact',
      invitedBy: { userId: input.actorUserId, name: input.actorName },
      requestId: input.requestId,
    });
    return { replaced };
  });
}

/** Locks the organization's contacts and counts its administrators other than this person. */
async function otherAdmins(trx: Transaction<DB>, organizationId: string, userId: string): Promise<number> {
  const rows = await lockContacts(trx, organizationId);
  return rows.filter((r) => r.role === 'admin' && r.userId !== userId).length;
}

export async function updateOrganizationContact(deps: PortalDeps, input: Actor & { userId: string; change: ContactChange }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const others = await otherAdmins(trx, input.organizationId, input.userId);
    const before = await getContact(trx, input.organizationId, input.userId);
    const role: OrgRole = input.change.admin === 'yes' ? 'admin' : 'contact';
    if (before.role === 'admin' && role !== 'admin' && others === 0) {
      throw new AppError('validation_failed', { fields: { admin: 'Your organization needs at least one administrator. Make someone else an administrator first.' } });
    }
    const after = { title: input.change.title, phone: input.change.phone, duties: input.change.duties, role };
    await updateContact(trx, { organizationId: input.organizationId, userId: input.userId, ...after });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'portal.contact_updated',
      entityType: 'organization',
      entityId: input.organizationId,
      before: { userId: input.userId, ...auditable(before) },
      after: { userId: input.userId, ...auditable(after) },
      requestId: input.requestId,
    });
  });
}

export async function removeOrganizationContact(deps: PortalDeps, input: Actor & { userId: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const others = await otherAdmins(trx, input.organizationId, input.userId);
    const before = await getContact(trx, input.organizationId, input.userId);
    if (before.role === 'admin' && others === 0) {
      throw new AppError('portal.last_admin', {
        status: 409,
        message: 'This is your organization’s only administrator, so they cannot be removed. Make someone else an administrator first.',
      });
    }
    await removeContact(trx, { organizationId: input.organizationId, userId: input.userId });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'portal.contact_removed',
      entityType: 'organization',
      entityId: input.organizationId,
      before: { userId: input.userId, ...auditable(before) },
      requestId: input.requestId,
    });
  });
}

/**
 * Makes the contact marked Billing the addressee of the next membership invoice again, when an
 * invoice addressed elsewhere since they were marked outranks them (the latest choice wins: this is
 * a new choice, recorded as a Billing duty given now). Someone not marked Billing is refused.
 */
export async function sendNextInvoiceTo(deps: PortalDeps, input: Actor & { userId: string }): Promise<Contact> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await lockContacts(trx, input.organizationId);
    const contact = await getContact(trx, input.organizationId, input.userId);
    if (!(await rechooseBillingContact(trx, { organizationId: input.organizationId, userId: input.userId }))) {
      throw new AppError('portal.not_billing_contact', {
        status: 409,
        message: `${contact.name} is not marked Billing. To send your invoices to them, edit their contact and tick Billing under Roles.`,
      });
    }
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'portal.billing_contact_chosen',
      entityType: 'organization',
      entityId: input.organizationId,
      after: { userId: input.userId, ...auditable(contact) },
      requestId: input.requestId,
    });
    return contact;
  });
}
