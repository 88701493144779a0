// Verified addresses (issue 11, finding 2): an account made at a public form is unverified until
// its owner follows a link sent to the address. Until then it cannot sign in with its password nor
// hold any role (see `signIn` and `loadPrincipal`). Knows nothing of HTTP.
//
// The link (`auth_tokens` purpose `verify_email`) is single use, stored hashed, and lasts 24 hours:
// longer than a sign-in link (15 minutes) because a person who has just joined may read their
// mail hours later, and it is only ever good while the account is still unverified, so once the
// address is confirmed (by it, a sign-in link or a reset link) every outstanding one is dead.
// It keeps the password chosen at sign-up only in the browser that chose it (`browser_hash`,
// 0016): otherwise a stranger who registered someone's address, and so knows its password, would
// own the account as soon as the real owner, curious, followed the link from their mailbox.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { safeEqual, sha256 } from '../../lib/crypto.js';
import { verifyEmailEmail } from './emails.js';
import { consumeTokenRow, createTokenLink, sendEmailLink, tokenInvalid } from './links.js';
import { startLinkSession } from './sessions.js';

type VerifyDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'hooks'>;

export const VERIFY_HOURS = 24;
/** at most one fresh link per account in this many minutes, however often it is asked for */
export const VERIFY_RESEND_MINUTES = 5;

/**
 * The owner of the address has just shown it, by following a link that was emailed to it. An
 * unverified account becomes verified; a password chosen before that (by whoever typed the
 * address into a public form, perhaps not its owner) is kept only with `keepPassword`, which only
 * the link sent at that sign-up, used in the browser that signed up, may pass. Discarding it ends
 * that account's sessions (its confirmation links die with its unconfirmed state).
 * What waited for the address to be confirmed runs then (`deps.hooks.addressConfirmed`, in `trx`).
 * Returns whether the account was unverified until now.
 */
export async function proveEmailOwnership(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'hooks'>,
  input: { userId: string; now: Date; keepPassword?: boolean; name?: string },
): Promise<boolean> {
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
  for (const hook of deps.hooks.addressConfirmed) await hook(trx, { userId: input.userId, at: input.now });
  return true;
}

/** A new account whose address is not yet shown to be its owner's; null when the address already
 * has an account (nothing is changed then). The password hash is the one typed at the form. */
export async function createUnverifiedAccount(trx: Transaction<DB>, input: { email: string; name: string; passwordHash: string | null; now: Date }): Promise<string | null> {
  const row = await trx
    .insertInto('users')
    .values({
      email: input.email.trim(),
      name: input.name.trim() || input.email.trim(),
      password_hash: input.passwordHash,
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_counter: null,
      password_changed_at: input.now,
      disabled_at: null,
      email_verified_at: null,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  // An address whose account was deactivated before it was ever confirmed (an abandoned sign-up
  // that expired) is free again: nobody ever proved it theirs, and the new sign-up must confirm it
  // before anyone can sign in. A confirmed or active account is never taken over.
  const reclaimed = await trx
    .updateTable('users')
    .set({ name: input.name.trim() || input.email.trim(), password_hash: input.passwordHash, password_changed_at: input.now, disabled_at: null })
    .where('email', '=', input.email.trim())
    .where('email_verified_at', 'is', null)
    .where('disabled_at', 'is not', null)
    .returning('id')
    .executeTakeFirst();
  if (!reclaimed) return null;
  await writeAudit(trx, {
    at: input.now,
    actorUserId: null,
    action: 'account.reactivated',
    entityType: 'user',
    entityId: reclaimed.id,
    before: { deactivated: true },
    after: { deactivated: false, reason: 'A new sign-up with the address, which was never confirmed; it must be confirmed before sign-in' },
  });
  return reclaimed.id;
}

/**
 * Deactivates an account whose address was never confirmed, in the caller's transaction (an
 * abandoned online sign-up expiring): it can no longer sign in, and its open links stop working.
 * Kept, not deleted: its voided invoice still names it. Does nothing to a confirmed or already
 * deactivated account; returns whether it deactivated it.
 */
export async function deactivateUnverifiedAccount(trx: Transaction<DB>, input: { userId: string; now: Date; reason: string }): Promise<boolean> {
  const done = await trx
    .updateTable('users')
    .set({ disabled_at: input.now })
    .where('id', '=', input.userId)
    .where('email_verified_at', 'is', null)
    .where('disabled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!done) return false;
  await trx.deleteFrom('sessions').where('user_id', '=', input.userId).execute();
  await trx.updateTable('auth_tokens').set({ used_at: input.now }).where('user_id', '=', input.userId).where('used_at', 'is', null).execute();
  await writeAudit(trx, {
    at: input.now,
    actorUserId: null,
    action: 'account.deactivated',
    entityType: 'user',
    entityId: input.userId,
    before: { deactivated: false },
    after: { deactivated: true, reason: input.reason },
  });
  return true;
}

/** A link that confirms this account's address, created in the caller's transaction, for modules
 * that email it in their own words (joining as an individual). `next` is where the person goes
 * once confirmed and signed in: a path on this site. `browser` (the value of the browser's
 * confirmation cookie, see `verificationBrowser`) binds the link to the browser that chose the
 * password: used anywhere else, the link still confirms the address but discards that password. */
export function createVerificationLink(
  trx: Transaction<DB>,
  deps: Pick<VerifyDeps, 'clock' | 'config'>,
  input: { userId: string; next?: string; browser?: string },
): Promise<string> {
  return createTokenLink(trx, deps, {
    userId: input.userId,
    purpose: 'verify_email',
    minutes: VERIFY_HOURS * 60,
    path: '/account/verify',
    browserHash: input.browser ? sha256(input.browser) : null,
    next: input.next,
  });
}

/**
 * Emails a fresh confirmation link to an unverified, enabled account, unless one was sent in the
 * last few minutes (so that neither a person nor a stranger who knows the password can flood the
 * address). Returns whether a message was queued. Callers answer the same either way.
 */
export async function resendVerificationLink(deps: VerifyDeps, input: { userId: string; next?: string; browser?: string }): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    // The account row is locked so that two racing requests send one message.
    const user = await trx.selectFrom('users').select(['id', 'name', 'email', 'email_verified_at', 'disabled_at']).where('id', '=', input.userId).forUpdate().executeTakeFirst();
    if (!user || user.email_verified_at || user.disabled_at) return false;
    const recent = await trx
      .selectFrom('auth_tokens')
      .select('created_at')
      .where('user_id', '=', user.id)
      .where('purpose', '=', 'verify_email')
      .where('created_at', '>', new Date(now.getTime() - VERIFY_RESEND_MINUTES * 60_000))
      .executeTakeFirst();
    if (recent) return false;
    const url = await createVerificationLink(trx, deps, { userId: user.id, next: input.next, browser: input.browser });
    await deps.mail.queue(trx, { to: user.email, template: verifyEmailEmail.name, data: { name: user.name, url, hours: VERIFY_HOURS } });
    return true;
  });
}

/** "Send me a new link" by address: the same answer whether or not the address has an account,
 * or is already confirmed. */
export async function requestVerificationLink(deps: VerifyDeps, email: string): Promise<void> {
  const user = await deps.db.selectFrom('users').select('id').where('email', '=', email.trim()).executeTakeFirst();
  if (user) await resendVerificationLink(deps, { userId: user.id });
}

/** Whether a confirmation link is still good, without using it (to decide what page to show). */
export async function checkVerificationToken(deps: Pick<VerifyDeps, 'db' | 'clock'>, token: string): Promise<void> {
  const row = await deps.db
    .selectFrom('auth_tokens')
    .innerJoin('users', 'users.id', 'auth_tokens.user_id')
    .select(['auth_tokens.expires_at', 'auth_tokens.used_at', 'users.email_verified_at', 'users.disabled_at'])
    .where('auth_tokens.token_hash', '=', sha256(token))
    .where('auth_tokens.purpose', '=', 'verify_email')
    .executeTakeFirst();
  if (!row || row.used_at || row.email_verified_at || row.disabled_at || row.expires_at.getTime() <= deps.clock.now().getTime()) throw tokenInvalid();
}

export interface VerifiedSignIn {
  token: string;
  userId: string;
  mfaRequired: boolean;
  /** false when the link was used in another browser than the one that chose the password */
  passwordKept: boolean;
}

/**
 * Uses a confirmation link: the account becomes verified and the person is signed in with a new
 * session. The password chosen at sign-up is kept only when the link is used in the browser that
 * chose it (the cookie value `browser` matches the link's): anyone may type someone else's address
 * into the join form, and the owner who follows the link from their own mailbox must not end up
 * with an account whose password a stranger knows. A link of an account that is already verified
 * or disabled, or a used or expired link, does nothing.
 */
export async function verifyEmail(deps: VerifyDeps, input: { token: string; browser?: string; userAgent?: string; previousSessionHash?: string | null }): Promise<VerifiedSignIn> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await consumeTokenRow(trx, 'verify_email', input.token, now);
    const passwordKept = !!(row.browserHash && input.browser && safeEqual(row.browserHash, sha256(input.browser)));
    // Only while unverified: afterwards this is not a sign-in link (those last 15 minutes).
    if (!(await proveEmailOwnership(trx, deps, { userId: row.userId, now, keepPassword: passwordKept }))) throw tokenInvalid();
    await trx.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', row.userId).where('purpose', '=', 'verify_email').where('used_at', 'is', null).execute();
    // A disabled account gets no session (startLinkSession refuses it, and everything rolls back).
    const signedIn = await startLinkSession(trx, deps, { userId: row.userId, now, userAgent: input.userAgent, previousSessionHash: input.previousSessionHash });
    return { token: signedIn.token, userId: signedIn.userId, mfaRequired: signedIn.mfaRequired, passwordKept };
  });
}

/**
 * A newcomer's way in from a public form (a local business joining a challenge): an account for
 * the address when it has none (unconfirmed, without a password: `createUnverifiedAccount`), then a
 * sign-in link to the address that continues at `next` (a same-site path). Following the link
 * proves the address and signs the person in (`signInWithMagicLink`). The same work and the same
 * answer whether or not the address had an account, and the usual hourly share of links per
 * address (`sendEmailLink`). `purpose` says in the email what the person set out to do (after
 * "to": "continue joining …"), since they asked for no sign-in.
 */
export async function startWithEmail(deps: VerifyDeps, input: { email: string; name: string; next: string; purpose: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute((trx) => createUnverifiedAccount(trx, { email: input.email, name: input.name, passwordHash: null, now }));
  await sendEmailLink(deps, 'magic', input.email, input.next, input.purpose);
}
