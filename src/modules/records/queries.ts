// Reads of the staff workspace: the organizations list (search, filters, keyset pages, the CSV's
// batches) and an organization's record. It reads only the tables their owners list as shared
// and read-only: organizations, memberships, organization_contacts (organizations), users
// (accounts), invoices and payments (billing), advisor_assignments (advising), audit_log and
// outbox (platform); and its own staff_notes.
import { type RawBuilder, sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import type { EntityType, OrganizationStatus } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
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

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

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
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1]))
      return [v[0], v[1]];
  } catch {}
  throw new AppError('validation_failed', { message: 'This page link is not valid.', fields: { cursor: 'This page link is not valid; start again from the first page.' } });
}

function conditions(f: OrganizationFilters): RawBuilder<unknown>[] {
  // An organization merged into another is gone from the list: its record redirects to the survivor.
  const out: RawBuilder<unknown>[] = [sql`o.merged_into_id is null`];
  // Any part of the name, or (from four characters) a word of it with a typo or two: trigram word
  // similarity. The GIN index organizations_name_trgm serves both. Three letters mean a part of
  // the name, and word similarity of so short a text matches noise; tested on every row, it made a
  // three-letter search walk thousands of names (p95 10× the budget at 23,000 organizations).
  if (f.q) {
    const part = sql`o.name ilike ${`%${likeEscape(f.q)}%`}`;
    out.push(f.q.length < 4 ? part : sql`(${part} or ${f.q}::text <% o.name)`);
  }
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

/** One page of the list: rows after the cursor in the chosen order, and the next page's cursor. */
export async function listOrganizations(db: Db, f: OrganizationFilters, pageSize = f.limit ?? PAGE_SIZE): Promise<{ rows: OrganizationRow[]; nextCursor: string | null }> {
  const key = sortKey(f.sort);
  const desc = f.dir === 'desc';
  const where = conditions(f);
  if (f.cursor) {
    const [value, id] = decodeCursor(f.cursor);
    const v = f.sort === 'joined' ? sql`${String(value)}::timestamptz` : f.sort === 'population' ? sql`${Number(value)}::int` : sql`${String(value)}`;
    where.push(desc ? sql`(${key}, o.id) < (${v}, ${id}::uuid)` : sql`(${key}, o.id) > (${v}, ${id}::uuid)`);
  }
  const order = desc ? sql`desc` : sql`asc`;
  const result = await sql<OrganizationRow & { sortValue: string | number | Date }>`
    select o.id, o.name, o.entity_type as "entityType", o.state, o.status, o.population,
      ${key} as "sortValue",
      (select max(m.term_end)::text from memberships m where m.organization_id = o.id and m.status in ('pending', 'active', 'lapsed')) as "termEnd",
      (select u.name from advisor_assignments a join users u on u.id = a.advisor_user_id
        where a.organization_id = o.id and a.ended_at is null limit 1) as "advisorName",
      coalesce((select sum(${OPEN_BALANCE}) from invoices i where ${OPEN_INVOICE}), 0)::int as "balanceCents"
    from organizations o
    ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
    order by ${key} ${order}, o.id ${order}
    limit ${pageSize + 1}`.execute(db);
  const rows = result.rows.slice(0, pageSize);
  const last = rows.at(-1);
  const nextCursor =
    result.rows.length > pageSize && last
      ? encodeCursor(last.sortValue instanceof Date ? last.sortValue.toISOString() : typeof last.sortValue === 'number' ? last.sortValue : String(last.sortValue), last.id)
      : null;
  return { rows: rows.map(({ sortValue: _, ...r }) => r), nextCursor };
}

/** How many organizations the filter lists (its paging and sort aside): the staff desk's counts,
 * which link to the same filter. */
export async function countOrganizations(db: Db, f: OrganizationFilters): Promise<number> {
  const where = conditions(f);
  const r = await sql<{ n: number }>`select count(*)::int as n from organizations o ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}`.execute(db);
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
