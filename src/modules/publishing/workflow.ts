// The life of a published item (a resource, a news post): draft → scheduled → published →
// archived. "Scheduled" is published at its publish time without a job: an item is live when it
// is published, or scheduled and its time has come; the pages and the API ask `isLive` (or its
// SQL twin, `liveWhere`) and nothing else.
import type { ExpressionBuilder, SqlBool, sql } from 'kysely';
import { DateTime } from 'luxon';
import { randomToken, safeEqual, sha256 } from '../../lib/crypto.js';

export const PUBLISH_STATES = ['draft', 'scheduled', 'published', 'archived'] as const;
export type PublishState = (typeof PUBLISH_STATES)[number];
export const AUDIENCES = ['everyone', 'members'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const STATE_LABELS: Record<PublishState, string> = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published', archived: 'Archived' };
export const AUDIENCE_LABELS: Record<Audience, string> = { everyone: 'Everyone', members: 'Members only' };

export interface Publishable {
  state: PublishState;
  publish_at: Date | null;
}

export function isLive(item: Publishable, now: Date): boolean {
  return item.state === 'published' || (item.state === 'scheduled' && item.publish_at !== null && item.publish_at <= now);
}

/** The SQL of `isLive`, for a table with `state` and `publish_at` columns. */
export function liveWhere(now: Date) {
  // biome-ignore lint/suspicious/noExplicitAny: any table with the two columns
  return (eb: ExpressionBuilder<any, any>) =>
    eb.or([eb('state', '=', 'published'), eb.and([eb('state', '=', 'scheduled'), eb('publish_at', '<=', now)])]) as unknown as ReturnType<typeof sql<SqlBool>>;
}

/** The moves an author may make from a state (besides saving it as it is). */
export const MOVES: Record<PublishState, PublishState[]> = {
  draft: ['scheduled', 'published', 'archived'],
  scheduled: ['draft', 'published', 'archived'],
  published: ['archived', 'draft'],
  archived: ['draft', 'published'],
};

/** Why a move is refused, or null. `publishAt` is required (and in the future) to schedule. */
export function moveRefusal(from: PublishState, to: PublishState, publishAt: Date | null, now: Date): string | null {
  if (from !== to && !MOVES[from].includes(to)) return `An item that is ${STATE_LABELS[from].toLowerCase()} cannot become ${STATE_LABELS[to].toLowerCase()}.`;
  if (to === 'scheduled' && (!publishAt || publishAt <= now)) return 'Choose a publish time in the future to schedule it, or publish it now.';
  return null;
}

/** A preview link's secret: the token goes into the link, its hash into the item's row. */
export function newPreviewToken(): { token: string; hash: string } {
  const token = randomToken(24);
  return { token, hash: sha256(token) };
}

export function previewMatches(hash: string | null | undefined, token: string | undefined): boolean {
  return !!hash && !!token && token.length < 100 && safeEqual(sha256(token), hash);
}

/** A `datetime-local` value read in a time zone: the instant, null when empty, or 'invalid'. */
export function parsePublishAt(value: string | undefined, zone: string): Date | null | 'invalid' {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return 'invalid';
  const dt = DateTime.fromISO(v, { zone });
  return dt.isValid && dt.year >= 2000 && dt.year <= 2200 ? dt.toJSDate() : 'invalid';
}

/** An instant as a `datetime-local` value in a time zone. */
export const publishAtValue = (d: Date | null | undefined, zone: string): string => (d ? DateTime.fromJSDate(d, { zone }).toFormat("yyyy-LL-dd'T'HH:mm") : '');
