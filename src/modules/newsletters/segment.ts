// Who a campaign goes to: the confirmed subscribers of its list, never a suppressed address, never
// one the campaign was already queued to, narrowed by its segment. Membership never implies
// consent: a segment only ever narrows a list's subscribers.
//
// A segment reads what other modules share read-only: organizations, memberships and
// organization_contacts (organizations' README), organization_pathways (pathways'), and
// individual_memberships' user_id, status and level_id (individuals'); event attendance through
// events' `attendedAnyOf` (checked in at one of the chosen events).
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { NewsletterSegment } from '../../db/types.js';
import { attendedAnyOf } from '../events/index.js';
import { POPULATION_BANDS } from '../organizations/index.js';

const orgDimensions = (s: NewsletterSegment) => !!(s.entityTypes?.length || s.states?.length || s.populationBands?.length || s.pathwayIds?.length);

/** The condition on an organization (alias o) of the segment's organization dimensions. */
function orgCondition(s: NewsletterSegment) {
  const parts = [sql`true`];
  if (s.entityTypes?.length) parts.push(sql`o.entity_type = any(${s.entityTypes}::text[])`);
  if (s.states?.length) parts.push(sql`o.state = any(${s.states}::text[])`);
  if (s.populationBands?.length) {
    // organizations' population bands, by key; a key that is none of them matches nobody (a
    // segment only ever narrows)
    const bands = POPULATION_BANDS.filter((b) => s.populationBands?.includes(b.key));
    const inBand = bands.map((b) => (b.max === null ? sql`o.population >= ${b.min}` : sql`o.population between ${b.min} and ${b.max}`));
    parts.push(inBand.length ? sql`(${sql.join(inBand, sql` or `)})` : sql`false`);
  }
  if (s.pathwayIds?.length) parts.push(sql`exists (select 1 from organization_pathways op where op.organization_id = o.id and op.pathway_id = any(${s.pathwayIds}::uuid[]))`);
  return sql.join(parts, sql` and `);
}

const orgMember = (s: NewsletterSegment) => sql`exists (
  select 1 from organization_contacts c
  join organizations o on o.id = c.organization_id and o.merged_into_id is null
  join memberships m on m.organization_id = o.id and m.status = 'active'
  where c.user_id = u.id and ${orgCondition(s)})`;

const individualMember = (s: NewsletterSegment) =>
  s.levelIds?.length
    ? sql`exists (select 1 from individual_memberships im where im.user_id = u.id and im.status = 'active' and im.level_id = any(${s.levelIds}::uuid[]))`
    : sql`exists (select 1 from individual_memberships im where im.user_id = u.id and im.status = 'active')`;

/** What the account (alias u) of a subscriber must pass for the segment; a members-only list also
 * needs them to be a member now (a contact of a member organization, or an individual member).
 * Null when the list's subscribers all pass. */
function segmentCondition(segment: NewsletterSegment, membersOnly: boolean): RawBuilder<unknown> | null {
  const byOrg = orgDimensions(segment);
  const byLevel = !!segment.levelIds?.length;
  const byEvents = !!segment.eventIds?.length;
  if (!byOrg && !byLevel && !byEvents && !membersOnly) return null;
  const conditions: Array<RawBuilder<unknown>> = [];
  if (byOrg) conditions.push(orgMember(segment));
  if (byLevel) conditions.push(individualMember(segment));
  if (membersOnly && !byOrg && !byLevel) conditions.push(sql`(${orgMember(segment)} or ${individualMember(segment)})`);
  if (byEvents) conditions.push(attendedAnyOf(sql.ref('u.id'), segment.eventIds ?? []));
  return sql.join(conditions, sql` and `);
}

type Campaign = { id: string; list_id: string; segment: NewsletterSegment };
export interface Recipient {
  id: string;
  email: string;
  link_key: string;
}

/** The list's subscribers a campaign may still go to (subscribed, not suppressed, not queued
 * already), before its segment. */
function listAddresses(db: Db, c: Campaign) {
  return db
    .selectFrom('newsletter_subscriptions as s')
    .innerJoin('newsletter_subscribers as b', 'b.id', 's.subscriber_id')
    .select(['b.id', 'b.email', 'b.link_key'])
    .where('s.list_id', '=', c.list_id)
    .where('s.status', '=', 'subscribed')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('newsletter_suppressions as x').select('x.email').whereRef('x.email', '=', 'b.email'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('newsletter_campaign_recipients as r').select('r.email').where('r.campaign_id', '=', c.id).whereRef('r.email', '=', 'b.email'))));
}

/** Of these addresses, those whose account (the accounts' unique index; citext: case does not
 * matter) passes the segment, as given: checked one address at a time (a lateral subquery with a
 * LIMIT, which PostgreSQL does not turn into a join: as an EXISTS it hashed the whole segment). */
async function passing(db: Db, emails: string[], condition: RawBuilder<unknown>): Promise<Set<string>> {
  const rows = await sql<{ email: string }>`select e.email from unnest(${emails}::text[]) as e(email)
    cross join lateral (select 1 from users u where u.email = e.email::citext and ${condition} limit 1) as ok`.execute(db);
  return new Set(rows.rows.map((r) => r.email));
}

/**
 * The next `limit` addresses of a campaign still to queue, by address, after `after` (a keyset:
 * the last address queued, so a batch never re-reads the ones before it; the NOT EXISTS of
 * listAddresses stays as the guarantee).
 *
 * The list is walked in address order, `limit` addresses at a time, and the segment checked for
 * those addresses only, until `limit` pass or the list ends. As one query with the segment as an
 * EXISTS, PostgreSQL hashed every account in the segment for each batch and sorted what was left
 * of the list (a 50,000-address campaign read the whole segment 50 times, about 250 ms a batch,
 * docs/benchmarks.md); as a lateral subquery it chose, on tables not yet analyzed, to check every
 * address of the list before sorting them (20 s a batch). Each query here is bounded by the batch.
 */
export async function pendingRecipients(db: Db, c: Campaign, membersOnly: boolean, limit: number, after?: string | null): Promise<Recipient[]> {
  const condition = segmentCondition(c.segment, membersOnly);
  const next = (from: string | null | undefined) => (from ? listAddresses(db, c).where('b.email', '>', from) : listAddresses(db, c)).orderBy('b.email').limit(limit).execute();
  if (!condition) return next(after);
  const found: Recipient[] = [];
  let from = after;
  for (;;) {
    const walked = await next(from);
    const emails = walked.map((r) => r.email);
    const pass = emails.length > 0 ? await passing(db, emails, condition) : new Set<string>();
    for (const r of walked) {
      if (!pass.has(r.email)) continue;
      found.push(r);
      if (found.length === limit) return found;
    }
    if (walked.length < limit) return found;
    from = walked[walked.length - 1]?.email;
  }
}

/** How many addresses a campaign would reach now (before any is queued): the whole list at once,
 * the segment as an EXISTS (a hash of the segment is what counting it needs). */
export async function countSegment(db: Db, c: Campaign, membersOnly: boolean): Promise<number> {
  const condition = segmentCondition(c.segment, membersOnly);
  let q = listAddresses(db, c);
  if (condition) q = q.where(sql<SqlBool>`exists (select 1 from users u where u.email = b.email::citext and ${condition})`);
  const row = await db
    .selectFrom(q.as('t'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
