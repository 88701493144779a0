// What other modules may read of events without owning them: the events one may tie something to
// (sponsorship: a conference package), and the titles and addresses of given events.
import type { Db } from '../../db/client.js';

export interface EventChoice {
  id: string;
  slug: string;
  title: string;
  startsAt: Date;
  status: string;
}

/** Events not yet over (drafts included, so a package can be ready before the event is published), soonest first. */
export async function eventChoices(db: Db, now: Date): Promise<EventChoice[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'slug', 'title', 'starts_at', 'status'])
    .where('ends_at', '>', now)
    .where('status', 'in', ['draft', 'published'])
    .orderBy('starts_at')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, startsAt: r.starts_at, status: r.status }));
}

/** The given events (any status), by id. */
export async function eventsByIds(db: Db, ids: string[]): Promise<Map<string, EventChoice>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('events').select(['id', 'slug', 'title', 'starts_at', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, slug: r.slug, title: r.title, startsAt: r.starts_at, status: r.status }]));
}
