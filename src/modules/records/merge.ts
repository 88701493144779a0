// Merging a duplicate organization into the one whose record staff are on (the survivor), in one
// transaction: both rows locked (in id order, so two merges never deadlock), refused when both
// have an open membership, then each owning module moves its rows (deps.hooks.organizationMerged,
// filled by the composition root), records moves its staff notes, organizations marks the
// duplicate merged, and an audit row is written on each. Audit rows are never rewritten: the
// survivor's timeline reads the rows of every organization merged into it.
import { sql } from 'kysely';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { foldedContains, foldedSimilar } from '../../lib/search-text.js';
import { markOrganizationMerged } from '../organizations/index.js';

type MergeDeps = Pick<Deps, 'db' | 'clock' | 'hooks'>;

/** What would move from the duplicate, per table (the confirmation page), read without changing
 * anything. */
export async function mergePreview(deps: Pick<Deps, 'db' | 'hooks'>, fromId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const m of deps.hooks.organizationMerged) Object.assign(counts, await m.count(deps.db, fromId));
  const notes = await deps.db
    .selectFrom('staff_notes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', fromId)
    .executeTakeFirstOrThrow();
  counts.staff_notes = Number(notes.n);
  return counts;
}

const OPEN = ['active', 'pending'] as const;

export async function mergeOrganization(
  deps: MergeDeps,
  input: { from: string; to: string; actorUserId: string; requestId?: string },
): Promise<{ moved: Record<string, number>; fromName: string }> {
  if (input.from === input.to)
    throw new AppError('validation_failed', { message: 'An organization cannot be merged into itself.', fields: { from: 'Choose another organization.' } });
  return deps.db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('organizations').select(['id', 'name', 'merged_into_id']).where('id', 'in', [input.from, input.to]).orderBy('id').forUpdate().execute();
    const from = rows.find((r) => r.id === input.from);
    const to = rows.find((r) => r.id === input.to);
    if (!to || to.merged_into_id) throw new AppError('not_found', { message: 'There is no such organization.' });
    if (!from) throw new AppError('validation_failed', { message: 'There is no such organization to merge.', fields: { from: 'Choose an organization from the list.' } });
    if (from.merged_into_id) throw new AppError('records.already_merged', { status: 409, message: `${from.name} was already merged into another organization.` });
    const open = await trx.selectFrom('memberships').select(['organization_id']).where('organization_id', 'in', [from.id, to.id]).where('status', 'in', OPEN).forUpdate().execute();
    if (open.some((m) => m.organization_id === from.id) && open.some((m) => m.organization_id === to.id))
      throw new AppError('records.both_open', {
        status: 409,
        message: bothOpenMessage(to.name, from.name),
      });
    const at = deps.clock.now();
    const moved: Record<string, number> = {};
    for (const m of deps.hooks.organizationMerged) Object.assign(moved, await m.move(trx, { from: from.id, to: to.id, at, actorUserId: input.actorUserId }));
    const notes = await trx.updateTable('staff_notes').set({ organization_id: to.id }).where('organization_id', '=', from.id).executeTakeFirst();
    moved.staff_notes = Number(notes.numUpdatedRows);
    await markOrganizationMerged(trx, { from: from.id, to: to.id, at });
    await writeAudit(trx, {
      at,
      actorUserId: input.actorUserId,
      action: 'records.organization_merged_in',
      entityType: 'organization',
      entityId: to.id,
      after: { mergedId: from.id, mergedName: from.name, moved },
      requestId: input.requestId,
    });
    await writeAudit(trx, {
      at,
      actorUserId: input.actorUserId,
      action: 'records.organization_merged',
      entityType: 'organization',
      entityId: from.id,
      after: { survivorId: to.id, survivorName: to.name, moved },
      requestId: input.requestId,
    });
    return { moved, fromName: from.name };
  });
}

/** Organizations whose name matches, for picking the duplicate (never the survivor, never one merged). */
export function mergeCandidates(db: Deps['db'], survivorId: string, q: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'state', 'status'])
    .where('id', '!=', survivorId)
    .where('merged_into_id', 'is', null)
    .where(sql<boolean>`(${foldedContains('name', q)} or ${foldedSimilar('name', q)})`)
    .orderBy('name')
    .limit(25)
    .execute();
}

/** Why the two cannot be merged now (both have an open membership), or null: the confirmation
 * page says so before the button. */
export async function mergeRefusal(db: Deps['db'], from: { id: string; name: string }, to: { id: string; name: string }): Promise<string | null> {
  const open = await db.selectFrom('memberships').select('organization_id').where('organization_id', 'in', [from.id, to.id]).where('status', 'in', OPEN).execute();
  return open.some((m) => m.organization_id === from.id) && open.some((m) => m.organization_id === to.id) ? bothOpenMessage(to.name, from.name) : null;
}
const bothOpenMessage = (to: string, from: string) =>
  `Both ${to} and ${from} have a membership that is active or pending, and an organization can have only one. Cancel one of them first, then merge.`;
