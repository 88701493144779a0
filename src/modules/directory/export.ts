// The staff's Who's Who export: every current member, listed or not, with every contact field,
// read in keyset batches of (name, id) — the users_name_order index — so that an export of a
// million people streams from the first batch and is never whole in memory nor cut short. Each
// batch comes from the database already written as CSV (one string per batch: `csvLineSql`), so
// the rows never become objects in this process.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { type CsvText, csvLineSql } from '../../lib/csv.js';

export const EXPORT_HEADER = ['Name', 'Title', 'Employer', 'State', 'Areas of expertise', 'Work email', 'Phone', 'Mailing address', 'Listed in Who’s Who', 'Profile'];

/** People read per batch of the streamed export: one piece of CSV text (below). What is read
 * ahead waits for the client, and what waits across two young-generation collections is promoted
 * and stays until a full one, which V8 runs only once the old generation has grown to a few times
 * its live size: with 5,000 people a batch a million-row export grew the server's memory by
 * 150-210 MB, with 400 by 122 MB, with 200 by 69 MB (national copy, brotli), in about the time the
 * old export took. */
const EXPORT_BATCH = 200;
const FIRST_BATCH = 200;

/** Lines per piece of CSV text read back (if a batch is made larger): ~200 bytes a line keeps a
 * piece under V8's large-object size (128 KB, or half as many characters when a name needs two
 * bytes a character); a larger string is allocated among the large objects, which only a full
 * collection frees. */
const PIECE_LINES = 200;

type Bound = { name: string; id: string };

/** Every current member as CSV (`EXPORT_HEADER`'s columns), in batches, alphabetically (then by
 * id): each batch is the next `batchSize` people after the last one read — an index range of
 * users_name_order, so a batch costs the same at the millionth person as at the first — and keeps
 * the current members among them; none is lost or repeated at a boundary (two people of one name
 * included). `publicUrl` starts each profile's address. For staff only. */
export async function* eachDirectoryMemberCsv(db: Db, publicUrl: string, batchSize = EXPORT_BATCH): AsyncGenerator<CsvText> {
  let after: Bound | null = null;
  let size = Math.min(FIRST_BATCH, batchSize);
  for (;;) {
    const last = await batchEnd(db, after, size);
    yield* await readBatch(db, publicUrl, after, last);
    if (!last) return;
    after = last;
    size = batchSize;
  }
}

/** The (name, id) of the `size`-th person after `after` (one row read back from the index), or
 * null when fewer remain: the batch then runs to the end. */
async function batchEnd(db: Db, after: Bound | null, size: number): Promise<Bound | null> {
  const row = await db
    .selectFrom('users')
    .select(['name', 'id'])
    .$if(after !== null, (q) => q.where(sql`(name, id)`, '>', sql`(${after?.name}, ${after?.id}::uuid)`))
    .orderBy('name')
    .orderBy('id')
    .offset(size - 1)
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The current members among the people in (after, last], with their profiles, as CSV text in
 * order: pieces of up to `PIECE_LINES` lines, each with its number of lines. The bounds are given twice: as (name, id) rows, which are exact, and on
 * name alone, which the planner can estimate (it cannot a row comparison), so that it reads the
 * index range and joins each person's membership and profile rather than scanning the tables. */
async function readBatch(db: Db, publicUrl: string, after: Bound | null, last: Bound | null): Promise<CsvText[]> {
  const lines = db
    .selectFrom('users as u')
    .innerJoin('individual_memberships as im', (j) => j.onRef('im.user_id', '=', 'u.id').on('im.status', '=', 'active'))
    .leftJoin('member_profiles as p', 'p.user_id', 'u.id')
    .select([
      'u.name',
      'u.id',
      csvLineSql([
        sql`u.name`,
        sql`p.title`,
        sql`p.employer_name`,
        sql`p.employer_state`,
        sql`array_to_string(p.expertise, '; ')`,
        sql`p.work_email`,
        sql`p.phone`,
        sql`p.mailing_address`,
        sql`case when coalesce(p.listed, true) then 'yes' else 'no' end`,
        sql`${`${publicUrl}/people/`}::text || u.id::text`,
      ]).as('line'),
      sql<number>`row_number() over (order by u.name, u.id)`.as('n'),
    ])
    .$if(after !== null, (q) => q.where('u.name', '>=', after?.name ?? '').where(sql`(u.name, u.id)`, '>', sql`(${after?.name}, ${after?.id}::uuid)`))
    .$if(last !== null, (q) => q.where('u.name', '<=', last?.name ?? '').where(sql`(u.name, u.id)`, '<=', sql`(${last?.name}, ${last?.id}::uuid)`))
    .where('u.disabled_at', 'is', null);
  return db
    .selectFrom(lines.as('b'))
    .select([sql<number>`count(*)::int`.as('rows'), sql<string>`string_agg(b.line, '' order by b.n)`.as('csv')])
    .groupBy(sql`(b.n - 1) / ${PIECE_LINES}`)
    .orderBy(sql`min(b.n)`)
    .execute();
}
