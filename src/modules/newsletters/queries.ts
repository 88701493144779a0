// Reads of newsletters: lists, campaigns, a campaign's report, the public archive, settings.
import type { Selectable } from 'kysely';
import type { Db } from '../../db/client.js';
import type { NewsletterCampaignsTable, NewsletterListsTable } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';

export type ListRow = Selectable<NewsletterListsTable>;
export type CampaignRow = Selectable<NewsletterCampaignsTable>;

export const allLists = (db: Db) => db.selectFrom('newsletter_lists').selectAll().orderBy('name').execute();

export async function listsByIds(db: Db, ids: string[]): Promise<ListRow[]> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/.test(id));
  if (valid.length === 0) return [];
  return db.selectFrom('newsletter_lists').selectAll().where('id', 'in', valid).orderBy('name').execute();
}

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
  /^[0-9a-f-]{36}$/.test(id) ? db.selectFrom('newsletter_campaigns').selectAll().where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined);

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
