// A limit per recipient address on the mail that anonymous forms send (/apply and its draft link,
// POST /api/v1/applications, /request-access, password-reset and sign-in links), besides the per-client rate limits: a person who
// types someone else's address, from as many clients as they like, gets that address a few
// messages an hour at most. Counted in the database (`form_mail_log`, the address kept only as a
// SHA-256), so the limit holds across processes and client addresses.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/client.js';
import type { DB } from '../db/types.js';
import { sha256 } from './crypto.js';
import { AppError } from './errors.js';

/** Messages an address may receive from anonymous forms in one window, all forms together. */
export const FORM_MAIL_PER_ADDRESS = 5;
export const FORM_MAIL_WINDOW_MS = 60 * 60 * 1000;

/**
 * Records one message to `address` and returns true, or returns false (recording nothing) when
 * the address has had its allowance in the last window: all anonymous forms together, or with
 * `ownAllowance` this form's own (password-reset and sign-in links, which an address's owner asks
 * for and which must not be used up by mail that strangers cause). Serialized per address by an advisory
 * lock held until the caller's transaction ends; runs in its own transaction when given the root
 * handle.
 */
export async function takeFormMailAllowance(db: Db | Transaction<DB>, input: { form: string; address: string; now: Date; ownAllowance?: boolean }): Promise<boolean> {
  if (!db.isTransaction) return db.transaction().execute((trx) => takeFormMailAllowance(trx, input));
  const hash = sha256(input.address.trim().toLowerCase());
  const since = new Date(input.now.getTime() - FORM_MAIL_WINDOW_MS);
  await sql`select pg_advisory_xact_lock(hashtext(${`form-mail:${hash}`}))`.execute(db);
  await db.deleteFrom('form_mail_log').where('sent_at', '<', since).execute();
  const row = await db
    .selectFrom('form_mail_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('address_hash', '=', hash)
    .where('sent_at', '>=', since)
    .$if(input.ownAllowance === true, (q) => q.where('form', '=', input.form))
    .executeTakeFirstOrThrow();
  if (Number(row.n) >= FORM_MAIL_PER_ADDRESS) return false;
  await db.insertInto('form_mail_log').values({ form: input.form, address_hash: hash, sent_at: input.now }).execute();
  return true;
}

/** 429 naming the field whose address has had its allowance. */
export const tooMuchMail = (field: string) =>
  new AppError('rate_limited', {
    status: 429,
    message: 'We have already sent several emails to this address in the last hour.',
    fields: { [field]: 'We have already sent several emails to this address in the last hour. To protect it from unwanted mail, please try again in an hour.' },
  });
