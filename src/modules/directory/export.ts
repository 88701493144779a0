// The staff's Who's Who export: every current member, listed or not, with every contact field,
// read in keyset batches of (name, id) — the users_name_order index — so that an export of a
// million people streams from the first batch and is never whole in memory nor cut short.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

export interface ExportRow {
  id: string;
  name: string;
  title: string;
  employer_name: string;
  employer_state: string | null;
  expertise: string[];
  work_email: string | null;
  phone: string;
  mailing_address: string;
  listed: boolean;
}

/** Rows per read of the streamed export. */
const EXPORT_BATCH = 2_000;

/** Every current member in batches, alphabetically (then by id): each batch continues after the
 * last row of the one before, so none is lost or repeated at a boundary (two people of one name
 * included). For staff only. */
export async function* eachDirectoryMember(db: Db, batchSize = EXPORT_BATCH): AsyncGenerator<ExportRow[]> {
  let after: { name: string; id: string } | null = null;
  for (;;) {
    const rows = await readBatch(db, after, batchSize);
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    const tail = rows[rows.length - 1];
    after = tail ? { name: tail.name, id: tail.id } : null;
  }
}

async function readBatch(db: Db, last: { name: string; id: string } | null, batchSize: number): Promise<ExportRow[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('individual_memberships as im', (j) => j.onRef('im.user_id', '=', 'u.id').on('im.status', '=', 'active'))
    .leftJoin('member_profiles as p', 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.name',
      sql<string>`coalesce(p.title, '')`.as('title'),
      sql<string>`coalesce(p.employer_name, '')`.as('employer_name'),
      'p.employer_state',
      sql<string[]>`coalesce(p.expertise, '{}')`.as('expertise'),
      'p.work_email',
      sql<string>`coalesce(p.phone, '')`.as('phone'),
      sql<string>`coalesce(p.mailing_address, '')`.as('mailing_address'),
      sql<boolean>`coalesce(p.listed, true)`.as('listed'),
    ])
    .where('u.disabled_at', 'is', null)
    .$if(last !== null, (q) => q.where(sql`(u.name, u.id)`, '>', sql`(${last?.name}, ${last?.id}::uuid)`))
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(batchSize)
    .execute();
  return rows.map((r) => ({ ...r, employer_state: r.employer_state ?? null, work_email: r.work_email ?? null }));
}
