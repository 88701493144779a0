// Staff invitations: the only way a person gets a staff role or the Members in Transition
// permission without already being staff. A staff admin invites an address with roles; the
// owner of the address follows the emailed link and accepts (choosing a password when the account
// is new, or signed in as the account when it has one); only then are the roles granted, exactly
// those of the invitation. Until then it grants nothing; it can be sent again or revoked.
// The link's token is stored hashed and works once, like the accounts module's other links.
import { type SqlBool, sql, type Transaction } from 'kysely';
import type { DB, InvitableRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { hashPassword, randomToken, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { staffInvitationEmail } from './emails.js';
import { passwordProblem } from './password-policy.js';
import { findOrCreateAccount } from './service.js';
import { type SignInResult, startLinkSession } from './sessions.js';
import { holdsStaffRole, ROLE_ORDER, rolesInWords, type StaffActor } from './staff-accounts.js';
import { proveEmailOwnership } from './verification.js';

type InviteDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'hooks'>;

/** Days an invitation's link stays good; sending it again starts the days again. */
export const STAFF_INVITATION_DAYS = 7;
export const STAFF_INVITATION_PATH = '/invitation/staff';

const invitationUrl = (deps: Pick<InviteDeps, 'config'>, token: string) => `${deps.config.publicUrl}${STAFF_INVITATION_PATH}?token=${encodeURIComponent(token)}`;
const expiry = (now: Date) => new Date(now.getTime() + STAFF_INVITATION_DAYS * 86_400_000);

export type StaffInvitationState = 'pending' | 'expired' | 'accepted' | 'revoked';

export interface StaffInvitation {
  id: string;
  email: string;
  name: string;
  roles: InvitableRole[];
  invitedByName: string;
  sentAt: Date;
  expiresAt: Date;
  state: StaffInvitationState;
}

interface Row {
  id: string;
  email: string;
  name: string;
  roles: InvitableRole[];
  invited_by_name: string;
  sent_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

function present(r: Row, now: Date): StaffInvitation {
  const state: StaffInvitationState = r.accepted_at ? 'accepted' : r.revoked_at ? 'revoked' : r.expires_at.getTime() <= now.getTime() ? 'expired' : 'pending';
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    roles: ROLE_ORDER.filter((role) => r.roles.includes(role)),
    invitedByName: r.invited_by_name,
    sentAt: r.sent_at,
    expiresAt: r.expires_at,
    state,
  };
}

/** Invitations neither accepted nor revoked (expired ones too, to send again), newest first;
 * only those to one address when it is given (a person's record). */
export async function listOpenStaffInvitations(deps: Pick<InviteDeps, 'db' | 'clock'>, email?: string): Promise<StaffInvitation[]> {
  const rows = await deps.db
    .selectFrom('staff_invitations')
    .select(['id', 'email', 'name', 'roles', 'invited_by_name', 'sent_at', 'expires_at', 'accepted_at', 'revoked_at'])
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .$if(email !== undefined, (q) => q.where('email', '=', email ?? ''))
    .orderBy('sent_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => present(r, deps.clock.now()));
}

/** The invitation a link's token opens, in whatever state it is, or null; with whether its
 * address already has an account that signs in with a password (then accepting needs a sign-in). */
export async function findStaffInvitation(deps: Pick<InviteDeps, 'db' | 'clock'>, token: string): Promise<(StaffInvitation & { hasPassword: boolean }) | null> {
  if (!token || token.length > 200) return null;
  const row = await deps.db
    .selectFrom('staff_invitations')
    .select(['id', 'email', 'name', 'roles', 'invited_by_name', 'sent_at', 'expires_at', 'accepted_at', 'revoked_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return null;
  const account = await deps.db.selectFrom('users').select(['password_hash', 'email_verified_at']).where('email', '=', row.email).executeTakeFirst();
  return { ...present(row, deps.clock.now()), hasPassword: !!account?.password_hash && !!account.email_verified_at };
}

/** Another invitation to the same address that still waits (sent after the link's own was
 * withdrawn or had expired): when it went, or null. */
export async function newerOpenStaffInvitation(deps: Pick<InviteDeps, 'db' | 'clock'>, inv: Pick<StaffInvitation, 'id' | 'email'>): Promise<Date | null> {
  const row = await deps.db
    .selectFrom('staff_invitations')
    .select(['id', 'email', 'name', 'roles', 'invited_by_name', 'sent_at', 'expires_at', 'accepted_at', 'revoked_at'])
    .where('email', '=', inv.email)
    .where('id', '!=', inv.id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const newer = present(row, deps.clock.now());
  return newer.state === 'pending' ? newer.sentAt : null;
}

/** A staff invitation a later email gave a new link, opened by one of its replaced links (0092):
 * its state and when the newest email went, for the page that says so. Never accepts anything. */
export async function staffInvitationOfReplacedLink(deps: Pick<InviteDeps, 'db' | 'clock'>, token: string): Promise<{ state: StaffInvitationState; sentAt: Date } | null> {
  if (!token || token.length > 200) return null;
  const row = await deps.db
    .selectFrom('staff_invitations')
    .select(['id', 'email', 'name', 'roles', 'invited_by_name', 'sent_at', 'expires_at', 'accepted_at', 'revoked_at'])
    .where(sql<SqlBool>`replaced_token_hashes @> array[${sha256(token)}]::text[]`)
    // invited again and again, each newer invitation holds the link: the one not withdrawn, else the newest
    .orderBy(sql`revoked_at is null`, 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const inv = present(row, deps.clock.now());
  return { state: inv.state, sentAt: inv.sentAt };
}

const alreadyStaff = (email: string) =>
  new AppError('validation_failed', { fields: { email: `${email} already belongs to a staff member: change their roles on their page instead.` } });

async function sendInvitation(trx: Transaction<DB>, deps: InviteDeps, inv: { email: string; name: string; roles: readonly InvitableRole[] }, invitedBy: string, token: string) {
  await deps.mail.queue(trx, {
    to: inv.email,
    template: staffInvitationEmail.name,
    data: { name: inv.name, invitedBy, roles: rolesInWords(inv.roles), url: invitationUrl(deps, token), days: STAFF_INVITATION_DAYS },
  });
}

/**
 * Invites an address to the staff with these roles and emails it a link. An open invitation to
 * the same address is replaced (new roles, new link; the old link stops working). An address that
 * already belongs to a staff member is refused: their roles are changed on their page.
 */
export async function inviteStaffMember(
  deps: InviteDeps,
  input: { email: string; name: string; roles: readonly InvitableRole[]; actor: StaffActor },
): Promise<{ invitationId: string }> {
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const roles = ROLE_ORDER.filter((r) => input.roles.includes(r));
  if (roles.length === 0) throw new AppError('validation_failed', { fields: { roles: 'Choose at least one role.' } });
  return deps.db.transaction().execute(async (trx) => {
    if (await holdsStaffRole(trx, email)) throw alreadyStaff(email);
    const token = randomToken();
    const previous = await trx
      .updateTable('staff_invitations')
      .set({ revoked_at: now, revoked_by: input.actor.userId })
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning(['id', 'token_hash', 'replaced_token_hashes'])
      .executeTakeFirst();
    const row = await trx
      .insertInto('staff_invitations')
      .values({
        email,
        name: input.name.trim(),
        roles,
        token_hash: sha256(token),
        // the invitation it replaces: its links say a newer email replaced them (the last ten)
        replaced_token_hashes: previous ? [...previous.replaced_token_hashes, previous.token_hash].slice(-10) : [],
        invited_by: input.actor.userId,
        invited_by_name: input.actor.name,
        created_at: now,
        sent_at: now,
        expires_at: expiry(now),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sendInvitation(trx, deps, { email, name: input.name.trim(), roles }, input.actor.name, token);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.staff_invited',
      entityType: 'staff_invitation',
      entityId: row.id,
      after: { email, roles, replaces: previous?.id ?? null },
      requestId: input.actor.requestId,
    });
    return { invitationId: row.id };
  });
}

const noSuchInvitation = () => new AppError('not_found', { message: 'There is no such invitation waiting to be accepted.' });

async function lockOpen(trx: Transaction<DB>, invitationId: string) {
  const inv = await trx
    .selectFrom('staff_invitations')
    .selectAll()
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!inv) throw noSuchInvitation();
  return inv;
}

/** Sends an open (or expired) invitation again with a new link; the old link stops working. */
export async function resendStaffInvitation(deps: InviteDeps, input: { invitationId: string; actor: StaffActor }): Promise<{ email: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const inv = await lockOpen(trx, input.invitationId);
    const token = randomToken();
    await trx
      .updateTable('staff_invitations')
      .set({ token_hash: sha256(token), sent_at: now, expires_at: expiry(now) })
      .where('id', '=', inv.id)
      .execute();
    await sendInvitation(trx, deps, inv, input.actor.name, token);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.staff_invitation_resent',
      entityType: 'staff_invitation',
      entityId: inv.id,
      requestId: input.actor.requestId,
    });
    return { email: inv.email };
  });
}

/** Withdraws an open invitation: its link stops working and it grants nothing. */
export async function revokeStaffInvitation(deps: Pick<InviteDeps, 'db' | 'clock'>, input: { invitationId: string; actor: StaffActor }): Promise<{ email: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const inv = await lockOpen(trx, input.invitationId);
    await trx.updateTable('staff_invitations').set({ revoked_at: now, revoked_by: input.actor.userId }).where('id', '=', inv.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actor.userId,
      action: 'account.staff_invitation_revoked',
      entityType: 'staff_invitation',
      entityId: inv.id,
      before: { email: inv.email, roles: inv.roles },
      requestId: input.actor.requestId,
    });
    return { email: inv.email };
  });
}

export const staffInvitationInvalid = () =>
  new AppError('accounts.staff_invitation_invalid', {
    status: 410,
    message: 'This invitation has expired, has been used or was withdrawn. Ask a staff admin to send a new one.',
  });

const signInFirst = (email: string) => new AppError('accounts.staff_invitation_sign_in', { status: 409, message: `Sign in as ${email} first, then accept the invitation.` });

/**
 * The owner of the address accepts; the token works once. A new account (or one that cannot sign
 * in with a password of its own yet) sets its password here, and is signed in; an account that
 * has a password must be the one signed in. Grants exactly the invitation's roles, audited.
 */
export async function acceptStaffInvitation(
  deps: InviteDeps,
  input: { token: string; password?: string; signedInUserId?: string | null; userAgent?: string; previousSessionHash?: string | null; requestId?: string },
): Promise<{ roles: InvitableRole[]; signIn: SignInResult | null }> {
  const now = deps.clock.now();
  const found = await findStaffInvitation(deps, input.token);
  if (found?.state !== 'pending') throw staffInvitationInvalid();
  // Hashing takes a while: done before the transaction, as resetting a password does.
  let passwordHash: string | null = null;
  if (!found.hasPassword) {
    const problem = passwordProblem(input.password ?? '', found.email);
    if (problem) throw new AppError('validation_failed', { fields: { password: problem } });
    passwordHash = await hashPassword(input.password ?? '');
  }
  return deps.db.transaction().execute(async (trx) => {
    const inv = await trx
      .selectFrom('staff_invitations')
      .selectAll()
      .where('token_hash', '=', sha256(input.token))
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .forUpdate()
      .executeTakeFirst();
    if (!inv) throw staffInvitationInvalid();
    const account = await findOrCreateAccount(trx, { email: inv.email, name: inv.name, now });
    const user = await trx.selectFrom('users').select(['disabled_at']).where('id', '=', account.id).forUpdate().executeTakeFirstOrThrow();
    if (user.disabled_at) throw staffInvitationInvalid();
    if (passwordHash) {
      // The link went to the address: its owner is here, and chooses the password now (one that
      // a stranger chose for an unconfirmed account is discarded, with its sessions).
      await proveEmailOwnership(trx, deps, { userId: account.id, now, name: inv.name });
      await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', account.id).execute();
    } else if (input.signedInUserId !== account.id) {
      throw signInFirst(inv.email);
    }
    if (await holdsStaffRole(trx, inv.email)) throw staffInvitationInvalid();
    await trx
      .insertInto('user_roles')
      .values(inv.roles.map((role) => ({ user_id: account.id, role })))
      .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
      .execute();
    await trx.updateTable('staff_invitations').set({ accepted_at: now, accepted_by: account.id }).where('id', '=', inv.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: account.id,
      action: 'account.staff_invitation_accepted',
      entityType: 'user',
      entityId: account.id,
      before: { roles: [] },
      after: { roles: inv.roles, invitationId: inv.id, accountCreated: account.created },
      requestId: input.requestId,
    });
    // A new password: signed in here. Signed in already: the session's id rotates at the next
    // request (the privileges changed), so nothing more to do.
    const signIn = passwordHash ? await startLinkSession(trx, deps, { userId: account.id, now, userAgent: input.userAgent, previousSessionHash: input.previousSessionHash }) : null;
    return { roles: ROLE_ORDER.filter((r) => inv.roles.includes(r)), signIn };
  });
}
