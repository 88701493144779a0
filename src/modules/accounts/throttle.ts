// Sign-in backoff per typed address, on top of the per-client limit: five failures within fifteen
// minutes pause password sign-in for that address for 1 minute, then 2, 4, … up to an hour
// (SECURITY.md: throttle, don't lock). The owner can still sign in with a link sent by email, so
// the pause cannot be used to keep a known person out. It is kept for any address typed, whether
// or not an account has it, so the answer never tells which addresses have accounts. The owner of
// an account is emailed when a pause starts (at most once a day).
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { signInPausedEmail } from './emails.js';

export const FAILURES_BEFORE_PAUSE = 5;
const WINDOW_MS = 15 * 60_000;
const MAX_PAUSE_MINUTES = 60;
const FORGET_LOCKS_AFTER_MS = 24 * 3_600_000;
const NOTIFY_EVERY_MS = 24 * 3_600_000;

type ThrottleDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;

const key = (email: string) => email.trim().toLowerCase().slice(0, 254);

export function signInPaused(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError('accounts.sign_in_paused', {
    status: 429,
    message: `Too many failed sign-ins with this email address. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}, or sign in with a link sent by email.`,
  });
}

/** Throws `accounts.sign_in_paused` while password sign-in is paused for this address. */
export async function assertSignInAllowed(db: Db, email: string, now: Date): Promise<void> {
  const row = await db.selectFrom('sign_in_throttle').select('locked_until').where('email', '=', key(email)).executeTakeFirst();
  if (row?.locked_until && row.locked_until.getTime() > now.getTime()) throw signInPaused(row.locked_until, now);
}

/** Counts one failure for this address; returns when a pause it started ends, or null. */
export async function recordSignInFailure(deps: ThrottleDeps, email: string): Promise<Date | null> {
  const now = deps.clock.now();
  const address = key(email);
  if (!address) return null;
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sign_in_throttle')
      .values({ email: address, failures: 0, window_started_at: now, locks: 0 })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    const row = await trx.selectFrom('sign_in_throttle').selectAll().where('email', '=', address).forUpdate().executeTakeFirstOrThrow();
    const fresh = now.getTime() - row.window_started_at.getTime() > WINDOW_MS;
    const failures = (fresh ? 0 : row.failures) + 1;
    const locks = row.locked_until && now.getTime() - row.locked_until.getTime() > FORGET_LOCKS_AFTER_MS ? 0 : row.locks;
    if (failures < FAILURES_BEFORE_PAUSE) {
      await trx
        .updateTable('sign_in_throttle')
        .set({ failures, locks, window_started_at: fresh ? now : row.window_started_at })
        .where('email', '=', address)
        .execute();
      return null;
    }
    const until = new Date(now.getTime() + Math.min(2 ** locks, MAX_PAUSE_MINUTES) * 60_000);
    const notify = !row.owner_notified_at || now.getTime() - row.owner_notified_at.getTime() > NOTIFY_EVERY_MS;
    const notified = notify && (await notifyOwner(trx, deps, address, until, now));
    await trx
      .updateTable('sign_in_throttle')
      .set({ failures: 0, window_started_at: now, locked_until: until, locks: locks + 1, ...(notified ? { owner_notified_at: now } : {}) })
      .where('email', '=', address)
      .execute();
    return until;
  });
}

/** A successful sign-in forgets the failures of its address. */
export async function clearSignInFailures(db: Db | Transaction<DB>, email: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('email', '=', key(email)).where('locked_until', 'is', null).execute();
  await db.updateTable('sign_in_throttle').set({ failures: 0 }).where('email', '=', key(email)).execute();
}

async function notifyOwner(trx: Transaction<DB>, deps: ThrottleDeps, email: string, until: Date, now: Date): Promise<boolean> {
  const user = await trx
    .selectFrom('users')
    .select(['name', 'email'])
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .where('email_verified_at', 'is not', null)
    .executeTakeFirst();
  if (!user) return false;
  const minutes = Math.round((until.getTime() - now.getTime()) / 60_000);
  await deps.mail.queue(trx, {
    to: user.email,
    template: signInPausedEmail.name,
    data: { name: user.name, failures: FAILURES_BEFORE_PAUSE, minutes, magicUrl: `${deps.config.publicUrl}/login/magic`, resetUrl: `${deps.config.publicUrl}/password/forgot` },
  });
  return true;
}
