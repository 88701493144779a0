// Reads of the staff workspace: the organizations list (search, filters, keyset pages, the CSV's
// batches) and an organization's record. It reads only the tables their owners list as shared
// and read-only: organizations, memberships, organization_contacts (organizations), users
// (accounts), invoices and payments (billing), advisor_assignments (advising), audit_log and
// outbox (platform); and its own staff_notes.
import { type RawBuilder, sql } from 'kysely';
import { DateTime } from 'luxon';
import { type Db, PREPARED } from '../../db/client.js';
import type { EntityType, OrganizationStatus } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { likeEscape, nameWords } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';
import { type OrganizationFilters, PAGE_SIZE } from './schemas.js';

export interface OrganizationRow {
  id: string;
  name: string;
  entityType: EntityType;
  state: string;
  status: OrganizationStatus;
  population: number | null;
  termEnd: string | null;
  advisorName: string | null;
  balanceCents: number;
}

// What an organization owes: billing's balance rule (total − credits − payments on issued or
// partly paid invoices; a void or paid invoice owes nothing), as billing's queries.ts has it.
const OPEN_BALANCE = sql`(i.total_cents - i.credited_cents - i.paid_cents)`;
const OPEN_INVOICE = sql`i.organization_id = o.id and i.status in ('issued', 'partially_paid')`;

/** The sort key of a row: the sorted column (nulls as -1 for population), then the id. */
function sortKey(sort: OrganizationFilters['sort']): RawBuilder<unknown> {
  if (sort === 'population') return sql`coalesce(o.population, -1)`;
  if (sort === 'joined') return sql`o.created_at`;
  return sql`o.name`;
}

/** A cursor: the last row's sort value and id, base64url JSON. */
export const encodeCursor = (value: string | number, id: string) => Buffer.from(JSON.stringify([value, id])).toString('base64url');
function decodeCursor(cursor: string): [string | number, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && isUuid(v[1])) return [v[0], v[1]];
  } catch {}
  throw new AppError('validation_failed', { message: 'This page link is not valid.', fields: { cursor: 'This page link is not valid; start again from the first page.' } });
}

/** The filters on the organization row itself (the name search aside: see `nameMatches`). */
function conditions(f: OrganizationFilters): RawBuilder<unknown>[] {
  // An organization merged into another is gone from the list: its record redirects to the survivor.
  const out: RawBuilder<unknown>[] = [sql`o.merged_into_id is null`];
  if (f.status) out.push(sql`o.status = ${f.status}`);
  if (f.type) out.push(sql`o.entity_type = ${f.type}`);
  if (f.state) out.push(sql`o.state = ${f.state}`);
  if (f.populationMin !== undefined) out.push(sql`o.population >= ${f.populationMin}`);
  if (f.populationMax !== undefined) out.push(sql`o.population <= ${f.populationMax}`);
  if (f.advisor === 'none') out.push(sql`not exists (select 1 from advisor_assignments a where a.organization_id = o.id and a.ended_at is null)`);
  else if (f.advisor) out.push(sql`exists (select 1 from advisor_assignments a where a.organization_id = o.id and a.ended_at is null and a.advisor_user_id = ${f.advisor})`);
  if (f.termEnd) {
    const first = DateTime.fromISO(`${f.termEnd}-01`, { zone: 'utc' });
    out.push(
      sql`exists (select 1 from memberships m where m.organization_id = o.id and m.status in ('active', 'lapsed') and m.term_end between ${first.toISODate()} and ${first.endOf('month').toISODate()})`,
    );
  }
  // No first meeting booked: none booked now, none held (a cancelled one does not count).
  if (f.meeting === 'none') out.push(sql`not exists (select 1 from meetings mt where mt.organization_id = o.id and mt.kind = 'first_meeting' and mt.status = 'booked')`);
  if (f.termEndFrom || f.termEndTo)
    out.push(
      sql`exists (select 1 from memberships m where m.organization_id = o.id and m.status = 'active'${f.termEndFrom ? sql` and m.term_end >= ${f.termEndFrom}` : sql``}${f.termEndTo ? sql` and m.term_end <= ${f.termEndTo}` : sql``})`,
    );
  if (f.balance) {
    const owes = sql`exists (select 1 from invoices i where ${OPEN_INVOICE} and ${OPEN_BALANCE} > 0)`;
    out.push(f.balance === 'yes' ? owes : sql`not ${owes}`);
  }
  return out;
}

/** Filters other than the name and the state (which the word index carries). */
const rowFilters = (f: OrganizationFilters) => conditions({ ...f, state: undefined }).length > 1;

/** At most this many matches are counted (and one more, to know there are more): "1,000+". */
export const COUNT_CAP = 1000;
const CAP = COUNT_CAP + 1;

/** How a search matches names: `part` (the query is a part of the name, starting a word of it) or
 * `typo` (a word of the name like the query's longest word, and the query ≥ 0.6 word-similar). */
type Tier = 'part' | 'typo';

/** A search's words of the lexicon (`words`, a subquery of `l.word`) and the test of a row `w` of
 * the word index (organization_name_words) having one of them (`row`), names and query compared
 * folded (accents off, lower case: `civnet_fold`, 0090). Part tier: the query's longest word
 * starts the word, and the whole query is in the name. Typo tier: the word is among
 * the lexicon's 20 words most like the query's longest word, and the query is ≥ 0.6 word-similar
 * to the name (`<%`). */
function nameMatches(q: string, tier: Tier, state: string | undefined): { words: RawBuilder<unknown>; row: RawBuilder<unknown> } {
  const drive = nameWords(q).reduce((a, b) => (b.length > a.length ? b : a), '');
  const st = state ? sql` and w.state = ${state}` : sql``;
  if (tier === 'part')
    return {
      words: sql`select l.word from organization_name_lexicon l where l.word like ${`${likeEscape(drive)}%`}`,
      row: sql`civnet_fold(w.name) like '%' || civnet_fold(${likeEscape(q)}) || '%'${st}`,
    };
  return {
    words: sql`select l.word from organization_name_lexicon l where l.word % ${drive} order by similarity(l.word, ${drive}) desc, l.word limit 20`,
    row: sql`civnet_fold(${q}) <% civnet_fold(w.name)${st}`,
  };
}

const longestWord = (q: string) => nameWords(q).reduce((a, b) => (b.length > a.length ? b : a), '');

/** Matches of the filter, at most CAP, and whether the typo tier answers (the part tier found none). */
async function boundedCount(db: Db, f: OrganizationFilters & { q: string }): Promise<{ found: number; tier: Tier }> {
  const count = async (tier: Tier) => {
    let row: { n: number; read: number } | undefined;
    if (rowFilters(f)) {
      const m = nameMatches(f.q, tier, f.state);
      const join = sql`join organizations o on o.id = w.organization_id and ${sql.join(conditions({ ...f, state: undefined }), sql` and `)}`;
      row = (
        await sql<{ n: number; read: number }>`select count(distinct x.organization_id)::int as n, count(*)::int as read
          from (select w.organization_id from organization_name_words w ${join} where w.word in (${m.words}) and ${m.row} limit ${CAP}) x`.execute(db)
      ).rows[0];
    } else {
      row = (
        await sql<{
          n: number;
          read: number;
        }>`select n, read from organization_search_count(${f.q}, ${longestWord(f.q)}, ${tier === 'typo'}, ${f.state ?? null}::text, ${CAP})`.execute(db)
      ).rows[0];
    }
    return row && row.read >= CAP ? CAP : (row?.n ?? 0);
  };
  const part = await count('part');
  // A typo is forgiven from four characters: word similarity of shorter text matches noise.
  if (part > 0 || f.q.length < 4) return { found: part, tier: 'part' };
  return { found: await count('typo'), tier: 'typo' };
}

export interface OrganizationPage {
  rows: OrganizationRow[];
  nextCursor: string | null;
  /** with a name search: its matches, counted up to COUNT_CAP; null without one */
  total: number | null;
  /** more than `total` match (shown as "1,000+") */
  totalCapped: boolean;
}

const ZERO_ID = '00000000-0000-0000-0000-000000000000';

interface ListRow {
  id: string;
  name: string;
  entity_type: OrganizationRow['entityType'];
  state: string;
  status: OrganizationRow['status'];
  population: number | null;
  term_end: string | null;
  advisor_name: string | null;
  balance_cents: number;
}

const toRow = (x: ListRow): OrganizationRow => ({
  id: x.id,
  name: x.name,
  entityType: x.entity_type,
  state: x.state,
  status: x.status,
  population: x.population,
  termEnd: x.term_end,
  advisorName: x.advisor_name,
  balanceCents: x.balance_cents,
});

const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? v : typeof v === 'string' ? (JSON.parse(v) as T[]) : []);

/**
 * The common name search (name order, no filter but the state) in one prepared statement: the
 * bounded count of the part tier, the typo tier's only when the part tier found nothing (a lateral
 * join on a row that is there only then), the page's names and ids from the word index, and the
 * list's rows of those ids. The same answers as the separate statements of listOrganizations,
 * with one round trip and one plan instead of four of each.
 */
async function searchPage(db: Db, q: string, f: OrganizationFilters, pageSize: number): Promise<OrganizationPage> {
  const drive = longestWord(q);
  const state = f.state ?? null;
  const cursor = f.cursor ? decodeCursor(f.cursor) : undefined;
  const row = (
    await sql<{ part_n: number; part_read: number; typo_n: number | null; typo_read: number | null; page: unknown; rows: unknown }>`${sql.raw(PREPARED)}
    with part as materialized (select c.n, c.read from organization_search_count(${q}, ${drive}, false, ${state}::text, ${CAP}) c),
    typo as materialized (
      select c.n, c.read from (select 1 where ${q.length >= 4}::boolean and (select n from part) = 0) g
      cross join lateral organization_search_count(${q}, ${drive}, true, ${state}::text, ${CAP}) c),
    page as materialized (
      select p.name, p.organization_id from (select exists (select 1 from typo) as typo) t
      cross join lateral organization_search_page(${q}, ${drive}, t.typo, ${state}::text, ${cursor ? String(cursor[0]) : ''}::text,
                                                  ${cursor ? cursor[1] : ZERO_ID}::uuid, ${pageSize + 1}::int) p)
    select (select n from part) as part_n, (select read from part) as part_read, (select n from typo) as typo_n, (select read from typo) as typo_read,
      coalesce((select json_agg(json_build_object('name', p.name, 'id', p.organization_id) order by p.name, p.organization_id) from page p), '[]') as page,
      coalesce((select json_agg(r) from organization_list_rows(array(select organization_id from page)) r), '[]') as rows`.execute(db)
  ).rows[0];
  const counted = row?.typo_n == null ? { n: row?.part_n ?? 0, read: row?.part_read ?? 0 } : { n: row.typo_n, read: row.typo_read ?? 0 };
  const found = counted.read >= CAP ? CAP : counted.n;
  if (found === 0) return { rows: [], nextCursor: null, total: 0, totalCapped: false };
  const page = asArray<{ name: string; id: string }>(row?.page);
  const shown = page.slice(0, pageSize);
  const byId = new Map(asArray<ListRow>(row?.rows).map((x) => [x.id, toRow(x)]));
  const last = shown.at(-1);
  return {
    rows: shown.flatMap((x) => byId.get(x.id) ?? []),
    nextCursor: page.length > pageSize && last ? encodeCursor(last.name, last.id) : null,
    total: Math.min(found, COUNT_CAP),
    totalCapped: found >= CAP,
  };
}

/** One page of the list: rows after the cursor in the chosen order, and the next page's cursor.
 * A name search first counts its matches up to 1,001 (`total`, `totalCapped`); its rows come from
 * the word index. The page's ids are chosen first, then `organization_list_rows` reads their
 * columns (a function, so its statement is planned once per session). */
export async function listOrganizations(db: Db, f: OrganizationFilters, pageSize = f.limit ?? PAGE_SIZE): Promise<OrganizationPage> {
  const key = sortKey(f.sort);
  const desc = f.dir === 'desc';
  const order = desc ? sql`desc` : sql`asc`;
  const q = f.q && nameWords(f.q).length ? f.q : undefined;
  if (q && (!f.sort || f.sort === 'name') && !desc && !rowFilters(f)) return searchPage(db, q, f, pageSize);
  const cursor = f.cursor ? decodeCursor(f.cursor) : undefined;
  let total: number | null = null;
  let totalCapped = false;
  const tier = q ? await boundedCount(db, { ...f, q }) : undefined;
  if (q && tier) {
    total = Math.min(tier.found, COUNT_CAP);
    totalCapped = tier.found >= CAP;
    if (tier.found === 0) return { rows: [], nextCursor: null, total: 0, totalCapped: false };
  }
  const where = conditions(q ? { ...f, state: undefined } : f);
  // A query of no letters or digits ("-"): any part of the name, tested on each row.
  if (f.q && !q) where.push(sql`o.name ilike ${`%${likeEscape(f.q)}%`}`);
  if (cursor) {
    const [value, id] = cursor;
    const v = f.sort === 'joined' ? sql`${String(value)}::timestamptz` : f.sort === 'population' ? sql`${Number(value)}::int` : sql`${String(value)}`;
    where.push(desc ? sql`(${key}, o.id) < (${v}, ${id}::uuid)` : sql`(${key}, o.id) > (${v}, ${id}::uuid)`);
  }
  let from: RawBuilder<unknown> = sql`organizations o`;
  if (q && tier) {
    const m = nameMatches(q, tier.tier, f.state);
    from = sql`(select distinct w.organization_id from organization_name_words w where w.word in (${m.words}) and ${m.row}) m join organizations o on o.id = m.organization_id`;
  }
  const page = (
    await sql<{ id: string; sortValue: string | number | Date }>`select o.id, ${key} as "sortValue" from ${from}
      where ${sql.join(where, sql` and `)} order by ${key} ${order}, o.id ${order} limit ${pageSize + 1}`.execute(db)
  ).rows;
  const shown = page.slice(0, pageSize);
  const byId = new Map<string, OrganizationRow>();
  if (shown.length) {
    const r = await sql<ListRow>`select * from organization_list_rows(${shown.map((x) => x.id)}::uuid[])`.execute(db);
    for (const x of r.rows) byId.set(x.id, toRow(x));
  }
  const rows = shown.flatMap((x) => byId.get(x.id) ?? []);
  const last = shown.at(-1);
  const nextCursor =
    page.length > pageSize && last
      ? encodeCursor(last.sortValue instanceof Date ? last.sortValue.toISOString() : typeof last.sortValue === 'number' ? last.sortValue : String(last.sortValue), last.id)
      : null;
  return { rows, nextCursor, total, totalCapped };
}

/** How many organizations the filter lists (its paging and sort aside): the staff desk's counts,
 * which link to the same filter. A name search counts up to 1,001. */
export async function countOrganizations(db: Db, f: OrganizationFilters): Promise<number> {
  if (f.q && nameWords(f.q).length) return (await boundedCount(db, { ...f, q: f.q })).found;
  const where = conditions(f);
  if (f.q) where.push(sql`o.name ilike ${`%${likeEscape(f.q)}%`}`);
  const r = await sql<{ n: number }>`select count(*)::int as n from organizations o where ${sql.join(where, sql` and `)}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Every row of the filter, in batches by keyset: what the CSV streams. */
export async function* eachOrganization(db: Db, f: OrganizationFilters, batchSize = 500): AsyncGenerator<OrganizationRow[]> {
  let cursor: string | undefined;
  do {
    const page = await listOrganizations(db, { ...f, cursor }, batchSize);
    if (page.rows.length) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Advisors who advise some organization now: the advisor filter's choices. */
export function assignedAdvisors(db: Db): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('advisor_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.advisor_user_id')
    .where('a.ended_at', 'is', null)
    .select(['u.id', 'u.name'])
    .distinct()
    .orderBy('u.name')
    .execute();
}

/** Makes the organization name search's word index and lexicon again from `organizations`: for a
 * bulk loader, whose loads the index's triggers stand aside from (`civnet.bulk_load`, 0045). */
export async function rebuildOrganizationNameWords(db: Db): Promise<void> {
  await sql`select organization_name_words_rebuild()`.execute(db);
}
