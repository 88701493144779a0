// Use cases of accounts (P1): sign in, second factor, sign out, password reset, signing in by an
// emailed link, two-factor enrollment, and creating accounts. Knows nothing of HTTP. The links
// themselves (tokens, and the queued job that emails them) are in links.ts.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { DB, GlobalRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { hashPassword, randomToken, sha256, verifyPassword } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { secondFactorFailedEmail, totpDisabledEmail } from './emails.js';
import { checkToken, consumeToken } from './links.js';
import { passwordProblem } from './password-policy.js';
import { createSession, mustSetUpTotp, type SignInResult, startLinkSession } from './sessions.js';
import { assertSignInAllowed, clearSignInFailures, recordSignInFailure, signInPaused } from './throttle.js';
import { proveEmailOwnership, resendVerificationLink } from './verification.js';

type AccountDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association' | 'hooks'>;

const RECOVERY_CODES = 10;

const emailUnverified = () =>
  new AppError('accounts.email_unverified', {
    status: 403,
    message: 'Confirm your email address first: we have sent a link to it. Follow the link in that message to confirm the address and sign in.',
  });
const invalidCredentials = () => new AppError('accounts.invalid_credentials', { status: 401, message: 'The email or password is not right. Check them and try again.' });

export async function signIn(
  deps: AccountDeps,
  input: {
    email: string;
    password: string;
    userAgent?: string;
    previousSessionHash?: string | null;
    /** for an unconfirmed account: where its new confirmation link goes on to, and the browser it is bound to */
    next?: string;
    browser?: () => string;
  },
): Promise<SignInResult> {
  await assertSignInAllowed(deps.db, input.email, deps.clock.now());
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'totp_enabled_at', 'disabled_at', 'email_verified_at'])
    .where('email', '=', input.email.trim())
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash, input.password);
  if (!user || !ok || user.disabled_at) {
    const pausedUntil = await recordSignInFailure(deps, input.email);
    if (pausedUntil) throw signInPaused(pausedUntil, deps.clock.now());
    throw invalidCredentials();
  }
  await clearSignInFailures(deps.db, input.email);
  if (!user.email_verified_at) {
    // Whoever chose this password may not own the address: no session until the owner confirms it.
    await resendVerificationLink(deps, { userId: user.id, next: input.next, browser: input.browser?.() });
    throw emailUnverified();
  }
  const mfaRequired = user.totp_enabled_at !== null;
  const token = await deps.db.transaction().execute(async (trx) => {
    if (input.previousSessionHash) await trx.deleteFrom('sessions').where('id_hash', '=', input.previousSessionHash).execute();
    return createSession(trx, { userId: user.id, mfaPending: mfaRequired, now: deps.clock.now(), maxHours: deps.config.SESSION_MAX_HOURS, userAgent: input.userAgent });
  });
  return { token, userId: user.id, mfaRequired, mustEnrollTotp: await mustSetUpTotp(deps.db, user.id, mfaRequired, deps.config.production) };
}

function totpFor(secret: string, label: string, issuer: string) {
  return new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

const hashRecovery = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** Whether `code` is the current TOTP code (used at most once: a replay of the last accepted one
 * is refused) or an unused recovery code (then used up), in the caller's transaction. */
async function acceptCode(
  trx: Transaction<DB>,
  user: { id: string; email: string; totp_secret: string; totp_last_counter: number | null },
  raw: string,
  now: Date,
): Promise<boolean> {
  const code = raw.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const totp = totpFor(user.totp_secret, user.email, 'Civnet');
    const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
    if (delta === null) return false;
    const counter = totp.counter({ timestamp: now.getTime() }) + delta;
    if (user.totp_last_counter !== null && counter <= user.totp_last_counter) return false;
    await trx.updateTable('users').set({ totp_last_counter: counter }).where('id', '=', user.id).execute();
    return true;
  }
  if (code.length < 8) return false;
  const used = await trx
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', user.id)
    .where('code_hash', '=', hashRecovery(code))
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!used;
}

/** Wrong codes a pending sign-in may type before it has to start again with the password. */
export const SECOND_FACTOR_TRIES = 5;

/**
 * Second step of sign-in: a TOTP code or an unused recovery code. Issues a fresh session. A wrong
 * code counts against this pending sign-in; the fifth ends it (`accounts.second_factor_restart`)
 * and counts as one failed sign-in of the account's address for its backoff.
 */
export async function verifySecondFactor(deps: AccountDeps, input: { userId: string; pendingSessionHash: string; code: string; userAgent?: string }): Promise<string> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'name', 'email', 'totp_secret', 'totp_last_counter']).where('id', '=', input.userId).forUpdate().executeTakeFirst();
    if (!user?.totp_secret) throw new AppError('forbidden');
    const now = deps.clock.now();
    const accepted = await acceptCode(trx, { ...user, totp_secret: user.totp_secret }, input.code, now);
    if (!accepted) {
      // Committed, not rolled back: the count must survive the refusal.
      const pending = await trx
        .updateTable('sessions')
        .set((eb) => ({ mfa_failures: eb('mfa_failures', '+', 1) }))
        .where('id_hash', '=', input.pendingSessionHash)
        .where('mfa_pending', '=', true)
        .returning('mfa_failures')
        .executeTakeFirst();
      const exhausted = !pending || pending.mfa_failures >= SECOND_FACTOR_TRIES;
      if (exhausted) {
        await trx.deleteFrom('sessions').where('id_hash', '=', input.pendingSessionHash).execute();
        // Whoever typed them knows the password: its owner should know too.
        await deps.mail.queue(trx, {
          to: user.email,
          template: secondFactorFailedEmail.name,
          data: { name: user.name, tries: SECOND_FACTOR_TRIES, resetUrl: `${deps.config.publicUrl}/password/forgot` },
        });
      }
      return { ok: false as const, exhausted, email: user.email };
    }
    await trx.deleteFrom('sessions').where('id_hash', '=', input.pendingSessionHash).execute();
    return { ok: true as const, token: await createSession(trx, { userId: user.id, mfaPending: false, now, maxHours: deps.config.SESSION_MAX_HOURS, userAgent: input.userAgent }) };
  });
  if (result.ok) return result.token;
  if (result.exhausted) {
    await recordSignInFailure(deps, result.email);
    throw new AppError('accounts.second_factor_restart', { status: 401, message: 'Too many wrong codes. Sign in again with your password to get five more tries.' });
  }
  throw new AppError('validation_failed', { fields: { code: 'That code is not right or has expired. Enter the current 6-digit code from your app, or a recovery code.' } });
}

export async function signOut(deps: Pick<Deps, 'db'>, sessionHash: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('id_hash', '=', sessionHash).execute();
}

export async function resetPassword(deps: AccountDeps, input: { token: string; password: string }): Promise<void> {
  const now = deps.clock.now();
  await checkToken(deps, 'password_reset', input.token);
  const owner = await deps.db
    .selectFrom('auth_tokens')
    .innerJoin('users', 'users.id', 'auth_tokens.user_id')
    .select('users.email')
    .where('token_hash', '=', sha256(input.token))
    .executeTakeFirstOrThrow();
  const problem = passwordProblem(input.password, owner.email);
  if (problem) throw new AppError('validation_failed', { fields: { password: problem } });
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, 'password_reset', input.token, now);
    // The link went to the address, so its owner is here: an unverified account becomes theirs.
    await proveEmailOwnership(trx, deps, { userId, now });
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', userId).execute();
    // A new password ends every session and every other outstanding link.
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    await writeAudit(trx, { at: now, actorUserId: userId, action: 'account.password_reset', entityType: 'user', entityId: userId });
  });
}

export async function signInWithMagicLink(deps: AccountDeps, input: { token: string; userAgent?: string; previousSessionHash?: string | null }): Promise<SignInResult> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, 'magic_link', input.token, now);
    // The link went to the address: an unverified account becomes its owner's, without the
    // password that whoever registered the address chose (and without their sessions).
    await proveEmailOwnership(trx, deps, { userId, now });
    return startLinkSession(trx, deps, { userId, now, userAgent: input.userAgent, previousSessionHash: input.previousSessionHash });
  });
}

export interface TotpEnrollment {
  secret: string;
  uri: string;
}

/** Starts (or resumes) two-factor enrollment: a secret kept until it is confirmed. */
export async function startTotpEnrollment(deps: AccountDeps, userId: string): Promise<TotpEnrollment | null> {
  const user = await deps.db.selectFrom('users').select(['email', 'totp_secret', 'totp_enabled_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (user.totp_enabled_at) return null;
  let secret = user.totp_secret;
  if (!secret) {
    secret = new OTPAuth.Secret({ size: 20 }).base32;
    await deps.db.updateTable('users').set({ totp_secret: secret }).where('id', '=', userId).execute();
  }
  const issuer = (await deps.association.get()).short_name || 'Civnet';
  return { secret, uri: totpFor(secret, user.email, issuer).toString() };
}

/** Confirms enrollment with a code from the app; returns recovery codes, shown once. */
export async function confirmTotpEnrollment(deps: AccountDeps, input: { userId: string; code: string; requestId?: string }): Promise<string[]> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['email', 'totp_secret', 'totp_enabled_at']).where('id', '=', input.userId).forUpdate().executeTakeFirstOrThrow();
    if (user.totp_enabled_at) throw new AppError('conflict', { message: 'Two-factor sign-in is already on.' });
    if (!user.totp_secret) throw new AppError('conflict', { message: 'Start again: reload the page to get a new secret.' });
    const totp = totpFor(user.totp_secret, user.email, 'Civnet');
    const code = input.code.replace(/\s/g, '');
    const delta = /^\d{6}$/.test(code) ? totp.validate({ token: code, timestamp: now.getTime(), window: 1 }) : null;
    if (delta === null) throw new AppError('validation_failed', { fields: { code: 'That code is not right. Enter the 6-digit code your app shows now.' } });
    const counter = totp.counter({ timestamp: now.getTime() }) + delta;
    await trx.updateTable('users').set({ totp_enabled_at: now, totp_last_counter: counter }).where('id', '=', input.userId).execute();
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomToken(8)
        .replace(/[^a-zA-Z0-9]/g, 'x')
        .slice(0, 10)
        .toLowerCase();
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await trx.deleteFrom('recovery_codes').where('user_id', '=', input.userId).execute();
    await trx
      .insertInto('recovery_codes')
      .values(codes.map((c) => ({ user_id: input.userId, code_hash: hashRecovery(c), used_at: null })))
      .execute();
    await writeAudit(trx, { at: now, actorUserId: input.userId, action: 'account.totp_enabled', entityType: 'user', entityId: input.userId, requestId: input.requestId });
    return codes;
  });
}

/** Turns two-factor sign-in off, with a current code (or a recovery code) so that a borrowed
 * session cannot; the owner is emailed. Not for someone whose role requires it (`requiresTotp`). */
export async function disableTotp(deps: AccountDeps, input: { userId: string; required: boolean; code: string; requestId?: string }): Promise<void> {
  if (input.required) throw new AppError('accounts.totp_required', { status: 409, message: 'Two-factor sign-in is required for your role, so it cannot be turned off.' });
  const now = deps.clock.now();
  const done = await deps.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'totp_secret', 'totp_last_counter', 'totp_enabled_at'])
      .where('id', '=', input.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!user.totp_secret || !user.totp_enabled_at) return true;
    if (!(await acceptCode(trx, { ...user, totp_secret: user.totp_secret }, input.code, now))) return false;
    await trx.updateTable('users').set({ totp_enabled_at: null, totp_secret: null, totp_last_counter: null }).where('id', '=', input.userId).execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', input.userId).execute();
    await writeAudit(trx, { at: now, actorUserId: input.userId, action: 'account.totp_disabled', entityType: 'user', entityId: input.userId, requestId: input.requestId });
    await deps.mail.queue(trx, { to: user.email, template: totpDisabledEmail.name, data: { name: user.name, resetUrl: `${deps.config.publicUrl}/password/forgot` } });
    return true;
  });
  if (!done)
    throw new AppError('validation_failed', { fields: { code: 'That code is not right or has expired. Enter the current 6-digit code from your app, or a recovery code.' } });
}

/** The current TOTP code for a secret, at the deps clock; for tests and the CLI only. */
export function currentTotpCode(secret: string, at: Date): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
}

export async function createUser(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { email: string; name: string; password?: string; roles?: GlobalRole[]; verified?: boolean },
): Promise<string> {
  if (input.password) {
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw new AppError('validation_failed', { fields: { password: problem } });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        email: input.email.trim(),
        name: input.name,
        password_hash: passwordHash,
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_counter: null,
        password_changed_at: deps.clock.now(),
        disabled_at: null,
        // made by staff, a test or the demo data, not by a stranger at a public form
        email_verified_at: input.verified === false ? null : deps.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.roles?.length)
      await trx
        .insertInto('user_roles')
        .values(input.roles.map((role) => ({ user_id: row.id, role })))
        .execute();
    return row.id;
  });
}

/** The account with this email, or a new one without a password (they sign in by email link).
 * A new account is unverified until its owner follows a link sent to the address. */
export async function findOrCreateAccount(trx: Transaction<DB>, input: { email: string; name: string; now: Date }): Promise<{ id: string; created: boolean }> {
  const existing = await trx.selectFrom('users').select('id').where('email', '=', input.email.trim()).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const row = await trx
    .insertInto('users')
    .values({
      email: input.email.trim(),
      name: input.name.trim() || input.email.trim(),
      password_hash: null,
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_counter: null,
      password_changed_at: input.now,
      disabled_at: null,
      email_verified_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

// --- Roles that other modules give and take away, in their own transaction (walls). ---

/** Gives a person a global role; nothing changes if they hold it already. (Individuals grants
 * `member` when a membership becomes active.) */
export async function grantRole(trx: Transaction<DB>, userId: string, role: GlobalRole): Promise<void> {
  await trx
    .insertInto('user_roles')
    .values({ user_id: userId, role })
    .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
    .execute();
}

/** Takes a global role away from a person; nothing changes if they do not hold it. */
export async function revokeRole(trx: Transaction<DB>, userId: string, role: GlobalRole): Promise<void> {
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).where('role', '=', role).execute();
}
