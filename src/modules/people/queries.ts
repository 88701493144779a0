// Reads of the People list: search, filters, keyset pages by (name, id), the CSV's batches, and
// the record's reads of shared tables. It reads only what their owners list as shared and
// read-only: users and user_roles (accounts), organization_contacts and organizations
// (organizations), individual_memberships (individuals: user_id, status, level_id, and the level's
// name) and invoices (billing). Everything else comes through the owners' index.ts.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { GlobalRole, InvoiceStatus, OrgRole } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { foldedContains, foldedSimilar, likeEscape } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';
import { PAGE_SIZE, type PeopleFilters } from './schemas.js';

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  verified: boolean;
  deactivated: boolean;
  roles: GlobalRole[];
  organizations: number;
  /** of those organizations, how many the person administers */
  administers: number;
  membershipStatus: 'pending' | 'active' | 'lapsed' | 'ended' | null;
  /** that membership's id: its staff page is /staff/individuals/:id */
  membershipId: string | null;
  levelName: string | null;
}

export const encodeCursor = (name: string, id: string) => Buffer.from(JSON.stringify([name, id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && isUuid(v[1])) return [v[0], v[1]];
  } catch {}
  throw new AppError('validation_failed', { message: 'This page link is not valid.', fields: { cursor: 'This page link is not valid; start again from the first page.' } });
}

// The newest individual membership of the person (open ones first; of one created_at, the latest
// term, then the id, as membershipOfUser picks it).
const LATEST_MEMBERSHIP = sql`(select m.id, m.status, m.level_id from individual_memberships m where m.user_id = u.id
  order by (m.status in ('pending', 'active', 'lapsed')) desc, m.created_at desc, m.term_end desc nulls first, m.id desc limit 1)`;

function conditions(f: PeopleFilters): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (f.q) {
    // Any part of the name or a word of it with a typo, accents and case aside (users_name_trgm,
    // on the folded name, serves both), or the beginning of the address (users_email_prefix).
    const q = f.q;
    out.push(sql`(${foldedContains('u.name', q)} or ${foldedSimilar('u.name', q)} or lower(u.email::text) like ${`${likeEscape(q.toLowerCase())}%`})`);
  }
  if (f.role) out.push(sql`exists (select 1 from user_roles r where r.user_id = u.id and r.role = ${f.role})`);
  if (f.organization) out.push(sql`exists (select 1 from organization_contacts c where c.user_id = u.id and c.organization_id = ${f.organization}::uuid)`);
  if (f.level)
    out.push(sql`exists (select 1 from individual_memberships m where m.user_id = u.id and m.level_id = ${f.level}::uuid and m.status in ('pending', 'active', 'lapsed'))`);
  if (f.membership === 'none') out.push(sql`not exists (select 1 from individual_memberships m where m.user_id = u.id)`);
  else if (f.membership) out.push(sql`exists (select 1 from individual_memberships m where m.user_id = u.id and m.status = ${f.membership})`);
  if (f.verified) out.push(f.verified === 'yes' ? sql`u.email_verified_at is not null` : sql`u.email_verified_at is null`);
  return out;
}

type Raw = Omit<PersonRow, 'roles'> & { roles: string[] | null };

/** One page of the list, by name then id, after the cursor; and the next page's cursor. */
export async function listPeople(db: Db, f: PeopleFilters, pageSize = f.limit ?? PAGE_SIZE): Promise<{ rows: PersonRow[]; nextCursor: string | null }> {
  const where = conditions(f);
  if (f.cursor) {
    const [name, id] = decodeCursor(f.cursor);
    where.push(sql`(u.name, u.id) > (${name}, ${id}::uuid)`);
  }
  const result = await sql<Raw>`
    select u.id, u.name, u.email::text as email, u.email_verified_at is not null as verified, u.disabled_at is not null as deactivated,
      (select array_agg(r.role::text order by r.role) from user_roles r where r.user_id = u.id) as roles,
      (select count(*) from organization_contacts c where c.user_id = u.id)::int as organizations,
      (select count(*) from organization_contacts c where c.user_id = u.id and c.role = 'admin')::int as administers,
      lm.status as "membershipStatus",
      lm.id as "membershipId",
      (select l.name from member_levels l where l.id = lm.level_id) as "levelName"
    from users u
    left join lateral ${LATEST_MEMBERSHIP} lm on true
    ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
    order by u.name, u.id
    limit ${pageSize + 1}`.execute(db);
  const rows = result.rows.slice(0, pageSize).map((r) => ({ ...r, roles: (r.roles ?? []) as GlobalRole[] }));
  const last = rows.at(-1);
  return { rows, nextCursor: result.rows.length > pageSize && last ? encodeCursor(last.name, last.id) : null };
}

/** Every row of the filter, in keyset batches: what the CSV streams. */
export async function* eachPerson(db: Db, f: PeopleFilters, batchSize = 500): AsyncGenerator<PersonRow[]> {
  let cursor: string | undefined;
  do {
    const page = await listPeople(db, { ...f, cursor }, batchSize);
    if (page.rows.length) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export interface PersonAccount {
  id: string;
  name: string;
  email: string;
  createdAt: Date;
  verified: boolean;
  deactivatedAt: Date | null;
  twoFactor: boolean;
  roles: GlobalRole[];
}

/** The account's shared columns and roles (never its hash, secret or tokens). */
export async function personAccount(db: Db, id: string): Promise<PersonAccount | null> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'created_at', 'email_verified_at', 'disabled_at', 'totp_enabled_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!u) return null;
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', id).orderBy('role').execute();
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    createdAt: u.created_at,
    verified: u.email_verified_at !== null,
    deactivatedAt: u.disabled_at,
    twoFactor: u.totp_enabled_at !== null,
    roles: roles.map((r) => r.role),
  };
}

/** An account by its exact address (the merge form's "other account"). */
export async function personByEmail(db: Db, email: string): Promise<string | null> {
  const u = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return u?.id ?? null;
}

export interface Seat {
  organizationId: string;
  name: string;
  role: OrgRole;
  title: string;
}

export function seatsOf(db: Db, userId: string): Promise<Seat[]> {
  return db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.organization_id as organizationId', 'o.name', 'c.role', 'c.title'])
    .where('c.user_id', '=', userId)
    .orderBy('o.name')
    .execute();
}

export interface PersonInvoice {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  totalCents: number;
  creditedCents: number;
  balanceCents: number;
  issuedOn: string | null;
  dueOn: string | null;
}

/** A person's own invoices (individual memberships), newest first. */
export async function invoicesOf(db: Db, userId: string): Promise<PersonInvoice[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'status', 'total_cents', 'paid_cents', 'credited_cents', 'issued_on', 'due_on'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    totalCents: r.total_cents,
    creditedCents: r.credited_cents,
    balanceCents: r.status === 'issued' || r.status === 'partially_paid' ? r.total_cents - r.paid_cents - r.credited_cents : 0,
    issuedOn: r.issued_on,
    dueOn: r.due_on,
  }));
}

/** Organizations for the filter's choice, when one is chosen: its name. */
export async function organizationName(db: Db, id: string): Promise<string | null> {
  const o = await db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
  return o?.name ?? null;
}
