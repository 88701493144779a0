// Who a campaign goes to: the confirmed subscribers of its list, never a suppressed address, never
// one the campaign was already queued to, narrowed by its segment. Membership never implies
// consent: a segment only ever narrows a list's subscribers.
//
// A segment reads what other modules share read-only: organizations, memberships and
// organization_contacts (organizations' README), organization_pathways (pathways'), and
// individual_memberships' user_id, status and level_id (individuals'); event attendance through
// events' `attendedAnyOf` (checked in at one of the chosen events).
import { type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, NewsletterSegment } from '../../db/types.js';
import { attendedAnyOf } from '../events/index.js';
import { POPULATION_BANDS } from './shared.js';

type Eb = ExpressionBuilder<DB & { b: DB['newsletter_subscribers'] }, 'b'>;

const orgDimensions = (s: NewsletterSegment) => !!(s.entityTypes?.length || s.states?.length || s.populationBands?.length || s.pathwayIds?.length);

/** The condition on an organization (alias o) of the segment's organization dimensions. */
function orgCondition(s: NewsletterSegment) {
  const parts = [sql`true`];
  if (s.entityTypes?.length) parts.push(sql`o.entity_type = any(${s.entityTypes}::text[])`);
  if (s.states?.length) parts.push(sql`o.state = any(${s.states}::text[])`);
  const bands = POPULATION_BANDS.filter((b) => s.populationBands?.includes(b.value));
  if (bands.length)
    parts.push(
      sql`(${sql.join(
        bands.map((b) => sql`o.population between ${b.min} and ${b.max}`),
        sql` or `,
      )})`,
    );
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

/** Whether the subscriber (alias b) passes the segment; a members-only list also needs them to be
 * a member now (a contact of a member organization, or an individual member). */
export function segmentWhere(segment: NewsletterSegment, membersOnly: boolean) {
  const byOrg = orgDimensions(segment);
  const byLevel = !!segment.levelIds?.length;
  const byEvents = !!segment.eventIds?.length;
  if (!byOrg && !byLevel && !byEvents && !membersOnly) return null;
  const conditions: Array<RawBuilder<unknown>> = [];
  if (byOrg) conditions.push(orgMember(segment));
  if (byLevel) conditions.push(individualMember(segment));
  if (membersOnly && !byOrg && !byLevel) conditions.push(sql`(${orgMember(segment)} or ${individualMember(segment)})`);
  if (byEvents) conditions.push(attendedAnyOf(sql.ref('u.id'), segment.eventIds ?? []));
  // by the accounts' unique index on the address (citext: case does not matter), not by lower() of
  // every account's address: that read all accounts for each batch of a campaign
  return (_eb: Eb) => sql<SqlBool>`exists (select 1 from users u where u.email = b.email::citext and ${sql.join(conditions, sql` and `)})`;
}

/** The next addresses of a campaign still to queue, by address. */
export function pendingRecipients(db: Db, c: { id: string; list_id: string; segment: NewsletterSegment }, membersOnly: boolean, limit: number, after?: string | null) {
  let q = db
    .selectFrom('newsletter_subscriptions as s')
    .innerJoin('newsletter_subscribers as b', 'b.id', 's.subscriber_id')
    .select(['b.id', 'b.email', 'b.link_key'])
    .where('s.list_id', '=', c.list_id)
    .where('s.status', '=', 'subscribed')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('newsletter_suppressions as x').select('x.email').whereRef('x.email', '=', 'b.email'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('newsletter_campaign_recipients as r').select('r.email').where('r.campaign_id', '=', c.id).whereRef('r.email', '=', 'b.email'))));
  // Batches go in address order: the next starts after the last address queued (a keyset), so a
  // batch never re-reads the ones before it; the NOT EXISTS above stays as the guarantee.
  if (after) q = q.where('b.email', '>', after);
  const seg = segmentWhere(c.segment, membersOnly);
  if (seg) q = q.where(seg);
  return q.orderBy('b.email').limit(limit);
}

/** How many addresses a campaign would reach now (before any is queued). */
export async function countSegment(db: Db, c: { id: string; list_id: string; segment: NewsletterSegment }, membersOnly: boolean): Promise<number> {
  const inner = pendingRecipients(db, c, membersOnly, 10_000_000).clearOrderBy().clearLimit();
  const row = await db
    .selectFrom(inner.as('t'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
