// The first staff admin of a production deployment, created out of band: `civnet admin create`
// makes the account and prints a one-time link (24 hours) where its owner chooses a password;
// the first sign-in then requires two-factor sign-in to be set up before any staff tool.
// Nobody else can use the account before that: it has no password and no other way in.
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { hashPassword, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { checkToken, consumeToken, createTokenLink } from './links.js';
import { passwordProblem } from './password-policy.js';
import { createSession } from './sessions.js';

export const ADMIN_SETUP_HOURS = 24;
export const ADMIN_SETUP_PATH = '/account/setup';

type SetupDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/**
 * Creates a staff admin without a password and returns the one-time link where they set one.
 * Run again for an admin who has not finished, it replaces the link; an address that already
 * belongs to anyone else is refused.
 */
export async function createStaffAdmin(deps: SetupDeps, input: { email: string; name: string }): Promise<{ userId: string; url: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const email = input.email.trim();
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email).forUpdate().executeTakeFirst();
    let userId: string;
    if (existing) {
      const admin = await trx.selectFrom('user_roles').select('role').where('user_id', '=', existing.id).where('role', '=', 'admin').executeTakeFirst();
      if (!admin || existing.password_hash) {
        throw new AppError('accounts.email_taken', {
          status: 409,
          message: `There is already an account with the address ${email}, and this command only makes new ones: create the staff admin with another address.`,
        });
      }
      userId = existing.id;
      await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', 'admin_setup').where('used_at', 'is', null).execute();
    } else {
      const row = await trx
        .insertInto('users')
        .values({ email, name: input.name.trim(), password_hash: null, password_changed_at: now, disabled_at: null, email_verified_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = row.id;
      await trx.insertInto('user_roles').values({ user_id: userId, role: 'admin' }).execute();
      await writeAudit(trx, { at: now, actorUserId: null, action: 'account.admin_created', entityType: 'user', entityId: userId, after: { email, via: 'command line' } });
    }
    const url = await createTokenLink(trx, deps, { userId, purpose: 'admin_setup', minutes: ADMIN_SETUP_HOURS * 60, path: ADMIN_SETUP_PATH });
    return { userId, url, expiresAt: new Date(now.getTime() + ADMIN_SETUP_HOURS * 3_600_000) };
  });
}

/** Whether a set-up link is still good, without using it. */
export function checkAdminSetupToken(deps: SetupDeps, token: string): Promise<void> {
  return checkToken(deps, 'admin_setup', token);
}

/** Sets the password through the one-time link, verifies the address (the link went to it) and
 * signs the admin in; the caller sends them on to set up two-factor sign-in. */
export async function completeAdminSetup(deps: SetupDeps, input: { token: string; password: string; userAgent?: string; previousSessionHash?: string | null }): Promise<string> {
  const now = deps.clock.now();
  await checkAdminSetupToken(deps, input.token);
  const owner = await deps.db
    .selectFrom('auth_tokens')
    .innerJoin('users', 'users.id', 'auth_tokens.user_id')
    .select('users.email')
    .where('auth_tokens.token_hash', '=', sha256(input.token))
    .executeTakeFirstOrThrow();
  const problem = passwordProblem(input.password, owner.email);
  if (problem) throw new AppError('validation_failed', { fields: { password: problem } });
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, 'admin_setup', input.token, now);
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, email_verified_at: now }).where('id', '=', userId).execute();
    await writeAudit(trx, { at: now, actorUserId: userId, action: 'account.admin_setup_completed', entityType: 'user', entityId: userId });
    if (input.previousSessionHash) await trx.deleteFrom('sessions').where('id_hash', '=', input.previousSessionHash).execute();
    return createSession(trx, { userId, mfaPending: false, now, maxHours: deps.config.SESSION_MAX_HOURS, userAgent: input.userAgent });
  });
}
