// Reads of the system module: the database's heartbeat, and the development mailbox's view of
// the outbox (never the message kinds the viewer may not read).
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

/** Resolves once the database answers a trivial query; rejects if it does not. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The outbox without the templates in `hidden`. */
const readableOutbox = (db: Db, hidden: readonly string[]) => {
  let q = db.selectFrom('outbox');
  if (hidden.length) q = q.where('template', 'not in', hidden);
  return q;
};

/** The latest 100 messages, newest first, optionally to one address. */
export async function listMailbox(db: Db, opts: { hidden: readonly string[]; to?: string }) {
  let q = readableOutbox(db, opts.hidden).select(['id', 'to_address', 'subject', 'status', 'created_at']).orderBy('created_at', 'desc').limit(100);
  if (opts.to) q = q.where('to_address', '=', opts.to);
  return q.execute();
}

/** One message, or undefined if there is none the viewer may read. */
export async function getMailboxMessage(db: Db, opts: { hidden: readonly string[]; id: string }) {
  return readableOutbox(db, opts.hidden).selectAll().where('id', '=', opts.id).executeTakeFirst();
}
