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

/** People read per batch of the streamed export; the first batch is small so that the first
 * bytes go out at once. */
const EXPORT_BATCH = 2_000;
const FIRST_BATCH = 200;

/** Every current member in batches, alphabetically (then by id): each batch reads the next
 * `batchSize` people after the last one read — an index range of users_name_order, so a batch
 * costs the same at the millionth person as at the first — and keeps the current members among
 * them; none is lost or repeated at a boundary (two people of one name included). For staff only. */
export async function* eachDirectoryMember(db: Db, batchSize = EXPORT_BATCH): AsyncGenerator<ExportRow[]> {
  let after: { name: string; id: string } | null = null;
  let size = Math.min(FIRST_BATCH, batchSize);
  for (;;) {
    const { rows, last, read } = await readBatch(db, after, size);
    if (rows.length) yield rows;
    if (read < size || !last) return;
    after = last;
    size = batchSize;
  }
}

async function readBatch(
  db: Db,
  after: { name: string; id: string } | null,
  size: number,
): Promise<{ rows: ExportRow[]; last: { name: string; id: string } | null; read: number }> {
  // The people of this batch first (by the index, in order), then their membership and profile:
  // a join before the limit lets the planner read every active membership for each batch.
  const people = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .$if(after !== null, (q) => q.where(sql`(name, id)`, '>', sql`(${after?.name}, ${after?.id}::uuid)`))
    .orderBy('name')
    .orderBy('id')
    .limit(size)
    .execute();
  const tail = people[people.length - 1];
  if (!tail) return { rows: [], last: null, read: 0 };
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
    .where('u.id', '=', sql<string>`any(${people.map((x) => x.id)}::uuid[])`)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
  return {
    rows: rows.map((r) => ({ ...r, employer_state: r.employer_state ?? null, work_email: r.work_email ?? null })),
    last: { name: tail.name, id: tail.id },
    read: people.length,
  };
}
