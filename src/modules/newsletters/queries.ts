// Reads of newsletters: lists, campaigns, a campaign's report, a list's subscribers, the public
// archive, settings.
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { NewsletterCampaignsTable, NewsletterListsTable } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { likeEscape } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';

export type ListRow = Selectable<NewsletterListsTable>;
export type CampaignRow = Selectable<NewsletterCampaignsTable>;

export const allLists = (db: Db) => db.selectFrom('newsletter_lists').selectAll().orderBy('name').execute();

export const listBySlug = (db: Db, slug: string) => db.selectFrom('newsletter_lists').selectAll().where('slug', '=', slug).executeTakeFirst();

/** Each list with its number of confirmed subscribers. */
export async function listsWithCounts(db: Db) {
  const rows = await db
    .selectFrom('newsletter_lists as l')
    .leftJoin('newsletter_subscriptions as s', (j) => j.onRef('s.list_id', '=', 'l.id').on('s.status', '=', 'subscribed'))
    .select(['l.id', 'l.slug', 'l.name', 'l.description', 'l.audience', 'l.created_at'])
    .select((eb) => eb.fn.count<string>('s.subscriber_id').as('subscribers'))
    .groupBy('l.id')
    .orderBy('l.name')
    .execute();
  return rows.map((r) => ({ ...r, subscribers: Number(r.subscribers) }));
}

export const campaignById = (db: Db, id: string) =>
  isUuid(id) ? db.selectFrom('newsletter_campaigns').selectAll().where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined);

export async function listCampaigns(db: Db) {
  return db
    .selectFrom('newsletter_campaigns as c')
    .innerJoin('newsletter_lists as l', 'l.id', 'c.list_id')
    .select(['c.id', 'c.subject', 'c.state', 'c.send_at', 'c.finished_at', 'c.updated_at', 'l.name as list_name'])
    .orderBy('c.updated_at', 'desc')
    .limit(200)
    .execute();
}

export interface CampaignReport {
  queued: number;
  sent: number;
  failed: number;
  waiting: number;
  unsubscribed: number;
}

/** A campaign's report: messages queued, sent, failed (refused or given up on) and still waiting
 * in the outbox, and the addresses that unsubscribed through its messages. */
export async function campaignReport(db: Db, campaignId: string): Promise<CampaignReport> {
  const rows = await db
    .selectFrom('newsletter_campaign_recipients as r')
    .innerJoin('outbox as o', 'o.id', 'r.outbox_id')
    .select(['o.status'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.campaign_id', '=', campaignId)
    .groupBy('o.status')
    .execute();
  const by = new Map(rows.map((r) => [r.status, Number(r.n)]));
  const unsub = await db
    .selectFrom('newsletter_subscriptions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('unsubscribed_campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  const queued = [...by.values()].reduce((a, b) => a + b, 0);
  return {
    queued,
    sent: (by.get('sent') ?? 0) + (by.get('kept') ?? 0),
    failed: by.get('failed') ?? 0,
    waiting: by.get('queued') ?? 0,
    unsubscribed: Number(unsub.n),
  };
}

/** Sent campaigns of public lists, newest first: the public archive. */
export function archivedIssues(db: Db, listId?: string) {
  let q = db
    .selectFrom('newsletter_campaigns as c')
    .innerJoin('newsletter_lists as l', 'l.id', 'c.list_id')
    .select(['c.id', 'c.subject', 'c.body', 'c.finished_at', 'l.name as list_name', 'l.slug as list_slug'])
    .where('c.state', '=', 'sent')
    .where('l.audience', '=', 'public');
  if (listId) q = q.where('l.id', '=', listId);
  return q.orderBy('c.finished_at', 'desc').limit(100).execute();
}

/** One sent issue of a public list, for its archive page. */
export const archivedIssue = (db: Db, id: string) =>
  db
    .selectFrom('newsletter_campaigns as c')
    .innerJoin('newsletter_lists as l', 'l.id', 'c.list_id')
    .select(['c.id', 'c.subject', 'c.body', 'c.finished_at', 'l.name as list_name'])
    .where('c.id', '=', id)
    .where('c.state', '=', 'sent')
    .where('l.audience', '=', 'public')
    .executeTakeFirst();

export const newsletterSettings = (db: Db) => db.selectFrom('newsletter_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();

export const suppressionList = (db: Db) => db.selectFrom('newsletter_suppressions').selectAll().orderBy('created_at', 'desc').limit(200).execute();

/** newsletter campaigns by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const campaignNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('newsletter_campaigns').select(['id', 'subject']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Newsletter campaign', r.subject), href: `/staff/newsletters/campaigns/${r.id}` }]));
};

/** newsletter lists by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const newsletterListNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('newsletter_lists').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Newsletter list', r.name), href: '/staff/newsletters' }]));
};

/** Subscribers shown per page of a list's subscribers page. */
export const SUBSCRIBERS_PAGE_SIZE = 50;
/** The subscribers page counts up to this many, then says "more than". */
export const SUBSCRIBER_COUNT_CAP = 10_000;

export interface SubscriberLine {
  id: string;
  email: string;
  /** the name on the account with this address, if there is one */
  name: string | null;
  status: 'pending' | 'subscribed' | 'unsubscribed';
  requestedAt: Date;
  confirmedAt: Date | null;
  confirmExpiresAt: Date | null;
  unsubscribedAt: Date | null;
  /** the subject of the campaign whose message they unsubscribed from */
  unsubscribedFrom: string | null;
}

function subscribersOf(db: Db, listId: string, q: string) {
  let query = db
    .selectFrom('newsletter_subscriptions as s')
    .innerJoin('newsletter_subscribers as b', 'b.id', 's.subscriber_id')
    .leftJoin('users as u', (j) => j.on(sql<boolean>`u.email = b.email::citext`))
    .where('s.list_id', '=', listId);
  if (q) {
    // The whole string, LIKE's wildcards escaped: part of an address ("@county.gov") or of a name.
    const pattern = `%${likeEscape(q)}%`;
    query = query.where((eb) => eb.or([eb('b.email', 'like', pattern.toLowerCase()), eb(sql<string>`civnet_fold(u.name)`, 'like', sql<string>`civnet_fold(${pattern})`)]));
  }
  return query;
}

/** One page of a list's subscribers (any status) by address, searched by part of the address or
 * of the account's name, with how many match (counted up to SUBSCRIBER_COUNT_CAP) and how many of
 * those are confirmed. */
export async function listSubscribers(db: Db, listId: string, q: string, page: number) {
  const rows = await subscriberLines(db, listId, q)
    .limit(SUBSCRIBERS_PAGE_SIZE + 1)
    .offset((page - 1) * SUBSCRIBERS_PAGE_SIZE)
    .execute();
  const counted = await db
    .selectFrom(
      subscribersOf(db, listId, q)
        .select('s.status')
        .limit(SUBSCRIBER_COUNT_CAP + 1)
        .as('t'),
    )
    .select((eb) => [eb.fn.countAll<string>().as('n'), sql<string>`count(*) filter (where t.status = 'subscribed')`.as('confirmed')])
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  return {
    rows: rows.slice(0, SUBSCRIBERS_PAGE_SIZE).map(subscriberLine),
    hasNext: rows.length > SUBSCRIBERS_PAGE_SIZE,
    total: Math.min(total, SUBSCRIBER_COUNT_CAP),
    more: total > SUBSCRIBER_COUNT_CAP,
    confirmed: Number(counted.confirmed),
  };
}

/** The page's rows, by address (unique: the keyset of the export). */
function subscriberLines(db: Db, listId: string, q: string) {
  return subscribersOf(db, listId, q)
    .leftJoin('newsletter_campaigns as c', 'c.id', 's.unsubscribed_campaign_id')
    .select(['b.id', 'b.email', 'u.name', 's.status', 's.requested_at', 's.confirmed_at', 's.confirm_expires_at', 's.unsubscribed_at', 'c.subject'])
    .orderBy('b.email');
}
type SubscriberRow = Awaited<ReturnType<ReturnType<typeof subscriberLines>['execute']>>[number];
const subscriberLine = (r: SubscriberRow): SubscriberLine => ({
  id: r.id,
  email: r.email,
  name: r.name,
  status: r.status,
  requestedAt: r.requested_at,
  confirmedAt: r.confirmed_at,
  confirmExpiresAt: r.confirm_expires_at,
  unsubscribedAt: r.unsubscribed_at,
  unsubscribedFrom: r.subject,
});

/** Rows of a list's subscribers read per batch of its CSV export. */
export const SUBSCRIBER_EXPORT_BATCH = 2_000;

/** Every subscriber of a list matching the page's search, as the page lists them (by address),
 * read in keyset batches (each after the last address of the one before, never an offset): the
 * CSV streams them all, whatever the count. */
export async function* eachSubscriber(db: Db, listId: string, q: string, batchSize = SUBSCRIBER_EXPORT_BATCH): AsyncGenerator<SubscriberLine[]> {
  let after: string | undefined;
  for (;;) {
    const page = subscriberLines(db, listId, q).limit(batchSize);
    const rows = await (after === undefined ? page : page.where('b.email', '>', after)).execute();
    if (rows.length) yield rows.map(subscriberLine);
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]?.email;
  }
}
export type SubscriberPage = Awaited<ReturnType<typeof listSubscribers>>;

/** A list by id; undefined for an unknown id or one that is not a uuid. */
export const listById = (db: Db, id: string) => (isUuid(id) ? db.selectFrom('newsletter_lists').selectAll().where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined));
