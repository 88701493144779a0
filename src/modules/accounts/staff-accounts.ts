// Staff accounts (P10), for staff admins: who holds a staff role, changing a person's roles, and
// deactivating or reactivating their account. The rule every change keeps: the association never
// loses its last active staff admin, a staff admin never takes their own admin role or account
// away (they would lock themselves out), and never gives themselves a confidential role (Ethics,
// Members in Transition: another staff admin must). Roles are given to a new person only by an
// invitation they accept (staff-invitations.ts). Knows nothing of HTTP.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import { type DB, INVITABLE_ROLES, type InvitableRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';

type StaffDeps = Pick<Deps, 'db' | 'clock'>;

/** The roles in words, in the order forms and lists show them. */
export const ROLE_LABELS: Record<InvitableRole, string> = {
  admin: 'Staff admin',
  membership: 'Membership',
  finance: 'Finance',
  advisor: 'Advisor',
  programs: 'Programs',
  communications: 'Communications',
  partnerships: 'Partnerships',
  ethics: 'Ethics',
  transition: 'Members in Transition',
};

export const ROLE_ORDER: readonly InvitableRole[] = Object.keys(ROLE_LABELS) as InvitableRole[];

const listFormat = new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' });

/** A set of roles as words: "Membership, Finance and Members in Transition". */
export function rolesInWords(roles: readonly string[]): string {
  const known = ROLE_ORDER.filter((r) => roles.includes(r));
  return known.length ? listFormat.format(known.map((r) => ROLE_LABELS[r])) : 'No staff role';
}

const isInvitable = (role: string): role is InvitableRole => (INVITABLE_ROLES as readonly string[]).includes(role);

export interface StaffAccount {
  id: string;
  name: string;
  email: string;
  roles: InvitableRole[];
  twoFactor: boolean;
  lastSeenAt: Date | null;
  deactivatedAt: Date | null;
}

function selectStaffAccounts(db: Db) {
  return db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.name',
      'u.email',
      'u.totp_enabled_at',
      'u.disabled_at',
      eb.selectFrom('user_roles as r').select(sql<string[]>`array_agg(r.role::text)`.as('roles')).whereRef('r.user_id', '=', 'u.id').as('roles'),
      eb
        .selectFrom('sessions as s')
        .select((s) => s.fn.max('s.last_seen_at').as('seen'))
        .whereRef('s.user_id', '=', 'u.id')
        .where('s.mfa_pending', '=', false)
        .as('last_seen'),
    ])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles as r')
          .select('r.role')
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.role', 'in', [...INVITABLE_ROLES]),
      ),
    );
}

type StaffRow = Awaited<ReturnType<ReturnType<typeof selectStaffAccounts>['execute']>>[number];

function present(r: StaffRow): StaffAccount {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    roles: ROLE_ORDER.filter((role) => (r.roles ?? []).includes(role)),
    twoFactor: r.totp_enabled_at !== null,
    lastSeenAt: r.last_seen ? new Date(r.last_seen) : null,
    deactivatedAt: r.disabled_at,
  };
}

/** Every account that holds a staff role or the Members in Transition permission, by name. */
export async function listStaffAccounts(deps: Pick<StaffDeps, 'db'>): Promise<StaffAccount[]> {
  const rows = await selectStaffAccounts(deps.db).orderBy('u.name').orderBy('u.email').limit(1000).execute();
  return rows.map(present);
}

const notStaff = () => new AppError('not_found', { message: 'There is no staff account with that id.' });

/** One staff account, or a 404 when the account holds no staff role (the People pages are for others). */
export async function getStaffAccount(deps: Pick<StaffDeps, 'db'>, userId: string): Promise<StaffAccount> {
  const row = await selectStaffAccounts(deps.db).where('u.id', '=', userId).executeTakeFirst();
  if (!row) throw notStaff();
  return present(row);
}

export interface StaffActor {
  userId: string;
  name: string;
  requestId?: string;
}

const lastAdmin = () =>
  new AppError('accounts.last_admin', {
    status: 409,
    message: 'This is the only active staff admin. Invite or promote another staff admin first: the association must always have one.',
  });

/** Roles whose cases are confidential even from staff admins (SECURITY.md): a staff admin gives
 * them to others, never to themselves, so that two people stand behind every holder. */
export const CONFIDENTIAL_ROLES: readonly InvitableRole[] = ['ethics', 'transition'];

const selfGrant = (roles: readonly InvitableRole[]) =>
  new AppError('accounts.own_confidential_role', {
    status: 409,
    message: `You cannot give yourself ${listFormat.format(roles.map((r) => `the ${ROLE_LABELS[r]} role`))}: what ${roles.length > 1 ? 'they hold is' : 'it holds is'} confidential, even from staff admins. Ask another staff admin to give it to you.`,
  });

const selfLockout = (what: string) =>
  new AppError('accounts.own_admin', {
    status: 409,
    message: `You cannot ${what} yourself: you would lose access to staff accounts. Ask another staff admin to do it.`,
  });

/**
 * Says whether an active staff admin other than `userId` remains. The caller holds the lock of
 * `lockStaffAccount`, taken on every staff admin's role row before anything else, so that two
 * admins who demote or deactivate each other at the same moment wait for one another (the second
 * sees the first's change and is refused) and never deadlock: the role rows are always locked
 * before any `users` row, the order in which the privileges trigger on user_roles takes them.
 */
async function anotherActiveAdmin(trx: Transaction<DB>, userId: string): Promise<boolean> {
  const other = await trx
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('r.user_id')
    .where('r.role', '=', 'admin')
    .where('r.user_id', '<>', userId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return !!other;
}

async function lockStaffAccount(trx: Transaction<DB>, userId: string) {
  // every staff admin's role row first (see anotherActiveAdmin), then the account
  await trx.selectFrom('user_roles').select('user_id').where('role', '=', 'admin').orderBy('user_id').forUpdate().execute();
  const user = await trx.selectFrom('users').select(['id', 'name', 'email', 'disabled_at']).where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!user) throw notStaff();
  const roles = (await trx.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map((r) => r.role).filter(isInvitable);
  if (roles.length === 0) throw notStaff();
  return { ...user, roles: ROLE_ORDER.filter((r) => roles.includes(r)) };
}

/**
 * Gives a staff member exactly these staff roles (and Members in Transition or not); roles outside
 * staff (`member`) are kept. Audited with before and after. Their session gets a new id at its
 * next request (the privileges version, kept by triggers on user_roles). At least one role is
 * required: to take every role away, deactivate the account.
 */
export async function changeStaffRoles(
  deps: StaffDeps,
  input: { userId: string; roles: readonly InvitableRole[]; actor: StaffActor },
): Promise<{ name: string; changed: boolean }> {
  const roles = ROLE_ORDER.filter((r) => input.roles.includes(r));
  if (roles.length === 0) throw new AppError('validation_failed', { fields: { roles: 'Choose at least one role. To take every role away, deactivate the account.' } });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockStaffAccount(trx, input.userId);
    const removed = user.roles.filter((r) => !roles.includes(r));
    const added = roles.filter((r) => !user.roles.includes(r));
    if (removed.length === 0 && added.length === 0) return { name: user.name, changed: false };
    const confidential = added.filter((r) => CONFIDENTIAL_ROLES.includes(r));
    if (confidential.length && input.userId === input.actor.userId) throw selfGrant(confidential);
    if (removed.includes('admin')) {
      if (input.userId === input.actor.userId) throw selfLockout('remove the staff admin role from');
      if (!(await anotherActiveAdmin(trx, input.userId))) throw lastAdmin();
    }
    if (removed.length) await trx.deleteFrom('user_roles').where('user_id', '=', input.userId).where('role', 'in', removed).execute();
    if (added.length)
      await trx
        .insertInto('user_roles')
        .values(added.map((role) => ({ user_id: input.userId, role })))
        .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.staff_roles_changed',
      entityType: 'user',
      entityId: input.userId,
      before: { roles: user.roles },
      after: { roles },
      requestId: input.actor.requestId,
    });
    return { name: user.name, changed: true };
  });
}

/** Deactivates a staff account: every session ends, signing in is refused, open links stop
 * working. Refused for oneself and for the last active staff admin. Audited. */
export async function deactivateStaffAccount(deps: StaffDeps, input: { userId: string; actor: StaffActor }): Promise<{ name: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockStaffAccount(trx, input.userId);
    if (user.disabled_at) return { name: user.name };
    if (input.userId === input.actor.userId) throw selfLockout('deactivate');
    if (user.roles.includes('admin') && !(await anotherActiveAdmin(trx, input.userId))) throw lastAdmin();
    await trx.updateTable('users').set({ disabled_at: now }).where('id', '=', input.userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', input.userId).execute();
    await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', input.userId).where('used_at', 'is', null).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.deactivated',
      entityType: 'user',
      entityId: input.userId,
      before: { deactivated: false, roles: user.roles },
      after: { deactivated: true },
      requestId: input.actor.requestId,
    });
    return { name: user.name };
  });
}

/** Lets a deactivated staff account sign in again, with the roles it had. Audited. */
export async function reactivateStaffAccount(deps: StaffDeps, input: { userId: string; actor: StaffActor }): Promise<{ name: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockStaffAccount(trx, input.userId);
    if (!user.disabled_at) return { name: user.name };
    await trx.updateTable('users').set({ disabled_at: null }).where('id', '=', input.userId).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.reactivated',
      entityType: 'user',
      entityId: input.userId,
      before: { deactivated: true },
      after: { deactivated: false, roles: user.roles },
      requestId: input.actor.requestId,
    });
    return { name: user.name };
  });
}

/** Whether this address belongs to an account that already holds a staff role. */
export async function holdsStaffRole(db: Db | Transaction<DB>, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('u.email', '=', email.trim())
    .where('r.role', 'in', [...INVITABLE_ROLES])
    .executeTakeFirst();
  return !!row;
}
