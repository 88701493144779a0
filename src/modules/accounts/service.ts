// Use cases of accounts (P1): sign in, second factor, sign out, password reset, magic links,
// two-factor enrollment, and creating accounts. Knows nothing of HTTP.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { DB, GlobalRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { hashPassword, randomToken, sha256, verifyPassword } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { magicLinkEmail, passwordResetEmail } from './emails.js';
import { passwordProblem } from './password-policy.js';
import { createSession } from './sessions.js';

type AccountDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;

export const RESET_MINUTES = 30;
export const MAGIC_MINUTES = 15;
const RECOVERY_CODES = 10;

const invalidCredentials = () => new AppError('accounts.invalid_credentials', { status: 401, message: 'The email or password is not right. Check them and try again.' });

export interface SignInResult {
  token: string;
  userId: string;
  mfaRequired: boolean;
  /** a staff admin without two-factor sign-in, who must set it up first */
  mustEnrollTotp: boolean;
}

async function isAdminWithoutTotp(db: AccountDeps['db'] | Transaction<DB>, userId: string, totpEnabled: boolean): Promise<boolean> {
  if (totpEnabled) return false;
  const admin = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).where('role', '=', 'admin').executeTakeFirst();
  return !!admin;
}

export async function signIn(deps: AccountDeps, input: { email: string; password: string; userAgent?: string; previousSessionHash?: string | null }): Promise<SignInResult> {
  const user = await deps.db.selectFrom('users').select(['id', 'password_hash', 'totp_enabled_at', 'disabled_at']).where('email', '=', input.email.trim()).executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash, input.password);
  if (!user || !ok || user.disabled_at) throw invalidCredentials();
  const mfaRequired = user.totp_enabled_at !== null;
  const token = await deps.db.transaction().execute(async (trx) => {
    if (input.previousSessionHash) await trx.deleteFrom('sessions').where('id_hash', '=', input.previousSessionHash).execute();
    return createSession(trx, { userId: user.id, mfaPending: mfaRequired, now: deps.clock.now(), maxHours: deps.config.SESSION_MAX_HOURS, userAgent: input.userAgent });
  });
  return { token, userId: user.id, mfaRequired, mustEnrollTotp: await isAdminWithoutTotp(deps.db, user.id, mfaRequired) };
}

function totpFor(secret: string, label: string, issuer: string) {
  return new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

const hashRecovery = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** Second step of sign-in: a TOTP code or an unused recovery code. Issues a fresh session. */
export async function verifySecondFactor(deps: AccountDeps, input: { userId: string; pendingSessionHash: string; code: string; userAgent?: string }): Promise<string> {
  const code = input.code.replace(/\s/g, '');
  return deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'email', 'totp_secret', 'totp_last_counter']).where('id', '=', input.userId).forUpdate().executeTakeFirst();
    if (!user?.totp_secret) throw new AppError('forbidden');
    const now = deps.clock.now();
    let accepted = false;
    if (/^\d{6}$/.test(code)) {
      const totp = totpFor(user.totp_secret, user.email, 'Civnet');
      const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
      if (delta !== null) {
        const counter = totp.counter({ timestamp: now.getTime() }) + delta;
        // A code works once: a replay of the last accepted code is refused.
        if (user.totp_last_counter === null || counter > user.totp_last_counter) {
          await trx.updateTable('users').set({ totp_last_counter: counter }).where('id', '=', user.id).execute();
          accepted = true;
        }
      }
    } else if (code.length >= 8) {
      const used = await trx
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('user_id', '=', user.id)
        .where('code_hash', '=', hashRecovery(code))
        .where('used_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      accepted = !!used;
    }
    if (!accepted) {
      throw new AppError('validation_failed', { fields: { code: 'That code is not right or has expired. Enter the current 6-digit code from your app, or a recovery code.' } });
    }
    await trx.deleteFrom('sessions').where('id_hash', '=', input.pendingSessionHash).execute();
    return createSession(trx, { userId: user.id, mfaPending: false, now, maxHours: deps.config.SESSION_MAX_HOURS, userAgent: input.userAgent });
  });
}

export async function signOut(deps: Pick<Deps, 'db'>, sessionHash: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('id_hash', '=', sessionHash).execute();
}

/** Stores a single-use token (hashed) for this account in the caller's transaction and returns
 * the link that uses it; the caller emails it. */
async function createTokenLink(
  trx: Transaction<DB>,
  deps: Pick<AccountDeps, 'clock' | 'config'>,
  input: { userId: string; purpose: 'password_reset' | 'magic_link'; minutes: number; path: string },
): Promise<string> {
  const token = randomToken();
  const now = deps.clock.now();
  await trx
    .insertInto('auth_tokens')
    .values({
      token_hash: sha256(token),
      user_id: input.userId,
      purpose: input.purpose,
      created_at: now,
      expires_at: new Date(now.getTime() + input.minutes * 60_000),
      used_at: null,
    })
    .execute();
  return `${deps.config.publicUrl}${input.path}?token=${encodeURIComponent(token)}`;
}

/** A sign-in (magic) link for this account, created in the caller's transaction, for modules that
 * email it in their own words (an invitation, an approved login request). At most 60 minutes. */
export function createMagicLink(trx: Transaction<DB>, deps: Pick<AccountDeps, 'clock' | 'config'>, input: { userId: string; minutes?: number }): Promise<string> {
  const minutes = Math.min(input.minutes ?? MAGIC_MINUTES, 60);
  return createTokenLink(trx, deps, { userId: input.userId, purpose: 'magic_link', minutes, path: '/login/magic/verify' });
}

async function issueToken(deps: AccountDeps, purpose: 'password_reset' | 'magic_link', email: string, minutes: number, path: string): Promise<void> {
  const user = await deps.db.selectFrom('users').select(['id', 'name', 'email', 'disabled_at']).where('email', '=', email.trim()).executeTakeFirst();
  // The same answer either way: the caller never learns whether the account exists.
  if (!user || user.disabled_at) return;
  await deps.db.transaction().execute(async (trx) => {
    const url = await createTokenLink(trx, deps, { userId: user.id, purpose, minutes, path });
    await deps.mail.queue(trx, {
      to: user.email,
      template: purpose === 'password_reset' ? passwordResetEmail.name : magicLinkEmail.name,
      data: { name: user.name, url, minutes },
    });
  });
}

export function requestPasswordReset(deps: AccountDeps, email: string) {
  return issueToken(deps, 'password_reset', email, RESET_MINUTES, '/password/reset');
}

export function requestMagicLink(deps: AccountDeps, email: string) {
  return issueToken(deps, 'magic_link', email, MAGIC_MINUTES, '/login/magic/verify');
}

const tokenInvalid = () => new AppError('token_invalid', { message: 'This link has expired or has already been used. Ask for a new one.' });

/** Whether a link's token is still good, without using it (to decide what page to show). */
export async function checkToken(deps: AccountDeps, purpose: 'password_reset' | 'magic_link', token: string): Promise<void> {
  const row = await deps.db.selectFrom('auth_tokens').select(['expires_at', 'used_at']).where('token_hash', '=', sha256(token)).where('purpose', '=', purpose).executeTakeFirst();
  if (!row || row.used_at || row.expires_at.getTime() <= deps.clock.now().getTime()) throw tokenInvalid();
}

/** Uses a token once: the guarded update means two racing uses cannot both succeed. */
async function consumeToken(trx: Transaction<DB>, purpose: 'password_reset' | 'magic_link', token: string, now: Date): Promise<string> {
  const row = await trx
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  if (!row) throw tokenInvalid();
  return row.user_id;
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
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', userId).execute();
    // A new password ends every session and every other outstanding link.
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    await writeAudit(trx, { at: now, actorUserId: userId, action: 'account.password_reset', entityType: 'user', entityId: userId });
  });
}

/**
 * Signs this account in, in the caller's transaction, as following a link emailed to its address
 * does (a magic link, an accepted seat invitation): the caller's previous session ends, a new one
 * starts, and two-factor sign-in is still asked for when it is on. A disabled account gets the
 * answer of a link that is not valid (`token_invalid`), so the caller's transaction rolls back.
 */
export async function startLinkSession(
  trx: Transaction<DB>,
  deps: Pick<AccountDeps, 'config'>,
  input: { userId: string; now: Date; userAgent?: string; previousSessionHash?: string | null },
): Promise<SignInResult> {
  const user = await trx.selectFrom('users').select(['id', 'totp_enabled_at', 'disabled_at']).where('id', '=', input.userId).executeTakeFirstOrThrow();
  if (user.disabled_at) throw tokenInvalid();
  if (input.previousSessionHash) await trx.deleteFrom('sessions').where('id_hash', '=', input.previousSessionHash).execute();
  const mfaRequired = user.totp_enabled_at !== null;
  const token = await createSession(trx, { userId: user.id, mfaPending: mfaRequired, now: input.now, maxHours: deps.config.SESSION_MAX_HOURS, userAgent: input.userAgent });
  return { token, userId: user.id, mfaRequired, mustEnrollTotp: await isAdminWithoutTotp(trx, user.id, mfaRequired) };
}

export async function signInWithMagicLink(deps: AccountDeps, input: { token: string; userAgent?: string; previousSessionHash?: string | null }): Promise<SignInResult> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, 'magic_link', input.token, now);
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

/** Turns two-factor sign-in off; staff admins cannot, since it is required for them. */
export async function disableTotp(deps: AccountDeps, input: { userId: string; isAdmin: boolean; requestId?: string }): Promise<void> {
  if (input.isAdmin) throw new AppError('accounts.totp_required', { status: 409, message: 'Two-factor sign-in is required for staff admins, so it cannot be turned off.' });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_enabled_at: null, totp_secret: null, totp_last_counter: null }).where('id', '=', input.userId).execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', input.userId).execute();
    await writeAudit(trx, { at: now, actorUserId: input.userId, action: 'account.totp_disabled', entityType: 'user', entityId: input.userId, requestId: input.requestId });
  });
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

/**
 * The owner of the address has just shown it, by following a link that was emailed to it. An
 * unverified account becomes verified; a password chosen before that (by whoever typed the
 * address into a public form, perhaps not its owner) is kept only with `keepPassword`, which only
 * the link sent at that sign-up may pass. Discarding it ends that account's sessions and links.
 * Returns whether the account was unverified until now.
 */
export async function proveEmailOwnership(trx: Transaction<DB>, input: { userId: string; now: Date; keepPassword?: boolean; name?: string }): Promise<boolean> {
  // A name typed at that public form is replaced too, when the link's sender knows a better one
  // (a seat invitation carries the name its sender typed).
  const name = input.name?.trim() ? { name: input.name.trim() } : {};
  const row = await trx
    .updateTable('users')
    .set(input.keepPassword ? { email_verified_at: input.now, ...name } : { email_verified_at: input.now, password_hash: null, password_changed_at: input.now, ...name })
    .where('id', '=', input.userId)
    .where('email_verified_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  if (!input.keepPassword) await trx.deleteFrom('sessions').where('user_id', '=', input.userId).execute();
  await writeAudit(trx, { at: input.now, actorUserId: input.userId, action: 'account.email_verified', entityType: 'user', entityId: input.userId });
  return true;
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
