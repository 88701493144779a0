// Merging a duplicate organization into another (the staff workspace decides; see
// src/modules/records/README.md): its contacts and memberships move to the survivor, in the
// merge's transaction, and it is marked merged so that its old links redirect. A person who is a
// contact of both keeps one seat, with the stronger role and the survivor's details.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, OrganizationStatus } from '../../db/types.js';
import type { OrganizationMover } from '../../deps.js';

type Trx = Transaction<DB>;
type Executor = Db | Trx;

export async function countOrganizationRows(db: Executor, organizationId: string): Promise<Record<string, number>> {
  const [contacts, memberships] = await Promise.all([
    db
      .selectFrom('organization_contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow(),
  ]);
  return { organization_contacts: Number(contacts.n), memberships: Number(memberships.n) };
}

/** Moves the contacts (one seat per person: the stronger role, the survivor's details) and the
 * memberships of `from` to `to`; the survivor's status then follows its newest membership. The
 * caller has locked both organizations and refused two open memberships. */
export async function moveOrganizationRows(trx: Trx, e: { from: string; to: string }): Promise<Record<string, number>> {
  const both = await trx
    .selectFrom('organization_contacts as f')
    .innerJoin('organization_contacts as t', (j) => j.onRef('t.user_id', '=', 'f.user_id').on('t.organization_id', '=', e.to))
    .select(['f.user_id', 'f.role as fromRole', 't.role as toRole'])
    .where('f.organization_id', '=', e.from)
    .execute();
  const promote = both.filter((c) => c.fromRole === 'admin' && c.toRole !== 'admin').map((c) => c.user_id);
  if (promote.length) await trx.updateTable('organization_contacts').set({ role: 'admin' }).where('organization_id', '=', e.to).where('user_id', 'in', promote).execute();
  if (both.length)
    await trx
      .deleteFrom('organization_contacts')
      .where('organization_id', '=', e.from)
      .where(
        'user_id',
        'in',
        both.map((c) => c.user_id),
      )
      .execute();
  const contacts = await trx.updateTable('organization_contacts').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
  const memberships = await trx.updateTable('memberships').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
  const newest = await trx
    .selectFrom('memberships')
    .select('status')
    .where('organization_id', '=', e.to)
    .orderBy((eb) => eb.case().when('status', 'in', ['active', 'pending']).then(0).else(1).end())
    .orderBy('created_at', 'desc')
    // imported terms share created_at (one statement per file): the latest term, then the id
    .orderBy('term_end', (o) => o.desc().nullsFirst())
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (newest)
    await trx
      .updateTable('organizations')
      .set({ status: newest.status satisfies OrganizationStatus })
      .where('id', '=', e.to)
      .execute();
  return {
    organization_contacts: Number(contacts.numUpdatedRows),
    organization_contacts_deduplicated: both.length,
    memberships: Number(memberships.numUpdatedRows),
  };
}

/** Marks `from` merged into `to`: unlisted, ended, and pointing at the survivor (as do the
 * organizations merged into it before, so that every old link redirects in one step). */
export async function markOrganizationMerged(trx: Trx, e: { from: string; to: string; at: Date }): Promise<void> {
  await trx.updateTable('organizations').set({ merged_into_id: e.to, merged_at: e.at, status: 'ended', listed: false }).where('id', '=', e.from).execute();
  await trx.updateTable('organizations').set({ merged_into_id: e.to }).where('merged_into_id', '=', e.from).execute();
}

/** Where a merged organization's links go now: the survivor's id and slug, or null. */
export async function mergedInto(db: Executor, by: { id: string } | { slug: string }): Promise<{ id: string; slug: string; listed: boolean } | null> {
  const row = await db
    .selectFrom('organizations as o')
    .innerJoin('organizations as s', 's.id', 'o.merged_into_id')
    .select(['s.id', 's.slug', 's.listed'])
    .$if('id' in by, (q) => q.where('o.id', '=', 'id' in by ? by.id : ''))
    .$if('slug' in by, (q) => q.where('o.slug', '=', 'slug' in by ? by.slug : ''))
    .executeTakeFirst();
  return row ?? null;
}

/** Organizations' own part of a merge (first in the list: later movers find the seats moved). */
export const organizationsMover: OrganizationMover = {
  module: 'organizations',
  count: countOrganizationRows,
  move: (trx, e) => moveOrganizationRows(trx, e),
};
