// Emailed links: single-use tokens stored hashed (password reset, sign-in, address confirmation,
// a staff admin's set-up), and the queued job that emails reset and sign-in links, so that asking
// for one answers the same, in the same time, whether or not the address has an account.
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { AuthTokensTable, DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { takeFormMailAllowance } from '../../lib/form-mail-limit.js';
import { magicLinkEmail, passwordResetEmail } from './emails.js';

type AccountDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;
type TokenPurpose = AuthTokensTable['purpose'];

export const RESET_MINUTES = 30;
export const MAGIC_MINUTES = 15;

/** Stores a single-use token (hashed) for this account in the caller's transaction and returns
 * the link that uses it; the caller emails it. `browserHash` binds it to one browser (address
 * confirmation); `next` goes into the link as where to continue. */
export async function createTokenLink(
  trx: Transaction<DB>,
  deps: Pick<AccountDeps, 'clock' | 'config'>,
  input: { userId: string; purpose: TokenPurpose; minutes: number; path: string; browserHash?: string | null; next?: string; newEmail?: string },
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
      browser_hash: input.browserHash ?? null,
      new_email: input.newEmail ?? null,
    })
    .execute();
  const next = input.next && input.next !== '/' ? `&next=${encodeURIComponent(input.next)}` : '';
  return `${deps.config.publicUrl}${input.path}?token=${encodeURIComponent(token)}${next}`;
}

/** A sign-in (magic) link for this account, created in the caller's transaction, for modules that
 * email it in their own words (an invitation, an approved login request). At most 60 minutes. */
export function createMagicLink(trx: Transaction<DB>, deps: Pick<AccountDeps, 'clock' | 'config'>, input: { userId: string; minutes?: number }): Promise<string> {
  const minutes = Math.min(input.minutes ?? MAGIC_MINUTES, 60);
  return createTokenLink(trx, deps, { userId: input.userId, purpose: 'magic_link', minutes, path: '/login/magic/verify' });
}

export const EMAIL_LINKS_QUEUE = 'accounts-email-links';
type LinkKind = 'reset' | 'magic';

/**
 * Asks for a password-reset or sign-in link. The work (finding the account, making the token,
 * writing the email) is done by a queued job, so that the answer takes the same time whether or
 * not the address has an account.
 */
export async function requestEmailLink(deps: Pick<Deps, 'db' | 'jobs'>, kind: LinkKind, email: string, next?: string): Promise<void> {
  await deps.jobs.send(deps.db, EMAIL_LINKS_QUEUE, { kind, email: email.trim().slice(0, 254), ...(next && next !== '/' ? { next } : {}) });
}

export const requestPasswordReset = (deps: Pick<Deps, 'db' | 'jobs'>, email: string) => requestEmailLink(deps, 'reset', email);
/** `next`: where the link continues once signed in; the caller has made it a same-site path (`safeNext`). */
export const requestMagicLink = (deps: Pick<Deps, 'db' | 'jobs'>, email: string, next?: string) => requestEmailLink(deps, 'magic', email, next);

const LINKS = {
  reset: { purpose: 'password_reset', minutes: RESET_MINUTES, path: '/password/reset', template: passwordResetEmail.name },
  magic: { purpose: 'magic_link', minutes: MAGIC_MINUTES, path: '/login/magic/verify', template: magicLinkEmail.name },
} as const;

/** The queued half of `requestEmailLink` (and a newcomer's link, with its `purpose`: see
 * `magicLinkEmail`): emails the link when the address has a usable account
 * and has not had its hourly share of links of this kind (FORM_MAIL_PER_ADDRESS), or has no link
 * of this kind that still works; otherwise does nothing. */
export async function sendEmailLink(deps: AccountDeps, kind: LinkKind, email: string, next?: string, purpose?: string): Promise<void> {
  const link = LINKS[kind];
  const user = await deps.db.selectFrom('users').select(['id', 'name', 'email', 'disabled_at']).where('email', '=', email.trim()).executeTakeFirst();
  if (!user || user.disabled_at) return;
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    // Past the hourly share, a link is still sent when none that was sent still works: strangers
    // who ask for links to someone's address must not leave its owner without a way in.
    if (!(await takeFormMailAllowance(trx, { form: link.template, address: user.email, now, ownAllowance: true })) && (await hasWorkingLink(trx, user.id, link.purpose, now)))
      return;
    const url = await createTokenLink(trx, deps, { userId: user.id, purpose: link.purpose, minutes: link.minutes, path: link.path, next: kind === 'magic' ? next : undefined });
    await deps.mail.queue(trx, {
      to: user.email,
      template: link.template,
      data: { name: user.name, url, minutes: link.minutes, ...(kind === 'magic' && purpose ? { purpose } : {}) },
    });
  });
}

async function hasWorkingLink(trx: Transaction<DB>, userId: string, purpose: TokenPurpose, now: Date): Promise<boolean> {
  const row = await trx
    .selectFrom('auth_tokens')
    .select('token_hash')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return !!row;
}

/** Registers the job that sends the links asked for with `requestEmailLink`. */
export function registerAccountJobs(deps: AccountDeps & Pick<Deps, 'jobs'>): void {
  const data = z.object({ kind: z.enum(['reset', 'magic']), email: z.string().max(254), next: z.string().max(2000).optional() });
  deps.jobs.register({ name: EMAIL_LINKS_QUEUE, retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true, deadLetter: true }, async (raw) => {
    const parsed = data.safeParse(raw);
    if (parsed.success) await sendEmailLink(deps, parsed.data.kind, parsed.data.email, parsed.data.next);
  });
}

export const tokenInvalid = () => new AppError('token_invalid', { message: 'This link has expired or has already been used. Ask for a new one.' });

/** Whether a link's token is still good, without using it (to decide what page to show). */
export async function checkToken(deps: Pick<AccountDeps, 'db' | 'clock'>, purpose: TokenPurpose, token: string): Promise<void> {
  const row = await deps.db.selectFrom('auth_tokens').select(['expires_at', 'used_at']).where('token_hash', '=', sha256(token)).where('purpose', '=', purpose).executeTakeFirst();
  if (!row || row.used_at || row.expires_at.getTime() <= deps.clock.now().getTime()) throw tokenInvalid();
}

/** Uses a token once: the guarded update means two racing uses cannot both succeed. Returns its
 * account and the hash of the browser it is bound to, if any. */
export async function consumeTokenRow(trx: Transaction<DB>, purpose: TokenPurpose, token: string, now: Date): Promise<{ userId: string; browserHash: string | null }> {
  const row = await trx
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'browser_hash'])
    .executeTakeFirst();
  if (!row) throw tokenInvalid();
  return { userId: row.user_id, browserHash: row.browser_hash };
}

/** `consumeTokenRow` for the links that are not bound to a browser: the account it belongs to. */
export async function consumeToken(trx: Transaction<DB>, purpose: TokenPurpose, token: string, now: Date): Promise<string> {
  return (await consumeTokenRow(trx, purpose, token, now)).userId;
}
