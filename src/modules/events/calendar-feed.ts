// The personal calendar feed: a secret URL (/calendar/<secret>.ics) of one's registered events.
// Only the secret's SHA-256 is stored; making a new one replaces the old, which stops at once.
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

/** A new feed secret for the person (replacing any), returned once: it is not stored. */
export async function replaceCalendarFeed(deps: Pick<Deps, 'db' | 'clock'>, input: { userId: string; requestId?: string }): Promise<string> {
  const secret = randomToken(32);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('event_calendar_feeds')
      .values({ user_id: input.userId, token_hash: sha256(secret), created_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: sha256(secret), created_at: now }))
      .execute();
    await writeAudit(trx, { at: now, actorUserId: input.userId, action: 'events.calendar_feed_replaced', entityType: 'user', entityId: input.userId, requestId: input.requestId });
  });
  return secret;
}

export const feedUrl = (deps: Pick<Deps, 'config'>, secret: string) => `${deps.config.publicUrl}/calendar/${secret}.ics`;
