// What staff do to any person's account from the People pages (P10): sign-in activity, ending
// every session, resetting two-factor, deactivating and reactivating, renaming, changing the
// address (only through a link the new address receives), and merging two accounts of one person
// (each module moves its own rows through `deps.hooks.accountsMerged`). A staff account (one that
// holds a staff role) is changed here only by a staff admin; its roles only at /staff/users.
// Knows nothing of HTTP. Every change writes its audit row in its transaction.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import { type DB, INVITABLE_ROLES } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { emailChangeEmail } from './emails.js';
import { createTokenLink, tokenInvalid } from './links.js';
import { deactivateStaffAccount, reactivateStaffAccount, type StaffActor } from './staff-accounts.js';
import { VERIFY_HOURS } from './verification.js';

type AdminDeps = Pick<Deps, 'db' | 'clock'>;

/** Who acts, and whether they are a staff admin (only they touch a staff account or two-factor). */
export interface PersonActor extends StaffActor {
  admin: boolean;
}

export const EMAIL_CHANGE_PATH = '/account/email/confirm';

const noPerson = () => new AppError('not_found', { message: 'There is no such person.' });

const staffOnlyForAdmins = () =>
  new AppError('people.staff_account', {
    status: 403,
    message: 'This is a staff account: only a staff admin can change it (roles are changed under Staff accounts).',
  });

async function lockPerson(trx: Transaction<DB>, userId: string, actor: PersonActor) {
  const user = await trx.selectFrom('users').select(['id', 'name', 'email', 'disabled_at', 'totp_enabled_at']).where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!user) throw noPerson();
  const roles = (await trx.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map((r) => r.role);
  const staff = roles.some((r) => (INVITABLE_ROLES as readonly string[]).includes(r));
  if (staff && !actor.admin) throw staffOnlyForAdmins();
  return { ...user, roles, staff };
}

/** Whether an account holds a staff role (or Members in Transition). */
export async function isStaffAccount(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_roles')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('role', 'in', [...INVITABLE_ROLES])
    .executeTakeFirst();
  return !!row;
}

export interface SignInActivity {
  /** the newest sign-in among the sessions that still exist (sign-out deletes a session) */
  lastSignInAt: Date | null;
  lastSeenAt: Date | null;
  activeSessions: number;
  /** wrong passwords typed for the address in the current window (the sign-in pause) */
  failedAttempts: number;
  pausedUntil: Date | null;
}

/** How a person signs in: sessions now open, the last sign-in and seen, failed passwords. */
export async function signInActivity(deps: AdminDeps, userId: string): Promise<SignInActivity> {
  const now = deps.clock.now();
  const s = await deps.db
    .selectFrom('sessions')
    .select((eb) => [
      eb.fn.max('created_at').as('lastSignIn'),
      eb.fn.max('last_seen_at').as('lastSeen'),
      sql<number>`count(*) filter (where expires_at > ${now})::int`.as('active'),
    ])
    .where('user_id', '=', userId)
    .where('mfa_pending', '=', false)
    .executeTakeFirst();
  const user = await deps.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
  const throttle = user
    ? await deps.db.selectFrom('sign_in_throttle').select(['failures', 'locked_until']).where('email', '=', user.email.toLowerCase()).executeTakeFirst()
    : undefined;
  return {
    lastSignInAt: s?.lastSignIn ? new Date(s.lastSignIn) : null,
    lastSeenAt: s?.lastSeen ? new Date(s.lastSeen) : null,
    activeSessions: s?.active ?? 0,
    failedAttempts: throttle?.failures ?? 0,
    pausedUntil: throttle?.locked_until && throttle.locked_until > now ? throttle.locked_until : null,
  };
}

/** Ends every session of the account (it signs in again). Audited with how many ended. */
export async function endAllSessions(deps: AdminDeps, input: { userId: string; actor: PersonActor }): Promise<{ name: string; ended: number }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockPerson(trx, input.userId, input.actor);
    const ended = await trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    const count = Number(ended.numDeletedRows);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.sessions_ended',
      entityType: 'user',
      entityId: user.id,
      after: { sessions: count },
      requestId: input.actor.requestId,
    });
    return { name: user.name, ended: count };
  });
}

/** Staff admins only: takes two-factor off the account (secret and recovery codes gone, every
 * session ended), so its owner sets it up again at the next sign-in where it is required. */
export async function resetTwoFactor(deps: AdminDeps, input: { userId: string; actor: PersonActor }): Promise<{ name: string }> {
  if (!input.actor.admin) throw new AppError('forbidden', { message: 'Only a staff admin can reset two-factor sign-in.' });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockPerson(trx, input.userId, input.actor);
    if (!user.totp_enabled_at) throw new AppError('people.no_two_factor', { status: 409, message: 'This person has not set up two-factor sign-in: there is nothing to reset.' });
    await trx.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, totp_last_counter: null }).where('id', '=', user.id).execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await writeAudit(trx, { at: now, actorUserId: input.actor.userId, action: 'account.totp_reset', entityType: 'user', entityId: user.id, requestId: input.actor.requestId });
    return { name: user.name };
  });
}

/** Deactivates the account: sessions end, sign-in and open links stop working; its rows stay. A
 * staff account goes through the staff accounts' rules (never oneself, never the last admin). */
export async function deactivateAccount(deps: AdminDeps, input: { userId: string; actor: PersonActor }): Promise<{ name: string }> {
  if (input.userId === input.actor.userId)
    throw new AppError('accounts.own_admin', { status: 409, message: 'You cannot deactivate your own account. Ask another member of staff.' });
  if (await isStaffAccount(deps.db, input.userId)) {
    if (!input.actor.admin) throw staffOnlyForAdmins();
    return deactivateStaffAccount(deps, input);
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockPerson(trx, input.userId, input.actor);
    if (user.disabled_at) return { name: user.name };
    await trx.updateTable('users').set({ disabled_at: now }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', user.id).where('used_at', 'is', null).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.deactivated',
      entityType: 'user',
      entityId: user.id,
      before: { deactivated: false },
      after: { deactivated: true },
      requestId: input.actor.requestId,
    });
    return { name: user.name };
  });
}

/** Lets a deactivated account sign in again. */
export async function reactivateAccount(deps: AdminDeps, input: { userId: string; actor: PersonActor }): Promise<{ name: string }> {
  if (await isStaffAccount(deps.db, input.userId)) {
    if (!input.actor.admin) throw staffOnlyForAdmins();
    return reactivateStaffAccount(deps, input);
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockPerson(trx, input.userId, input.actor);
    if (!user.disabled_at) return { name: user.name };
    await trx.updateTable('users').set({ disabled_at: null }).where('id', '=', user.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.reactivated',
      entityType: 'user',
      entityId: user.id,
      before: { deactivated: true },
      after: { deactivated: false },
      requestId: input.actor.requestId,
    });
    return { name: user.name };
  });
}

/**
 * Staff edit a person's name now, and their address only through the new address: a link is
 * emailed to it, and the account keeps its old address until the link is followed
 * (`confirmEmailChange`). An address another account uses is refused (field `email`).
 */
export async function editPerson(
  deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>,
  input: { userId: string; name: string; email: string; actor: PersonActor },
): Promise<{ renamed: boolean; emailPending: string | null }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockPerson(trx, input.userId, input.actor);
    const name = input.name.trim();
    const email = input.email.trim();
    const renamed = name !== user.name;
    if (renamed) {
      await trx.updateTable('users').set({ name }).where('id', '=', user.id).execute();
      await writeAudit(trx, {
        at: now,
        actorUserId: input.actor.userId,
        action: 'account.renamed',
        entityType: 'user',
        entityId: user.id,
        before: { name: user.name },
        after: { name },
        requestId: input.actor.requestId,
      });
    }
    if (email.toLowerCase() === user.email.toLowerCase()) return { renamed, emailPending: null };
    const taken = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new AppError('validation_failed', { fields: { email: 'Another account uses this address. To join the two accounts, merge them.' } });
    // one pending change at a time: earlier links stop working
    await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', user.id).where('purpose', '=', 'change_email').where('used_at', 'is', null).execute();
    const url = await createTokenLink(trx, deps, { userId: user.id, purpose: 'change_email', minutes: VERIFY_HOURS * 60, path: EMAIL_CHANGE_PATH, newEmail: email });
    await deps.mail.queue(trx, { to: email, template: emailChangeEmail.name, data: { name, url, hours: VERIFY_HOURS, oldEmail: user.email } });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.email_change_requested',
      entityType: 'user',
      entityId: user.id,
      before: { email: user.email },
      after: { email },
      requestId: input.actor.requestId,
    });
    return { renamed, emailPending: email };
  });
}

/** The address an account's open change link would set, if one is waiting. */
export async function pendingEmailChange(deps: AdminDeps, userId: string): Promise<string | null> {
  const row = await deps.db
    .selectFrom('auth_tokens')
    .select('new_email')
    .where('user_id', '=', userId)
    .where('purpose', '=', 'change_email')
    .where('used_at', 'is', null)
    .where('expires_at', '>', deps.clock.now())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.new_email ?? null;
}

/** Whether a change link still works (to decide which page to show). */
export async function checkEmailChangeToken(deps: AdminDeps, token: string): Promise<void> {
  if (!token || token.length > 200) throw tokenInvalid();
  const row = await deps.db
    .selectFrom('auth_tokens')
    .select(['expires_at', 'used_at'])
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', 'change_email')
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= deps.clock.now()) throw tokenInvalid();
}

/** The owner of the new address follows the link: the account takes the address (confirmed),
 * once. Refused when another account has taken the address meanwhile. */
export async function confirmEmailChange(deps: AdminDeps, token: string): Promise<{ email: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('auth_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', sha256(token))
      .where('purpose', '=', 'change_email')
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['user_id', 'new_email'])
      .executeTakeFirst();
    if (!row?.new_email) throw tokenInvalid();
    const user = await trx.selectFrom('users').select(['id', 'email', 'disabled_at']).where('id', '=', row.user_id).forUpdate().executeTakeFirst();
    if (!user || user.disabled_at) throw tokenInvalid();
    const taken = await trx.selectFrom('users').select('id').where('email', '=', row.new_email).where('id', '<>', user.id).executeTakeFirst();
    if (taken) throw new AppError('accounts.email_taken', { status: 409, message: 'Another account uses this address now, so the change cannot be made. Ask staff for help.' });
    await trx.updateTable('users').set({ email: row.new_email, email_verified_at: now }).where('id', '=', user.id).execute();
    // links sent to the old address stop working
    await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', user.id).where('used_at', 'is', null).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: user.id,
      action: 'account.email_changed',
      entityType: 'user',
      entityId: user.id,
      before: { email: user.email },
      after: { email: row.new_email },
    });
    return { email: row.new_email };
  });
}

/**
 * Merges two accounts of one person into `intoUserId`: the other account's roles (none of them
 * staff: staff accounts are not merged) and every module's rows move (`deps.hooks.accountsMerged`,
 * where a module may refuse, e.g. both with an active individual membership); both accounts'
 * sessions end and the merged account is deactivated, with its links. Audited on both.
 */
export async function mergeAccounts(
  deps: Pick<Deps, 'db' | 'clock' | 'hooks'>,
  input: { fromUserId: string; intoUserId: string; actor: PersonActor },
): Promise<{ from: string; into: string }> {
  if (input.fromUserId === input.intoUserId) throw new AppError('validation_failed', { fields: { other: 'Choose another person: an account cannot be merged into itself.' } });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const users = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'disabled_at'])
      .where('id', 'in', [input.fromUserId, input.intoUserId])
      .orderBy('id')
      .forUpdate()
      .execute();
    const from = users.find((u) => u.id === input.fromUserId);
    const into = users.find((u) => u.id === input.intoUserId);
    if (!from || !into) throw noPerson();
    const roles = await trx.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', [from.id, into.id]).execute();
    if (roles.some((r) => (INVITABLE_ROLES as readonly string[]).includes(r.role)))
      throw new AppError('people.merge_staff', { status: 409, message: 'Staff accounts are not merged. Deactivate the one that is not used instead.' });
    const moved = roles.filter((r) => r.user_id === from.id).map((r) => r.role);
    if (moved.length)
      await trx
        .insertInto('user_roles')
        .values(moved.map((role) => ({ user_id: into.id, role })))
        .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
        .execute();
    await trx.deleteFrom('user_roles').where('user_id', '=', from.id).execute();
    for (const move of deps.hooks.accountsMerged) await move(trx, { fromUserId: from.id, intoUserId: into.id, at: now });
    await trx.deleteFrom('sessions').where('user_id', 'in', [from.id, into.id]).execute();
    await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', from.id).where('used_at', 'is', null).execute();
    await trx
      .updateTable('users')
      .set({ disabled_at: from.disabled_at ?? now })
      .where('id', '=', from.id)
      .execute();
    const audit = { at: now, actorUserId: input.actor.userId, entityType: 'user', requestId: input.actor.requestId };
    await writeAudit(trx, {
      ...audit,
      action: 'account.merged',
      entityId: into.id,
      before: { merged: { id: from.id, name: from.name, email: from.email } },
      after: { roles: moved },
    });
    await writeAudit(trx, { ...audit, action: 'account.merged_away', entityId: from.id, after: { into: { id: into.id, name: into.name, email: into.email }, deactivated: true } });
    return { from: from.name, into: into.name };
  });
}
