// Revision history: every save of a published item records who changed which fields, with the
// item's values after the change (the snapshot), so that an editor can see what changed and when.
import type { Kysely } from 'kysely';
import type { ContentKind, DB } from '../../db/types.js';

export interface RevisionInput {
  kind: ContentKind;
  itemId: string;
  actor: { userId: string | null; name: string };
  /** created, edited, scheduled, published, archived, … */
  action: string;
  before?: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose values differ between two snapshots. */
export function changedFields(before: Record<string, unknown> | null | undefined, after: Record<string, unknown>): string[] {
  if (!before) return Object.keys(after).sort();
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !same(before[k], after[k])).sort();
}

/** Records a revision (in the caller's transaction). A save that changes nothing records nothing
 * unless its action is not a plain edit. */
export async function recordRevision(db: Kysely<DB>, r: RevisionInput): Promise<void> {
  const changed = changedFields(r.before, r.after);
  if (changed.length === 0 && r.action === 'edited') return;
  await db
    .insertInto('content_revisions')
    .values({ item_kind: r.kind, item_id: r.itemId, actor_id: r.actor.userId, actor_name: r.actor.name, action: r.action, changed, snapshot: JSON.stringify(r.after) })
    .execute();
}

export interface Revision {
  id: string;
  actorName: string;
  action: string;
  changed: string[];
  snapshot: Record<string, unknown>;
  at: Date;
}

export async function revisionsOf(db: Kysely<DB>, kind: ContentKind, itemId: string, limit = 100): Promise<Revision[]> {
  const rows = await db
    .selectFrom('content_revisions')
    .select(['id', 'actor_name', 'action', 'changed', 'snapshot', 'created_at'])
    .where('item_kind', '=', kind)
    .where('item_id', '=', itemId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: String(r.id), actorName: r.actor_name, action: r.action, changed: r.changed, snapshot: r.snapshot, at: r.created_at }));
}
