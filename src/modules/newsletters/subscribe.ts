// Subscribing with double opt-in, confirming, the preferences page and unsubscribing. A sign-up
// makes the address's chosen subscriptions pending and emails one confirmation link (a random
// token; only its hash is kept) that expires after CONFIRM_HOURS; until it is followed the address
// gets nothing else. The answer to a sign-up never says whether the address was known.

import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { takeFormMailAllowance } from '../../lib/form-mail-limit.js';
import { isUuid } from '../../lib/validators.js';
import { confirmSubscription } from './emails.js';
import type { ListRow } from './queries.js';
import { CONFIRM_HOURS, type LinkSubscriber, type NewsletterDeps, normalizeEmail, preferencesToken, tokenMatches, unsubscribeToken } from './shared.js';

type Trx = Transaction<DB>;

async function subscriberFor(trx: Trx, email: string, now: Date): Promise<LinkSubscriber & { email: string }> {
  await trx
    .insertInto('newsletter_subscribers')
    .values({ email, link_key: randomToken(32), created_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  return trx.selectFrom('newsletter_subscribers').select(['id', 'email', 'link_key']).where('email', '=', email).executeTakeFirstOrThrow();
}

/** A sign-up to the lists given (already checked as lists the visitor may choose): the lists the
 * address is not yet subscribed to become pending, and one confirmation is emailed. Returns how
 * many lists await confirmation (0: nothing was sent). */
export async function requestSubscription(deps: NewsletterDeps, input: { email: string; lists: ListRow[] }): Promise<number> {
  const email = normalizeEmail(input.email);
  const now = deps.clock.now();
  const token = randomToken(32);
  const expires = new Date(now.getTime() + CONFIRM_HOURS * 3_600_000);
  return deps.db.transaction().execute(async (trx) => {
    const s = await subscriberFor(trx, email, now);
    const current = await trx.selectFrom('newsletter_subscriptions').select(['list_id', 'status']).where('subscriber_id', '=', s.id).execute();
    const subscribed = new Set(current.filter((c) => c.status === 'subscribed').map((c) => c.list_id));
    const wanted = input.lists.filter((l) => !subscribed.has(l.id));
    if (wanted.length === 0) return 0;
    // a stranger typing someone's address from many clients gets it a few messages an hour at most
    // (all anonymous forms together); past that, nothing changes, not even a pending link's token
    if (!(await takeFormMailAllowance(trx, { form: 'newsletters-signup', address: email, now }))) return 0;
    for (const l of wanted) {
      await trx
        .insertInto('newsletter_subscriptions')
        .values({ subscriber_id: s.id, list_id: l.id, status: 'pending', confirm_hash: sha256(token), confirm_expires_at: expires, requested_at: now })
        .onConflict((oc) =>
          oc.columns(['list_id', 'subscriber_id']).doUpdateSet({
            status: (eb) => eb.ref('excluded.status'),
            confirm_hash: (eb) => eb.ref('excluded.confirm_hash'),
            confirm_expires_at: (eb) => eb.ref('excluded.confirm_expires_at'),
            requested_at: (eb) => eb.ref('excluded.requested_at'),
          }),
        )
        .execute();
    }
    const url = `${deps.config.publicUrl.replace(/\/$/, '')}/newsletters/confirm?token=${token}`;
    await deps.mail.queue(trx, { to: email, template: confirmSubscription.name, data: { lists: wanted.map((l) => l.name), url, hours: CONFIRM_HOURS } });
    return wanted.length;
  });
}

/** What a confirmation link is, without following it (the page's GET: mail scanners fetch links). */
export async function confirmationState(deps: NewsletterDeps, token: string): Promise<'pending' | 'expired' | 'invalid'> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return 'invalid';
  const row = await deps.db
    .selectFrom('newsletter_subscriptions')
    .select('confirm_expires_at')
    .where('confirm_hash', '=', sha256(token))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (!row) return 'invalid';
  return row.confirm_expires_at && row.confirm_expires_at > deps.clock.now() ? 'pending' : 'expired';
}

export type ConfirmResult = { status: 'confirmed'; lists: string[]; preferencesPath: string } | { status: 'expired' } | { status: 'invalid' };

/** Follows a confirmation link: its pending subscriptions become subscriptions (and a fresh,
 * confirmed consent lifts an earlier "unsubscribe from everything" or bounce of the address). */
export async function confirmSubscriptionLink(deps: NewsletterDeps, token: string): Promise<ConfirmResult> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'invalid' };
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('newsletter_subscriptions as s')
      .innerJoin('newsletter_subscribers as b', 'b.id', 's.subscriber_id')
      .innerJoin('newsletter_lists as l', 'l.id', 's.list_id')
      .select(['s.list_id', 's.subscriber_id', 's.confirm_expires_at', 'l.name', 'b.email', 'b.link_key'])
      .where('s.confirm_hash', '=', sha256(token))
      .where('s.status', '=', 'pending')
      .forUpdate('s')
      .execute();
    const first = rows[0];
    if (!first) return { status: 'invalid' } as const;
    if (!first.confirm_expires_at || first.confirm_expires_at <= now) return { status: 'expired' } as const;
    await trx
      .updateTable('newsletter_subscriptions')
      .set({ status: 'subscribed', confirmed_at: now, confirm_hash: null, confirm_expires_at: null, unsubscribed_at: null, unsubscribed_campaign_id: null })
      .where('subscriber_id', '=', first.subscriber_id)
      .where('confirm_hash', '=', sha256(token))
      .execute();
    await trx.deleteFrom('newsletter_suppressions').where('email', '=', first.email).where('reason', 'in', ['unsubscribed', 'bounced']).execute();
    return {
      status: 'confirmed',
      lists: rows.map((r) => r.name),
      preferencesPath: `/newsletters/preferences/${first.subscriber_id}?t=${preferencesToken(first.link_key, first.subscriber_id)}`,
    } as const;
  });
}

export interface Preferences {
  subscriberId: string;
  email: string;
  suppressed: string | null;
  lists: Array<ListRow & { status: 'pending' | 'subscribed' | 'unsubscribed' | null }>;
}

/** The preferences of the subscriber a signed link names, or null for a wrong link. */
export async function preferencesByLink(deps: NewsletterDeps, subscriberId: string, token: string): Promise<Preferences | null> {
  if (!isUuid(subscriberId)) return null;
  const s = await deps.db.selectFrom('newsletter_subscribers').select(['id', 'email', 'link_key']).where('id', '=', subscriberId).executeTakeFirst();
  if (!s || !tokenMatches(token, preferencesToken(s.link_key, s.id))) return null;
  const [subs, suppression] = await Promise.all([
    deps.db.selectFrom('newsletter_subscriptions').select(['list_id', 'status']).where('subscriber_id', '=', s.id).execute(),
    deps.db.selectFrom('newsletter_suppressions').select('reason').where('email', '=', s.email).executeTakeFirst(),
  ]);
  const status = new Map(subs.map((r) => [r.list_id, r.status]));
  const all = await deps.db.selectFrom('newsletter_lists').selectAll().orderBy('name').execute();
  // Members-only lists are shown only to an address already on them.
  const lists = all.filter((l) => l.audience === 'public' || status.has(l.id)).map((l) => ({ ...l, status: status.get(l.id) ?? null }));
  return { subscriberId: s.id, email: s.email, suppressed: suppression?.reason ?? null, lists };
}

/** Saves the preferences page: the lists ticked are subscribed (the link came to this address,
 * which confirms it), the others unsubscribed; `everything: false` stops all newsletters. */
export async function savePreferences(deps: NewsletterDeps, prefs: Preferences, chosen: Set<string>, opts: { stopAll: boolean }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    for (const l of prefs.lists) {
      const want = !opts.stopAll && chosen.has(l.id);
      if (want && l.status !== 'subscribed') {
        if (l.audience !== 'public' && l.status === null) continue;
        await trx
          .insertInto('newsletter_subscriptions')
          .values({ subscriber_id: prefs.subscriberId, list_id: l.id, status: 'subscribed', requested_at: now, confirmed_at: now })
          .onConflict((oc) =>
            oc.columns(['list_id', 'subscriber_id']).doUpdateSet({ status: 'subscribed', confirmed_at: now, confirm_hash: null, confirm_expires_at: null, unsubscribed_at: null }),
          )
          .execute();
      } else if (!want && l.status !== null && l.status !== 'unsubscribed') {
        await trx
          .updateTable('newsletter_subscriptions')
          .set({ status: 'unsubscribed', unsubscribed_at: now, confirm_hash: null, confirm_expires_at: null })
          .where('subscriber_id', '=', prefs.subscriberId)
          .where('list_id', '=', l.id)
          .execute();
      }
    }
    if (opts.stopAll)
      await trx
        .insertInto('newsletter_suppressions')
        .values({ email: prefs.email, reason: 'unsubscribed', detail: 'preferences page', created_at: now })
        .onConflict((oc) => oc.column('email').doNothing())
        .execute();
    else if (chosen.size > 0) await trx.deleteFrom('newsletter_suppressions').where('email', '=', prefs.email).where('reason', '=', 'unsubscribed').execute();
  });
}

export interface UnsubscribeLink {
  subscriberId: string;
  listId: string;
  campaignId: string;
  token: string;
}

/** The list a one-click unsubscribe link names, or null when the link is wrong. */
export async function unsubscribeTarget(deps: NewsletterDeps, link: UnsubscribeLink) {
  if (!isUuid(link.subscriberId) || !isUuid(link.listId) || (link.campaignId !== '' && !isUuid(link.campaignId))) return null;
  const row = await deps.db
    .selectFrom('newsletter_subscriptions as s')
    .innerJoin('newsletter_subscribers as b', 'b.id', 's.subscriber_id')
    .innerJoin('newsletter_lists as l', 'l.id', 's.list_id')
    .select(['b.id', 'b.link_key', 's.status', 'l.name', 'l.id as list_id'])
    .where('s.subscriber_id', '=', link.subscriberId)
    .where('s.list_id', '=', link.listId)
    .executeTakeFirst();
  if (!row || !tokenMatches(link.token, unsubscribeToken(row.link_key, row.id, row.list_id, link.campaignId))) return null;
  return { listName: row.name, status: row.status, preferencesPath: `/newsletters/preferences/${row.id}?t=${preferencesToken(row.link_key, row.id)}` };
}

/** One-click unsubscribe (RFC 8058): ends that one subscription and nothing else. */
export async function unsubscribeByLink(deps: NewsletterDeps, link: UnsubscribeLink) {
  const target = await unsubscribeTarget(deps, link);
  if (!target) throw new AppError('not_found', { message: 'This unsubscribe link is not valid.' });
  if (target.status !== 'unsubscribed')
    await deps.db
      .updateTable('newsletter_subscriptions')
      .set({ status: 'unsubscribed', unsubscribed_at: deps.clock.now(), unsubscribed_campaign_id: link.campaignId || null, confirm_hash: null, confirm_expires_at: null })
      .where('subscriber_id', '=', link.subscriberId)
      .where('list_id', '=', link.listId)
      .where('status', '!=', 'unsubscribed')
      .execute();
  return target;
}

/** A hard bounce or a complaint: the address gets no newsletter again until it confirms anew. */
export async function suppressAddress(
  deps: Pick<NewsletterDeps, 'db' | 'clock'>,
  input: { email: string; reason: 'bounced' | 'complained' | 'unsubscribed'; detail: string },
): Promise<void> {
  await deps.db
    .insertInto('newsletter_suppressions')
    .values({ email: normalizeEmail(input.email), reason: input.reason, detail: input.detail.slice(0, 500), created_at: deps.clock.now() })
    .onConflict((oc) => oc.column('email').doUpdateSet({ reason: input.reason, detail: input.detail.slice(0, 500) }))
    .execute();
}
