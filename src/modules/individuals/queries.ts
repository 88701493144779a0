// Reads of individual memberships for the member's own page and finance staff. The salary is
// selected only here, for those two audiences; the directory and every other reader use
// memberStatus-style reads without it.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, InvoiceStatus } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { foldedContains, likeEscape } from '../../lib/search-text.js';

type Executor = Kysely<DB> | Transaction<DB>;

export interface MembershipView {
  id: string;
  userId: string;
  name: string;
  email: string;
  level: string;
  levelSlug: string;
  instalmentsAllowed: boolean;
  status: 'pending' | 'active' | 'lapsed' | 'ended';
  termStart: string | null;
  termEnd: string | null;
  salaryCents: number | null;
  employerPopulation: number | null;
  employerGeneralFundCents: number | null;
  quotedCents: number;
  /** the level's dues rule, and whether it has a small-community discount (which asks for the
   * employer's population and general fund) */
  levelRule: 'flat' | 'salary_share' | 'free';
  levelDiscount: boolean;
  createdAt: Date;
  verification: 'not_needed' | 'awaiting' | 'confirmed' | 'declined';
  verificationNote: string | null;
  /** how the level checks eligibility, and what proof it asks for */
  levelCheck: 'none' | 'staff_verification' | 'proof_upload';
  proofInstructions: string;
  /** why the renewal run could not price its next term, flagged once (0038); null when it can */
  renewalBlockedReason: string | null;
}

const base = (db: Executor) =>
  db
    .selectFrom('individual_memberships as m')
    .innerJoin('member_levels as l', 'l.id', 'm.level_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.id',
      'm.user_id as userId',
      'u.name',
      'u.email',
      'l.name as level',
      'l.slug as levelSlug',
      'l.instalments_allowed as instalmentsAllowed',
      'l.rule as levelRule',
      sql<boolean>`l.discount_percent is not null`.as('levelDiscount'),
      'm.status',
      'm.term_start as termStart',
      'm.term_end as termEnd',
      'm.salary_cents as salaryCents',
      'm.employer_population as employerPopulation',
      'm.employer_general_fund_cents as employerGeneralFundCents',
      'm.quoted_cents as quotedCents',
      'm.created_at as createdAt',
      'm.verification',
      'm.verification_note as verificationNote',
      'l.verification as levelCheck',
      'l.proof_instructions as proofInstructions',
      'm.renewal_blocked_reason as renewalBlockedReason',
    ]);

/** The person's current membership (open first, else the latest ended one). */
export async function membershipOfUser(db: Executor, userId: string): Promise<MembershipView | null> {
  const row = await base(db)
    .where('m.user_id', '=', userId)
    .orderBy((eb) => eb.case().when('m.status', 'in', ['pending', 'active', 'lapsed']).then(0).else(1).end())
    .orderBy('m.created_at', 'desc')
    // memberships made at one moment of the clock (an import, a standing test clock): the latest
    // term (one not started yet first), then the id, never whichever row came first
    .orderBy('m.term_end', (o) => o.desc().nullsFirst())
    .orderBy('m.id', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

export async function membershipById(db: Executor, id: string): Promise<MembershipView | null> {
  return (await base(db).where('m.id', '=', id).executeTakeFirst()) ?? null;
}

export interface InvoiceRow {
  id: string;
  number: string | null;
  purpose: string;
  status: InvoiceStatus;
  issuedOn: string | null;
  dueOn: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  totalCents: number;
  paidCents: number;
  creditedCents: number;
  publicToken: string;
}

export async function invoicesOfMembership(db: Executor, membershipId: string): Promise<InvoiceRow[]> {
  return db
    .selectFrom('invoices')
    .select([
      'id',
      'number',
      'purpose',
      'status',
      'issued_on as issuedOn',
      'due_on as dueOn',
      'period_start as periodStart',
      'period_end as periodEnd',
      'total_cents as totalCents',
      'paid_cents as paidCents',
      'credited_cents as creditedCents',
      'public_token as publicToken',
    ])
    .where('individual_membership_id', '=', membershipId)
    .where('status', '<>', 'draft')
    .orderBy('issued_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function instalmentsOf(db: Executor, invoiceIds: string[]) {
  if (invoiceIds.length === 0) return new Map<string, Array<{ position: number; dueOn: string; amountCents: number }>>();
  const rows = await db
    .selectFrom('invoice_instalments')
    .select(['invoice_id', 'position', 'due_on', 'amount_cents'])
    .where('invoice_id', 'in', invoiceIds)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
  const map = new Map<string, Array<{ position: number; dueOn: string; amountCents: number }>>();
  for (const r of rows) map.set(r.invoice_id, [...(map.get(r.invoice_id) ?? []), { position: r.position, dueOn: r.due_on, amountCents: r.amount_cents }]);
  return map;
}

/** Finance staff's list: people with an individual membership, searched by name or email. */
export async function searchMemberships(db: Executor, opts: { q?: string; status?: string; page: number; pageSize: number }) {
  let q = base(db);
  if (opts.q) {
    const text = opts.q;
    q = q.where((eb) => eb.or([foldedContains('u.name', text), eb('u.email', 'ilike', `%${likeEscape(text)}%`)]));
  }
  if (opts.status) q = q.where('m.status', '=', opts.status as MembershipView['status']);
  const rows = await q
    .orderBy('u.name')
    .orderBy('m.created_at', 'desc')
    // the id last: people of one name who joined at one moment otherwise tie, and pages repeat or skip them
    .orderBy('m.id')
    .limit(opts.pageSize + 1)
    .offset((opts.page - 1) * opts.pageSize)
    .execute();
  return { rows: rows.slice(0, opts.pageSize), hasNext: rows.length > opts.pageSize };
}

/** individual memberships by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const individualMembershipNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('individual_memberships')
    .innerJoin('users', 'users.id', 'individual_memberships.user_id')
    .select(['individual_memberships.id as id', 'users.name as name'])
    .where('individual_memberships.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `Individual membership of ${r.name}`, href: `/staff/individuals/${r.id}` }]));
};

/** member levels by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const memberLevelNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('member_levels').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Membership level', r.name), href: `/staff/levels/${r.id}` }]));
};
